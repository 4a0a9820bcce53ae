//! `k8s-changelog notes`: the notes that match a query (version range, kinds, SIGs, components,
//! action required, CVEs, PRs, authors, text), oldest release first.

use crate::history::{self, HistoryArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use k8s_changelog::query::{self, FacetCount, Facets, Hit};
use k8s_changelog::{History, Kind, Note, Query, QueryError, VersionRange};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    #[command(flatten)]
    filter: Filter,

    #[command(flatten)]
    format: FormatArgs,

    /// Print the matching notes as krel's `release-notes.json` (keyed by PR, the format
    /// relnotes.k8s.io serves) instead of --format
    #[arg(long)]
    relnotes: bool,

    /// Instead of the notes, count them per kind, SIG and component, and those marked action
    /// required or naming a CVE; each category is counted with its own flag left out (what
    /// choosing that value instead would show)
    #[arg(long, conflicts_with = "relnotes")]
    facets: bool,
}

/// The query flags. Repeating a flag or giving a comma list ORs its values; different flags AND.
#[derive(clap::Args)]
pub struct Filter {
    /// Notes of releases from this tag on (it must exist)
    #[arg(long, value_name = "vX.Y.Z", conflicts_with = "range")]
    from: Option<String>,

    /// Notes of releases up to this tag, included (it must exist)
    #[arg(long, value_name = "vX.Y.Z", conflicts_with = "range")]
    to: Option<String>,

    /// Releases in a range: `v1.27.3..v1.30.1` (ends included, either may be left out), a
    /// semver requirement such as `>=1.27, <1.30`, or a bare version: `1.22` is the 1.22 line,
    /// `1.22.3` that release
    #[arg(long, value_name = "RANGE", value_parser = parse_range, allow_hyphen_values = true)]
    range: Option<VersionRange>,

    /// Kinds: deprecation, api-change, feature, design, documentation, failing-test, bug,
    /// cleanup, uncategorized, dependency
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_kind)]
    kind: Vec<Kind>,

    /// SIGs, by label (`node`, `api-machinery`) or name (`"SIG Node"`)
    #[arg(long, value_name = "SIG", value_delimiter = ',', value_parser = parse_sig)]
    sig: Vec<&'static str>,

    /// Components, as the notes prefix them (`kubeadm`, `kube-apiserver`, `kubectl`)
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    component: Vec<String>,

    /// Only notes marked action required
    #[arg(long)]
    action_required: bool,

    /// Only notes that mention a CVE
    #[arg(long)]
    has_cve: bool,

    /// Notes citing these kubernetes/kubernetes PRs (`123` or `#123`)
    #[arg(long, value_name = "N", value_delimiter = ',', value_parser = parse_pr)]
    pr: Vec<u64>,

    /// Notes by these GitHub logins (`@` optional, any case)
    #[arg(long, value_name = "LOGIN", value_delimiter = ',')]
    author: Vec<String>,

    /// Notes whose text contains TEXT, ignoring case
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,

    /// Include alpha, beta and rc releases (their notes reappear, curated, in the x.y.0 release)
    #[arg(long)]
    prereleases: bool,
}

fn parse_range(text: &str) -> Result<VersionRange, QueryError> {
    text.parse()
}

fn parse_kind(text: &str) -> Result<Kind, QueryError> {
    query::parse_kind(text)
}

fn parse_sig(text: &str) -> Result<&'static str, QueryError> {
    query::parse_sig(text)
}

fn parse_pr(text: &str) -> Result<u64, String> {
    let digits = text.trim().trim_start_matches('#');
    digits
        .parse()
        .map_err(|_| format!("`{text}` is not a PR number such as 123 or #123"))
}

impl Filter {
    /// The library query these flags ask for. `--from` and `--to` must name releases of
    /// `history`, so that a typo is an error naming the nearest tag, not an empty answer.
    pub fn query(&self, history: &History) -> Result<Query, QueryError> {
        let range = match (&self.from, &self.to) {
            (None, None) => self.range.clone(),
            (from, to) => history
                .range(from.as_deref(), to.as_deref())?
                .version_range(),
        };
        Ok(Query {
            range,
            kinds: self.kind.clone(),
            sigs: self.sig.iter().map(|s| s.to_string()).collect(),
            components: self
                .component
                .iter()
                .map(|c| c.trim().to_ascii_lowercase())
                .collect(),
            action_required: self.action_required.then_some(true),
            has_cve: self.has_cve.then_some(true),
            prs: self.pr.clone(),
            authors: self
                .author
                .iter()
                .map(|a| a.trim().trim_start_matches('@').to_string())
                .collect(),
            text: self.search.clone(),
            prereleases: self.prereleases,
        })
    }
}

/// `notes --facets` as JSON: the number of matching notes and the core's facet counts.
#[derive(Serialize)]
struct FacetReport<'f> {
    notes: usize,
    #[serde(flatten)]
    facets: &'f Facets,
}

/// A note as JSON: the note's own fields, with its release and that release's date.
#[derive(Serialize)]
struct NoteRecord<'h> {
    release: &'h str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(flatten)]
    note: &'h Note,
}

pub fn run(args: Args) -> Result<()> {
    let history = history::load(&args.input)?;
    let query = args.filter.query(history)?;
    if args.facets {
        let (hits, facets) = query.run_with_facets(history);
        let json = FacetReport {
            notes: hits.len(),
            facets: &facets,
        };
        return report::write(
            &args.format,
            &json,
            || facet_sheet(&facets),
            |_| facet_doc(&facets, &hits),
        );
    }
    let hits = query.run(history);
    if args.relnotes {
        let json = k8s_changelog::relnotes::write(hits.iter().map(|hit| (hit.release, hit.note)));
        return crate::output::emit(json.as_bytes(), args.format.output.as_deref());
    }
    let records: Vec<NoteRecord> = hits
        .iter()
        .map(|hit| NoteRecord {
            release: &hit.release.version,
            date: report::date(history, hit.release),
            note: hit.note,
        })
        .collect();
    report::write(
        &args.format,
        &records,
        || sheet(history, &hits),
        |_| doc(history, &hits),
    )
}

fn sheet(history: &History, hits: &[Hit]) -> Sheet {
    let mut sheet = Sheet::new(&[
        "release",
        "date",
        "kind",
        "sigs",
        "pr",
        "prs",
        "authors",
        "component",
        "action_required",
        "cves",
        "text",
    ]);
    for hit in hits {
        let note = hit.note;
        sheet.push(vec![
            hit.release.version.clone(),
            report::date(history, hit.release).unwrap_or_default(),
            note.kind.map(Kind::label).unwrap_or_default().to_string(),
            note.sigs.join(";"),
            note.pr().map(|p| p.to_string()).unwrap_or_default(),
            join(&note.prs, ";"),
            note.authors.join(";"),
            note.component.clone().unwrap_or_default(),
            note.action_required.to_string(),
            note.cves.join(";"),
            note.text.clone(),
        ]);
    }
    sheet
}

fn doc(history: &History, hits: &[Hit]) -> Doc {
    let mut grid = Grid::new(&["release", "kind", "SIGs", "PR", "author", "note"])
        .narrow(0, 14)
        .narrow(2, 18)
        .narrow(4, 14);
    for hit in hits {
        let note = hit.note;
        let text = report::first_line(&note.text);
        grid.push(vec![
            Field::from(report::release_label(history, hit.release)),
            Field::from(note.kind.map(Kind::label).unwrap_or("-")).tone(Tone::of_kind(note.kind)),
            Field::from(note.sigs.join(", ")),
            note.pr().map(Field::pr).unwrap_or_default(),
            Field::from(note.authors.join(", ")),
            if note.action_required {
                Field::from(format!("ACTION REQUIRED: {text}")).tone(Tone::Strong)
            } else {
                Field::from(text)
            },
        ]);
    }
    let releases = {
        let mut tags: Vec<&str> = hits.iter().map(|h| h.release.version.as_str()).collect();
        tags.dedup();
        tags.len()
    };
    let mut doc = Doc::default();
    if !grid.rows.is_empty() {
        doc.grid(grid);
    }
    doc.paragraph(format!(
        "{} in {}",
        report::count(hits.len(), "note", "notes"),
        report::count(releases, "release", "releases")
    ));
    doc
}

/// Each facet value as (category, value, notes), in the order the facets list them.
fn facet_rows(facets: &Facets) -> Vec<(&'static str, String, usize)> {
    let values = |facet: &'static str, list: &[FacetCount<String>]| {
        list.iter()
            .map(move |c| (facet, c.value.clone(), c.notes))
            .collect::<Vec<_>>()
    };
    let kinds = facets
        .kinds
        .iter()
        .map(|c| ("kind", c.value.label().to_string(), c.notes));
    kinds
        .chain(values("sig", &facets.sigs))
        .chain(values("component", &facets.components))
        .chain([
            ("action-required", "yes".to_string(), facets.action_required),
            ("has-cve", "yes".to_string(), facets.has_cve),
        ])
        .collect()
}

fn facet_sheet(facets: &Facets) -> Sheet {
    let mut sheet = Sheet::new(&["facet", "value", "notes"]);
    for (facet, value, notes) in facet_rows(facets) {
        sheet.push(vec![facet.to_string(), value, notes.to_string()]);
    }
    sheet
}

fn facet_doc(facets: &Facets, hits: &[Hit]) -> Doc {
    let mut grid = Grid::new(&["facet", "value", "notes"]);
    for (facet, value, notes) in facet_rows(facets) {
        grid.push(vec![
            Field::from(facet),
            Field::from(value),
            Field::from(notes.to_string()),
        ]);
    }
    let mut doc = Doc::default();
    doc.grid(grid);
    let verb = if hits.len() == 1 { "matches" } else { "match" };
    doc.paragraph(format!(
        "{} {verb}. Each category is counted without its own flag (--kind, --sig, \
         --component, --action-required, --has-cve).",
        report::count(hits.len(), "note", "notes")
    ));
    doc
}

fn join(values: &[u64], sep: &str) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}
