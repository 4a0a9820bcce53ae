//! `k8s-changelog deprecations`: when API versions, flags, feature gates, plugins and
//! subsystems were deprecated and removed, as `k8s_changelog::timeline::deprecations` reads the
//! notes. With `--api`, `--flag` or `--feature-gate`, every statement about those items.

use crate::history::{self, HistoryArgs};
use crate::input::GuideArgs;
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use k8s_changelog::check::{Agreement, Checker, GuideFact};
use k8s_changelog::timeline::{ItemLookup, Status, StatusEvent};
use k8s_changelog::{DeprecationTimeline, History};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    /// API group/versions (`extensions/v1beta1`), optionally with a kind
    /// (`"extensions/v1beta1 Deployment"`), or resource kinds (`PodSecurityPolicy`)
    #[arg(long, value_name = "GROUP/VERSION", value_delimiter = ',')]
    api: Vec<String>,

    /// Command-line flags (`--basic-auth-file` or `basic-auth-file`)
    #[arg(
        long,
        value_name = "NAME",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    flag: Vec<String>,

    /// Feature gates (`DynamicKubeletConfig`, any case)
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    feature_gate: Vec<String>,

    #[command(flatten)]
    guide: GuideArgs,

    #[command(flatten)]
    format: FormatArgs,
}

/// The JSON output: the timeline's shape, plus the guide when `--api-guide` is given.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    timeline: &'a DeprecationTimeline,
    #[serde(skip_serializing_if = "Option::is_none")]
    guide: Option<GuideOutput<'a>>,
}

#[derive(Serialize)]
struct GuideOutput<'a> {
    file: &'a str,
    #[serde(flatten)]
    guide: &'a k8s_changelog::guide::ApiGuide,
    /// Each entry beside what the changelogs say, and whether they agree.
    facts: Vec<GuideFact>,
}

impl Args {
    fn lookup(&self) -> ItemLookup {
        ItemLookup {
            apis: self.api.clone(),
            flags: self.flag.clone(),
            feature_gates: self.feature_gate.clone(),
        }
    }
}

pub fn run(args: Args) -> Result<()> {
    let loaded = history::loaded(&args.input)?;
    let history = &loaded.history;
    let guide = args.guide.load(None)?;
    let all = loaded.deprecations();
    let found = all.clone().lookup(&args.lookup());
    let output = Output {
        timeline: &found,
        guide: guide.as_ref().map(|g| GuideOutput {
            file: &g.name,
            guide: &g.guide,
            facts: Checker::new(&all, Some(&g.guide)).guide_facts(&g.guide.entries),
        }),
    };
    report::write(
        &args.format,
        &output,
        || sheet(&found),
        |_| {
            let mut doc = doc(history, &found, &args);
            if let Some(guide) = &output.guide {
                guide_section(&mut doc, guide);
            }
            doc
        },
    )
}

/// The guide's API removals beside what the changelogs say of the same API and kind.
fn guide_section(doc: &mut Doc, guide: &GuideOutput<'_>) {
    doc.heading(format!("Deprecated API Migration Guide ({})", guide.file));
    let mut grid = Grid::new(&[
        "api",
        "no longer served",
        "replacement",
        "changelogs say",
        "line",
    ]);
    for f in &guide.facts {
        grid.push(vec![
            Field::from(format!("{} {}", f.api_version, f.kind)).tone(Tone::Strong),
            Field::from(f.removed_in.as_str()).tone(Tone::Bad),
            Field::from(f.replacement.clone().unwrap_or_default()),
            Field::from(f.changelogs.clone().unwrap_or_else(|| "not stated".into())).tone(match f
                .agreement
            {
                Agreement::Agrees => Tone::Good,
                _ => Tone::Warn,
            }),
            Field::from(f.guide.line.to_string()),
        ]);
    }
    doc.grid(grid);
}

/// `1.16 (v1.16.0-alpha.1 #70672)`: `minor` with the first tag and PR of `event`, which dates it.
fn dated(minor: &str, event: Option<&StatusEvent>, removal: bool) -> String {
    match event {
        Some(e) => match e.pr {
            Some(pr) => format!("{minor} ({} #{pr})", e.first),
            None => format!("{minor} ({})", e.first),
        },
        None if removal => format!("{minor} (with its group)"),
        None => minor.to_string(),
    }
}

fn sheet(found: &DeprecationTimeline) -> Sheet {
    let mut sheet = Sheet::new(&[
        "kind",
        "name",
        "resource",
        "components",
        "deprecated_in",
        "deprecated_first",
        "deprecated_pr",
        "removed_in",
        "removed_status",
        "removed_first",
        "removed_pr",
        "removal_planned",
        "removed_from_commands",
    ]);
    for item in &found.items {
        let (dep, rem) = (item.deprecation_event(), item.removal_event());
        let pr = |e: Option<&StatusEvent>| e.and_then(|e| e.pr).map(|p| p.to_string());
        sheet.push(vec![
            item.kind.label().to_string(),
            item.name.clone(),
            item.resource.clone().unwrap_or_default(),
            item.components.join(";"),
            item.deprecated_in.clone().unwrap_or_default(),
            dep.map(|e| e.first.clone()).unwrap_or_default(),
            pr(dep).unwrap_or_default(),
            item.removed_in.clone().unwrap_or_default(),
            item.removal_status()
                .map(|s| s.label().to_string())
                .unwrap_or_default(),
            rem.map(|e| e.first.clone()).unwrap_or_default(),
            pr(rem).unwrap_or_default(),
            item.removal_plan_text().unwrap_or_default(),
            // `from kubeadm upgrade apply: 1.22`: removals from one of kubeadm's commands.
            item.scoped_removals_text(|e| e.since.clone())
                .unwrap_or_default(),
        ]);
    }
    sheet
}

fn doc(history: &History, found: &DeprecationTimeline, args: &Args) -> Doc {
    let mut doc = Doc::default();
    if found.items.is_empty() {
        doc.paragraph(if !args.lookup().is_empty() {
            "No deprecation or removal of that is recorded in the notes."
        } else {
            "No deprecation or removal is recorded in the notes."
        });
        return doc;
    }
    let mut grid = Grid::new(&[
        "kind",
        "item",
        "components",
        "deprecated",
        "removed",
        "removal planned",
    ]);
    for item in &found.items {
        grid.push(vec![
            Field::from(item.kind.label()),
            Field::from(item.key()).tone(Tone::Strong),
            Field::from(item.components.join(", ")),
            Field::from(
                item.deprecated_in
                    .as_deref()
                    .map(|m| dated(m, item.deprecation_event(), false))
                    .unwrap_or_default(),
            )
            .tone(Tone::Warn),
            Field::from(
                item.removed_in
                    .as_deref()
                    .map(|m| {
                        let dated = dated(m, item.removal_event(), true);
                        match item.removal_status() {
                            Some(Status::NoLongerServed) => {
                                format!("{} {dated}", Status::NoLongerServed.label())
                            }
                            _ => dated,
                        }
                    })
                    .unwrap_or_else(|| {
                        // Removed from one of kubeadm's commands only: where, and when.
                        item.scoped_removals_text(|e| dated(&e.since, Some(e), true))
                            .unwrap_or_default()
                    }),
            )
            .tone(Tone::Bad),
            Field::from(item.removal_plan_text().unwrap_or_default()),
        ]);
    }
    doc.grid(grid);
    if !args.lookup().is_empty() {
        for item in &found.items {
            doc.heading(format!("{} {}", item.kind.label(), item.label()));
            let mut events = Grid::new(&["status", "minor", "first", "PR", "releases", "text"]);
            for e in &item.events {
                let first = match history.find(&e.first) {
                    Ok(release) => report::release_label(history, release),
                    Err(_) => e.first.clone(),
                };
                events.push(vec![
                    Field::from(e.label()).tone(match e.status {
                        Status::Deprecated => Tone::Warn,
                        _ => Tone::Bad,
                    }),
                    Field::from(e.since.as_str()),
                    Field::from(first),
                    e.pr.map(Field::pr).unwrap_or_default(),
                    Field::from(e.releases.join(", ")),
                    Field::from(e.text.as_str()),
                ]);
            }
            doc.grid(events);
        }
    } else {
        doc.paragraph(format!(
            "{}; `--api`, `--flag` or `--feature-gate` show each one's statements.",
            report::count(found.items.len(), "item", "items")
        ));
    }
    doc
}
