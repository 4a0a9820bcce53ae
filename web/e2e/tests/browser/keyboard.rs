//! What the keyboard user gets: the URL follows typing only after a pause, and a facet
//! button clicked for real keeps the focus when the facets are drawn again.

use super::{js, wait_js};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

/// Records every URL write (`[method, performance.now()]` of `history.pushState` and
/// `replaceState`) and every keystroke in the search box (`performance.now()`), in
/// `window.__urlWrites` and `window.__inputs`.
const URL_WRITES: &str = "window.__urlWrites = []; window.__inputs = [];
    for (const m of ['pushState', 'replaceState']) {
        const f = history[m].bind(history);
        history[m] = (...a) => { window.__urlWrites.push([m, performance.now()]); return f(...a); };
    }
    document.getElementById('search').addEventListener('input', () => window.__inputs.push(performance.now()));
    return true;";

/// Starts recording URL writes and keystrokes (before typing into the search box).
pub async fn record_url_writes(client: &Client) {
    js(client, URL_WRITES).await;
}

/// After typing `text` into an empty search box: the URL gets it, the first URL write at once
/// as a new history entry (Back returns to the list without a search). Then one more
/// keystroke (a space: the same notes) replaces the URL, 250 ms after the keystroke less
/// Chromium's timer leeway (it may run a DOM timer a few ms early to batch wake-ups: 245.6 ms
/// in one CI run), so at least 240 ms; a write that did not wait would come within a frame.
pub async fn url_after_pause(client: &Client, text: &str) {
    let url_is = |text: &str| {
        format!(
            "new URLSearchParams(location.search).get('q') === {}",
            json!(text)
        )
    };
    wait_js(client, &url_is(text)).await;
    let writes = "return window.__urlWrites.map(([m, w]) => [m, w - Math.max(...window.__inputs.filter(i => i <= w))]);";
    let method = |w: &Value| w[0].as_str().unwrap().to_string();
    let pause = |w: &Value| w[1].as_f64().unwrap();
    let first = js(client, writes).await;
    let first = first.as_array().unwrap();
    assert_eq!(method(&first[0]), "pushState", "{first:?}");
    client
        .find(Locator::Id("search"))
        .await
        .unwrap()
        .send_keys(" ")
        .await
        .unwrap();
    wait_js(client, &url_is(&format!("{text} "))).await;
    let all = js(client, writes).await;
    let all = all.as_array().unwrap();
    assert!(all.len() > first.len(), "{all:?}");
    for w in &all[1..] {
        assert_eq!(method(w), "replaceState", "{all:?}");
        assert!(
            pause(w) >= 240.0,
            "URL written {} ms after a keystroke",
            w[1]
        );
    }
}

/// On the notes view with the SIG facet `node` chosen by a script's click: the focus stayed
/// on the page (no focus ring appears); a real click focuses the button, and the facets' new
/// HTML gives the focus to the new `node` button, both ways.
pub async fn facet_focus(client: &Client) {
    let focus = "return document.activeElement === document.body ? 'body' \
        : document.activeElement.closest('#facet-sig') ? 'sig:' + document.activeElement.dataset.v \
        : document.activeElement.tagName;";
    assert_ne!(
        js(client, focus).await,
        json!("sig:node"),
        "a script's click"
    );
    for pressed in ["false", "true"] {
        client
            .find(Locator::Css("#facet-sig button[data-v=\"node\"]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            client,
            &format!(
                "document.querySelector('#facet-sig button[data-v=\"node\"][aria-pressed=\"{pressed}\"]')"
            ),
        )
        .await;
        assert_eq!(
            js(client, focus).await,
            json!("sig:node"),
            "focus after a click"
        );
    }
}
