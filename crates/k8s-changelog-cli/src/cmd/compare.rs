//! `k8s-changelog compare`: the upgrade path from one release to another, its notes grouped by
//! what they ask of the upgrader (urgent first), the net dependency change and the advisories.
//! With an EOL file (`--eol`), a warning when the target's minor is past its end of life at
//! `--at` (default today).

use crate::calendar::{self, EolArgs};
use crate::history::{self, HistoryArgs};
use crate::report::{self, Block, Doc, Field, Format, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use chrono::NaiveDate;
use k8s_changelog::eol::Support;
use k8s_changelog::links;
use k8s_changelog::query::compare_with;
use k8s_changelog::query::{AffectedTarget, Group, NetChange};
use k8s_changelog::timeline::{GateEvent, Stage, Status};
use k8s_changelog::{Advisory, History, Kind, Note, UpgradePath};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    /// The release you run
    #[arg(long, value_name = "vX.Y.Z")]
    from: String,

    /// The release you upgrade to
    #[arg(long, value_name = "vX.Y.Z")]
    to: String,

    #[command(flatten)]
    eol: EolArgs,

    /// The date end of life is judged at [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = calendar::parse_day)]
    at: Option<NaiveDate>,

    #[command(flatten)]
    format: FormatArgs,
}

/// The JSON: the upgrade path as the core gives it, plus the target's end-of-life status.
#[derive(serde::Serialize)]
struct Answer<'a> {
    #[serde(flatten)]
    path: &'a UpgradePath,
    /// Only with an EOL file.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_of_life: Option<TargetSupport>,
}

/// The target's minor and whether it is supported at the date.
#[derive(serde::Serialize)]
struct TargetSupport {
    minor: String,
    at: NaiveDate,
    #[serde(flatten)]
    support: Support,
}

pub fn run(args: Args) -> Result<()> {
    let loaded = history::loaded(&args.input)?;
    let history = &loaded.history;
    let (deprecations, feature_gates) = loaded.timelines();
    let path = compare_with(history, &args.from, &args.to, &feature_gates, &deprecations)?;
    let eol = args.eol.load()?;
    let end_of_life = match (&eol, history.find(&path.to)) {
        (Some(table), Ok(target)) => {
            let minor = format!("{}.{}", target.semver.major, target.semver.minor);
            let at = calendar::day_or_today(args.at);
            Some(TargetSupport {
                support: table.support(&minor, at),
                minor,
                at,
            })
        }
        _ => None,
    };
    let answer = Answer {
        path: &path,
        end_of_life,
    };
    report::write(
        &args.format,
        &answer,
        || sheet(&path),
        |format| {
            let mut doc = doc(history, &path, format);
            if let Some(warning) = answer.end_of_life.as_ref().and_then(eol_warning) {
                doc.blocks.insert(2, Block::Paragraph(warning));
            }
            doc
        },
    )
}

/// `**Warning:** 1.22 reached its end of life on 2022-12-08 …`, when the target is past it.
fn eol_warning(target: &TargetSupport) -> Option<String> {
    let Support::EndOfLife { since, final_patch } = &target.support else {
        return None;
    };
    let patch = final_patch
        .as_deref()
        .map(|p| format!("; its final patch is v{p}"))
        .unwrap_or_default();
    Some(format!(
        "**Warning:** {} reached its end of life on {since} (at {}){patch}: it no longer gets \
         fixes.",
        target.minor, target.at
    ))
}

/// `**Warning:** v1.22.1 is affected by CVE-2021-25741 (…): kubelet v1.22.0 - v1.22.1; fixed in
/// kubelet v1.22.2.`, for an advisory whose affected versions cover the target.
fn target_affected_warning(path: &UpgradePath, target: &AffectedTarget) -> String {
    let advisory = &target.advisory;
    let fixed = match &target.fixed {
        Some(f) => format!("; fixed in {f}"),
        None => match k8s_changelog::parse_tag(&path.to) {
            Ok(v) => format!(
                "; the advisory names no fixed version on the {}.{} line",
                v.major, v.minor
            ),
            Err(_) => String::new(),
        },
    };
    let cvss = advisory
        .cvss_rating
        .as_deref()
        .map(|r| format!(", CVSS {r}"))
        .unwrap_or_default();
    format!(
        "**Warning:** {} is affected by {} ({}{cvss}): {}{fixed}.",
        path.to, advisory.id, advisory.title, target.affected
    )
}

/// One row per note: the group, the note's fields and every release it appeared in.
fn sheet(path: &UpgradePath) -> Sheet {
    let mut sheet = Sheet::new(&["group", "kind", "pr", "sigs", "authors", "releases", "text"]);
    for group in &path.groups {
        for entry in &group.notes {
            let note = &entry.note;
            sheet.push(vec![
                group.title.to_string(),
                note.kind.map(Kind::label).unwrap_or_default().to_string(),
                note.pr().map(|p| p.to_string()).unwrap_or_default(),
                note.sigs.join(";"),
                note.authors.join(";"),
                entry.releases.join(";"),
                note.text.clone(),
            ]);
        }
    }
    sheet
}

fn doc(history: &History, path: &UpgradePath, format: Format) -> Doc {
    let mut doc = Doc::default();
    doc.title(format!("Upgrading from {} to {}", path.from, path.to));
    doc.paragraph(summary(history, path));
    if !path.missing.is_empty() {
        doc.paragraph(format!(
            "**Warning:** the changelogs read lack {}, so the notes of {} are missing.",
            path.missing.join(", "),
            if path.missing.len() == 1 {
                "that cycle"
            } else {
                "those cycles"
            }
        ));
    }
    for advisory in &path.target_affected {
        doc.paragraph(target_affected_warning(path, advisory));
    }
    let mut gates_shown = false;
    for group in &path.groups {
        // What the upgrader must act on first: the urgent notes, then the gates.
        if group.group != Group::Urgent && !gates_shown {
            item_changes(&mut doc, path);
            feature_gates(&mut doc, path);
            gates_shown = true;
        }
        doc.heading(format!("{} ({})", group.title, group.notes.len()));
        if format == Format::Markdown {
            let items = group
                .notes
                .iter()
                .map(|entry| note_markdown(&entry.note, &entry.releases))
                .collect();
            doc.push(Block::List(items));
        } else {
            let mut grid = Grid::new(&["PR", "kind", "SIGs", "note", "releases"])
                .narrow(2, 18)
                .narrow(4, 18);
            for entry in &group.notes {
                let note = &entry.note;
                grid.push(vec![
                    note.pr()
                        .map(|p| Field::from(format!("#{p}")))
                        .unwrap_or_default(),
                    Field::from(note.kind.map(Kind::label).unwrap_or("-"))
                        .tone(Tone::of_kind(note.kind)),
                    Field::from(note.sigs.join(", ")),
                    Field::from(report::first_line(&note.text)),
                    Field::from(entry.releases.join(", ")),
                ]);
            }
            doc.grid(grid);
        }
    }
    if !gates_shown {
        item_changes(&mut doc, path);
        feature_gates(&mut doc, path);
    }
    dependencies(&mut doc, path);
    advisories(&mut doc, &path.security);
    doc
}

/// The APIs, flags, gates and plugins removed then deprecated on the path, each with the
/// statement that says so; nothing when there are none.
fn item_changes(doc: &mut Doc, path: &UpgradePath) {
    if path.deprecations.is_empty() {
        return;
    }
    doc.heading(format!(
        "Removed and deprecated on the path ({})",
        path.deprecations.len()
    ));
    let mut grid =
        Grid::new(&["what", "kind", "change", "stated", "removal planned"]).narrow(3, 30);
    for change in &path.deprecations {
        let event = change.evidence.as_ref();
        let stated = event.map(|e| match e.pr {
            Some(pr) => format!("{} #{pr}", e.first),
            None => e.first.clone(),
        });
        let plan = match change.status {
            Status::Deprecated => change.item.removal_plan_text(),
            _ => None,
        };
        grid.push(vec![
            Field::from(change.item.label()).tone(Tone::Strong),
            Field::from(change.item.kind.label()),
            Field::from(format!("{} {}", change.label(), change.since)).tone(match change.status {
                Status::Deprecated => Tone::Warn,
                _ => Tone::Bad,
            }),
            Field::from(stated.unwrap_or_default()),
            Field::from(plan.unwrap_or_default()),
        ]);
    }
    doc.grid(grid);
}

/// The feature gates whose stage changes on the path, each with the statements that say so;
/// nothing when none does.
fn feature_gates(doc: &mut Doc, path: &UpgradePath) {
    if path.feature_gates.is_empty() {
        return;
    }
    doc.heading(format!(
        "Feature gates changing stage ({})",
        path.feature_gates.len()
    ));
    let evidence = |e: &GateEvent| match e.pr {
        Some(pr) => format!("{} {} #{pr}", e.stage, e.release),
        None => format!("{} {}", e.stage, e.release),
    };
    let mut grid = Grid::new(&["gate", "from", "to", "stated"]);
    for change in &path.feature_gates {
        grid.push(vec![
            Field::from(change.label()).tone(Tone::Strong),
            Field::from(change.from.map_or("unknown", |s| s.label())),
            Field::from(change.to.label()).tone(match change.to {
                Stage::Deprecated => Tone::Warn,
                Stage::Removed => Tone::Bad,
                _ => Tone::Plain,
            }),
            Field::from(
                change
                    .events
                    .iter()
                    .map(evidence)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]);
    }
    doc.grid(grid);
}

/// What the path crosses and how many notes it holds.
fn summary(history: &History, path: &UpgradePath) -> String {
    let crossed: Vec<String> = path
        .releases
        .iter()
        .map(|tag| match history.find(tag) {
            Ok(release) => report::release_label(history, release),
            Err(_) => tag.clone(),
        })
        .collect();
    let notes: usize = path.groups.iter().map(|g| g.notes.len()).sum();
    let mut text = if crossed.is_empty() {
        "The path crosses no release.".to_string()
    } else {
        format!(
            "Crossing {}: {}.",
            report::count(crossed.len(), "release", "releases"),
            crossed.join(", ")
        )
    };
    text.push_str(&format!(
        "\n{}, each listed once with the releases that carried it",
        report::count(notes, "note", "notes")
    ));
    if path.already_included > 0 {
        text.push_str(&format!(
            "; {} that {}'s line already shipped {} left out",
            report::count(path.already_included, "note", "notes"),
            path.from,
            if path.already_included == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    text.push('.');
    text
}

/// A note as a Markdown bullet's text: the note as written, then its reference in the
/// changelog's own style, its SIGs and the releases that carried it.
fn note_markdown(note: &Note, releases: &[String]) -> String {
    let mut tail = links::reference(&note.prs, &note.authors, &note.sigs);
    tail.push_str(&format!(" _({})_", releases.join(", ")));
    let text = note.text.trim_end();
    // After a block (a code fence, a list, a table) the reference gets its own paragraph:
    // appended to a closing fence it would break the block, to a list item it would join it.
    let last = text.lines().last().unwrap_or("").trim_start();
    let ends_in_block = text.contains('\n')
        && (last.starts_with("```")
            || last.starts_with("~~~")
            || last.starts_with('|')
            || last.starts_with("- ")
            || last.starts_with("* ")
            || last
                .split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok()));
    let separator = if ends_in_block { "\n\n" } else { " " };
    format!("{text}{separator}{}", tail.trim_start())
}

/// Every net dependency change over the path in one table, key components first.
fn dependencies(doc: &mut Doc, path: &UpgradePath) {
    let deps = &path.dependencies;
    let mut rows: Vec<(&str, &NetChange)> = Vec::new();
    rows.extend(deps.changed.iter().map(|c| ("changed", c)));
    rows.extend(deps.added.iter().map(|c| ("added", c)));
    rows.extend(deps.removed.iter().map(|c| ("removed", c)));
    rows.sort_by_key(|(_, c)| c.component.is_none());
    doc.heading(format!(
        "Dependencies ({} changed, {} added, {} removed)",
        deps.changed.len(),
        deps.added.len(),
        deps.removed.len()
    ));
    if rows.is_empty() {
        doc.paragraph("No dependency changes are listed on this path.");
        return;
    }
    let mut grid = Grid::new(&["change", "component", "module", "from", "to"]);
    for (change, c) in rows {
        let (from, to) = match change {
            "added" => ("", c.to.as_str()),
            "removed" => (c.to.as_str(), ""),
            _ => (c.from.as_deref().unwrap_or("?"), c.to.as_str()),
        };
        grid.push(vec![
            Field::from(change),
            Field::from(c.component.as_deref().unwrap_or("")).tone(Tone::Strong),
            Field::from(c.module.as_str()),
            Field::from(from),
            Field::from(to),
        ]);
    }
    doc.grid(grid);
}

fn advisories(doc: &mut Doc, security: &[Advisory]) {
    if security.is_empty() {
        return;
    }
    doc.heading(format!("Security advisories ({})", security.len()));
    doc.grid(advisory_grid(security));
}

/// Advisories as a table: CVE (linked), title, CVSS, fixed versions.
pub fn advisory_grid(security: &[Advisory]) -> Grid {
    let mut grid = Grid::new(&["CVE", "title", "CVSS", "fixed in"]);
    for advisory in security {
        let cvss = match (&advisory.cvss_rating, advisory.cvss_score) {
            (Some(rating), Some(score)) => format!("{rating} ({score})"),
            (Some(rating), None) => rating.clone(),
            (None, Some(score)) => score.to_string(),
            (None, None) => String::new(),
        };
        let tone = match advisory.cvss_rating.as_deref() {
            Some("Critical" | "High") => Tone::Bad,
            Some("Medium") => Tone::Warn,
            _ => Tone::Plain,
        };
        grid.push(vec![
            Field::cve(&advisory.id),
            Field::from(advisory.title.as_str()),
            Field::from(cvss).tone(tone),
            Field::from(advisory.fixed.join(", ")),
        ]);
    }
    grid
}
