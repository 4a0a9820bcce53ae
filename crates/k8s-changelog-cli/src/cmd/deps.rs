//! `k8s-changelog deps`: the version of dependencies across releases, as
//! `k8s_changelog::timeline::dependencies` reads the notes: every release where it changed,
//! and the version at both ends of the range.

use crate::history::{self, HistoryArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use k8s_changelog::timeline::{self, DependencyChangeAt, DependencyTimeline, VersionAt};
use k8s_changelog::{History, Release, ReleaseRange};
use serde::Serialize;

/// The positional arguments are modules here, so the CHANGELOG inputs move to `--input PATH`.
#[derive(clap::Args)]
#[command(mut_arg("paths", |arg| arg
    .long("input")
    .action(clap::ArgAction::Append)
    .help("CHANGELOG files, directories (every CHANGELOG-*.md in them) or `-` for stdin [default: --changelog-dir]")))]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    /// Go modules (`github.com/google/cadvisor`) or key components (`go`, `etcd`, `coredns`,
    /// `containerd`, `cri-tools`, `cni`, `runc`, …) [default: go etcd coredns containerd
    /// cri-tools cni]
    #[arg(value_name = "MODULE")]
    modules: Vec<String>,

    /// Changes after this release (it must exist)
    #[arg(long, value_name = "vX.Y.Z")]
    from: Option<String>,

    /// Changes up to this release, included (it must exist)
    #[arg(long, value_name = "vX.Y.Z")]
    to: Option<String>,

    #[command(flatten)]
    format: FormatArgs,
}

#[derive(Serialize)]
struct Change {
    #[serde(flatten)]
    change: DependencyChangeAt,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    /// The file of the release, where the evidence's `line` is.
    file: String,
}

/// One module's timeline within the range.
#[derive(Serialize)]
struct ModuleTimeline {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<VersionAt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<VersionAt>,
    /// Every release after `from` up to `to` where the version changed, oldest first; patch
    /// releases of older lines (backports) included.
    changes: Vec<Change>,
}

pub fn run(args: Args) -> Result<()> {
    let history = history::load(&args.input)?;
    let range = history.range(args.from.as_deref(), args.to.as_deref())?;
    let names: Vec<String> = if args.modules.is_empty() {
        k8s_changelog::vocabulary::HEADLINE_DEPENDENCIES
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        args.modules.clone()
    };
    // A name asked for that no release's dependencies have is left out and said, with the
    // closest one (as `feature-gates` does for a gate); the default names are always shown.
    let named = !args.modules.is_empty();
    let mut timelines = Vec::new();
    let mut unknown = Vec::new();
    for name in &names {
        let timeline = timeline::dependencies(history, name);
        if timeline.is_named() || !named {
            timelines.push(module_timeline(history, &timeline, range));
        } else {
            unknown.push(unknown_name(history, &timeline.name));
        }
    }
    if matches!(
        args.format.format,
        report::Format::Json | report::Format::Csv
    ) {
        for line in &unknown {
            eprintln!("{line}");
        }
    }
    report::write(
        &args.format,
        &timelines,
        || sheet(&timelines),
        |_| doc(history, &timelines, &unknown),
    )
}

/// "No module or component `etdc` in the notes; the closest is `etcd`."
fn unknown_name(history: &History, name: &str) -> String {
    match timeline::closest_dependency(history, name) {
        Some(close) => {
            format!("No module or component `{name}` in the notes; the closest is `{close}`.")
        }
        None => format!("No module or component `{name}` in the notes."),
    }
}

fn module_timeline(
    history: &History,
    timeline: &DependencyTimeline,
    range: ReleaseRange<'_>,
) -> ModuleTimeline {
    let in_range = |tag: &str| {
        history
            .find(tag)
            .is_ok_and(|release| range.changed_within(&release.semver))
    };
    let at = |release: &Release| timeline.version_at(release);
    ModuleTimeline {
        name: timeline.name.clone(),
        from: range.from.map(at),
        to: range.to.map(at),
        changes: timeline
            .changes()
            .iter()
            .filter(|c| in_range(&c.release))
            .cloned()
            .map(|change| {
                let release = history.find(&change.release).ok();
                Change {
                    date: release.and_then(|r| report::date(history, r)),
                    file: release.map(|r| r.file.clone()).unwrap_or_default(),
                    change,
                }
            })
            .collect(),
    }
}

fn sheet(timelines: &[ModuleTimeline]) -> Sheet {
    let mut sheet = Sheet::new(&[
        "module", "release", "date", "from", "to", "pr", "file", "line",
    ]);
    for t in timelines {
        for c in &t.changes {
            sheet.push(vec![
                t.name.clone(),
                c.change.release.clone(),
                c.date.clone().unwrap_or_default(),
                c.change.from.clone().unwrap_or_default(),
                c.change.to.clone().unwrap_or_default(),
                c.change.prs.first().map(u64::to_string).unwrap_or_default(),
                c.file.clone(),
                c.change.line.to_string(),
            ]);
        }
    }
    sheet
}

fn doc(history: &History, timelines: &[ModuleTimeline], unknown: &[String]) -> Doc {
    let mut doc = Doc::default();
    for line in unknown {
        doc.paragraph(line.clone());
    }
    for t in timelines {
        doc.heading(t.name.as_str());
        let ends: Vec<String> = [&t.from, &t.to]
            .into_iter()
            .flatten()
            .map(|at| {
                let stated = match &at.stated_in {
                    Some(stated) if *stated != at.release && at.version.is_some() => {
                        format!(" (stated in {stated})")
                    }
                    _ => String::new(),
                };
                format!(
                    "{} at {}{stated}",
                    at.version.as_deref().unwrap_or("not stated"),
                    at.release
                )
            })
            .collect();
        if !ends.is_empty() {
            doc.paragraph(ends.join(" → "));
        }
        if t.changes.is_empty() {
            doc.paragraph("No change stated in the notes of these releases.");
            continue;
        }
        let mut grid = Grid::new(&["release", "from", "to", "PR", "line"]);
        for c in &t.changes {
            let release = match history.find(&c.change.release) {
                Ok(r) => report::release_label(history, r),
                Err(_) => c.change.release.clone(),
            };
            grid.push(vec![
                Field::from(release),
                Field::from(c.change.from.as_deref().unwrap_or("?")).tone(Tone::Dim),
                match &c.change.to {
                    Some(to) => Field::from(to.as_str()).tone(Tone::Strong),
                    None => Field::from("(removed)").tone(Tone::Bad),
                },
                c.change
                    .prs
                    .first()
                    .copied()
                    .map(Field::pr)
                    .unwrap_or_default(),
                Field::from(format!("{}:{}", file_name(&c.file), c.change.line)).tone(Tone::Dim),
            ]);
        }
        doc.grid(grid);
    }
    doc
}

/// `CHANGELOG-1.22.md` of `/path/to/CHANGELOG-1.22.md`: the release names the directory.
fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}
