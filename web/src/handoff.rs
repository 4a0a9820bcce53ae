//! Two builds of one app, one page. `scripts/build-web` builds the app twice: the first module
//! (without the `views` feature: the header, the notes view and its search, two thirds of the
//! bytes) is the one a visit loads; the views module (every view) is loaded the first time
//! another view opens, and the page is handed to it:
//!
//! 1. the first module puts the new state in the URL (the state lives there) and calls the
//!    loader the start script defines, `globalThis.k8sViews()`, which imports the views
//!    module's wasm-bindgen glue and instantiates its wasm;
//! 2. the views module's `main` calls `globalThis.k8sHandoff()` (which the first module set):
//!    the first app is destroyed and its host element removed, with its window listeners;
//! 3. the views module renders into a host of its own, from the URL, and reads the index
//!    itself (the browser's cache has it).
//!
//! A visit that starts on another view (a permalink) loads the views module at once. `trunk
//! serve` and the native tests build with `views` (the default): one module, no hand-over.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The loader the start script defines.
#[cfg(not(feature = "views"))]
const LOADER: &str = "k8sViews";

/// What the first module leaves for the views module to call.
const HANDOFF: &str = "k8sHandoff";

/// The element the app renders into: a new `<div>` at the end of the body (each module has its
/// own, so that the one leaving takes its DOM and event listeners with it).
pub fn host() -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let host = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("the host in the body");
    host
}

/// In the views module, before it renders: the first module's app leaves, if there is one.
pub fn arrive() {
    let global = js_sys::global();
    let key = JsValue::from_str(HANDOFF);
    if let Ok(leave) = js_sys::Reflect::get(&global, &key) {
        if let Some(leave) = leave.dyn_ref::<js_sys::Function>() {
            let _ = leave.call0(&JsValue::NULL);
        }
        let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
    }
}

/// In the first module: `leave` (destroying the app and removing `host`) is what the views
/// module calls when it arrives.
#[cfg(not(feature = "views"))]
pub fn offer(leave: impl FnOnce() + 'static) {
    let leave = Closure::once_into_js(leave);
    let _ = js_sys::Reflect::set(&js_sys::global(), &JsValue::from_str(HANDOFF), &leave);
}

/// In the first module: loads the views module, once (it takes the page over when it runs).
/// If it cannot be loaded, the placeholder the notes-only app shows for other views
/// (`#loading-view`) says why.
#[cfg(not(feature = "views"))]
pub fn load_views() {
    use std::cell::Cell;
    thread_local! {
        static STARTED: Cell<bool> = const { Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        if let Err(e) = crate::load_module(LOADER).await {
            STARTED.with(|s| s.set(false));
            let shown = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("loading-view"));
            if let Some(element) = shown {
                element.set_text_content(Some(&format!(
                    "This view could not be loaded ({e}); reload the page to try again."
                )));
            }
        }
    });
}
