//! The checks of what the explorer fetches when: the first load fetches the index alone, and
//! the details (timelines, guide, dependencies, prose) arrive when a view that reads them opens.

use super::js;
use fantoccini::Client;
use serde_json::{json, Value};

/// The data files the page has fetched so far, in order (names under `data/`).
async fn data_files(client: &Client) -> Value {
    js(
        client,
        "return performance.getEntriesByType('resource').map(e => e.name)\
         .filter(n => n.includes('/data/')).map(n => n.split('/data/')[1]);",
    )
    .await
}

/// The wasm modules the page has fetched so far, in order, by the name `scripts/build-web`
/// gives them before the hash (`k8s-changelog-web`: the first module; `views`; `manifests`).
async fn wasm_modules(client: &Client) -> Value {
    js(
        client,
        "return performance.getEntriesByType('resource').map(e => e.name)\
         .filter(n => n.endsWith('.wasm')).map(n => n.split('/').pop().replace(/-[0-9a-f]{16}_bg\\.wasm$/, ''));",
    )
    .await
}

/// On the notes view of a fresh load: only `index.json` was fetched, and only the first
/// module (the notes view), not the views module.
pub async fn first_load(client: &Client) {
    let fetched = data_files(client).await;
    assert_eq!(
        fetched,
        json!(["index.json"]),
        "the first load's data files"
    );
    let modules = wasm_modules(client).await;
    assert_eq!(
        modules,
        json!(["k8s-changelog-web"]),
        "the first load's wasm modules"
    );
}

/// After a view that reads the details opened from the notes view of a fresh load (and shows
/// them): the first module handed the page to the views module, which read the index again
/// (from the browser's cache) and then fetched `details.json`, once; the app recorded when it
/// arrived.
pub async fn details_arrived(client: &Client) {
    let modules = wasm_modules(client).await;
    assert_eq!(modules, json!(["k8s-changelog-web", "views"]), "{modules}");
    let fetched = data_files(client).await;
    assert_eq!(
        fetched,
        json!(["index.json", "index.json", "details.json"]),
        "{fetched}"
    );
    let at = js(client, "return window.__k8s.details;").await;
    assert!(at.is_number(), "no details time: {at}");
    // The first module's app left with its DOM: one header, one search-less compare page.
    let headers = js(client, "return document.querySelectorAll('header').length;").await;
    assert_eq!(headers, json!(1), "one app on the page");
}
