//! End-to-end tests of the `k8s-changelog` binary: exit codes, messages, output and files on disk.
//!
//! Tests marked "needs the parser" in their comment assert on parse results; they fail while
//! `k8s_changelog::parse` is a stub that finds no release.

use k8s_changelog_tests::{changelog_dir, fixtures, k8s_changelog};
use predicates::prelude::*;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A loopback HTTP server answering every GET with `respond(path)`; returns its base URL.
/// One connection at a time, `Connection: close`: enough for the client's sequential GETs.
fn serve(respond: impl Fn(&str) -> (u16, Vec<u8>) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 0) && header != "\r\n" {
                header.clear();
            }
            let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
            let (status, body) = respond(&path);
            let head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                if status == 200 { "OK" } else { "Error" },
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

/// Serves the files of `dir` by name; anything else is a 404.
fn serve_dir(dir: PathBuf) -> String {
    serve(move |path| {
        let name = path.trim_start_matches('/');
        match std::fs::read(dir.join(name)) {
            Ok(body) if !name.contains("..") => (200, body),
            _ => (404, b"404: Not Found".to_vec()),
        }
    })
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// One release in the v1.20+ format, with `notes` bug-fix bullets.
fn release_section(patch: u32, notes: u32) -> String {
    let mut text = format!(
        "# v1.22.{patch}\n\n\n## Downloads for v1.22.{patch}\n\n### Source Code\n\n\
         filename | sha512 hash\n-------- | -----------\n\
         [kubernetes.tar.gz](https://dl.k8s.io/v1.22.{patch}/kubernetes.tar.gz) | `5d8f53b29f14313b029d7f313b8f11b6`\n\n\
         ## Changelog since v1.22.{}\n\n## Changes by Kind\n\n### Bug or Regression\n\n",
        patch.saturating_sub(1)
    );
    for n in 0..notes {
        let pr = 100_000 + patch * 10 + n;
        text.push_str(&format!(
            "- Fix a leak in the kubelet when pods are deleted quickly ([#{pr}](https://github.com/kubernetes/kubernetes/pull/{pr}), [@alice](https://github.com/alice)) [SIG Node]\n"
        ));
    }
    text.push_str(
        "\n## Dependencies\n\n### Added\n_Nothing has changed._\n\n### Changed\n\
         - github.com/google/cadvisor: v0.39.2 → v0.39.3\n\n### Removed\n_Nothing has changed._\n\n\n\n",
    );
    text
}

/// A changelog of `size` bytes or a little more, made of realistic release sections.
fn generated_changelog(size: usize) -> (String, u32) {
    let mut text = String::with_capacity(size + 4096);
    let mut releases = 0;
    while text.len() < size {
        text.push_str(&release_section(releases, 3));
        releases += 1;
    }
    (text, releases)
}

/// Bytes from a fixed linear congruential generator: the same "random" garbage every run.
fn garbage(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("stdout is JSON")
}

// ---- fetch -------------------------------------------------------------------------------

#[test]
fn fetch_from_http_writes_byte_identical_files() {
    // The committed fixture excerpts stand in for upstream's files.
    let upstream = fixtures::changelog_dir();
    let base = serve_dir(upstream.clone());
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args([
            "fetch",
            "--minor",
            "1.2",
            "--minor",
            "1.6",
            "--base-url",
            &base,
        ])
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("fetched 2 files"));
    // Nothing else: no temporary files are left behind.
    assert_eq!(
        files_in(dest.path()),
        ["CHANGELOG-1.2.md", "CHANGELOG-1.6.md"]
    );
    for name in ["CHANGELOG-1.2.md", "CHANGELOG-1.6.md"] {
        let fetched = std::fs::read(dest.path().join(name)).unwrap();
        assert!(
            fetched == std::fs::read(upstream.join(name)).unwrap(),
            "{name} differs"
        );
    }
}

#[test]
fn fetch_base_url_comes_from_the_environment_too() {
    let base = serve(|path| match path {
        "/CHANGELOG-1.7.md" => (200, b"# v1.7.0\n".to_vec()),
        _ => (404, Vec::new()),
    });
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .env("K8S_CHANGELOG_BASE_URL", &base)
        .args(["fetch", "--minor", "1.7", "--dest"])
        .arg(dest.path())
        .assert()
        .success();
    assert_eq!(
        std::fs::read(dest.path().join("CHANGELOG-1.7.md")).unwrap(),
        b"# v1.7.0\n"
    );
}

#[test]
fn fetch_reports_and_skips_a_minor_upstream_does_not_have() {
    let base = serve(|path| match path {
        "/CHANGELOG-1.2.md" => (200, b"# v1.2.0\n".to_vec()),
        _ => (404, b"404: Not Found".to_vec()),
    });
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args([
            "fetch",
            "--minor",
            "1.2",
            "--minor",
            "1.99",
            "--base-url",
            &base,
        ])
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("404").and(predicate::str::contains("1.99")))
        .stderr(predicate::str::contains("fetched 1 file "));
    assert_eq!(files_in(dest.path()), ["CHANGELOG-1.2.md"]);
}

#[test]
fn fetch_fails_when_nothing_exists_upstream() {
    let base = serve(|_| (404, Vec::new()));
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args([
            "fetch",
            "--minor",
            "1.98",
            "--minor",
            "1.99",
            "--base-url",
            &base,
        ])
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing was fetched"));
    assert!(files_in(dest.path()).is_empty());
}

#[test]
fn fetch_unreachable_host_gives_one_clear_error_and_no_files() {
    let parent = tempfile::tempdir().unwrap();
    let dest = parent.path().join("changelog");
    // Every minor of the manifest: still one error, not one per file.
    let assert = k8s_changelog!()
        .args(["fetch", "--base-url", "http://127.0.0.1:1/", "--dest"])
        .arg(&dest)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot reach 127.0.0.1:1"))
        .stderr(predicate::str::contains("are you offline?"))
        .stderr(predicate::str::contains("--from-checkout"));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "one error line, got:\n{stderr}");
    assert!(files_in(&dest).is_empty());
}

#[test]
fn fetch_retries_server_errors() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let base = serve(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) < 2 {
            (503, b"busy".to_vec())
        } else {
            (200, b"# v1.5.0\n".to_vec())
        }
    });
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args(["fetch", "--minor", "1.5", "--base-url", &base, "--dest"])
        .arg(dest.path())
        .assert()
        .success();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_eq!(
        std::fs::read(dest.path().join("CHANGELOG-1.5.md")).unwrap(),
        b"# v1.5.0\n"
    );
}

#[test]
fn fetch_gives_up_after_the_last_attempt() {
    let base = serve(|_| (500, b"broken".to_vec()));
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args([
            "fetch",
            "--minor",
            "1.5",
            "--attempts",
            "2",
            "--base-url",
            &base,
        ])
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("HTTP 500"));
    assert!(files_in(dest.path()).is_empty());
}

/// A fake kubernetes checkout with CHANGELOG-1.5.md and CHANGELOG-1.6.md.
fn fake_checkout() -> tempfile::TempDir {
    let checkout = tempfile::tempdir().unwrap();
    let dir = checkout.path().join("CHANGELOG");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("CHANGELOG-1.5.md"), "# v1.5.0\n\nfive\n").unwrap();
    std::fs::write(dir.join("CHANGELOG-1.6.md"), "# v1.6.0\n\nsix\n").unwrap();
    std::fs::write(dir.join("README.md"), "not a changelog\n").unwrap();
    checkout
}

#[test]
fn fetch_from_checkout_copies_the_asked_minor_over_an_old_file() {
    let checkout = fake_checkout();
    let dest = tempfile::tempdir().unwrap();
    std::fs::write(dest.path().join("CHANGELOG-1.5.md"), "stale").unwrap();
    k8s_changelog!()
        .args(["fetch", "--minor", "1.5", "--from-checkout"])
        .arg(checkout.path())
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .success();
    assert_eq!(files_in(dest.path()), ["CHANGELOG-1.5.md"]);
    assert_eq!(
        std::fs::read_to_string(dest.path().join("CHANGELOG-1.5.md")).unwrap(),
        "# v1.5.0\n\nfive\n"
    );
}

#[test]
fn fetch_from_checkout_without_minors_copies_what_the_checkout_has() {
    let checkout = fake_checkout();
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args(["fetch", "--from-checkout"])
        .arg(checkout.path())
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("not found in the checkout"))
        .stderr(predicate::str::contains("fetched 2 files"));
    assert_eq!(
        files_in(dest.path()),
        ["CHANGELOG-1.5.md", "CHANGELOG-1.6.md"]
    );
}

#[test]
fn fetch_from_a_directory_that_is_no_checkout_fails() {
    let empty = tempfile::tempdir().unwrap();
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args(["fetch", "--from-checkout"])
        .arg(empty.path())
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a kubernetes checkout"));
}

#[test]
fn fetch_rejects_a_malformed_minor_as_usage_error() {
    k8s_changelog!()
        .args(["fetch", "--minor", "latest"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a minor line"));
}

// ---- parse and stats: bad input ----------------------------------------------------------

#[test]
fn missing_file_is_named() {
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .args([command, "no/such/CHANGELOG-1.22.md"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no/such/CHANGELOG-1.22.md"))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn directory_without_changelogs_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "# v1.22.0\n").unwrap();
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .arg(command)
            .arg(dir.path())
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no CHANGELOG-*.md files"))
            .stderr(predicate::str::contains(dir.path().to_string_lossy()));
    }
}

#[test]
fn missing_default_directory_suggests_fetch() {
    let dir = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .current_dir(dir.path())
        .arg("parse")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("data/changelog"))
        .stderr(predicate::str::contains("k8s-changelog fetch"));
}

#[test]
fn text_without_releases_fails_naming_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, "Just some prose.\n\nNo headings here.\n").unwrap();
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .arg(command)
            .arg(&file)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no release found"))
            .stderr(predicate::str::contains(file.to_string_lossy()));
    }
}

#[test]
fn invalid_utf8_without_releases_lists_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, b"prose\nmore \xff\xfe prose\n").unwrap();
    k8s_changelog!()
        .arg("parse")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}:2: error: invalid UTF-8",
            file.display()
        )));
}

#[test]
fn binary_garbage_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, garbage(1 << 20, 7)).unwrap();
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .arg(command)
            .arg(&file)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(file.to_string_lossy()))
            .stderr(predicate::str::contains("binary data"));
    }
}

#[test]
fn garbage_without_nul_bytes_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    let bytes: Vec<u8> = garbage(1 << 20, 11).into_iter().map(|b| b | 0x80).collect();
    std::fs::write(&file, bytes).unwrap();
    k8s_changelog!()
        .arg("parse")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("invalid UTF-8"))
        .stderr(predicate::str::contains("no release found"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    // Sparse: costs no disk.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    k8s_changelog!()
        .arg("stats")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("too large"))
        .stderr(predicate::str::contains(file.to_string_lossy()));
}

#[test]
fn failed_parse_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    k8s_changelog!()
        .args(["parse", "-", "--output"])
        .arg(&out)
        .write_stdin("no releases here\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>"));
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn usage_errors_exit_2() {
    k8s_changelog!()
        .args(["parse", "--format", "xml", "x.md"])
        .assert()
        .code(2);
    k8s_changelog!()
        .args(["parse", "--version", "1.22", "x.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a Kubernetes version tag"));
    k8s_changelog!().arg("frobnicate").assert().code(2);
}

// ---- parse and stats: results (these need the parser) ------------------------------------

const ONE_NOTE: &str = "# v1.22.1\n\n## Changelog since v1.22.0\n\n## Changes by Kind\n\n\
### Bug or Regression\n\n\
- Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n";

/// Needs the parser.
#[test]
fn parse_prints_one_release_with_one_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, ONE_NOTE).unwrap();
    let assert = k8s_changelog!().arg("parse").arg(&file).assert().success();
    let json = json_of(&assert.get_output().stdout);
    let releases = json["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 1);
    assert_eq!(releases[0]["version"], "v1.22.1");
    assert_eq!(releases[0]["notes"].as_array().unwrap().len(), 1);
    assert_eq!(releases[0]["notes"][0]["kind"], "bug");
    assert!(json["diagnostics"].is_array());
}

/// Needs the parser.
#[test]
fn parse_reads_stdin_and_pretty_prints() {
    let assert = k8s_changelog!()
        .args(["parse", "-", "--pretty"])
        .write_stdin(ONE_NOTE)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("\n  \"releases\": ["), "{stdout}");
    let json = json_of(stdout.as_bytes());
    assert_eq!(json["releases"][0]["file"], "<stdin>");
}

/// Needs the parser.
#[test]
fn parse_merges_inputs_in_semver_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("CHANGELOG-1.22.md"), ONE_NOTE).unwrap();
    std::fs::write(
        dir.path().join("CHANGELOG-1.9.md"),
        ONE_NOTE.replace("v1.22", "v1.9"),
    )
    .unwrap();
    let assert = k8s_changelog!()
        .arg("parse")
        .arg(dir.path())
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    let versions: Vec<&str> = json["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["v1.9.1", "v1.22.1"]);
}

/// Needs the parser.
#[test]
fn parse_default_directory_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("CHANGELOG-1.22.md"), ONE_NOTE).unwrap();
    k8s_changelog!()
        .env("K8S_CHANGELOG_DIR", dir.path())
        .arg("parse")
        .assert()
        .success()
        .stdout(predicate::str::contains("v1.22.1"));
}

/// Needs the parser.
#[test]
fn parse_version_names_a_release_notes_draft() {
    let draft = "## Changes by Kind\n\n### Bug or Regression\n\n\
- Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n";
    let assert = k8s_changelog!()
        .args(["parse", "-", "--version", "v1.23.0"])
        .write_stdin(draft)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"][0]["version"], "v1.23.0");
}

/// Needs the parser.
#[test]
fn parse_output_file_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&input, ONE_NOTE).unwrap();
    let out = dir.path().join("out.json");
    let stdout = k8s_changelog!()
        .arg("parse")
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    k8s_changelog!()
        .arg("parse")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read(&out).unwrap(), stdout);
    assert_eq!(files_in(dir.path()), ["CHANGELOG-1.22.md", "out.json"]);
}

/// Needs the parser: invalid UTF-8 inside a release is a diagnostic, not a failure.
#[test]
fn invalid_utf8_inside_a_release_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    let mut bytes = ONE_NOTE.as_bytes().to_vec();
    bytes.extend_from_slice(b"- Broken \xff bytes ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@b](https://github.com/b))\n");
    std::fs::write(&file, bytes).unwrap();
    let assert = k8s_changelog!()
        .arg("parse")
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "{}:10: error: invalid UTF-8",
            file.display()
        )));
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"].as_array().unwrap().len(), 1);
    assert_eq!(json["diagnostics"][0]["line"], 10);
}

/// Needs the parser.
#[test]
fn stats_json_counts_releases_notes_and_prs() {
    let assert = k8s_changelog!()
        .args(["stats", "-", "--format", "json"])
        .write_stdin(ONE_NOTE)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"], 1);
    assert_eq!(json["notes"], 1);
    assert_eq!(json["notes_by_kind"]["bug"], 1);
    assert_eq!(json["notes_by_kind"]["none"], 0);
    assert_eq!(json["prs"], 1);
    assert!(json["unaccounted_lines"].is_u64());
    assert!(json["parse_ms"].is_number());
    assert_eq!(json["files"][0]["file"], "<stdin>");
}

/// Needs the parser.
#[test]
fn stats_table_lists_totals_and_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("CHANGELOG-1.22.md"), ONE_NOTE).unwrap();
    std::fs::write(
        dir.path().join("CHANGELOG-1.21.md"),
        ONE_NOTE.replace("v1.22", "v1.21"),
    )
    .unwrap();
    k8s_changelog!()
        .arg("stats")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("releases"))
        .stdout(predicate::str::contains("unaccounted lines"))
        .stdout(predicate::str::contains("parse time (ms)"))
        .stdout(predicate::str::contains("CHANGELOG-1.21.md"));
}

/// 2 MB (about 2,200 releases): quick enough to run on every change.
#[test]
fn large_generated_file_parses() {
    check_large_file(2 * 1024 * 1024, Duration::from_secs(120));
}

/// 50 MB (about 55,000 releases): parse time is linear in the number of releases (the
/// release split once looked up each release's headings by a scan of all of them); a debug
/// build takes about 40 s, a release build 4 s.
#[test]
fn fifty_megabyte_file_parses() {
    check_large_file(50 * 1024 * 1024, Duration::from_secs(300));
}

fn check_large_file(size: usize, timeout: Duration) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    let (text, releases) = generated_changelog(size);
    std::fs::write(&file, text).unwrap();
    let assert = k8s_changelog!()
        .timeout(timeout)
        .args(["stats", "--format", "json"])
        .arg(&file)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"], u64::from(releases));
    assert_eq!(json["notes"], u64::from(releases) * 3);
}

/// Needs the parser: the output must outgrow the pipe's buffer for the write to fail.
#[test]
fn closed_stdout_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, generated_changelog(256 * 1024).0).unwrap();
    let mut child = k8s_changelog!(std)
        .arg("parse")
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Needs the parser and the corpus.
#[test]
fn corpus_parses_with_every_release() {
    let Some(corpus) = changelog_dir() else {
        return;
    };
    let assert = k8s_changelog!()
        .args(["stats", "--format", "json"])
        .arg(&corpus)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert!(json["releases"].as_u64().unwrap() >= 400, "{json}");
    assert!(json["notes"].as_u64().unwrap() >= 10_000, "{json}");
}
