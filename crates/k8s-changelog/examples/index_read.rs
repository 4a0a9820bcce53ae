//! How long reading the explorer's `index.json` takes natively: the lean reader the explorer's
//! first module runs (`Index::from_json_lean`), then `Index::into_history`, minimum of N passes.
//!
//! `cargo run --release -p k8s-changelog --example index_read -- web/dist/data/index.json [PASSES]`

use k8s_changelog::index::Index;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "web/dist/data/index.json".into());
    let passes: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let json = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (mut read, mut history) = (Duration::MAX, Duration::MAX);
    for _ in 0..passes {
        let start = Instant::now();
        let index = Index::from_json_lean(&json).expect("an index of this format");
        let between = Instant::now();
        let built = index.into_history().expect("a consistent index");
        let end = Instant::now();
        drop(built);
        read = read.min(between - start);
        history = history.min(end - between);
    }
    println!(
        "{path}: {} bytes; from_json_lean {:.2} ms, into_history {:.2} ms (min of {passes})",
        json.len(),
        read.as_secs_f64() * 1e3,
        history.as_secs_f64() * 1e3
    );
}
