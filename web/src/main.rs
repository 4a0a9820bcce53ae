//! The explorer's entry point: loads the index, keeps the state in the URL, and hands the
//! state and data to the views (`views.rs`), which are thin.

mod handoff;
mod preload;
// Without `views` (the first module) the other views' helpers go unused.
#[cfg_attr(not(feature = "views"), allow(dead_code, unused_imports))]
mod views;

#[cfg(feature = "views")]
use k8s_changelog::index::DETAILS_FILE;
use k8s_changelog_web::data::Data;
use k8s_changelog_web::state::{Action, State, View};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The app's allocator in the browser: talc, not the standard library's dlmalloc (see
/// BENCHMARKS.md, "Tier-up on a first visit": the index read allocates about a hundred thousand
/// strings and lists, on V8's baseline code).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The state as Yew's reducer wants it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState(pub State);

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.0.reduce(action);
        if next == self.0 {
            self
        } else {
            Rc::new(AppState(next))
        }
    }
}

/// The loaded data, compared by identity.
#[derive(Clone)]
pub struct DataRef(pub Rc<Data>);

impl PartialEq for DataRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Failed(String),
    Ready(DataRef),
}

thread_local! {
    /// When the last search keystroke arrived (performance.now()), until its render is done.
    pub static INPUT_AT: Cell<f64> = const { Cell::new(0.0) };
}

/// `performance.now()`, in milliseconds (0 without a window).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// `window.__k8s`, the numbers the browser tests read.
fn metrics() -> js_sys::Object {
    let window = web_sys::window().expect("a window");
    let key = JsValue::from_str("__k8s");
    match js_sys::Reflect::get(&window, &key) {
        Ok(v) if v.is_object() => v.unchecked_into(),
        _ => {
            let o = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&o, &"searches".into(), &js_sys::Array::new());
            let _ = js_sys::Reflect::set(&window, &key, &o);
            o
        }
    }
}

/// Sets `window.__k8s[name]` for the browser tests.
pub fn record(name: &str, value: f64) {
    let _ = js_sys::Reflect::set(&metrics(), &name.into(), &value.into());
}

/// Appends a search's keystroke-to-render time to `window.__k8s.searches`.
pub fn record_search(ms: f64) {
    if let Ok(list) = js_sys::Reflect::get(&metrics(), &"searches".into()) {
        list.unchecked_into::<js_sys::Array>().push(&ms.into());
    }
}

/// The body of `url` as bytes (the readers take bytes: no UTF-16 string to encode again);
/// errors (network, HTTP status) are messages for the user.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    if !response.ok() {
        return Err(format!(
            "cannot fetch {url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    response
        .binary()
        .await
        .map_err(|e| format!("cannot read {url}: {e}"))
}

/// How long typing must pause before the URL follows it.
const URL_DELAY_MS: i32 = 250;

/// Puts the state's query string in the URL, as a new history entry or in place of the
/// current one, unless the URL holds it already.
fn write_url(query: &str, new_entry: bool) {
    let wanted = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    if wanted == location_search() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = if wanted.is_empty() {
        window.location().pathname().unwrap_or_else(|_| "/".into())
    } else {
        wanted
    };
    if let Ok(history) = window.history() {
        let _ = if new_entry {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
    }
}

fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

#[function_component(App)]
fn app() -> Html {
    let state = use_reducer(|| AppState(State::from_query(&location_search())));
    let load = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);

    // Fetch the index (again on retry).
    {
        let load = load.clone();
        use_effect_with(*attempt, move |_| {
            load.set(Load::Loading);
            // The body of the fetch `main` started (`preload`); a retry fetches again.
            preload::take_index(move |body| {
                // When the index had arrived and when it was read, for the browser tests.
                let result = body.and_then(|bytes| {
                    record("fetched", now());
                    let data = Data::from_json(&bytes);
                    record("read", now());
                    data
                });
                match result {
                    Ok(data) => load.set(Load::Ready(DataRef(Rc::new(data)))),
                    Err(e) => load.set(Load::Failed(e)),
                }
            });
        });
    }

    // The details (timelines, guide, dependencies, prose) when a view that reads them opens:
    // fetched once, then the data is replaced by the data with them.
    let details_error = use_state(|| None::<String>);
    let details_attempt = use_state(|| 0u32);
    {
        let wanted = match &*load {
            Load::Ready(data) if details_wanted(&data.0, &state.0) => Some(data.clone()),
            _ => None,
        };
        let load = load.clone();
        let details_error = details_error.clone();
        let fetching = use_mut_ref(|| false);
        use_effect_with((wanted, *details_attempt), move |(wanted, _)| {
            if let Some(data) = wanted.clone() {
                if !*fetching.borrow() {
                    *fetching.borrow_mut() = true;
                    details_error.set(None);
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = with_details(&data.0).await;
                        *fetching.borrow_mut() = false;
                        match result {
                            Ok(full) => {
                                load.set(Load::Ready(DataRef(Rc::new(full))));
                                record("details", now());
                            }
                            Err(e) => details_error.set(Some(e)),
                        }
                    });
                }
            }
        });
    }

    // Back and forward restore the state from the URL.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a window");
            let on_pop = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                dispatcher.dispatch(Action::Restore(State::from_query(&location_search())));
            });
            let _ = window
                .add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
            // `/` focuses the search box (unless one is typing in a field already).
            let on_key =
                Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(|e: web_sys::KeyboardEvent| {
                    if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let document = web_sys::window().and_then(|w| w.document());
                    let active = document
                        .as_ref()
                        .and_then(|d| d.active_element())
                        .map(|a| a.tag_name().to_ascii_lowercase());
                    if matches!(active.as_deref(), Some("input" | "textarea" | "select")) {
                        return;
                    }
                    if let Some(search) = document.and_then(|d| d.get_element_by_id("search")) {
                        e.prevent_default();
                        let _ = search.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                });
            let _ =
                window.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
            // Removed when the app is destroyed (the first module's, at the hand-over).
            move || {
                let _ = window.remove_event_listener_with_callback(
                    "popstate",
                    on_pop.as_ref().unchecked_ref(),
                );
                let _ = window.remove_event_listener_with_callback(
                    "keydown",
                    on_key.as_ref().unchecked_ref(),
                );
            }
        });
    }

    // Every state change lands in the URL: a new history entry, or (typing) a replaced one,
    // once the typing pauses: Chrome's `replaceState` costs milliseconds a call, which every
    // keystroke would wait for.
    {
        let previous = use_mut_ref(|| state.0.clone());
        let pending = use_mut_ref(|| None::<i32>);
        use_effect_with(state.clone(), move |state| {
            let window = web_sys::window().expect("a window");
            if let Some(handle) = pending.borrow_mut().take() {
                window.clear_timeout_with_handle(handle);
            }
            let new_entry = previous.borrow().is_new_entry(&state.0);
            *previous.borrow_mut() = state.0.clone();
            let query = state.0.to_query();
            // The first module has the notes view alone: another view's state goes in the URL
            // now, and the views module takes the page over from there.
            if !cfg!(feature = "views") && state.0.view != View::Notes {
                write_url(&query, new_entry);
                #[cfg(not(feature = "views"))]
                handoff::load_views();
                return;
            }
            if new_entry {
                write_url(&query, true);
            } else {
                let done = pending.clone();
                let later = Closure::once_into_js(move || {
                    done.borrow_mut().take();
                    write_url(&query, false);
                });
                *pending.borrow_mut() = window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        later.unchecked_ref(),
                        URL_DELAY_MS,
                    )
                    .ok();
            }
        });
    }

    // Interactive: record when the first full render with data is done. Then, once the
    // browser has painted, the core's lower-cased copy of every note for text search is made
    // (a first search would make it): the first keystroke does not wait for it.
    {
        let data = match &*load {
            Load::Ready(data) => Some(data.clone()),
            _ => None,
        };
        let ready = data.is_some();
        use_effect_with(ready, move |ready| {
            if *ready {
                record("ready", now());
                let warm = Closure::once_into_js(move || {
                    if let Some(data) = data {
                        let _ = k8s_changelog::Query::new().text(" ").run(&data.0.history);
                    }
                });
                if let Some(window) = web_sys::window() {
                    let _ = window.set_timeout_with_callback(warm.unchecked_ref());
                }
            }
        });
    }

    // One callback for the app's life: views and cards compare it by identity, so a new one
    // each render would render every card again.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        }))
        .clone()
    };
    let body = match &*load {
        Load::Loading => html! {
            <p class="status" role="status" id="loading">{ "Loading the release history…" }</p>
        },
        Load::Failed(message) => load_error(
            "load-error",
            "The release history could not be loaded",
            message,
            html! { <p>{ "Build it with " }<code>{ "k8s-changelog index --out web/dist/data" }</code></p> },
            "retry",
            &attempt,
        ),
        Load::Ready(data) if details_wanted(&data.0, &state.0) => match &*details_error {
            None => html! {
                <p class="status" role="status" id="loading-details">
                    { "Loading the timelines, dependencies and release prose…" }
                </p>
            },
            Some(message) => load_error(
                "details-error",
                "This view's data could not be loaded",
                message,
                Html::default(),
                "details-retry",
                &details_attempt,
            ),
        },
        Load::Ready(data) => html! {
            <views::Main data={data.clone()} state={state.0.clone()} dispatch={dispatch.clone()} />
        },
    };
    html! {
        <>
            <views::Header state={state.0.clone()} dispatch={dispatch} />
            <main id="main">{ body }</main>
        </>
    }
}

/// Whether the state's view waits for the details (`details.json`) that `data` lacks. Never in
/// the first module: its one view reads none.
fn details_wanted(data: &Data, state: &State) -> bool {
    cfg!(feature = "views") && data.details_apart && state.view.needs_details()
}

/// `data` with the details added (`details.json`, fetched).
#[cfg(feature = "views")]
async fn with_details(data: &Data) -> Result<Data, String> {
    let text = fetch_bytes(&format!("data/{DETAILS_FILE}")).await?;
    data.with_details(&text)
}

#[cfg(not(feature = "views"))]
async fn with_details(_: &Data) -> Result<Data, String> {
    Err("the notes view reads no details".into())
}

/// A fetch that failed: the message, `hint` and a Retry button (`retry_id`) that counts one
/// more `attempt`, which the fetch's effect follows.
fn load_error(
    id: &'static str,
    title: &'static str,
    message: &str,
    hint: Html,
    retry_id: &'static str,
    attempt: &UseStateHandle<u32>,
) -> Html {
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    html! {
        <div class="error" role="alert" {id}>
            <h2>{ title }</h2>
            <p>{ message.to_string() }</p>
            { hint }
            <button id={retry_id} onclick={retry}>{ "Retry" }</button>
        </div>
    }
}

fn main() {
    // When the wasm started, for the browser tests' breakdown of a load.
    record("start", now());
    // The first module, on a permalink to another view: the views module, at once.
    #[cfg(not(feature = "views"))]
    if State::from_query(&location_search()).view != View::Notes {
        handoff::load_views();
        return;
    }
    preload::start_index_fetch();
    handoff::arrive();
    let host = handoff::host();
    let app = yew::Renderer::<App>::with_root(host.clone()).render();
    #[cfg(not(feature = "views"))]
    handoff::offer(move || {
        app.destroy();
        host.remove();
    });
    #[cfg(feature = "views")]
    let _ = app;
}

/// Calls the loader `name` that the start script defines (`globalThis[name]()`: it imports a
/// module's wasm-bindgen glue and instantiates its wasm) and waits for the module.
#[cfg_attr(all(feature = "manifest-reader", feature = "views"), allow(dead_code))]
pub async fn load_module(name: &str) -> Result<JsValue, String> {
    let loader = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .map_err(js_message)?
        .dyn_into::<js_sys::Function>()
        .map_err(|_| format!("this page defines no {name} (scripts/build-web writes it)"))?;
    let promise = loader
        .call0(&JsValue::NULL)
        .map_err(js_message)?
        .dyn_into::<js_sys::Promise>()
        .map_err(js_message)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(js_message)
}

/// A JavaScript error's message (a rejected import, a failed call), for the user.
pub fn js_message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
