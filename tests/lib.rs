//! The workspace's test support: locating the read-only corpus and the committed fixtures,
//! loading them into a [`History`], building the `k8s-changelog` command with a clean
//! environment (and serving a built site with it, [`serve_site`]), and a parser-independent line scan of the CHANGELOG Markdown (release headings,
//! fenced code). The workspace tests (`tests/tests/*.rs`) and the CLI crate's integration tests
//! (a dev-dependency) both use it.
//!
//! **The corpus** lives outside the repository. Tests find it through these environment
//! variables:
//!
//! - `K8S_CHANGELOG_DIR`: the directory holding `CHANGELOG-1.N.md`;
//! - `K8S_SIG_RELEASE_DIR`: the directory holding `release-1.N/release-notes-draft.{md,json}`;
//! - `K8S_RELNOTES_DIR`: the directory holding krel's per-tag `release-notes-1.N.M.json`;
//! - `K8S_RELEASE_DATES`: a `version,date,source,confidence` CSV of release dates;
//! - `K8S_SCHEDULE_DIR`: the directory holding sig-release's release calendars as
//!   `release-1.N.md` (copies of `releases/release-1.N/README.md`).
//!
//! When a variable is unset, `<workspace>/../shared/corpus/{kubernetes,sig-release,relnotes}`
//! (and `../shared/reference/release-dates.csv`) is tried. When the corpus is missing a test
//! prints one line, `*** SKIPPED <test>: <why>`, to stderr and passes, unless `CI` is set (and
//! neither empty nor `false`): then it fails, because CI must run it.
//!
//! **The fixtures** (`tests/fixtures/`, see its `NOTICE`) are short verbatim excerpts of the
//! same sources, committed, laid out like the corpus: [`fixtures`] gives their paths. Tests over
//! them never skip.

pub mod digest;
pub mod gitrepo;
pub mod loopback;
mod scan;
mod synthetic;

pub use scan::*;
pub use synthetic::*;

use k8s_changelog::{Changelog, History};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// `true` when `CI` is set to something other than empty or `false`: missing data is an error.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|ci| !ci.is_empty() && ci != "false")
}

/// Reports that the running test skips for missing data: one line,
/// `*** SKIPPED <test>: <why>`, straight to the process's stderr (the test harness captures
/// `eprintln!`, and a skip must be seen). Under [`ci`] it panics with `why` instead.
pub fn skip(why: &str) {
    if ci() {
        panic!("{why} (CI is set, so this is an error)");
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("<test>");
    let _ = writeln!(std::io::stderr(), "*** SKIPPED {test}: {why}");
}

/// Prints a test's figures (the oracle tables, the guide's right / unknown / wrong counts) and,
/// when `K8S_TEST_FIGURES` names a file, appends them to it: `scripts/test` shows that file
/// after the tests ran, so the figures reach the CI log without running the tests twice.
pub fn figures(text: &str) {
    println!("{text}");
    if let Some(path) = std::env::var_os("K8S_TEST_FIGURES").filter(|p| !p.is_empty()) {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| writeln!(file, "{text}"));
        if let Err(err) = appended {
            panic!("cannot append to K8S_TEST_FIGURES {path:?}: {err}");
        }
    }
}

fn locate(var: &str, fallback: &str) -> Option<PathBuf> {
    locate_path(var, &["corpus", fallback], true)
}

/// `$var`, else `<workspace>/../shared/<fallback…>`, if it exists (a directory when `dir`);
/// else [`skip`] and `None`.
fn locate_path(var: &str, fallback: &[&str], dir: bool) -> Option<PathBuf> {
    let (path, origin) = match std::env::var_os(var) {
        Some(path) if !path.is_empty() => (PathBuf::from(path), format!("${var}")),
        _ => (
            fallback
                .iter()
                .fold(workspace_root().join("..").join("shared"), |p, part| {
                    p.join(part)
                }),
            format!("the fallback (${var} is unset)"),
        ),
    };
    if (dir && path.is_dir()) || (!dir && path.is_file()) {
        return Some(path);
    }
    skip(&format!(
        "corpus {} {} from {origin} does not exist; set {var} to run this test",
        if dir { "directory" } else { "file" },
        path.display()
    ));
    None
}

/// The directory of the kubernetes `CHANGELOG-1.N.md` files, or `None` (after a one-line
/// notice) when it is missing and `CI` is unset. Panics when it is missing and `CI` is set.
pub fn changelog_dir() -> Option<PathBuf> {
    locate("K8S_CHANGELOG_DIR", "kubernetes")
}

/// The sig-release directory (`release-1.N/release-notes-draft.{md,json}`), like
/// [`changelog_dir`].
pub fn sig_release_dir() -> Option<PathBuf> {
    locate("K8S_SIG_RELEASE_DIR", "sig-release")
}

/// The directory of krel's per-tag `release-notes-<version>.json` files (relnotes.k8s.io's
/// data), like [`changelog_dir`].
pub fn relnotes_dir() -> Option<PathBuf> {
    locate("K8S_RELNOTES_DIR", "relnotes")
}

/// A copy of the Deprecated API Migration Guide (kubernetes/website
/// `content/en/docs/reference/using-api/deprecation-guide.md`), from `K8S_API_GUIDE`, else
/// `../shared/reference/deprecation-guide/deprecation-guide.md`; like [`changelog_dir`].
pub fn api_guide() -> Option<PathBuf> {
    locate_path(
        "K8S_API_GUIDE",
        &["reference", "deprecation-guide", "deprecation-guide.md"],
        false,
    )
}

/// The sig-release release calendars (`release-1.N.md`), from `K8S_SCHEDULE_DIR`, else
/// `../shared/reference/sig-release-schedules`; like [`changelog_dir`].
pub fn schedule_dir() -> Option<PathBuf> {
    locate_path(
        "K8S_SCHEDULE_DIR",
        &["reference", "sig-release-schedules"],
        true,
    )
}

/// The release-dates CSV (`version,date,source,confidence`), like [`changelog_dir`].
pub fn release_dates_csv() -> Option<PathBuf> {
    locate_path(
        "K8S_RELEASE_DATES",
        &["reference", "release-dates.csv"],
        false,
    )
}

/// Returns early from a test (after the notice [`changelog_dir`] prints) when the corpus is
/// missing: `let dir = require!(changelog_dir());`.
#[macro_export]
macro_rules! require {
    ($dir:expr) => {
        match $dir {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// The committed fixtures under `tests/fixtures/`, laid out like the corpus.
pub mod fixtures {
    use std::path::PathBuf;

    /// `tests/fixtures/`.
    pub fn root() -> PathBuf {
        super::workspace_root().join("tests").join("fixtures")
    }

    /// A changelog directory of excerpts (`CHANGELOG-1.N.md`, whole releases, one file per
    /// format era), usable as `--changelog-dir`.
    pub fn changelog_dir() -> PathBuf {
        root().join("changelog")
    }

    /// A sig-release `releases/` excerpt: `release-1.22/release-notes-draft.{md,json}`.
    pub fn sig_release_dir() -> PathBuf {
        root().join("sig-release")
    }

    /// krel's `release-notes-1.22.{1,2}.json`, whole.
    pub fn relnotes_dir() -> PathBuf {
        root().join("relnotes")
    }

    /// An excerpt of the Deprecated API Migration Guide: its v1.25, part of its v1.22 and its
    /// v1.16 sections.
    pub fn api_guide() -> PathBuf {
        root().join("manifests").join("deprecation-guide.md")
    }

    /// Excerpts of sig-release release calendars, one per layout (`release-1.N.md`).
    pub fn schedule_dir() -> PathBuf {
        root().join("schedules")
    }

    /// An excerpt of kubernetes/website `data/releases/eol.yaml`.
    pub fn eol_yaml() -> PathBuf {
        root().join("eol.yaml")
    }

    /// The release dates of the fixture releases and their neighbours.
    pub fn release_dates_csv() -> PathBuf {
        root().join("release-dates.csv")
    }
}

/// Every `CHANGELOG-1.N.md` of `dir`, parsed and merged (releases in semver order).
pub fn parse_dir(dir: &Path) -> Changelog {
    let mut log = Changelog::default();
    for file in changelog_files(dir) {
        log.merge(k8s_changelog::parse(&file.text, &file.name));
    }
    log
}

/// The [`History`] of every `CHANGELOG-1.N.md` of `dir`, with the dates of `dates` (a
/// `version,date,…` CSV) when given.
pub fn history_of(dir: &Path, dates: Option<&Path>) -> History {
    let mut history = History::new(parse_dir(dir));
    if let Some(csv) = dates {
        let name = csv.file_name().unwrap_or_default().to_string_lossy();
        let dates = k8s_changelog::dates::from_csv(&read(csv), &name)
            .unwrap_or_else(|e| panic!("{}: {e}", csv.display()));
        history.add_dates(dates);
    }
    history
}

/// The corpus as one [`History`] without dates, parsed once per test binary; `None` (after
/// the notice) when the corpus is missing.
pub fn corpus_history() -> Option<&'static History> {
    static HISTORY: OnceLock<History> = OnceLock::new();
    let dir = changelog_dir()?;
    Some(HISTORY.get_or_init(|| history_of(&dir, None)))
}

/// The corpus as one [`History`] with the release dates, parsed once per test binary; `None`
/// (after the notice) when the corpus or the dates are missing.
pub fn corpus_history_with_dates() -> Option<&'static History> {
    static HISTORY: OnceLock<History> = OnceLock::new();
    let dir = changelog_dir()?;
    let dates = release_dates_csv()?;
    Some(HISTORY.get_or_init(|| history_of(&dir, Some(&dates))))
}

/// The fixtures as one [`History`] with the fixture dates, parsed once per test binary.
pub fn fixture_history() -> &'static History {
    static HISTORY: OnceLock<History> = OnceLock::new();
    HISTORY.get_or_init(|| {
        history_of(
            &fixtures::changelog_dir(),
            Some(&fixtures::release_dates_csv()),
        )
    })
}

/// Environment variables the `k8s-changelog` command reads, removed by [`cli`] so that the
/// tests do not depend on the shell they run in.
pub const CLI_ENV: [&str; 10] = [
    "K8S_CHANGELOG_DIR",
    "K8S_CHANGELOG_NO_CACHE",
    "K8S_CHANGELOG_BASE_URL",
    "K8S_RELEASE_DATES",
    "NO_COLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "GITHUB_TOKEN",
    "GITHUB_API_URL",
    "K8S_CHANGELOG_GITHUB_API",
];

/// The command at `bin` (the `k8s-changelog` binary) as a [`std::process::Command`] with a
/// clean environment: none of [`CLI_ENV`], and fetch retries 1 ms apart.
pub fn cli_std(bin: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
    let mut cmd = std::process::Command::new(bin);
    for var in CLI_ENV {
        cmd.env_remove(var);
    }
    cmd.env("K8S_CHANGELOG_RETRY_DELAY_MS", "1");
    // The persistent cache in the build directory, shared by the tests: the first run of a set
    // of inputs fills it, later ones read it, so both paths give the answers the tests expect.
    cmd.env(
        "K8S_CHANGELOG_CACHE_DIR",
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-cache"),
    );
    cmd
}

/// [`cli_std`] as an [`assert_cmd::Command`], with a two-minute timeout.
pub fn cli(bin: impl AsRef<std::ffi::OsStr>) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::from_std(cli_std(bin));
    cmd.timeout(Duration::from_secs(120));
    cmd
}

/// [`cli`] run in `tests/fixtures/` with `K8S_CHANGELOG_DIR=changelog`: the committed
/// fixture changelogs are its default input, and the other fixtures are at relative paths
/// (`release-dates.csv`, `sig-release/…`, `relnotes/…`), so outputs naming files are the same
/// on every machine.
pub fn cli_over_fixtures(bin: impl AsRef<std::ffi::OsStr>) -> assert_cmd::Command {
    let mut cmd = cli(bin);
    cmd.current_dir(fixtures::root())
        .env("K8S_CHANGELOG_DIR", "changelog");
    cmd
}

/// [`cli`] over the corpus changelog directory (`K8S_CHANGELOG_DIR`), or `None` after the
/// notice of [`changelog_dir`].
pub fn cli_over_corpus(bin: impl AsRef<std::ffi::OsStr>) -> Option<assert_cmd::Command> {
    let dir = changelog_dir()?;
    let mut cmd = cli(bin);
    cmd.env("K8S_CHANGELOG_DIR", dir);
    Some(cmd)
}

/// The `k8s-changelog` command of the calling crate's integration tests, through [`cli`]:
/// `k8s_changelog_tests::k8s_changelog!()`. (`CARGO_BIN_EXE_k8s-changelog` is set only there,
/// so the macro expands it at the call site.) `k8s_changelog!(fixtures)` runs it over the
/// fixtures ([`cli_over_fixtures`]), `k8s_changelog!(corpus)` over the corpus
/// ([`cli_over_corpus`], an `Option`), `k8s_changelog!(std)` gives a [`cli_std`] command.
#[macro_export]
macro_rules! k8s_changelog {
    () => {
        $crate::cli(env!("CARGO_BIN_EXE_k8s-changelog"))
    };
    (fixtures) => {
        $crate::cli_over_fixtures(env!("CARGO_BIN_EXE_k8s-changelog"))
    };
    (corpus) => {
        $crate::cli_over_corpus(env!("CARGO_BIN_EXE_k8s-changelog"))
    };
    (std) => {
        $crate::cli_std(env!("CARGO_BIN_EXE_k8s-changelog"))
    };
}

/// A running `k8s-changelog serve`, stopped when dropped (also when an assertion fails).
pub struct Served {
    child: std::process::Child,
    /// Kept open: its only output is a warning when the site has no index.
    _stderr: Option<std::process::ChildStderr>,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `BIN serve --port 0 --dir DIR` (with [`cli_std`]'s environment); the port is read from
/// the line it prints ("serving DIR at http://127.0.0.1:PORT/"). The CLI's tests and the
/// browser tests both serve their sites with it.
pub fn serve_site(bin: impl AsRef<std::ffi::OsStr>, dir: &std::path::Path) -> Served {
    use std::io::{BufRead, Read};
    let mut child = cli_std(bin)
        .args(["serve", "--port", "0", "--dir"])
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("k8s-changelog serve starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("piped stdout");
    let _ = std::io::BufReader::new(stdout).read_line(&mut line);
    let port = line
        .trim_end()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok());
    let Some(port) = port else {
        let _ = child.kill();
        let _ = child.wait();
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        panic!("k8s-changelog serve did not start: {line:?} {stderr}");
    };
    let _stderr = child.stderr.take();
    Served {
        child,
        _stderr,
        port,
    }
}

/// A share of hits, for the agreement tables of the oracle and relnotes tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    /// Cases that agreed.
    pub hits: usize,
    /// Cases counted.
    pub total: usize,
}

impl Ratio {
    /// Counts one case.
    pub fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
    }

    /// Adds another ratio's cases.
    pub fn add_all(&mut self, other: Ratio) {
        self.total += other.total;
        self.hits += other.hits;
    }

    /// `hits / total`, 1 when nothing was counted.
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }

    /// A table cell: `" 99.50%  199/200 "`, or `-` when nothing was counted.
    pub fn cell(&self) -> String {
        if self.total == 0 {
            return format!("{:>17}", "-");
        }
        format!(
            "{:6.2}% {:>4}/{:<4}",
            100.0 * self.value(),
            self.hits,
            self.total
        )
    }
}

/// The own PRs (`prs[0]`) of the records of a `notes --format json` output, sorted.
pub fn note_prs(notes_json: &str) -> Vec<u64> {
    let json: serde_json::Value = serde_json::from_str(notes_json)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {notes_json:.300}"));
    let mut prs: Vec<u64> = json
        .as_array()
        .expect("an array of notes")
        .iter()
        .map(|r| r["prs"][0].as_u64().expect("a note with a PR"))
        .collect();
    prs.sort_unstable();
    prs
}

/// The stdout of a command that must succeed, as UTF-8 (takes the command or `&mut` it).
pub fn stdout_of(mut cmd: impl std::borrow::BorrowMut<assert_cmd::Command>) -> String {
    let out = cmd
        .borrow_mut()
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("stdout is UTF-8")
}
