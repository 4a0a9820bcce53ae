//! `k8s-changelog feature-gates`: each feature gate's stages (alpha, beta, stable, deprecated,
//! removed) as `k8s_changelog::timeline::feature_gates` reads them from the notes, with the
//! release, PR and sentence that state each; `--at` adds each gate's stage at a minor.
//! kubeadm's own gates are apart from the cluster's of the same name, marked `(kubeadm)`.

use crate::history::{self, HistoryArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use crate::usage;
use anyhow::Result;
use k8s_changelog::timeline::{Contradicted, FeatureGate, FeatureGateTimeline, GateEvent, Stage};
use k8s_changelog::History;
use serde::Serialize;

/// The positional arguments are gate names here, so the CHANGELOG inputs move to `--input PATH`
/// (as in `deps`).
#[derive(clap::Args)]
#[command(mut_arg("paths", super::inputs_as_flag))]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    /// Feature gates to show (any case), kubeadm's own gate of that name too; all when none is
    /// given
    #[arg(value_name = "NAME")]
    names: Vec<String>,

    /// Also show each gate's stage at this minor (`v1.20`)
    #[arg(long, value_name = "vX.Y")]
    at: Option<String>,

    #[command(flatten)]
    format: FormatArgs,
}

/// The JSON answer: the core's gates, each with its stage at `--at` when asked.
#[derive(Serialize)]
struct Answer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<&'a str>,
    gates: Vec<GateAt<'a>>,
}

#[derive(Serialize)]
struct GateAt<'a> {
    name: &'a str,
    /// `kubeadm` for kubeadm's own gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<&'a str>,
    /// `DynamicKubeletConfig (kubeadm)`: the name the text forms show.
    #[serde(skip)]
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage_at: Option<Stage>,
    events: &'a [GateEvent],
    /// A theme's removal the notes of its minor contradict (v1.23.0's IPv6DualStack).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    contradicted: &'a [Contradicted],
}

/// `v1.20` as given, checked to be a version (`v1.20`, `1.20` or a tag).
fn check_at(at: &str) -> Result<()> {
    let ok = k8s_changelog::parse_tag(at).is_ok()
        || k8s_changelog::parse_tag(&format!("{}.0", at.trim())).is_ok();
    if !ok {
        usage!("--at wants a minor such as v1.20, not `{at}`");
    }
    Ok(())
}

pub fn run(args: Args) -> Result<()> {
    if let Some(at) = &args.at {
        check_at(at)?;
    }
    let loaded = history::loaded(&args.input)?;
    let history = &loaded.history;
    let timeline = loaded.feature_gates();
    let chosen: Vec<&FeatureGate> = if args.names.is_empty() {
        timeline.gates.iter().collect()
    } else {
        // Every gate of each name: the cluster's, then kubeadm's own.
        let mut chosen: Vec<&FeatureGate> = Vec::new();
        for gate in args.names.iter().flat_map(|n| timeline.named(n)) {
            if !chosen.iter().any(|c| std::ptr::eq(*c, gate)) {
                chosen.push(gate);
            }
        }
        chosen
    };
    let unknown = unknown_names(&timeline, &args.names);
    let at = args.at.as_deref();
    let answer = Answer {
        at,
        gates: chosen
            .iter()
            .map(|g| GateAt {
                name: &g.name,
                component: g.component.as_deref(),
                label: g.label(),
                stage_at: at.and_then(|m| g.stage_at(m)),
                events: &g.events,
                contradicted: &g.contradicted,
            })
            .collect(),
    };
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
        &answer,
        || sheet(&answer),
        |_| doc(history, &answer, &unknown, !args.names.is_empty()),
    )
}

/// "No feature gate `Foo` in the notes; the closest is `FooBar`." for each name not found.
fn unknown_names(timeline: &FeatureGateTimeline, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|n| timeline.get(n).is_none())
        .map(|n| match timeline.closest(n) {
            Some(close) => format!("No feature gate `{n}` in the notes; the closest is `{close}`."),
            None => format!("No feature gate `{n}` in the notes."),
        })
        .collect()
}

fn sheet(answer: &Answer<'_>) -> Sheet {
    let mut header = vec![
        "name",
        "component",
        "stage",
        "since",
        "release",
        "pr",
        "text",
    ];
    if answer.at.is_some() {
        header.insert(2, "stage_at");
    }
    let mut sheet = Sheet::new(&header);
    for gate in &answer.gates {
        for e in gate.events {
            let mut row = vec![
                gate.name.to_string(),
                gate.component.unwrap_or_default().to_string(),
                e.stage.label().to_string(),
                e.since.clone(),
                e.release.clone(),
                e.pr.map(|p| p.to_string()).unwrap_or_default(),
                e.text.clone(),
            ];
            if answer.at.is_some() {
                row.insert(2, gate.stage_at.map(Stage::label).unwrap_or("").to_string());
            }
            sheet.push(row);
        }
    }
    sheet
}

fn tone(stage: Stage) -> Tone {
    match stage {
        Stage::Alpha | Stage::Beta => Tone::Plain,
        Stage::Stable => Tone::Strong,
        Stage::Deprecated => Tone::Warn,
        Stage::Removed => Tone::Bad,
    }
}

/// `1.17 (v1.17.0 #84167)`: the event's minor, first release and PR.
fn dated(event: &GateEvent) -> String {
    match event.pr {
        Some(pr) => format!("{} ({} #{pr})", event.since, event.release),
        None => format!("{} ({})", event.since, event.release),
    }
}

fn doc(history: &History, answer: &Answer<'_>, unknown: &[String], named: bool) -> Doc {
    let mut doc = Doc::default();
    for line in unknown {
        doc.paragraph(line.clone());
    }
    if answer.gates.is_empty() {
        if !named {
            doc.paragraph("No feature gate stage is stated in the notes.");
        }
        return doc;
    }
    let stages = [
        Stage::Alpha,
        Stage::Beta,
        Stage::Stable,
        Stage::Deprecated,
        Stage::Removed,
    ];
    let mut header = vec!["gate", "alpha", "beta", "stable", "deprecated", "removed"];
    if answer.at.is_some() {
        header.insert(1, "stage at");
    }
    let mut grid = Grid::new(&header);
    for gate in &answer.gates {
        let mut row = vec![Field::from(gate.label.as_str()).tone(Tone::Strong)];
        if answer.at.is_some() {
            row.push(match gate.stage_at {
                Some(s) => Field::from(s.label()).tone(tone(s)),
                None => Field::from("unknown"),
            });
        }
        for stage in stages {
            let event = gate.events.iter().find(|e| e.stage == stage);
            row.push(Field::from(event.map(dated).unwrap_or_default()).tone(tone(stage)));
        }
        grid.push(row);
    }
    doc.grid(grid);
    if named {
        for gate in &answer.gates {
            doc.heading(gate.label.clone());
            let mut events = Grid::new(&["stage", "minor", "release", "PR", "text"]);
            for e in gate.events {
                let release = match history.find(&e.release) {
                    Ok(release) => report::release_label(history, release),
                    Err(_) => e.release.clone(),
                };
                events.push(vec![
                    Field::from(e.stage.label()).tone(tone(e.stage)),
                    Field::from(e.since.as_str()),
                    Field::from(release),
                    e.pr.map(Field::pr).unwrap_or_default(),
                    Field::from(e.text.as_str()),
                ]);
            }
            doc.grid(events);
            for c in gate.contradicted {
                doc.paragraph(format!(
                    "Not read as a stage: {}'s major themes say \"{}\", but the notes say it went stable in {}.",
                    c.statement.release,
                    c.statement.text,
                    dated(&c.by)
                ));
            }
        }
    } else {
        let events: usize = answer.gates.iter().map(|g| g.events.len()).sum();
        doc.paragraph(format!(
            "{}, {}; name gates to see each statement.",
            report::count(answer.gates.len(), "feature gate", "feature gates"),
            report::count(events, "stage event", "stage events")
        ));
    }
    doc
}
