//! The parser's contract on hostile input: it never panics, it accounts for every non-blank line
//! of its input somewhere in the model, and it runs in linear time.
//!
//! The accounting is the core's own check, [`k8s_changelog::Changelog::accounting`] (in
//! `model/accounting.rs`), which documents what "lines", "blank" and "accounted for" mean: a
//! release heading, an outline heading, a note, prose block or advisory (`line..=end_line`), a
//! download, image or dependency line, a layout or unaccounted line, or a preamble span. Every
//! span must also lie inside the text.

use k8s_changelog::{parse, parse_bytes, Changelog, ParseOptions};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Fails with the first few lines that nothing accounts for (the core's
/// [`Changelog::accounting`] check), or a span that lies outside the text.
fn check_accounting(file: &str, text: &str, log: &Changelog) -> Result<(), TestCaseError> {
    match log.accounting(file, text).report(5) {
        None => Ok(()),
        Some(report) => Err(TestCaseError::fail(report)),
    }
}

fn config() -> Config {
    Config {
        // PROPTEST_CASES raises it for a longer hunt.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(256),
        // No regression files next to the test: a failure prints its minimal input instead.
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// A grammar of changelog-like fragments. Each fragment is one or more lines without their line
// endings; a document joins them with `\n`, `\r\n` or a mix.

fn version() -> impl Strategy<Value = String> {
    (
        0u32..30,
        0u32..20,
        prop_oneof![
            4 => Just(String::new()),
            1 => (0u32..4).prop_map(|n| format!("-alpha.{n}")),
            1 => (0u32..4).prop_map(|n| format!("-beta.{n}")),
            1 => (0u32..4).prop_map(|n| format!("-rc.{n}")),
        ],
    )
        .prop_map(|(minor, patch, pre)| format!("v1.{minor}.{patch}{pre}"))
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("kubelet".to_string()),
        Just("kubeadm:".to_string()),
        Just("Fix".to_string()),
        Just("`--flag`".to_string()),
        Just("**bold**".to_string()),
        Just("_em_".to_string()),
        Just("CVE-2021-25741".to_string()),
        Just("[link](https://example.com)".to_string()),
        Just("ACTION REQUIRED:".to_string()),
        Just("#123".to_string()),
        Just("<br>".to_string()),
        Just("→".to_string()),
        "[a-z]{1,8}",
        "\\PC{1,6}",
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..8).prop_map(|words| words.join(" "))
}

fn sig() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Node"),
        Just("API Machinery"),
        Just("Cluster Lifecycle"),
        Just("Storage"),
        Just("Network"),
        Just("Nonexistent"),
    ]
    .prop_map(str::to_string)
}

fn reference() -> impl Strategy<Value = String> {
    (
        1u64..200_000,
        "[a-z][a-z0-9-]{0,8}",
        prop::collection::vec(sig(), 0..3),
    )
        .prop_map(|(pr, author, sigs)| {
            let sigs = if sigs.is_empty() {
                String::new()
            } else {
                format!(" [SIG {}]", sigs.join(", "))
            };
            format!(
                "([#{pr}](https://github.com/kubernetes/kubernetes/pull/{pr}), \
                 [@{author}](https://github.com/{author})){sigs}"
            )
        })
}

fn bullet() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("- "),
            Just("* "),
            Just("1. "),
            Just("  - "),
            Just("\t- ")
        ],
        sentence(),
        prop::option::of(reference()),
        prop::collection::vec(
            (
                prop_oneof![Just("  "), Just("    "), Just("\t"), Just("")],
                sentence(),
            ),
            0..3,
        ),
    )
        .prop_map(|(marker, text, reference, continuation)| {
            let mut out = format!("{marker}{text}");
            if let Some(reference) = reference {
                out.push(' ');
                out.push_str(&reference);
            }
            for (indent, line) in continuation {
                out.push('\n');
                out.push_str(indent);
                out.push_str(&line);
            }
            out
        })
}

fn heading() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => version().prop_map(|v| format!("# {v}")),
        1 => version().prop_map(|v| format!("# {v}.7")),
        1 => Just("# vX.Y".to_string()),
        2 => version().prop_map(|v| format!("## Changelog since {v}")),
        1 => version().prop_map(|v| format!("### Changes since {v}")),
        2 => Just("## Changes by Kind".to_string()),
        2 => Just("### Bug or Regression".to_string()),
        1 => Just("### Feature".to_string()),
        1 => Just("### API Change".to_string()),
        1 => Just("### Other (Cleanup or Flake)".to_string()),
        1 => Just("## Urgent Upgrade Notes".to_string()),
        1 => Just("### (No, really, you MUST read this before you upgrade)".to_string()),
        2 => Just("## Dependencies".to_string()),
        1 => prop_oneof![Just("### Added"), Just("### Changed"), Just("### Removed")]
            .prop_map(str::to_string),
        1 => Just("## Important Security Information".to_string()),
        1 => Just("### CVE-2021-25741: Symlink Exchange Can Allow Host Filesystem Access"
            .to_string()),
        1 => version().prop_map(|v| format!("## Downloads for {v}")),
        1 => prop_oneof![
            Just("### Source Code"),
            Just("### Client Binaries"),
            Just("### Server Binaries"),
            Just("### Container Images"),
        ]
        .prop_map(str::to_string),
        1 => Just("## Known Issues".to_string()),
        1 => Just("#### SIG Node".to_string()),
        1 => (1usize..9, sentence()).prop_map(|(n, s)| format!("{} {s}", "#".repeat(n))),
        1 => Just("#".to_string()),
        1 => sentence().prop_map(|s| format!("{s}\n=====")),
        1 => sentence().prop_map(|s| format!("{s}\n---")),
    ]
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        // Dependencies.
        2 => ("[a-z./]{3,20}", version(), version())
            .prop_map(|(m, a, b)| format!("- {m}: {a} → {b}")),
        1 => ("[a-z./]{3,20}", version()).prop_map(|(m, a)| format!("- {m}: {a}")),
        1 => Just("_Nothing has changed._".to_string()),
        // Fences, closed or not.
        1 => (prop_oneof![Just("```"), Just("~~~"), Just("````"), Just("```yaml")], sentence())
            .prop_map(|(f, s)| format!("{f}\n{s}")),
        1 => (sentence(), any::<bool>()).prop_map(|(s, indent)| {
            let pad = if indent { "  " } else { "" };
            format!("{pad}```\n{pad}{s}\n{pad}```")
        }),
        // Tables.
        2 => Just("filename | sha512 hash\n-------- | -----------".to_string()),
        2 => ("[a-z-]{3,12}", "[0-9a-f]{8,16}").prop_map(|(n, h)| {
            format!("[{n}.tar.gz](https://dl.k8s.io/v1.22.0/{n}.tar.gz) | `{h}`")
        }),
        1 => Just("name | architectures\n---- | -------------".to_string()),
        1 => "[a-z-]{3,12}".prop_map(|n| {
            format!(
                "[registry.k8s.io/{n}:v1.22.0](https://registry.k8s.io/{n}) | \
                 [amd64](https://x/{n}-amd64), [arm64](https://x/{n}-arm64)"
            )
        }),
        1 => Just("a | b".to_string()),
        1 => Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
        // Advisories.
        1 => Just("**CVSS Rating:** High (8.8) [CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H]"
            .to_string()),
        1 => Just("**CVSS Rating:** High (8.8)".to_string()),
        1 => Just("**Affected Versions**:\n  - kubelet v1.22.0 - v1.22.1\n**Fixed Versions**:\n  - kubelet v1.22.2"
            .to_string()),
        // HTML and generator markers.
        1 => Just("<!-- BEGIN MUNGE: GENERATED_TOC -->".to_string()),
        1 => Just("<!-- END MUNGE: GENERATED_TOC -->".to_string()),
        1 => Just("<details>\n<summary>x</summary>".to_string()),
        1 => Just("</details>".to_string()),
        1 => Just("<!-- unclosed comment".to_string()),
        1 => version().prop_map(|v| format!("- [{v}](#{})", v.replace('.', ""))),
        // Other Markdown.
        1 => sentence().prop_map(|s| format!("> {s}")),
        1 => sentence().prop_map(|s| format!("    {s}")),
        1 => sentence().prop_map(|s| format!("\t{s}")),
        1 => Just("---".to_string()),
        1 => Just("[ref]: https://example.com".to_string()),
        // Random text and whitespace.
        3 => sentence(),
        1 => "\\PC{0,40}",
        1 => any::<String>(),
        1 => "[ \t]{0,4}",
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => heading(),
        4 => bullet(),
        3 => block(),
        2 => Just(String::new()),
    ]
}

/// A changelog-like document: fragments joined with LF, CRLF or a mix of the two.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(fragment(), 0..40),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(fragments, endings, trailing)| {
            let mut text = String::new();
            for (i, fragment) in fragments.iter().enumerate() {
                for (j, line) in fragment.split('\n').enumerate() {
                    if i + j > 0 {
                        let crlf = match endings {
                            0 => false,
                            1 => true,
                            _ => (i + j) % 2 == 0,
                        };
                        text.push_str(if crlf { "\r\n" } else { "\n" });
                    }
                    text.push_str(line);
                }
            }
            if trailing {
                text.push('\n');
            }
            text
        })
}

proptest! {
    #![proptest_config(config())]

    // The never-panic properties are checked on their own, so that an accounting failure (which
    // stops a property at its first case) cannot hide a panic.

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = parse(&text, "arbitrary.md");
    }

    #[test]
    fn schedules_and_eol_files_never_panic(text in any::<String>(), minor in 0u32..200) {
        let schedule = k8s_changelog::schedule::parse_schedule_of(&text, "release.md", &format!("1.{minor}"));
        let schedules = k8s_changelog::schedule::Schedules::new(vec![schedule]);
        let day = chrono::NaiveDate::from_ymd_opt(2020, 3, 22).unwrap();
        let _ = schedules.phase_at(day).describe();
        let _ = schedules.next_deadlines(day, 3);
        let _ = k8s_changelog::eol::parse_eol(&text, "eol.yaml");
    }

    #[test]
    fn schedule_like_markdown_never_panics(
        rows in prop::collection::vec(
            ("[A-Za-z0-9 .~*|\\[\\]-]{0,30}", "(Mon|Tue|Sept|March|JAN|[0-9]{1,4}|~~|st|th| |,|-){0,8}"),
            0..20,
        ),
    ) {
        let mut text = String::from("| What | Who | JAN | When |\n|---|---|---|---|\n");
        for (what, when) in &rows {
            text.push_str(&format!("| {what} | x | {when} | {when} |\n- {when}: {what}\n<tr><td>{what}</td><td>{when}\n"));
        }
        let _ = k8s_changelog::schedule::parse_schedule(&text, "release-1.18.md");
    }

    #[test]
    fn changelog_like_markdown_never_panics(text in document()) {
        let _ = parse(&text, "CHANGELOG-1.22.md");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let options = ParseOptions { file: "bytes.md", version: None };
        let _ = parse_bytes(&bytes, &options);
    }

    #[test]
    fn changelog_like_bytes_with_bad_utf8_never_panic(
        text in document(),
        junk in prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 0..8),
    ) {
        let mut bytes = text.into_bytes();
        for (at, byte) in junk {
            let at = at.index(bytes.len() + 1);
            bytes.insert(at, byte);
        }
        let options = ParseOptions { file: "bytes.md", version: None };
        let log = parse_bytes(&bytes, &options);
        // Every line holding a bad byte gets a diagnostic (up to 20 of them).
        let bad = bytes.split(|b| *b == b'\n').filter(|l| std::str::from_utf8(l).is_err()).count();
        prop_assert!(log.diagnostics.len() >= bad.min(20));
    }

    #[test]
    fn a_fixed_version_never_panics(text in document()) {
        let options = ParseOptions { file: "release-notes-draft.md", version: Some("v1.22.0") };
        let _ = k8s_changelog::parse_with(&text, &options);
    }

    #[test]
    fn arbitrary_strings_are_accounted_for(text in any::<String>()) {
        let log = parse(&text, "arbitrary.md");
        check_accounting("arbitrary.md", &text, &log)?;
    }

    #[test]
    fn changelog_like_markdown_is_accounted_for(text in document()) {
        let log = parse(&text, "CHANGELOG-1.22.md");
        check_accounting("CHANGELOG-1.22.md", &text, &log)?;
    }

    // The same inside a release, so that input without any release heading (which a preamble
    // must then cover) does not hide what happens within one.

    #[test]
    fn arbitrary_strings_in_a_release_are_accounted_for(text in any::<String>()) {
        let text = format!("# v1.22.0\n\n{text}");
        let log = parse(&text, "CHANGELOG-1.22.md");
        check_accounting("CHANGELOG-1.22.md", &text, &log)?;
    }

    #[test]
    fn changelog_like_markdown_in_a_release_is_accounted_for(text in document()) {
        let text = format!("# v1.22.0\n\n{text}");
        let log = parse(&text, "CHANGELOG-1.22.md");
        check_accounting("CHANGELOG-1.22.md", &text, &log)?;
    }

    #[test]
    fn arbitrary_bytes_are_accounted_for(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let options = ParseOptions { file: "bytes.md", version: None };
        let log = parse_bytes(&bytes, &options);
        check_accounting("bytes.md", &String::from_utf8_lossy(&bytes), &log)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Linear time on pathological input.

/// The calling thread's time on a CPU so far (Linux; tick resolution), if the system says.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    (nanos > 0).then(|| Duration::from_nanos(nanos))
}

/// Parsing `make(n)` stays well under a second, and parsing a quarter of it takes no more than
/// about a quarter of the time: linear growth is 4x, quadratic 16x.
fn assert_linear(name: &str, make: impl Fn(usize) -> String, n: usize) {
    // This is the debug budget: unoptimised pulldown-cmark alone needs ~70 ms for 100k nested
    // `>` and ~150 ms for 200k unclosed fences here; release builds are ~10x faster.
    let budget = if cfg!(debug_assertions) {
        Duration::from_secs(1)
    } else {
        Duration::from_millis(200)
    };
    // The timing tests take turns, and each size is timed three times, interleaved, keeping the
    // fastest. Where Linux tells the thread's own CPU time, that is what is measured, so that a
    // busy machine (other builds, other tests) does not make the run look slow.
    static TIMING: Mutex<()> = Mutex::new(());
    let _turn = TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let time = |text: &str| {
        let (cpu, wall) = (thread_cpu_time(), Instant::now());
        let log = parse(text, "pathological.md");
        let elapsed = match (cpu, thread_cpu_time()) {
            (Some(before), Some(after)) if after >= before => after - before,
            _ => wall.elapsed(),
        };
        drop(log);
        elapsed
    };
    let small = make(n / 4);
    let large = make(n);
    let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        t_small = t_small.min(time(&small));
        t_large = t_large.min(time(&large));
    }
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
    let report = format!(
        "{name}: {} bytes took {t_small:?}, {} bytes took {t_large:?} ({ratio:.1}x)",
        small.len(),
        large.len()
    );
    eprintln!("{report}");
    // Flag growth well beyond linear, only when the large input takes long enough for the
    // ratio to mean something. A quadratic pass over 10^5 items takes seconds.
    assert!(
        t_large < Duration::from_millis(100) || ratio < 12.0,
        "{report}: growth looks superlinear"
    );
    assert!(t_large < budget, "{report}: over the budget of {budget:?}");
}

#[test]
fn nested_blockquotes_parse_in_linear_time() {
    assert_linear(
        "nested >",
        |n| format!("# v1.22.0\n\n- {}x\n", ">".repeat(n)),
        100_000,
    );
    assert_linear("> lines", |n| "> ".repeat(n) + "x\n", 100_000);
}

#[test]
fn nested_brackets_parse_in_linear_time() {
    assert_linear(
        "nested [",
        |n| format!("# v1.22.0\n\n- {}\n", "[".repeat(n)),
        100_000,
    );
    assert_linear(
        "[]( pairs",
        |n| format!("# v1.22.0\n\n- {}\n", "[a](".repeat(n / 4)),
        100_000,
    );
}

#[test]
fn long_single_line_parses_in_linear_time() {
    assert_linear(
        "200k-char line",
        |n| {
            format!(
                "# v1.22.0\n\n- {} ([#1](https://github.com/kubernetes/kubernetes/pull/1))\n",
                "a ".repeat(n / 2)
            )
        },
        200_000,
    );
    assert_linear(
        "200k-char reference line",
        |n| {
            let refs = "([#1](https://github.com/kubernetes/kubernetes/pull/1), ".repeat(n / 56);
            format!("# v1.22.0\n\n- x {refs}\n")
        },
        200_000,
    );
}

#[test]
fn backticks_parse_in_linear_time() {
    assert_linear(
        "10^5 backticks",
        |n| format!("# v1.22.0\n\n- {}\n", "`".repeat(n)),
        100_000,
    );
    assert_linear(
        "backtick runs",
        |n| {
            let runs: String = (1..)
                .map(|k| "`".repeat(k % 50 + 1) + " ")
                .take(n / 26)
                .collect();
            format!("# v1.22.0\n\n- {runs}\n")
        },
        100_000,
    );
}

#[test]
fn many_lines_parse_in_linear_time() {
    assert_linear(
        "2k bullets",
        |n| {
            let mut text =
                String::from("# v1.22.0\n\n## Changes by Kind\n\n### Bug or Regression\n\n");
            for i in 0..n {
                text.push_str(&format!(
                    "- Fix {i} ([#{i}](https://github.com/kubernetes/kubernetes/pull/{i}), \
                     [@a](https://github.com/a)) [SIG Node]\n"
                ));
            }
            text
        },
        2_000,
    );
    assert_linear("release headings", |n| "# v1.22.0\n".repeat(n), 10_000);
    assert_linear("unclosed fences", |n| "```\n".repeat(n), 50_000);
}
