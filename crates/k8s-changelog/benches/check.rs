//! `check` over 10,000 manifest objects (the core's part: matching and resolving against the
//! deprecation timeline and the guide; reading YAML is the CLI's), beside the timeline it
//! needs, built once per run of the command:
//!
//! * `check_10k_objects`: [`Checker::new`] and [`Checker::check`] of 10,000 generated objects
//!   (12 group/version and kind pairs, deprecated, removed and current) at v1.22;
//! * `deprecation_timeline`: [`timeline::deprecations`] over the corpus, the fixed cost of a
//!   `check` run before any object.
//!
//! The corpus comes from `$K8S_CHANGELOG_DIR`, else `<workspace>/../shared/corpus/kubernetes`;
//! the guide from `$K8S_API_GUIDE`, else `../shared/reference/deprecation-guide/`. Run with
//! `cargo bench -p k8s-changelog --bench check`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use k8s_changelog::check::{Checker, ManifestObject};
use k8s_changelog::guide::{parse_guide, ApiGuide};
use k8s_changelog::timeline;
use std::time::Duration;
use support::{history, shared};

mod support;

fn guide() -> Option<ApiGuide> {
    let path = shared(
        "K8S_API_GUIDE",
        "reference/deprecation-guide/deprecation-guide.md",
    );
    let text = std::fs::read_to_string(&path).ok()?;
    Some(parse_guide(&text, "deprecation-guide.md"))
}

const PAIRS: [(&str, &str); 12] = [
    ("extensions/v1beta1", "Deployment"),
    ("extensions/v1beta1", "Ingress"),
    ("networking.k8s.io/v1beta1", "Ingress"),
    ("apps/v1beta2", "StatefulSet"),
    ("batch/v1beta1", "CronJob"),
    (
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
    ),
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"),
    ("policy/v1beta1", "PodSecurityPolicy"),
    ("apps/v1", "Deployment"),
    ("v1", "Service"),
    ("v1", "ConfigMap"),
    ("networking.k8s.io/v1", "Ingress"),
];

fn objects(n: usize) -> Vec<ManifestObject> {
    (0..n)
        .map(|i| {
            let (api_version, kind) = PAIRS[i % PAIRS.len()];
            ManifestObject {
                file: format!("charts/app-{}/templates/{kind}.yaml", i / 100),
                line: (i % 100) as u32 * 20 + 1,
                api_version: api_version.into(),
                kind: kind.into(),
                name: Some(format!("app-{i}")),
                namespace: Some(format!("ns-{}", i % 10)),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let Some(h) = history() else { return };
    let guide = guide();
    let deprecations = timeline::deprecations(&h);
    let objects = objects(10_000);
    let mut group = c.benchmark_group("check");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("check_10k_objects", |b| {
        b.iter(|| {
            let checker = Checker::new(black_box(&deprecations), guide.as_ref());
            checker
                .check(black_box(&objects), "v1.22", Some("v1.16"))
                .map(|r| r.findings.len())
        })
    });
    group.bench_function("deprecation_timeline", |b| {
        b.iter(|| timeline::deprecations(black_box(&h)).items.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
