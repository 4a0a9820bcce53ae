//! `k8s-changelog check` over committed fixtures (`tests/fixtures/manifests/`: manifests, a
//! guide excerpt, changelog excerpts), so these never skip: golden outputs (exit code, stdout
//! and stderr together, insta snapshots `check__*`) for multi-document YAML, a JSON List,
//! stdin, malformed documents, an empty input, a binary file and a 50 MB file; the exit codes
//! 0/2/3 and `--strict`. One test over the corpus (skips without it) checks a realistic target.

use k8s_changelog_tests::{api_guide, fixtures, k8s_changelog, require};
use std::path::Path;

/// The sources every fixture run checks against, relative to `tests/fixtures/`.
const SOURCES: [&str; 4] = [
    "--changelog-dir",
    "manifests/changelog",
    "--api-guide",
    "manifests/deprecation-guide.md",
];

/// Runs `check <args>` in `tests/fixtures/` (stdin from `stdin`), and returns its exit code,
/// stdout and stderr as one text, with `tmp` (a generated file's folder) written `<tmp>`.
fn run(args: &[&str], stdin: &[u8], tmp: Option<&Path>) -> (i32, String) {
    let mut cmd = k8s_changelog!();
    cmd.current_dir(fixtures::root())
        .arg("check")
        .args(SOURCES)
        .args(args)
        .write_stdin(stdin.to_vec());
    let out = cmd.output().expect("the binary runs");
    let code = out.status.code().expect("exited normally");
    let mut text = format!(
        "exit: {code}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if let Some(tmp) = tmp {
        text = text.replace(&tmp.display().to_string(), "<tmp>");
    }
    (code, text)
}

macro_rules! golden {
    ($($name:ident: [$($arg:expr),* $(,)?] => $code:expr;)*) => {$(
        #[test]
        fn $name() {
            let (code, out) = run(&[$($arg),*], b"", None);
            insta::assert_snapshot!(stringify!($name), out);
            assert_eq!(code, $code, "{out}");
        }
    )*};
}

golden! {
    multi_document_yaml_table: ["--to", "v1.22", "manifests/multi.yaml"] => 3;
    multi_document_yaml_json: ["--to", "v1.22.3", "manifests/multi.yaml", "--format", "json"] => 3;
    multi_document_yaml_csv: ["--to", "v1.22", "manifests/multi.yaml", "--format", "csv"] => 3;
    json_list_json: ["--to", "v1.22", "manifests/list.json", "--format", "json"] => 3;
    malformed_documents_json: ["--to", "v1.16", "manifests/malformed.yaml", "--format", "json"] => 2;
    malformed_documents_table: ["--to", "v1.16", "manifests/malformed.yaml"] => 2;
    html_injection_markdown: ["--to", "v1.22", "manifests/injection.yaml", "--format", "markdown"] => 3;
    directory_with_from_markdown: ["--from", "v1.15", "--to", "v1.20", "manifests", "--format", "markdown"] => 2;
    // Exit codes: nothing deprecated or removed; only deprecated; --strict; removed.
    exit_0_current_apis: ["--to", "v1.25", "manifests/current.yaml"] => 0;
    exit_0_deprecated_only: ["--to", "v1.15", "manifests/list.json"] => 0;
    exit_3_deprecated_strict: ["--to", "v1.15", "manifests/list.json", "--strict", "--format", "json"] => 3;
    exit_3_removed: ["--to", "v1.16", "manifests/list.json", "--format", "json"] => 3;
    // Usage errors and unreadable inputs exit 2.
    exit_2_bad_target: ["--to", "latest", "manifests/list.json"] => 2;
    exit_2_inverted_range: ["--from", "v1.22", "--to", "v1.16", "manifests/list.json"] => 2;
    exit_2_missing_manifest: ["--to", "v1.22", "manifests/list.json", "manifests/no-such.yaml", "--format", "json"] => 2;
    exit_2_no_manifest_given: ["--to", "v1.22"] => 2;
}

/// `deprecations --api-guide`: the guide's removals beside what the changelogs say.
#[test]
fn deprecations_with_the_guide() {
    let mut cmd = k8s_changelog!();
    cmd.current_dir(fixtures::root())
        .args(["deprecations", "--format", "markdown"])
        .args(SOURCES);
    let out = cmd.output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(
        "deprecations_with_the_guide_markdown",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn stdin_like_helm_template() {
    let yaml = std::fs::read(fixtures::root().join("manifests/multi.yaml")).unwrap();
    let (code, out) = run(&["--to", "v1.22", "-", "--format", "json"], &yaml, None);
    insta::assert_snapshot!("stdin_json", out);
    assert_eq!(code, 3);
}

#[test]
fn empty_input_is_a_clean_result() {
    let (code, out) = run(&["--to", "v1.22", "-", "--format", "json"], b"", None);
    insta::assert_snapshot!("empty_stdin_json", out);
    assert_eq!(code, 0);
}

#[test]
fn missing_changelogs_exit_2() {
    let mut cmd = k8s_changelog!();
    cmd.current_dir(fixtures::root())
        .args(["check", "--to", "v1.22", "--changelog-dir", "no-such-dir"])
        .arg("manifests/list.json");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read the changelogs"), "{stderr}");
}

#[test]
fn binary_file_is_an_error_and_the_rest_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("image.yaml");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe").unwrap();
    let args = [
        "--to",
        "v1.22",
        bin.to_str().unwrap(),
        "manifests/list.json",
        "--format",
        "json",
    ];
    let (code, out) = run(&args, b"", Some(tmp.path()));
    insta::assert_snapshot!("binary_file_json", out);
    assert_eq!(code, 2);
}

/// 50 MB: a Deployment, a ConfigMap holding 50 MB of text, and an Ingress after it, read
/// whole and in time.
#[test]
fn fifty_megabyte_file() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.yaml");
    let mut text = String::with_capacity(51_000_000);
    text.push_str("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: first\n");
    text.push_str(
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  blob: |\n",
    );
    let line = format!("    {}\n", "x".repeat(95));
    while text.len() < 50_000_000 {
        text.push_str(&line);
    }
    text.push_str(
        "---\napiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: last\n",
    );
    std::fs::write(&big, &text).unwrap();
    let start = std::time::Instant::now();
    let (code, out) = run(
        &["--to", "v1.22", big.to_str().unwrap(), "--format", "csv"],
        b"",
        Some(tmp.path()),
    );
    let took = start.elapsed();
    insta::assert_snapshot!("fifty_megabytes_csv", out);
    assert_eq!(code, 3);
    assert!(took.as_secs() < 60, "{took:?}");
}

/// 10,000 documents checked through the whole command in a debug build: well within a few
/// seconds (BENCHMARKS.md has the release figures).
#[test]
fn ten_thousand_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("many.yaml");
    std::fs::write(&file, generated_documents(10_000)).unwrap();
    let start = std::time::Instant::now();
    let (code, out) = run(
        &["--to", "v1.22", file.to_str().unwrap(), "--format", "csv"],
        b"",
        Some(tmp.path()),
    );
    let took = start.elapsed();
    assert_eq!(code, 3, "{out:.500}");
    // A third of the objects are extensions/v1beta1 Deployments, a third v1beta1 Ingresses.
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("<tmp>/many.yaml,"))
            .count(),
        6667
    );
    eprintln!("check of 10,000 documents (debug build): {took:?}");
    assert!(took.as_secs() < 30, "{took:?}");
}

/// `n` documents: Deployments in extensions/v1beta1 and apps/v1, Ingresses in
/// networking.k8s.io/v1beta1, each a realistic size.
pub fn generated_documents(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let (api, kind) = match i % 3 {
            0 => ("extensions/v1beta1", "Deployment"),
            1 => ("apps/v1", "Deployment"),
            _ => ("networking.k8s.io/v1beta1", "Ingress"),
        };
        out.push_str(&format!(
            "---\napiVersion: {api}\nkind: {kind}\nmetadata:\n  name: app-{i}\n  namespace: ns-{}\n  labels:\n    app: app-{i}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: main\n          image: example/app:{i}\n          ports: [{{containerPort: 8080}}]\n",
            i % 10
        ));
    }
    out
}

/// The corpus and the real guide: at v1.22 the v1beta1 webhook, CRD and Ingress objects are
/// no longer served, with the guide's replacements.
#[test]
fn corpus_v1_22_with_the_guide() {
    let Some(mut cmd) = k8s_changelog!(corpus) else {
        return;
    };
    let guide = require!(api_guide());
    let out = cmd
        .current_dir(fixtures::root())
        .args(["check", "--to", "v1.22", "--api-guide"])
        .arg(&guide)
        .args(["manifests/webhooks.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (
                s("kind"),
                s("status"),
                format!("{} {}", s("since"), s("replacement")),
            )
        })
        .collect();
    let expected = [
        (
            "ValidatingWebhookConfiguration",
            "removed",
            "1.22 admissionregistration.k8s.io/v1",
        ),
        (
            "CustomResourceDefinition",
            "removed",
            "1.22 apiextensions.k8s.io/v1",
        ),
        ("Ingress", "removed", "1.22 networking.k8s.io/v1"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, expected);
}

/// A target past the newest release read (the corpus ends at v1.24.0-alpha.1): a warning says
/// so, and a deprecation whose planned removal comes by the target is flagged as due
/// (PodSecurityPolicy: deprecated 1.21, removal planned 1.25).
#[test]
fn corpus_past_its_newest_release_flags_planned_removals() {
    let Some(mut cmd) = k8s_changelog!(corpus) else {
        return;
    };
    let psp = "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: psp}\n";
    let out = cmd
        .args(["check", "--to", "v1.25", "-"])
        .write_stdin(psp)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("warning: v1.25 is past the newest release read (v1.24.0-alpha.1)"),
        "{stderr}"
    );
    assert!(
        stdout.contains("1 deprecated (1 of them planned for removal by v1.25;"),
        "{stdout}"
    );
    assert!(
        stdout.contains("removal planned 1.25 (by the target)"),
        "{stdout}"
    );
}

/// Without `--api-guide`, `check` reads the guide where `fetch` puts it: beside the CHANGELOGs
/// of `--changelog-dir` (not a fixed `data/changelog`).
#[test]
fn the_guide_beside_the_changelog_dir_is_the_default() {
    let tmp = tempfile::tempdir().unwrap();
    let root = fixtures::root();
    for entry in std::fs::read_dir(root.join("manifests/changelog")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    let check = |dir: &Path| {
        let out = k8s_changelog!()
            .current_dir(&root)
            .args(["check", "--to", "v1.22", "--changelog-dir"])
            .arg(dir)
            .args(["manifests/multi.yaml", "--format", "json"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).replace(&dir.display().to_string(), "<dir>")
    };
    assert!(
        check(tmp.path()).contains(
            "API guide: none (pass --api-guide FILE or put it at <dir>/deprecation-guide.md)"
        ),
        "{}",
        check(tmp.path())
    );
    std::fs::copy(
        root.join("manifests/deprecation-guide.md"),
        tmp.path().join("deprecation-guide.md"),
    )
    .unwrap();
    let with_guide = check(tmp.path());
    assert!(
        with_guide.contains("API guide: <dir>/deprecation-guide.md ("),
        "{with_guide}"
    );
}
