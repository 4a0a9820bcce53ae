//! How the Check view reads manifests. With the `manifest-reader` feature (the default: `trunk
//! serve`, the native tests) `k8s-changelog-manifests` is linked into the app. Without it (the
//! build `scripts/build-web` makes) the reader is the wasm module `web/manifests`, which the
//! page's start script offers as `globalThis.k8sManifestReader()`: a function that imports the
//! module's wasm-bindgen glue (a file of the site: `script-src 'self'` allows it, no eval),
//! instantiates its wasm and resolves to the module. It is loaded once, when the Check view
//! first opens with something to read, and called with strings.

use k8s_changelog_manifests::Manifests;
use yew::Callback;

/// Where the reader stands (a linked reader is always ready).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "manifest-reader", allow(dead_code))]
pub(super) enum Status {
    /// It can read.
    Ready,
    /// Its module is being fetched and instantiated.
    Loading,
    /// Its module could not be loaded: why, in words for the user.
    Failed(String),
}

#[cfg(feature = "manifest-reader")]
mod linked {
    use super::*;

    pub(in super::super) fn status() -> Status {
        Status::Ready
    }

    pub(in super::super) fn load(_done: Callback<()>) {}

    pub(in super::super) fn read(manifests: &mut Manifests, name: &str, text: &str) {
        manifests.read_text(name, text);
    }
}

#[cfg(not(feature = "manifest-reader"))]
mod module {
    use super::*;
    use k8s_changelog::ManifestObject;
    use k8s_changelog_manifests::ManifestError;
    use std::cell::RefCell;
    use wasm_bindgen::{JsCast, JsValue};

    /// The name of the loader the start script defines.
    const LOADER: &str = "k8sManifestReader";

    enum State {
        NotStarted,
        Loading,
        Ready(js_sys::Function),
        Failed(String),
    }

    thread_local! {
        static STATE: RefCell<State> = const { RefCell::new(State::NotStarted) };
    }

    pub(in super::super) fn status() -> Status {
        STATE.with(|s| match &*s.borrow() {
            State::NotStarted | State::Loading => Status::Loading,
            State::Ready(_) => Status::Ready,
            State::Failed(e) => Status::Failed(e.clone()),
        })
    }

    /// Starts loading the module unless it is loaded or loading; `done` is called when it
    /// is ready or has failed.
    pub(in super::super) fn load(done: Callback<()>) {
        let start = STATE.with(|s| {
            let mut s = s.borrow_mut();
            let start = matches!(*s, State::NotStarted);
            if start {
                *s = State::Loading;
            }
            start
        });
        if !start {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let next = match import().await {
                Ok(read) => State::Ready(read),
                Err(e) => State::Failed(format!("The manifest reader could not be loaded: {e}")),
            };
            STATE.with(|s| *s.borrow_mut() = next);
            done.emit(());
        });
    }

    use crate::js_message as message;

    /// The module's `read` function.
    async fn import() -> Result<js_sys::Function, String> {
        let module = crate::load_module(LOADER).await?;
        js_sys::Reflect::get(&module, &JsValue::from_str("read"))
            .map_err(message)?
            .dyn_into::<js_sys::Function>()
            .map_err(message)
    }

    /// Reads one input with the module (call it once [`status`] is `Ready`).
    pub(in super::super) fn read(manifests: &mut Manifests, name: &str, text: &str) {
        let read = STATE.with(|s| match &*s.borrow() {
            State::Ready(read) => Some(read.clone()),
            _ => None,
        });
        let result = read
            .ok_or_else(|| "the manifest reader is not loaded".to_string())
            .and_then(|read| {
                read.call2(
                    &JsValue::NULL,
                    &JsValue::from_str(name),
                    &JsValue::from_str(text),
                )
                .map_err(message)
            })
            .and_then(|json| {
                let json = json.as_string().unwrap_or_default();
                serde_json::from_str::<(Vec<ManifestObject>, Vec<ManifestError>)>(&json)
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok((objects, errors)) => {
                manifests.objects.extend(objects);
                manifests.errors.extend(errors);
                manifests.files += 1;
            }
            Err(e) => manifests.error(name, None, format!("not read: {e}")),
        }
    }
}

#[cfg(feature = "manifest-reader")]
pub(super) use linked::{load, read, status};
#[cfg(not(feature = "manifest-reader"))]
pub(super) use module::{load, read, status};
