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

/// On the notes view of a fresh load: only `index.json` was fetched.
pub async fn first_load(client: &Client) {
    let fetched = data_files(client).await;
    assert_eq!(
        fetched,
        json!(["index.json"]),
        "the first load's data files"
    );
}

/// After a view that reads the details opened (and shows them): `details.json` was fetched
/// once, after the index, and the app recorded when it arrived.
pub async fn details_arrived(client: &Client) {
    let fetched = data_files(client).await;
    assert_eq!(fetched, json!(["index.json", "details.json"]), "{fetched}");
    let at = js(client, "return window.__k8s.details;").await;
    assert!(at.is_number(), "no details time: {at}");
}
