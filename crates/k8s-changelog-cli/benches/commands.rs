//! Whole-process wall time of the query commands, the persistent cache's warm path beside the
//! same command with `--no-cache` and with an empty cache ("cold": parse, compute and write)
//! in the same run, over the corpus and over a synthetic
//! full-size history (the corpus three times, minors renumbered: ≈ 20 MB, 1,300 releases);
//! then the peak RSS of `stats` over one, two and three copies (is memory linear in the input?).
//!
//! `cargo bench -p k8s-changelog-cli --bench commands` (release build of the command; the
//! corpus from `$K8S_CHANGELOG_DIR`, else `<workspace>/../shared/corpus/kubernetes`).
//! `-- corpus/` or `-- synthetic/` narrows it; `K8S_BENCH_RSS_ONLY=1` prints only the memory.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_k8s-changelog");

/// The commands of the issue, with arguments that make each do its usual work.
fn commands(fixtures: &Path) -> Vec<(&'static str, Vec<String>)> {
    let manifest = fixtures.join("manifests/multi.yaml").display().to_string();
    let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    vec![
        ("notes", words("notes --kind bug")),
        ("compare", words("compare --from v1.21.0 --to v1.23.0")),
        ("deps", words("deps etcd")),
        ("deprecations", words("deprecations")),
        ("cves", words("cves")),
        ("feature-gates", words("feature-gates")),
        (
            "check",
            [words("check --to v1.22"), vec![manifest]].concat(),
        ),
        ("summary", words("summary --from v1.21.0 --to v1.22.0")),
    ]
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("K8S_CHANGELOG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kubernetes")
        });
    dir.join("CHANGELOG-1.22.md").is_file().then_some(dir)
}

/// One run of the command over `dir`, its output discarded; panics if it fails (a failing
/// command measured would be a lie).
fn run(dir: &Path, cache: &Path, args: &[String], no_cache: bool) {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .arg("--changelog-dir")
        .arg(dir)
        .env("K8S_CHANGELOG_CACHE_DIR", cache)
        .env_remove("K8S_CHANGELOG_NO_CACHE")
        .env_remove("K8S_RELEASE_DATES")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if no_cache {
        cmd.arg("--no-cache");
    }
    let status = cmd.status().expect("the command runs");
    // `check` exits 3 when an object is no longer served at the target: its answer.
    assert!(
        matches!(status.code(), Some(0 | 3)),
        "{args:?} over {} failed",
        dir.display()
    );
}

fn bench_inputs(c: &mut Criterion, group: &str, dir: &Path, commands: &[(&str, Vec<String>)]) {
    let cache = tempfile::tempdir().expect("a temporary directory");
    let mut g = c.benchmark_group(group);
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (name, args) in commands {
        run(dir, cache.path(), args, false); // fills the cache
        g.bench_function(format!("{name}/warm"), |b| {
            b.iter(|| run(dir, cache.path(), args, false))
        });
        g.bench_function(format!("{name}/no_cache"), |b| {
            b.iter(|| run(dir, cache.path(), args, true))
        });
        g.bench_function(format!("{name}/cold"), |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("a temporary directory"),
                |empty| run(dir, empty.path(), args, false),
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

/// The peak resident set of one run of `stats` (which always parses) over `dir`, in MiB.
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also gives its peak RSS
fn peak_rss_mib(dir: &Path) -> f64 {
    let child = Command::new(BIN)
        .args(["stats", "--changelog-dir"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("stats runs");
    let mut status = 0;
    // SAFETY: `usage` is a plain C struct the call fills; the pid is our own child, waited once.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(
        pid > 0 && status == 0,
        "stats over {} failed",
        dir.display()
    );
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

fn memory(corpus: &Path) {
    for copies in 1..=3 {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let bytes = k8s_changelog_tests::write_renumbered_corpus(corpus, copies, dir.path())
            .expect("the synthetic history is written");
        let rss = peak_rss_mib(dir.path());
        println!(
            "memory: stats over {copies} cop{} ({:.1} MB): peak RSS {rss:.0} MiB ({:.1}× the input)",
            if copies == 1 { "y" } else { "ies" },
            bytes as f64 / 1e6,
            rss * 1048576.0 / bytes as f64
        );
    }
}

fn bench(c: &mut Criterion) {
    let Some(corpus) = corpus() else {
        eprintln!("no corpus (set K8S_CHANGELOG_DIR); nothing measured");
        return;
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs each benchmark once with a debug build: two commands
        // over the corpus, so that the suite checks the bench still runs, without parsing 20 MB
        // unoptimized.
        let mut quick = commands(&fixtures);
        quick.retain(|(name, _)| ["deps", "check"].contains(name));
        bench_inputs(c, "corpus", &corpus, &quick);
        return;
    }
    memory(&corpus);
    if std::env::var_os("K8S_BENCH_RSS_ONLY").is_some() {
        return;
    }
    let commands = commands(&fixtures);
    bench_inputs(c, "corpus", &corpus, &commands);
    let synthetic = tempfile::tempdir().expect("a temporary directory");
    let bytes = k8s_changelog_tests::write_renumbered_corpus(&corpus, 3, synthetic.path())
        .expect("the synthetic history is written");
    println!("synthetic history: {:.1} MB", bytes as f64 / 1e6);
    bench_inputs(c, "synthetic", synthetic.path(), &commands);
}

criterion_group!(benches, bench);
criterion_main!(benches);
