//! Query speed over the whole parsed corpus, each beside a baseline in the same run:
//!
//! * `compare_v1_2_0_to_v1_24`: the upgrade path across every minor of the corpus
//!   ([`k8s_changelog::compare`]), against `clone_all_notes`, a copy of every note (the floor for
//!   any answer that hands notes back by value);
//! * `search_all_notes`: a case-insensitive text search over every note with [`Query::run`],
//!   against `naive_lowercase_search`, which lower-cases each note and calls `str::contains`.
//!
//! The corpus comes from `$K8S_CHANGELOG_DIR`, else `<workspace>/../shared/corpus/kubernetes`.
//! Run with `cargo bench -p k8s-changelog --bench query`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use k8s_changelog::{compare, Query};
use std::time::Duration;
use support::history;

mod support;

fn bench(c: &mut Criterion) {
    let Some(h) = history() else { return };
    let newest = h
        .releases()
        .last()
        .map(|r| r.version.clone())
        .unwrap_or_default();
    let mut group = c.benchmark_group("query");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("compare_v1_2_0_to_newest", |b| {
        b.iter(|| compare(black_box(&h), "v1.2.0", &newest).map(|p| p.releases.len()))
    });
    group.bench_function("clone_all_notes", |b| {
        b.iter(|| {
            h.releases()
                .iter()
                .flat_map(|r| r.notes.iter().cloned())
                .collect::<Vec<_>>()
                .len()
        })
    });
    let query = Query::new().prereleases(true).text("Kubelet");
    group.bench_function("search_all_notes", |b| {
        b.iter(|| black_box(&query).run(&h).len())
    });
    group.bench_function("naive_lowercase_search", |b| {
        b.iter(|| {
            h.releases()
                .iter()
                .flat_map(|r| r.notes.iter())
                .filter(|n| n.text.to_lowercase().contains("kubelet"))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
