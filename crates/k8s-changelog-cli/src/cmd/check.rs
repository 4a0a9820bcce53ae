//! `k8s-changelog check`: which objects of a user's manifests are deprecated or no longer
//! served at a target release (`k8s_changelog::check`), against the changelogs of
//! `--changelog-dir` and the Deprecated API Migration Guide. Exit codes: `src/exit.rs`.

use crate::exit::CheckOutcome;
use crate::history::{self, HistoryArgs};
use crate::input::{self, GuideArgs};
use crate::manifests::{self, ManifestError};
use crate::report::{self, Doc, Field, Format, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use k8s_changelog::check::{Checker, Finding, FindingStatus};
use k8s_changelog::CheckReport;
use serde::Serialize;
use std::path::PathBuf;

/// The positional arguments are manifests here, so CHANGELOG files move to `--input PATH`.
#[derive(clap::Args)]
#[command(mut_arg("paths", |arg| arg
    .long("input")
    .action(clap::ArgAction::Append)
    .help("CHANGELOG files or directories to check against [default: --changelog-dir]")))]
pub struct Args {
    /// The release you upgrade to (`v1.22` or `v1.22.3`; minors compare)
    #[arg(long, value_name = "vX.Y[.Z]")]
    to: String,

    /// The release you run now: each finding says whether it is new on the way
    #[arg(long, value_name = "vA.B[.C]")]
    from: Option<String>,

    /// Manifests: files, directories (every .yaml, .yml and .json under them) or `-` for stdin
    #[arg(value_name = "MANIFEST", required = true)]
    manifests: Vec<PathBuf>,

    /// Also exit 3 when an object is only deprecated at the target
    #[arg(long)]
    strict: bool,

    #[command(flatten)]
    history: HistoryArgs,

    #[command(flatten)]
    guide: GuideArgs,

    #[command(flatten)]
    format: FormatArgs,
}

/// The JSON output: the core's report and what could not be read.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    report: &'a CheckReport,
    errors: &'a [ManifestError],
}

/// Which sources the answer comes from, for the text formats and stderr.
struct Sources {
    changelogs: String,
    guide: String,
}

pub fn run(args: Args) -> Result<()> {
    // Usage errors first, before anything is read.
    k8s_changelog::check::parse_minor(&args.to)?;
    if let Some(from) = &args.from {
        k8s_changelog::check::parse_minor(from)?;
    }
    let unreadable = |e: anyhow::Error, what: &str| {
        e.context(CheckOutcome::Unreadable(format!("cannot read {what}")))
    };
    let loaded = history::loaded(&args.history).map_err(|e| unreadable(e, "the changelogs"))?;
    let history = &loaded.history;
    let changelog_dir = &args.history.input.changelog_dir;
    let guide = args
        .guide
        .load(Some(changelog_dir))
        .map_err(|e| unreadable(e, "the API guide"))?;
    let read = manifests::read(&args.manifests);
    let deprecations = loaded.deprecations();
    let checker = Checker::new(&deprecations, guide.as_ref().map(|g| &g.guide));
    let report = checker.check(&read.objects, &args.to, args.from.as_deref())?;

    let last = history
        .releases()
        .last()
        .map(|r| r.version.as_str())
        .unwrap_or("");
    let sources = Sources {
        changelogs: format!(
            "changelogs: {} ({} releases, up to {last})",
            match args.history.input.paths.as_slice() {
                [] => args.history.input.changelog_dir.display().to_string(),
                paths => paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            history.releases().len()
        ),
        guide: match &guide {
            Some(g) => format!(
                "API guide: {} ({} API removals)",
                g.name,
                g.guide.entries.len()
            ),
            None => format!(
                "API guide: none (pass --api-guide FILE or put it at {})",
                input::default_api_guide(changelog_dir).display()
            ),
        },
    };
    if k8s_changelog::check::past_history(&report.target, last) {
        eprintln!(
            "warning: {} is past the newest release read ({last}): what changes there is known \
             only from planned removals and the API guide; `k8s-changelog fetch` gets newer changelogs",
            report.target
        );
    }
    if read.objects.is_empty() && read.errors.is_empty() {
        eprintln!(
            "warning: no Kubernetes object (a document with apiVersion and kind) in the input"
        );
    }
    for e in &read.errors {
        eprintln!("{}: error: {}", location(&e.file, e.line), e.message);
    }
    if args.format.format != Format::Table && args.format.format != Format::Markdown {
        eprintln!("{}; {}", sources.changelogs, sources.guide);
    }
    let output = Output {
        report: &report,
        errors: &read.errors,
    };
    report::write(
        &args.format,
        &output,
        || sheet(&report),
        |format| doc(&report, &read, &sources, format),
    )?;

    if !read.errors.is_empty() {
        return Err(CheckOutcome::Unreadable(format!(
            "{} reading the manifests (listed above); what could be read was checked",
            report::count(read.errors.len(), "error", "errors")
        ))
        .into());
    }
    let removed = report.count(FindingStatus::Removed);
    let deprecated = report.count(FindingStatus::Deprecated);
    if removed > 0 || (args.strict && deprecated > 0) {
        let mut what = Vec::new();
        if removed > 0 {
            what.push(format!(
                "{} no longer served at {}",
                report::count(removed, "object is", "objects are"),
                report.target
            ));
        }
        if args.strict && deprecated > 0 {
            what.push(format!(
                "{} deprecated (--strict)",
                report::count(deprecated, "object is", "objects are")
            ));
        }
        return Err(CheckOutcome::NotServed(what.join("; ")).into());
    }
    Ok(())
}

fn location(file: &str, line: Option<u32>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    }
}

/// Text from a manifest, safe to show: control characters (a terminal escape in a name) are
/// written as escapes, and in Markdown `<`, `>` and `&` as entities, so a name never becomes
/// markup.
fn shown(text: &str, format: Format) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' if format == Format::Markdown => out.push_str("&lt;"),
            '>' if format == Format::Markdown => out.push_str("&gt;"),
            '&' if format == Format::Markdown => out.push_str("&amp;"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// `v1.16.0-alpha.1 #70672 (no-longer-served); guide line 136`: the guide's file is named in
/// the sources line.
fn source(f: &Finding) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &f.evidence.changelog {
        let pr = c.pr.map(|p| format!(" #{p}")).unwrap_or_default();
        parts.push(format!("{}{pr} ({})", c.release, c.status));
    }
    if let Some(g) = &f.evidence.guide {
        parts.push(format!("guide line {}", g.line));
    }
    parts.join("; ")
}

fn doc(
    report: &CheckReport,
    read: &manifests::Manifests,
    sources: &Sources,
    format: Format,
) -> Doc {
    let mut doc = Doc::default();
    let s = |t: &str| shown(t, format);
    let due = match report.removals_due() {
        0 => String::new(),
        n => format!(
            " ({n} of them planned for removal by {}; the sources read do not record it)",
            report.target
        ),
    };
    doc.paragraph(format!(
        "Checked {} in {} against {}{}: {} removed, {} deprecated{due}.",
        report::count(read.objects.len(), "object", "objects"),
        report::count(read.files, "input", "inputs"),
        report.target,
        report
            .from
            .as_deref()
            .map(|f| format!(" (from {f})"))
            .unwrap_or_default(),
        report.count(FindingStatus::Removed),
        report.count(FindingStatus::Deprecated),
    ));
    doc.paragraph(format!(
        "Sources: {}; {}.",
        s(&sources.changelogs),
        s(&sources.guide)
    ));
    if !report.findings.is_empty() {
        let mut header = vec![
            "where",
            "object",
            "api version",
            "status",
            "replacement",
            "source",
        ];
        if report.from.is_some() {
            header.push("new");
        }
        let notes = report
            .findings
            .iter()
            .any(|f| f.disagreement.is_some() || f.removal_planned.is_some());
        if notes {
            header.push("note");
        }
        let mut grid = Grid::new(&header);
        for f in &report.findings {
            let object = match (&f.object.namespace, &f.object.name) {
                (Some(ns), Some(name)) => format!("{} {}/{}", f.object.kind, ns, name),
                (None, Some(name)) => format!("{} {}", f.object.kind, name),
                (_, None) => f.object.kind.clone(),
            };
            let status = match &f.since {
                Some(since) => format!("{} {since}", f.status.label()),
                None => f.status.label().to_string(),
            };
            let mut note = f.disagreement.clone().unwrap_or_default();
            if let Some(planned) = &f.removal_planned {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(&format!("removal planned {planned}"));
                if f.removal_due {
                    note.push_str(" (by the target)");
                }
            }
            let mut row = vec![
                Field::from(s(&location(&f.object.file, Some(f.object.line)))),
                Field::from(s(&object)).tone(Tone::Strong),
                Field::from(s(&f.object.api_version)),
                Field::from(status).tone(match f.status {
                    FindingStatus::Removed => Tone::Bad,
                    FindingStatus::Deprecated => Tone::Warn,
                }),
                Field::from(f.replacement.clone().unwrap_or_default()),
                Field::from(s(&source(f))),
            ];
            if report.from.is_some() {
                row.push(Field::from(if f.new_on_path == Some(true) {
                    "yes"
                } else {
                    ""
                }));
            }
            if notes {
                row.push(Field::from(note));
            }
            grid.push(row);
        }
        doc.grid(grid);
    }
    if !read.errors.is_empty() {
        doc.heading("Not read");
        let mut grid = Grid::new(&["where", "error"]);
        if read.objects.is_empty() && read.errors.is_empty() {
            eprintln!(
                "warning: no Kubernetes object (a document with apiVersion and kind) in the input"
            );
        }
        for e in &read.errors {
            grid.push(vec![
                Field::from(s(&location(&e.file, e.line))),
                Field::from(s(&e.message)).tone(Tone::Bad),
            ]);
        }
        doc.grid(grid);
    }
    doc
}

fn sheet(report: &CheckReport) -> Sheet {
    let mut sheet = Sheet::new(&[
        "file",
        "line",
        "api_version",
        "kind",
        "name",
        "namespace",
        "status",
        "since",
        "replacement",
        "removal_planned",
        "removal_due",
        "new_on_path",
        "disagreement",
        "changelog_release",
        "changelog_pr",
        "changelog_sentence",
        "guide_file",
        "guide_line",
        "guide_sentence",
    ]);
    for f in &report.findings {
        let (c, g) = (f.evidence.changelog.as_ref(), f.evidence.guide.as_ref());
        sheet.push(vec![
            f.object.file.clone(),
            f.object.line.to_string(),
            f.object.api_version.clone(),
            f.object.kind.clone(),
            f.object.name.clone().unwrap_or_default(),
            f.object.namespace.clone().unwrap_or_default(),
            f.status.label().to_string(),
            f.since.clone().unwrap_or_default(),
            f.replacement.clone().unwrap_or_default(),
            f.removal_planned.clone().unwrap_or_default(),
            f.removal_due.to_string(),
            f.new_on_path.map(|n| n.to_string()).unwrap_or_default(),
            f.disagreement.clone().unwrap_or_default(),
            c.map(|c| c.release.clone()).unwrap_or_default(),
            c.and_then(|c| c.pr)
                .map(|p| p.to_string())
                .unwrap_or_default(),
            c.map(|c| c.sentence.clone()).unwrap_or_default(),
            g.map(|g| g.file.clone()).unwrap_or_default(),
            g.map(|g| g.line.to_string()).unwrap_or_default(),
            g.map(|g| g.sentence.clone()).unwrap_or_default(),
        ]);
    }
    sheet
}
