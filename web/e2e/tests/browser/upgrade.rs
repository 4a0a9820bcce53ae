//! The checks of what an upgrader reads first: the compare view's order, the release page's
//! order, the deprecation plans, the charts' axes and legend, and phone-width tables.

use super::{js, screenshot, wait_js};
use fantoccini::Client;
use serde_json::json;

/// `"ok"`, or what sticks out at the current width: the page scrolling sideways, a table
/// outside a scroll container, or a cell whose right edge is beyond its container's visible
/// area while that container does not scroll.
const FITS: &str = r#"
if (document.documentElement.scrollWidth > window.innerWidth + 1)
  return 'the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth;
for (const t of document.querySelectorAll('table'))
  if (!t.closest('.table-scroll')) return 'a table outside a scroll container: ' + t.className;
for (const cell of document.querySelectorAll('td, th')) {
  const r = cell.getBoundingClientRect();
  if (r.width === 0) continue;
  const box = cell.closest('.table-scroll');
  const b = box.getBoundingClientRect();
  const scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible';
  if (r.right > b.right + 1 && !scrolls) return 'a cell beyond its container: ' + cell.textContent.slice(0, 80);
}
return 'ok';
"#;

/// The compare view of v1.21.0 → v1.23.0 is open: the first group is the urgent one and the
/// net dependency change is the last thing, closed.
pub async fn compare_order(client: &Client) {
    let first = js(
        client,
        "return document.querySelector('#compare details.group > summary').innerText;",
    )
    .await;
    assert!(
        first.as_str().unwrap().starts_with("Urgent"),
        "first group: {first}"
    );
    let last = js(
        client,
        "const c = document.getElementById('compare'); const l = c.lastElementChild; \
         return [l.id, l.tagName, l.open, l.querySelector('summary').innerText];",
    )
    .await;
    assert_eq!(last[0], json!("net-deps"), "{last}");
    assert_eq!(last[1], json!("DETAILS"), "{last}");
    assert_eq!(
        last[2],
        json!(false),
        "the dependency change starts closed: {last}"
    );
    assert!(last[3].as_str().unwrap().contains("modules"), "{last}");
    // Advisories come before the features, bug fixes and other changes.
    let order = js(
        client,
        "return [...document.querySelectorAll('#compare details.group > summary')].map(s => s.innerText.split(' (')[0]);",
    )
    .await;
    let order: Vec<&str> = order
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let at = |name: &str| order.iter().position(|t| t.starts_with(name));
    if let (Some(a), Some(b)) = (at("Security advisories"), at("Bug fixes")) {
        assert!(a < b, "advisories before bug fixes: {order:?}");
    }
    assert!(
        order
            .last()
            .is_some_and(|t| t.starts_with("Net dependency change")),
        "{order:?}"
    );
    println!("compare order: {order:?}");
}

/// On a release with an advisory and downloads (v1.22.2, CVE-2021-25741), the advisories and
/// the action-required notes come before the downloads.
pub async fn release_order(client: &Client) {
    let text = js(
        client,
        "return document.getElementById('release-advisories').nextElementSibling.innerText;",
    )
    .await;
    assert!(text.as_str().unwrap().contains("CVE-2021-25741"), "{text}");
    let before = js(
        client,
        "const d = document.getElementById('release-downloads'); \
         return ['release-advisories', 'release-urgent'].filter(id => document.getElementById(id)) \
           .map(id => !!(document.getElementById(id).compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING));",
    )
    .await;
    let before = before.as_array().unwrap();
    assert!(
        !before.is_empty() && before.iter().all(|b| *b == json!(true)),
        "{before:?}"
    );
}

/// The deprecations view marks plans that passed unrecorded and shows each statement's
/// release and PR.
pub async fn deprecations(client: &Client) {
    let item = wait_js(client, "document.querySelector('#deprecations tr.overdue')").await;
    assert!(!item.is_null());
    let text = js(
        client,
        "return document.querySelector('#deprecations tr.overdue').innerText;",
    )
    .await;
    let text = text.as_str().unwrap();
    assert!(text.contains("not recorded since"), "{text}");
    let badge = js(
        client,
        "return document.querySelector('#deprecations tr.overdue .badge.overdue').innerText;",
    )
    .await;
    assert_eq!(badge, json!("not recorded since"));
    let evidence = js(
        client,
        "return !!document.querySelector('#deprecations .event a.pr[href*=\"/pull/\"]') && \
         !!document.querySelector('#deprecations .event button.link');",
    )
    .await;
    assert_eq!(
        evidence,
        json!(true),
        "statements link their release and PR"
    );
    js(
        client,
        "document.querySelector('#deprecations tr.overdue').scrollIntoView({block: 'center'}); return true;",
    )
    .await;
    screenshot(client, "deprecations-overdue").await;
    // A flag removed from one of kubeadm's commands only: where, in the removed column.
    let scoped = js(
        client,
        "for (const r of document.querySelectorAll('#deprecations tr.item')) \
           if (r.querySelector('code').textContent === '--cri-socket') return r.cells[3].innerText; \
         return null;",
    )
    .await;
    assert_eq!(scoped, json!("from kubeadm upgrade apply: 1.17"));
}

/// Both charts have axis titles and tick labels; the kinds legend tells notes without a kind
/// apart from `uncategorized`.
pub async fn charts(client: &Client) {
    let found = js(
        client,
        "return [document.getElementById('kinds-x-title').textContent, document.getElementById('kinds-y-title').textContent, \
           document.querySelectorAll('#chart-kinds .tick text').length, document.querySelectorAll('#chart-kinds .xlabel').length, \
           document.getElementById('legend-nokind').innerText, document.getElementById('legend-kinds').innerText, \
           !!document.querySelector('#chart-kinds rect[fill=\"url(#nokind)\"]'), \
           document.getElementById('dep-x-title').textContent, document.getElementById('dep-y-title').textContent];",
    )
    .await;
    println!("charts: {found}");
    assert!(
        found[0].as_str().unwrap().starts_with("Minor release"),
        "{found}"
    );
    assert_eq!(found[1], json!("Notes"));
    assert!(found[2].as_u64().unwrap() >= 3, "y tick labels: {found}");
    assert!(found[3].as_u64().unwrap() >= 10, "x labels: {found}");
    assert_eq!(
        found[4],
        json!("no kind (before v1.18 the changelogs give none)")
    );
    assert!(
        found[5].as_str().unwrap().contains("uncategorized"),
        "{found}"
    );
    assert_eq!(found[6], json!(true), "bars of notes without a kind");
    assert!(found[7].as_str().unwrap().starts_with("Release"), "{found}");
    assert_eq!(found[8], json!("etcd version"));
    // A patch release that states no etcd version carries its x.y.0's, and says so (the core's
    // `VersionAt::stated_in`), as `deps` does.
    let carried = js(
        client,
        "return [...document.querySelectorAll('#chart-dep circle.carried title')].map(t => t.textContent);",
    )
    .await;
    let carried = carried.as_array().unwrap();
    assert!(!carried.is_empty(), "no carried etcd version");
    assert!(
        carried
            .iter()
            .all(|t| t.as_str().unwrap().contains(" (stated in v1.")),
        "{carried:?}"
    );
    let summary = js(
        client,
        "return document.getElementById('dep-summary').textContent;",
    )
    .await;
    assert!(
        summary.as_str().unwrap().contains(&format!(
            "{} of the releases do not state it",
            carried.len()
        )),
        "{summary}"
    );
    js(
        client,
        "document.getElementById('chart-dep').scrollIntoView({block: 'center'}); return true;",
    )
    .await;
    screenshot(client, "charts-dep").await;
}

/// Asserts the current page fits the window's width (see [`FITS`]).
pub async fn fits(client: &Client, what: &str) {
    let verdict = js(client, FITS).await;
    assert_eq!(verdict, json!("ok"), "{what} at phone width");
}

/// At phone width (set by the caller): the compare view with its dependency table open, a
/// release page with downloads and the deprecations view fit.
pub async fn phone(client: &Client, base: &str, compare_url: &str) {
    // (page, what shows it is ready, what to open first, what to scroll to, screenshot)
    let pages = [
        (
            compare_url.to_string(),
            "document.getElementById('net-deps')",
            "document.getElementById('net-deps').open = true;",
            "net-deps",
            "phone-compare",
        ),
        (
            format!("{base}?view=release&release=v1.22.2"),
            "document.querySelector('table.downloads')",
            "",
            "release-downloads",
            "phone-release",
        ),
        (
            format!("{base}?view=deprecations"),
            "document.querySelector('#deprecations tbody tr')",
            "",
            "deprecations",
            "phone-deprecations",
        ),
    ];
    for (url, ready, open, target, name) in pages {
        client.goto(&url).await.unwrap();
        wait_js(client, ready).await;
        js(client, &format!("{open} return true;")).await;
        fits(client, name).await;
        js(
            client,
            &format!("document.getElementById({target:?}).scrollIntoView(); return true;"),
        )
        .await;
        screenshot(client, name).await;
    }
}
