//! End-to-end tests of `k8s-changelog fetch`: over HTTP from a loopback server that serves the
//! committed fixtures (never skips), retries, missing minors, unreachable hosts, and copying
//! from a kubernetes checkout.

use k8s_changelog_tests::{files_in, fixtures, k8s_changelog, loopback};
use predicates::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A loopback HTTP server answering every GET with `respond(path)`; returns its base URL
/// (with a trailing `/`).
fn serve(respond: impl Fn(&str) -> (u16, Vec<u8>) + Send + 'static) -> String {
    let (base, _) = loopback::serve(move |path, _| {
        let (status, body) = respond(path);
        (status, Vec::new(), body)
    });
    format!("{base}/")
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
fn fetch_downloads_the_api_guide_beside_the_changelogs() {
    let upstream = tempfile::tempdir().unwrap();
    let changelog = fixtures::changelog_dir().join("CHANGELOG-1.2.md");
    std::fs::copy(&changelog, upstream.path().join("CHANGELOG-1.2.md")).unwrap();
    std::fs::copy(
        fixtures::api_guide(),
        upstream.path().join("deprecation-guide.md"),
    )
    .unwrap();
    let base = serve_dir(upstream.path().to_path_buf());
    let fetch = |extra: &[&str]| {
        let dest = tempfile::tempdir().unwrap();
        k8s_changelog!()
            .args(["fetch", "--minor", "1.2", "--base-url", &base])
            .args(extra)
            .arg("--dest")
            .arg(dest.path())
            .assert()
            .success();
        dest
    };
    let dest = fetch(&[]);
    assert_eq!(
        files_in(dest.path()),
        ["CHANGELOG-1.2.md", "deprecation-guide.md"]
    );
    assert_eq!(
        std::fs::read(dest.path().join("deprecation-guide.md")).unwrap(),
        std::fs::read(fixtures::api_guide()).unwrap()
    );
    let dest = fetch(&["--no-api-guide"]);
    assert_eq!(files_in(dest.path()), ["CHANGELOG-1.2.md"]);
}

#[test]
fn a_missing_api_guide_is_a_warning() {
    let base = serve_dir(fixtures::changelog_dir());
    let dest = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args(["fetch", "--minor", "1.2", "--base-url", &base])
        .arg("--dest")
        .arg(dest.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: the Deprecated API Migration Guide is not at",
        ));
    assert_eq!(files_in(dest.path()), ["CHANGELOG-1.2.md"]);
}

#[test]
fn fetch_downloads_the_release_calendars_and_eol_beside_the_changelogs() {
    let upstream = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures::changelog_dir().join("CHANGELOG-1.18.md"),
        upstream.path().join("CHANGELOG-1.18.md"),
    )
    .unwrap();
    std::fs::create_dir(upstream.path().join("schedules")).unwrap();
    let schedule = fixtures::schedule_dir().join("release-1.18.md");
    std::fs::copy(&schedule, upstream.path().join("schedules/release-1.18.md")).unwrap();
    std::fs::copy(fixtures::eol_yaml(), upstream.path().join("eol.yaml")).unwrap();
    let base = serve_dir(upstream.path().to_path_buf());
    let data = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args([
            "fetch",
            "--minor",
            "1.18",
            "--minor",
            "1.6",
            "--base-url",
            &base,
        ])
        .arg("--dest")
        .arg(data.path().join("changelog"))
        .assert()
        .success()
        .stderr(predicate::str::contains("fetched 1 release calendar into"))
        .stderr(predicate::str::contains(
            "warning: no release calendar upstream (HTTP 404) for 1.6",
        ))
        .stderr(predicate::str::contains(
            "fetched the end-of-life dates into",
        ));
    assert_eq!(
        files_in(&data.path().join("schedules")),
        ["release-1.18.md"]
    );
    assert_eq!(
        std::fs::read(data.path().join("schedules/release-1.18.md")).unwrap(),
        std::fs::read(&schedule).unwrap()
    );
    assert_eq!(
        std::fs::read(data.path().join("eol.yaml")).unwrap(),
        std::fs::read(fixtures::eol_yaml()).unwrap()
    );
    // What fetch wrote is what `schedule` reads by default.
    k8s_changelog!()
        .current_dir(data.path())
        .args(["schedule", "--schedule", "schedules", "--at", "2020-03-22"])
        .assert()
        .success()
        .stdout(predicate::str::contains("v1.18.0 released"));
}

#[test]
fn missing_calendars_and_eol_are_warnings() {
    let base = serve_dir(fixtures::changelog_dir());
    let data = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args(["fetch", "--minor", "1.6", "--base-url", &base])
        .arg("--dest")
        .arg(data.path().join("changelog"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: no release calendar upstream (HTTP 404) for 1.6",
        ))
        .stderr(predicate::str::contains(
            "warning: the end-of-life dates are not at",
        ));
    assert_eq!(files_in(data.path()), ["changelog"]);
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
        .args([
            "fetch",
            "--minor",
            "1.5",
            "--no-api-guide",
            "--no-schedules",
            "--no-eol",
            "--base-url",
            &base,
            "--dest",
        ])
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
