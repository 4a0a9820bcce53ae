//! First visits and reloads of two or more built sites, side by side in one run: a measurement
//! for comparing builds of the explorer (BENCHMARKS.md, "Tier-up on a first visit"), not a
//! check, so it is ignored unless asked for:
//!
//! ```sh
//! K8S_SITES=/tmp/before,web/dist K8S_VISITS=8 \
//!   cargo test -p k8s-changelog-e2e --test browser -- --ignored first_visits_side_by_side --nocapture
//! ```
//!
//! Each site is a built `web/dist` (with its `data/`). The sites take turns, one visit each per
//! round, so that a change in the machine's load falls on all of them alike. Each visit is a
//! browser with a fresh profile (no cached wasm code or index), as in the browser test: the
//! first visit's `ready` mark, then the same page again in that browser (a reload, its code
//! and data cached).

use super::{browser, percentile, server::serve, tool, wait_js};
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: set K8S_SITES (see the module's comment)"]
async fn first_visits_side_by_side() {
    let sites: Vec<PathBuf> = std::env::var("K8S_SITES")
        .expect("K8S_SITES: built sites, separated by commas")
        .split(',')
        .map(PathBuf::from)
        .collect();
    let visits: usize = std::env::var("K8S_VISITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let chrome = tool("CHROME", "/usr/bin/chromium").expect("chromium");
    let chromedriver = tool("CHROMEDRIVER", "/usr/bin/chromedriver").expect("chromedriver");
    let servers: Vec<_> = sites.iter().map(|s| serve(s.clone())).collect();
    let mut first = vec![Vec::new(); sites.len()];
    let mut reload = vec![Vec::new(); sites.len()];
    for round in 0..visits {
        for (i, server) in servers.iter().enumerate() {
            let base = format!("http://127.0.0.1:{}/", server.port);
            let (_driver, client) =
                browser(&chrome, &chromedriver, &format!("side-{round}-{i}")).await;
            client.goto(&base).await.unwrap();
            let ready = wait_js(&client, "window.__k8s && window.__k8s.ready").await;
            first[i].push(ready.as_f64().unwrap());
            client.goto(&base).await.unwrap();
            let ready = wait_js(&client, "window.__k8s && window.__k8s.ready").await;
            reload[i].push(ready.as_f64().unwrap());
            client.close().await.unwrap();
        }
    }
    for (i, site) in sites.iter().enumerate() {
        let rounded = |v: &[f64]| v.iter().map(|ms| ms.round()).collect::<Vec<_>>();
        let median = |v: &[f64]| {
            let mut sorted = v.to_vec();
            sorted.sort_by(f64::total_cmp);
            percentile(&sorted, 0.5)
        };
        println!(
            "{}: first visits median {:.1} ms {:?}; reloads median {:.1} ms {:?}",
            site.display(),
            median(&first[i]),
            rounded(&first[i]),
            median(&reload[i]),
            rounded(&reload[i]),
        );
    }
}
