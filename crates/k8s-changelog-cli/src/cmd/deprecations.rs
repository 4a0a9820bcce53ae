//! `k8s-changelog deprecations`: when API versions, flags, feature gates, plugins and
//! subsystems were deprecated and removed, as `k8s_changelog::timeline::deprecations` reads the
//! notes. With `--api`, `--flag` or `--feature-gate`, every statement about those items.

use crate::input::{self, HistoryArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use k8s_changelog::timeline::{self, DeprecatedItem, ItemKind, Status, StatusEvent};
use k8s_changelog::{DeprecationTimeline, History};

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
    format: FormatArgs,
}

impl Args {
    fn filtered(&self) -> bool {
        !(self.api.is_empty() && self.flag.is_empty() && self.feature_gate.is_empty())
    }

    /// Whether `item` is one the flags ask for (any of them); everything without flags.
    fn wants(&self, item: &DeprecatedItem) -> bool {
        if !self.filtered() {
            return true;
        }
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        match item.kind {
            ItemKind::ApiVersion | ItemKind::Resource => self
                .api
                .iter()
                .any(|a| same(a, &item.name) || same(a, &item.key())),
            ItemKind::Flag => self
                .flag
                .iter()
                .any(|f| same(f.trim_start_matches('-'), item.name.trim_start_matches('-'))),
            ItemKind::FeatureGate => self.feature_gate.iter().any(|g| same(g, &item.name)),
            _ => false,
        }
    }
}

pub fn run(args: Args) -> Result<()> {
    let history = input::history(&args.input)?;
    let all = timeline::deprecations(&history);
    let found = DeprecationTimeline {
        items: all.items.into_iter().filter(|i| args.wants(i)).collect(),
    };
    report::write(
        &args.format,
        &found,
        || sheet(&found),
        |_| doc(&history, &found, &args),
    )
}

/// `1.16 (v1.16.0-alpha.1 #70672)` for the event of `item` that dates `minor`.
fn dated(item: &DeprecatedItem, minor: &str, removal: bool) -> String {
    match event(item, minor, removal) {
        Some(e) => match e.pr {
            Some(pr) => format!("{minor} ({} #{pr})", e.first),
            None => format!("{minor} ({})", e.first),
        },
        None if removal => format!("{minor} (with its group)"),
        None => minor.to_string(),
    }
}

fn event<'i>(item: &'i DeprecatedItem, minor: &str, removal: bool) -> Option<&'i StatusEvent> {
    item.events
        .iter()
        .find(|e| e.since == minor && (e.status != Status::Deprecated) == removal)
}

/// `removed` or `no-longer-served`, the status that dates `removed_in`.
fn removal_status(item: &DeprecatedItem) -> &'static str {
    item.removed_in
        .as_deref()
        .and_then(|minor| event(item, minor, true))
        .map_or("removed", |e| e.status.label())
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
    ]);
    for item in &found.items {
        let dep = item
            .deprecated_in
            .as_deref()
            .and_then(|m| event(item, m, false));
        let rem = item
            .removed_in
            .as_deref()
            .and_then(|m| event(item, m, true));
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
            if item.removed_in.is_some() {
                removal_status(item).to_string()
            } else {
                String::new()
            },
            rem.map(|e| e.first.clone()).unwrap_or_default(),
            pr(rem).unwrap_or_default(),
            item.removal_planned.clone().unwrap_or_default(),
        ]);
    }
    sheet
}

fn doc(history: &History, found: &DeprecationTimeline, args: &Args) -> Doc {
    let mut doc = Doc::default();
    if found.items.is_empty() {
        doc.paragraph(if args.filtered() {
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
                    .map(|m| dated(item, m, false))
                    .unwrap_or_default(),
            )
            .tone(Tone::Warn),
            Field::from(
                item.removed_in
                    .as_deref()
                    .map(|m| {
                        let status = removal_status(item);
                        let dated = dated(item, m, true);
                        if status == "removed" {
                            dated
                        } else {
                            format!("{status} {dated}")
                        }
                    })
                    .unwrap_or_default(),
            )
            .tone(Tone::Bad),
            Field::from(item.removal_planned.clone().unwrap_or_default()),
        ]);
    }
    doc.grid(grid);
    if args.filtered() {
        for item in &found.items {
            doc.heading(format!("{} {}", item.kind.label(), item.key()));
            let mut events = Grid::new(&["status", "minor", "first", "PR", "releases", "text"]);
            for e in &item.events {
                let first = match history.find(&e.first) {
                    Ok(release) => report::release_label(history, release),
                    Err(_) => e.first.clone(),
                };
                events.push(vec![
                    Field::from(e.status.label()).tone(match e.status {
                        Status::Deprecated => Tone::Warn,
                        _ => Tone::Bad,
                    }),
                    Field::from(e.since.as_str()),
                    Field::from(first),
                    e.pr.map(Field::pr)
                        .unwrap_or_default(),
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
