//! Parse throughput over the real Kubernetes CHANGELOG corpus (`CHANGELOG-1.2.md` …
//! `CHANGELOG-1.24.md`), against two baselines:
//!
//! * `k8s_changelog_parse`: our full parse of every file ([`k8s_changelog::parse`]), the models
//!   freed inside the timing;
//! * `k8s_changelog_parse_kept`: the same, the models handed back and freed outside the timing
//!   (criterion's `iter_with_large_drop`): what the `k8s-changelog` binary pays, as it never
//!   frees the history;
//! * `pulldown_cmark_events`: pulldown-cmark's bare event iteration over the same text, the floor
//!   any Markdown-aware parser pays (`Parser::new_ext(text, ENABLE_TABLES).into_offset_iter()`);
//! * `parse_changelog_split`: the parse-changelog crate's release split of the same files.
//!
//! The corpus is read from `$K8S_CHANGELOG_DIR`, else `<workspace>/../shared/corpus/kubernetes`.
//! Without it the benchmark prints one line and measures nothing.
//!
//! Run with `cargo bench -p k8s-changelog --bench parse`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use pulldown_cmark::{Options, Parser};
use std::path::PathBuf;
use std::time::Duration;

struct CorpusFile {
    name: String,
    text: String,
}

fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("K8S_CHANGELOG_DIR") {
        Some(dir) => PathBuf::from(dir),
        // crates/k8s-changelog -> workspace root -> its parent.
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kubernetes"),
    };
    dir.canonicalize().unwrap_or(dir)
}

/// Every `CHANGELOG-1.N.md` (N = 2..=24) that exists, in minor order.
fn load_corpus() -> Result<Vec<CorpusFile>, String> {
    let dir = corpus_dir();
    let mut files = Vec::new();
    for minor in 2..=24 {
        let name = format!("CHANGELOG-1.{minor}.md");
        let path = dir.join(&name);
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(CorpusFile { name, text }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        }
    }
    if files.is_empty() {
        return Err(format!(
            "no CHANGELOG-1.N.md files in {} (set K8S_CHANGELOG_DIR to the corpus directory)",
            dir.display()
        ));
    }
    Ok(files)
}

fn ours(files: &[CorpusFile]) -> usize {
    let mut releases = 0;
    for file in files {
        let log = k8s_changelog::parse(black_box(&file.text), &file.name);
        releases += log.releases.len();
        black_box(log);
    }
    releases
}

/// The parsed models, handed back (the caller decides when they are freed).
fn ours_kept(files: &[CorpusFile]) -> Vec<k8s_changelog::Changelog> {
    files
        .iter()
        .map(|file| k8s_changelog::parse(black_box(&file.text), &file.name))
        .collect()
}

fn bare_pulldown(files: &[CorpusFile]) -> usize {
    let mut events = 0;
    for file in files {
        let parser = Parser::new_ext(black_box(&file.text), Options::ENABLE_TABLES);
        for item in parser.into_offset_iter() {
            black_box(&item);
            events += 1;
        }
    }
    events
}

/// `(files parse-changelog accepted, releases it found, files it rejected)`.
fn parse_changelog_split(files: &[CorpusFile]) -> (usize, usize, usize) {
    let (mut ok, mut releases, mut err) = (0, 0, 0);
    for file in files {
        match parse_changelog::parse(black_box(&file.text)) {
            Ok(log) => {
                ok += 1;
                releases += log.len();
                black_box(log);
            }
            Err(e) => {
                err += 1;
                black_box(e);
            }
        }
    }
    (ok, releases, err)
}

fn bench_corpus(c: &mut Criterion) {
    let files = match load_corpus() {
        Ok(files) => files,
        Err(message) => {
            eprintln!("parse bench skipped: {message}");
            return;
        }
    };
    let total: usize = files.iter().map(|f| f.text.len()).sum();

    // One untimed pass of each, so the report says what was measured.
    let summary: Vec<_> = files
        .iter()
        .map(|f| k8s_changelog::parse(&f.text, &f.name))
        .collect();
    let releases: usize = summary.iter().map(|l| l.releases.len()).sum();
    let notes: usize = summary.iter().map(|l| l.notes().count()).sum();
    let unaccounted: usize = summary
        .iter()
        .flat_map(|l| &l.releases)
        .map(|r| r.unaccounted.len())
        .sum();
    let (pc_ok, pc_releases, pc_err) = parse_changelog_split(&files);
    eprintln!(
        "corpus: {} files, {} bytes from {}\n\
         k8s-changelog: {releases} releases, {notes} notes, {unaccounted} unaccounted lines\n\
         pulldown-cmark: {} events\n\
         parse-changelog: {pc_ok} files ok ({pc_releases} releases), {pc_err} files Err",
        files.len(),
        total,
        corpus_dir().display(),
        bare_pulldown(&files),
    );

    let mut group = c.benchmark_group("corpus");
    group
        .throughput(Throughput::Bytes(total as u64))
        .sample_size(10)
        // Each iteration takes tens of milliseconds: equal-sized samples keep the run short.
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("k8s_changelog_parse", |b| b.iter(|| ours(&files)));
    group.bench_function("k8s_changelog_parse_kept", |b| {
        b.iter_with_large_drop(|| ours_kept(&files))
    });
    group.bench_function("pulldown_cmark_events", |b| {
        b.iter(|| bare_pulldown(&files))
    });
    group.bench_function("parse_changelog_split", |b| {
        b.iter(|| parse_changelog_split(&files))
    });
    group.finish();
}

criterion_group!(benches, bench_corpus);
criterion_main!(benches);
