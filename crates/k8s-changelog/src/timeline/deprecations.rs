//! The deprecation and removal timeline: which API versions, resources, flags, feature gates,
//! in-tree plugins and named subsystems the notes deprecate or remove, and in which minor.
//!
//! # How statements are found
//!
//! A note is read when it is a deprecation (kind `deprecation`, or under a Deprecation /
//! Removal / Urgent / Action Required heading, or marked action required) or its text uses a
//! status word; bug, failing-test and documentation notes are left out (they mention deprecated
//! things in passing). Its text (without fenced code) is cut into paragraphs and list items,
//! then sentences. Each sentence gets a status:
//!
//! - **no longer served** ("no longer served", "stops serving"), else **removed** ("removed",
//!   "remove", "dropped", "deleted"), else **deprecated** ("deprecated", or a removal in the
//!   future tense: "will be removed in v1.18", "will no longer be served"), ignoring negations
//!   ("not removed", "no longer deprecated");
//! - a list item without a status word takes the status of the lead-in line ending with `:`
//!   ("The following APIs are no longer served by default:");
//! - when no sentence of a deprecation note has a status word, every sentence is "deprecated"
//!   ("removed" under a Removed heading).
//!
//! In a sentence with a status, the items named are: API group/versions
//! (`extensions/v1beta1`, `flowcontrol.apiserver.k8s.io/v1beta2`; alpha and beta versions only,
//! no stable version was removed in this corpus) with the resource kinds between it and the
//! previous group/version (or right after it); resource kinds named as an API without a version
//! ("The PodSecurityPolicy API is deprecated"); `--flags`, with the component the sentence or
//! note names; CamelCase feature gates next to "feature gate"; in-tree plugins
//! (`kubernetes.io/gce-pd`); and a few named subsystems (dockershim). Items named as the
//! replacement ("use `apps/v1` instead", "in favor of", "moved to", "available via") are not
//! items of the sentence. Future-tense removals set `removal_planned` when they name a version.
//!
//! # How events are dated
//!
//! Statements are grouped per item and status into events dated by minor: a statement counts
//! for the minor of the first `x.y.0` (or pre-release) whose notes carry the same PR, else for
//! its own release's minor, so a backport to an older line does not antedate the change. An
//! item's `deprecated_in` is its first "deprecated" minor; `removed_in` its first "removed" or
//! "no longer served" minor, or that of its group/version as a whole ("All resources under
//! `apps/v1beta1`") when earlier.
//!
//! # Completeness
//!
//! On the v1.2–v1.24.0-alpha.1 corpus (23 files, 433 releases) this finds 241 items (the
//! golden snapshot `timeline__deprecations.snap` lists them): 42 API group/versions (with or
//! without a resource), 2 resources named without a version, 140 flags, 52 feature gates,
//! 4 in-tree plugins and dockershim; 164 have a `deprecated_in`, 136 a `removed_in`, 59 both,
//! 34 a planned removal, from 358 events. It misses:
//!
//! - what none of the shapes above names: metrics, fields and annotations (`.spec.rollbackTo`),
//!   admission plugins, kubectl commands and generators, labels, options written without `--`
//!   ("the `service-node-ports` flag"), stable API versions, and things named only in prose
//!   ("The feature Dynamic Kubelet Configuration is deprecated");
//! - statements spread over sentences ("Feature gate `X` is disabled … It is deprecated.") or
//!   whose item sits in another clause ("… will report a warning when the flag
//!   `--dynamic-config-dir` is used": `when`, `if`, `unless`, `but`, `;` end a clause);
//! - removals the changelogs do not state: the 1.22 removals of the v1beta1 Ingress, CRD and
//!   webhook APIs appear only as announcements ("planned 1.22").
//!
//! And it over-reads: a removal of a part (a default value, the `auto-detect` behaviour of
//! `--cloud-provider`) counts as a removal of the item; flags are keyed by name, so one
//! component's removal and another's deprecation of a same-named flag share an entry.

use super::is_cycle_release;
use crate::model::{Kind, Note, Release};
use crate::History;
use regex::Regex;
use semver::Version;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::LazyLock;

/// What kind of thing an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// `extensions/v1beta1`, optionally with a resource kind (`Deployment`).
    ApiVersion,
    /// A resource kind named as an API without a version (`PodSecurityPolicy`).
    Resource,
    /// `--basic-auth-file`.
    Flag,
    /// `DynamicKubeletConfig`.
    FeatureGate,
    /// An in-tree plugin named by its `kubernetes.io/…` name (`kubernetes.io/gce-pd`).
    Plugin,
    /// A named subsystem (`dockershim`).
    Subsystem,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::ApiVersion => "api",
            ItemKind::Resource => "resource",
            ItemKind::Flag => "flag",
            ItemKind::FeatureGate => "feature-gate",
            ItemKind::Plugin => "plugin",
            ItemKind::Subsystem => "subsystem",
        }
    }
}

/// What a statement says happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Deprecated, or announced for removal.
    Deprecated,
    /// An API no longer served (it may still be re-enabled for a while).
    NoLongerServed,
    Removed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Deprecated => "deprecated",
            Status::NoLongerServed => "no-longer-served",
            Status::Removed => "removed",
        }
    }
}

/// One status of one item, as first stated in one minor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    pub status: Status,
    /// The minor line (`1.16`).
    pub since: String,
    /// The first tag of that minor whose notes say it (`v1.16.0-alpha.1`).
    pub first: String,
    /// Every tag whose notes say it for this minor (backports to older lines included).
    pub releases: Vec<String>,
    /// The PR of the first statement.
    pub pr: Option<u64>,
    /// The sentence of the first statement.
    pub text: String,
    /// For a deprecation that announces its removal: the version it names (`1.25`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_planned: Option<String>,
}

/// One deprecated or removed thing and its resolved timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeprecatedItem {
    pub kind: ItemKind,
    /// `extensions/v1beta1`, `--basic-auth-file`, `DynamicKubeletConfig`, `dockershim`.
    pub name: String,
    /// For API versions: the resource kind (`Deployment`), if the notes name one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// For flags: the components the notes name (`kube-apiserver`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    pub deprecated_in: Option<String>,
    pub removed_in: Option<String>,
    /// The removal version the latest announcement names, when not yet removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_planned: Option<String>,
    /// Oldest first.
    pub events: Vec<StatusEvent>,
}

impl DeprecatedItem {
    /// `extensions/v1beta1 Deployment`, `--basic-auth-file`.
    pub fn key(&self) -> String {
        match &self.resource {
            Some(resource) => format!("{} {resource}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Every item, sorted by kind then name then resource.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeprecationTimeline {
    pub items: Vec<DeprecatedItem>,
}

impl DeprecationTimeline {
    /// The item named `name` (`extensions/v1beta1`, `--basic-auth-file`), with `resource` for
    /// a resource of an API version (`Some("Deployment")`).
    pub fn get(&self, name: &str, resource: Option<&str>) -> Option<&DeprecatedItem> {
        self.items
            .iter()
            .find(|i| i.name == name && i.resource.as_deref() == resource)
    }
}

/// The compact text form: one line per item with its resolved minors, each with the first tag
/// and PR that state it:
/// `api extensions/v1beta1 Deployment | deprecated 1.8 (v1.8.0-beta.1 #51828) | no-longer-served 1.16 (v1.16.0-alpha.1 #70672)`.
impl fmt::Display for DeprecationTimeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pr = |e: &StatusEvent| e.pr.map(|p| format!(" #{p}")).unwrap_or_default();
        for item in &self.items {
            write!(f, "{:<12} {}", item.kind.label(), item.key())?;
            if !item.components.is_empty() {
                write!(f, " [{}]", item.components.join(","))?;
            }
            let event = |minor: &str, removal: bool| {
                item.events
                    .iter()
                    .find(|e| e.since == minor && (e.status != Status::Deprecated) == removal)
            };
            if let Some(minor) = &item.deprecated_in {
                if let Some(e) = event(minor, false) {
                    write!(f, " | deprecated {minor} ({}{})", e.first, pr(e))?;
                }
            }
            if let Some(minor) = &item.removed_in {
                match event(minor, true) {
                    Some(e) => write!(f, " | {} {minor} ({}{})", e.status.label(), e.first, pr(e))?,
                    None => write!(f, " | removed {minor} (with its group)")?,
                }
            }
            if let Some(planned) = &item.removal_planned {
                write!(f, " | planned {planned}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Builds the timeline from every note of `history`.
pub fn deprecations(history: &History) -> DeprecationTimeline {
    // The first cycle release (x.y.0 or pre-release) carrying a note, by PR and by text, for
    // dating backports: a cherry-pick cites its own PR but usually repeats the text.
    let mut cycle_of_pr: HashMap<u64, &Version> = HashMap::new();
    let mut cycle_of_text: HashMap<&str, &Version> = HashMap::new();
    for release in history.releases() {
        if is_cycle_release(&release.semver) {
            for note in &release.notes {
                if let Some(pr) = note.pr() {
                    cycle_of_pr.entry(pr).or_insert(&release.semver);
                }
                cycle_of_text
                    .entry(note.text.as_str())
                    .or_insert(&release.semver);
            }
        }
    }

    let mut statements: BTreeMap<ItemKey, Vec<Said>> = BTreeMap::new();
    let mut components: HashMap<ItemKey, BTreeSet<String>> = HashMap::new();
    for release in history.releases() {
        for note in &release.notes {
            for found in read_note(note) {
                let dated = if is_cycle_release(&release.semver) {
                    &release.semver
                } else {
                    note.pr()
                        .and_then(|pr| cycle_of_pr.get(&pr).copied())
                        .or_else(|| cycle_of_text.get(note.text.as_str()).copied())
                        .unwrap_or(&release.semver)
                };
                if let Some(component) = &found.component {
                    components
                        .entry(found.key.clone())
                        .or_default()
                        .insert(component.clone());
                }
                statements.entry(found.key).or_default().push(Said {
                    status: found.status,
                    minor: (dated.major, dated.minor),
                    release,
                    pr: note.pr(),
                    text: found.sentence,
                    planned: found.planned,
                });
            }
        }
    }

    // Group-level removals ("All resources under apps/v1beta1") apply to the group's resources.
    let mut group_removed: HashMap<String, (u64, u64)> = HashMap::new();
    for (key, said) in &statements {
        if key.kind == ItemKind::ApiVersion && key.resource.is_none() {
            if let Some(minor) = said
                .iter()
                .filter(|s| s.status != Status::Deprecated)
                .map(|s| s.minor)
                .min()
            {
                group_removed.insert(key.name.clone(), minor);
            }
        }
    }

    let items = statements
        .into_iter()
        .map(|(key, said)| {
            let events = events_of(&said);
            let deprecated = said
                .iter()
                .filter(|s| s.status == Status::Deprecated)
                .map(|s| s.minor)
                .min();
            // A removal stated before the first deprecation is usually of a part (a field, a
            // default value); the item's own removal follows its deprecation.
            let mut removed = said
                .iter()
                .filter(|s| s.status != Status::Deprecated)
                .map(|s| s.minor)
                .filter(|m| deprecated.is_none_or(|d| *m >= d))
                .min();
            if key.kind == ItemKind::ApiVersion && key.resource.is_some() {
                if let Some(group) = group_removed
                    .get(&key.name)
                    .filter(|g| deprecated.is_none_or(|d| **g >= d))
                {
                    removed = Some(removed.map_or(*group, |own| own.min(*group)));
                }
            }
            let removal_planned = match removed {
                Some(_) => None,
                None => said.iter().rev().find_map(|s| s.planned.clone()),
            };
            DeprecatedItem {
                kind: key.kind,
                components: components
                    .remove(&key)
                    .map(|c| c.into_iter().collect())
                    .unwrap_or_default(),
                name: key.name,
                resource: key.resource,
                deprecated_in: deprecated.map(|(a, b)| format!("{a}.{b}")),
                removed_in: removed.map(|(a, b)| format!("{a}.{b}")),
                removal_planned,
                events,
            }
        })
        .collect();
    DeprecationTimeline { items }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct ItemKey {
    kind: ItemKind,
    name: String,
    resource: Option<String>,
}

/// One statement about one item.
struct Said<'h> {
    status: Status,
    minor: (u64, u64),
    release: &'h Release,
    pr: Option<u64>,
    text: String,
    planned: Option<String>,
}

fn events_of(said: &[Said<'_>]) -> Vec<StatusEvent> {
    let mut groups: BTreeMap<((u64, u64), Status), Vec<&Said<'_>>> = BTreeMap::new();
    for s in said {
        groups.entry((s.minor, s.status)).or_default().push(s);
    }
    groups
        .into_iter()
        .map(|((minor, status), said)| {
            // The first statement of the minor's own line; a backport only when there is none.
            let first = said
                .iter()
                .filter(|s| (s.release.semver.major, s.release.semver.minor) == minor)
                .min_by(|a, b| a.release.semver.cmp(&b.release.semver))
                .or_else(|| said.first())
                .copied()
                .expect("a group has statements");
            let mut releases: Vec<&Release> = said.iter().map(|s| s.release).collect();
            releases.sort_by(|a, b| a.semver.cmp(&b.semver));
            releases.dedup_by(|a, b| a.semver == b.semver);
            StatusEvent {
                status,
                since: format!("{}.{}", minor.0, minor.1),
                first: first.release.version.clone(),
                releases: releases.iter().map(|r| r.version.clone()).collect(),
                pr: first.pr,
                text: first.text.clone(),
                removal_planned: said.iter().find_map(|s| s.planned.clone()),
            }
        })
        .collect()
}

/// An item a note names, with the status its sentence gives.
struct Found {
    key: ItemKey,
    status: Status,
    component: Option<String>,
    sentence: String,
    planned: Option<String>,
}

/// Why a note is read at all.
fn is_candidate(note: &Note) -> Option<bool> {
    let section = note.section.join(" / ").to_ascii_lowercase();
    let deprecation_section = section.contains("deprecat") || section.contains("remov");
    if matches!(
        note.kind,
        Some(Kind::Bug | Kind::FailingTest | Kind::Documentation)
    ) && !deprecation_section
    {
        return None;
    }
    let deprecation = note.kind == Some(Kind::Deprecation) || deprecation_section;
    let urgent =
        note.action_required || section.contains("urgent") || section.contains("action required");
    if deprecation || urgent || STATUS_WORD.is_match(&note.text) {
        Some(deprecation)
    } else {
        None
    }
}

fn read_note(note: &Note) -> Vec<Found> {
    let Some(deprecation) = is_candidate(note) else {
        return Vec::new();
    };
    let default_status = if note
        .section
        .iter()
        .any(|s| s.to_ascii_lowercase().starts_with("remov"))
    {
        Status::Removed
    } else {
        Status::Deprecated
    };
    let segments = segments(&note.text);
    let words: Vec<Vec<StatusWord>> = segments.iter().map(|s| status_words(&s.text)).collect();
    let any_status = words.iter().any(|w| !w.is_empty());

    let mut out = Vec::new();
    let mut lead_in: Option<Status> = None;
    for (segment, words) in segments.iter().zip(words) {
        let strongest = words.iter().map(|w| w.status).max();
        // Without a status word of its own, a sentence takes its lead-in's or the note's.
        let inherited = if !words.is_empty() {
            None
        } else if segment.item && lead_in.is_some() {
            lead_in
        } else if deprecation && !any_status {
            Some(default_status)
        } else {
            None
        };
        if segment.text.trim_end().ends_with(':') {
            lead_in = strongest;
        } else if !segment.item {
            lead_in = None;
        }
        let planned = PLANNED.captures(&segment.text).map(|c| c[1].to_string());
        for (key, component, span) in items_of(&segment.text, note) {
            let Some(status) = inherited.or_else(|| linked_status(&segment.text, &words, span))
            else {
                continue;
            };
            out.push(Found {
                key,
                status,
                component,
                sentence: segment.text.clone(),
                planned: (status == Status::Deprecated)
                    .then(|| planned.clone())
                    .flatten(),
            });
        }
    }
    out
}

/// A sentence of a note, and whether it belongs to a list item.
struct Segment {
    text: String,
    item: bool,
}

/// Paragraphs and list items (outside fenced code), cut into sentences.
fn segments(text: &str) -> Vec<Segment> {
    let mut blocks: Vec<(String, bool)> = Vec::new();
    let mut current: Option<(String, bool)> = None;
    let mut fence = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            blocks.extend(current.take());
            continue;
        }
        if fence {
            continue;
        }
        if trimmed.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if let Some(rest) = LIST_MARKER.find(trimmed).map(|m| &trimmed[m.end()..]) {
            blocks.extend(current.take());
            current = Some((rest.to_string(), true));
        } else if trimmed.starts_with('#') || trimmed.starts_with('|') {
            blocks.extend(current.take());
            blocks.push((trimmed.to_string(), false));
        } else if let Some((text, _)) = &mut current {
            text.push(' ');
            text.push_str(trimmed);
        } else {
            current = Some((trimmed.to_string(), false));
        }
    }
    blocks.extend(current);

    let mut out = Vec::new();
    for (block, item) in blocks {
        // One space between words, so "deprecated.  It" splits like "deprecated. It".
        let block = block.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut start = 0;
        let bytes = block.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if !(b == b'.' || b == b';') || i + 2 >= bytes.len() || bytes[i + 1] != b' ' {
                continue;
            }
            let next = bytes[i + 2];
            let before = &block[start..i];
            let abbreviation = ["e.g", "i.e", "etc", "vs", "approx"]
                .iter()
                .any(|a| before.ends_with(a));
            if (next.is_ascii_uppercase() || next == b'`' || next == b'"') && !abbreviation {
                out.push(Segment {
                    text: block[start..=i].trim().to_string(),
                    item,
                });
                start = i + 2;
            }
        }
        let rest = block[start..].trim();
        if !rest.is_empty() {
            out.push(Segment {
                text: rest.to_string(),
                item,
            });
        }
    }
    out
}

static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*+]|\d+[.)])\s+").expect("list marker regex"));

/// Any word that makes a non-deprecation note worth reading.
static STATUS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:deprecat\w*|removed|no longer (?:be )?serv\w*|dropped|will be removed)\b")
        .expect("status word regex")
});

static NO_LONGER_SERVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:no longer (?:be )?serv(?:ed|es|e|ing)|stop(?:s|ped)? serving|not (?:be )?served)\b")
        .expect("no-longer-served regex")
});

static REMOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:remov(?:e|es|ed|ing|al)|drop(?:s|ped)?)\b").expect("removed regex")
});

static DEPRECATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bdeprecat(?:e|es|ed|ing|ion)\b").expect("deprecated regex"));

/// Words just before a status word that put it in the future (an announcement).
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|to be|would|shall|going to|scheduled|plan(?:s|ned)?|slated|targeted|can|could|may|might|should|must)\b(?:\s+[\w-]+){0,3}\s*$")
        .expect("future regex")
});

/// Words just after a removal that put it in the future: "removed in a future release".
static FUTURE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[\w-]+\s+){0,3}?(?:in|with|by|from|at) (?:a |the )?(?:future|later|upcoming|next|subsequent)\b")
        .expect("future-after regex")
});

/// Words just before a status word that negate it.
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bnot\b|n't\b|\bno longer\b|\bnever\b|\bun-?)\s*(?:\w+\s+)?$")
        .expect("negation regex")
});

/// "… removed in v1.25", "… no longer be served starting in 1.25".
static PLANNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:remov\w*|served|dropped|deleted)\b[^.]*?\b(?:in|with|by|as of|from|after|starting(?: in| with| from)?)\s+(?:kubernetes\s+|k8s\s+|version\s+|release\s+)?v?(1\.\d{1,2})\b")
        .expect("planned regex")
});

/// A word that gives a status, where it is in its sentence.
struct StatusWord {
    start: usize,
    end: usize,
    status: Status,
}

/// The status words of a sentence, negations left out, future removals as deprecations.
fn status_words(sentence: &str) -> Vec<StatusWord> {
    // The text before a match, as far back as the start of its clause.
    let before = |start: usize| {
        let head = &sentence[..start];
        let cut = head.rfind([',', '(', ':']).map_or(0, |i| i + 1);
        &head[cut..]
    };
    let mut out: Vec<StatusWord> = Vec::new();
    for (regex, status) in [
        (&*NO_LONGER_SERVED, Status::NoLongerServed),
        (&*REMOVED, Status::Removed),
        (&*DEPRECATED, Status::Deprecated),
    ] {
        for m in regex.find_iter(sentence) {
            if out.iter().any(|w| w.start < m.end() && m.start() < w.end) {
                continue; // "no longer served" already read; "served" is not a second word.
            }
            let head = before(m.start());
            if NEGATED.is_match(head) {
                continue;
            }
            let future = status != Status::Deprecated
                && (FUTURE.is_match(head)
                    || FUTURE_AFTER.is_match(&sentence[m.end()..])
                    || m.as_str().eq_ignore_ascii_case("removal"));
            out.push(StatusWord {
                start: m.start(),
                end: m.end(),
                status: if future { Status::Deprecated } else { status },
            });
        }
    }
    out
}

/// What separates two clauses: a status word on one side does not speak of an item on the other.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:;|,\s*(?:which|so)\b|\b(?:but|unless|if|when|whenever|while|where|because|so that)\b|\s-\s)")
        .expect("clause break regex")
});

/// ", and passed …": a second verb phrase, whose object the first verb does not speak of.
static NEW_VERB_PHRASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",\s*and\s+[a-z]+ed\b").expect("verb phrase regex"));

/// The strongest status of the words in the item's clause.
fn linked_status(
    sentence: &str,
    words: &[StatusWord],
    (start, end): (usize, usize),
) -> Option<Status> {
    words
        .iter()
        .filter(|w| {
            if w.end <= start {
                let between = &sentence[w.end..start];
                // "removed …, and passed to the --etcd-servers flag": a new verb phrase.
                !CLAUSE_BREAK.is_match(between) && !NEW_VERB_PHRASE.is_match(between)
            } else if w.start >= end {
                let between = &sentence[end..w.start];
                // "Deprecate `--a`, `--b` and remove `--c`": a verb (not a participle) after
                // "and" starts a new verb phrase, whose object is not `--a`.
                let verb = sentence[w.start..w.end].to_ascii_lowercase();
                let new_phrase = between.trim_end().ends_with(" and")
                    && [
                        "remove",
                        "removes",
                        "drop",
                        "drops",
                        "deprecate",
                        "deprecates",
                    ]
                    .contains(&verb.as_str());
                !CLAUSE_BREAK.is_match(between) && !new_phrase
            } else {
                false
            }
        })
        .map(|w| w.status)
        .max()
}

static GROUP_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b((?:[a-z0-9-]+\.)+(?:k8s\.io|x-k8s\.io)|extensions|apps|batch|policy|autoscaling|rbac|authentication|authorization|certificates|storage|networking|scheduling|settings|admissionregistration|apiextensions|apiregistration|coordination|discovery|events|node|flowcontrol|imagepolicy|federation|metrics|custom\.metrics|external\.metrics|audit|kubeadm|kubelet|componentconfig)/(v\d+(?:alpha|beta)\d+)\b",
    )
    .expect("group/version regex")
});

static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s`(,'\x22\[])(--[a-z0-9][a-z0-9-]*[a-z0-9])\b").expect("flag regex")
});

static FEATURE_GATE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)feature[- ]?(?:gates?|flags?)").expect("feature gate regex"));

/// A CamelCase word with at least two capitals and a lower-case letter (`IPv6DualStack`).
static CAMEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*\b").expect("camel regex"));

static PLUGIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bkubernetes\.io/[a-z][a-z0-9-]*[a-z0-9]\b").expect("plugin regex")
});

static PLUGIN_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:plugins?|drivers?|provisioners?)\b").expect("plugin word regex")
});

static DOCKERSHIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdockershim\b|\bdocker support in the kubelet\b|\bdocker runtime support\b")
        .expect("dockershim regex")
});

/// Text right before an item that names it as the replacement.
static REPLACEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\buse|\busing|\bin favou?r of|\breplaced (?:by|with)|\bmigrate(?:d)? to|\bmoved to|\bswitch(?:ed)? to|\bavailable (?:via|in|from|at|under|as)|\bpromoted to|\bsuperseded by|\bprefers?|\bto the new|\bto use|\binstead:?)\s*(?:the\s+)?(?:new\s+)?(?:equivalent\s+)?[`'\x22]?$")
        .expect("replacement regex")
});

/// The resource kinds the corpus deprecates or removes under some group/version.
const RESOURCE_KINDS: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ControllerRevision",
    "CronJob",
    "CSIDriver",
    "CSINode",
    "CSIStorageCapacity",
    "CustomResourceDefinition",
    "DaemonSet",
    "Deployment",
    "EndpointSlice",
    "FlowSchema",
    "HorizontalPodAutoscaler",
    "Ingress",
    "IngressClass",
    "Job",
    "LocalSubjectAccessReview",
    "MutatingWebhookConfiguration",
    "NetworkPolicy",
    "PodDisruptionBudget",
    "PodPreset",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "ReplicaSet",
    "RoleBinding",
    "RuntimeClass",
    "ScheduledJob",
    "SelfSubjectAccessReview",
    "SelfSubjectRulesReview",
    "StatefulSet",
    "StorageClass",
    "SubjectAccessReview",
    "ThirdPartyResource",
    "TokenReview",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// The resource kind a word names: `Deployment`, `Deployments`, `deployments`,
/// `podsecuritypolicies`. A lower-case single-word kind (`ingresses`, `jobs`) counts only in
/// backticks, as plain English uses those words too.
fn resource_kind(word: &str, backticked: bool) -> Option<&'static str> {
    RESOURCE_KINDS.iter().copied().find(|kind| {
        let plural = if let Some(stem) = kind.strip_suffix('y') {
            format!("{stem}ies")
        } else if kind.ends_with('s') {
            format!("{kind}es")
        } else {
            format!("{kind}s")
        };
        if word == *kind || word == plural {
            return true;
        }
        let compound = kind.chars().filter(char::is_ascii_uppercase).count() > 1;
        let lower = word.to_ascii_lowercase();
        (compound || backticked)
            && word.chars().all(|c| c.is_ascii_lowercase())
            && (lower == kind.to_ascii_lowercase() || lower == plural.to_ascii_lowercase())
    })
}

/// The kinds named in `text`.
fn kinds_in(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for m in WORD.find_iter(text) {
        let backticked = text[..m.start()].ends_with('`') || text[m.end()..].starts_with('`');
        if let Some(kind) = resource_kind(m.as_str(), backticked) {
            if !out.contains(&kind) {
                out.push(kind);
            }
        }
    }
    out
}

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z]+").expect("word regex"));

/// Binaries a flag can belong to, as the notes name them.
const COMPONENTS: &[(&str, &str)] = &[
    ("kube-apiserver", "kube-apiserver"),
    ("apiserver", "kube-apiserver"),
    ("kube-controller-manager", "kube-controller-manager"),
    ("cloud-controller-manager", "cloud-controller-manager"),
    ("controller-manager", "kube-controller-manager"),
    ("kube-scheduler", "kube-scheduler"),
    ("scheduler", "kube-scheduler"),
    ("kube-proxy", "kube-proxy"),
    ("kubelet", "kubelet"),
    ("kubectl", "kubectl"),
    ("kubeadm", "kubeadm"),
    ("hyperkube", "hyperkube"),
];

fn component_in(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    COMPONENTS
        .iter()
        .filter_map(|(word, name)| {
            let at = lower.match_indices(word).find(|(i, _)| {
                let before = lower[..*i].chars().next_back();
                let after = lower[i + word.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
            })?;
            Some((at.0, *name))
        })
        .min_by_key(|(i, _)| *i)
        .map(|(_, name)| name)
}

fn is_replacement(sentence: &str, start: usize) -> bool {
    let head = &sentence[..start];
    let from = head.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    REPLACEMENT.is_match(&head[from..])
}

/// The items a sentence names, each with the component it belongs to (flags only) and where
/// the sentence names it.
fn items_of(sentence: &str, note: &Note) -> Vec<(ItemKey, Option<String>, (usize, usize))> {
    let mut out: Vec<(ItemKey, Option<String>, (usize, usize))> = Vec::new();
    let mut push = |key: ItemKey, component: Option<String>, span: (usize, usize)| {
        if !out.iter().any(|(k, _, _)| *k == key) {
            out.push((key, component, span));
        }
    };

    // API group/versions, with the kinds between the previous one and this one.
    let versions: Vec<regex::Match<'_>> = GROUP_VERSION
        .find_iter(sentence)
        .filter(|m| {
            // `apps/v1beta1=true`, `extensions/v1beta1/deployments=true`: --runtime-config values.
            let after = &sentence[m.end()..];
            !(after.starts_with('=')
                || after.strip_prefix('/').is_some_and(|r| {
                    r.trim_start_matches(|c: char| c.is_ascii_lowercase())
                        .starts_with('=')
                }))
        })
        .collect();
    for (i, m) in versions.iter().enumerate() {
        if is_replacement(sentence, m.start()) {
            continue;
        }
        let name = m.as_str().to_string();
        let previous_end = if i == 0 { 0 } else { versions[i - 1].end() };
        let next_start = versions.get(i + 1).map_or(sentence.len(), |n| n.start());
        let mut kinds = kinds_in(&sentence[previous_end..m.start()]);
        if kinds.is_empty() {
            kinds = kinds_in(&sentence[m.end()..next_start]);
        }
        if kinds.is_empty() {
            push(
                ItemKey {
                    kind: ItemKind::ApiVersion,
                    name,
                    resource: None,
                },
                None,
                (m.start(), m.end()),
            );
        } else {
            for kind in kinds {
                push(
                    ItemKey {
                        kind: ItemKind::ApiVersion,
                        name: name.clone(),
                        resource: Some(kind.to_string()),
                    },
                    None,
                    (m.start(), m.end()),
                );
            }
        }
    }

    // A resource kind named as an API, with no group/version in the sentence.
    if versions.is_empty() {
        for kind in RESOURCE_KINDS {
            let named_as_api = [" API", "` API", " resource", "` resource"]
                .iter()
                .find_map(|suffix| sentence.find(&format!("{kind}{suffix}")));
            if let Some(at) = named_as_api {
                push(
                    ItemKey {
                        kind: ItemKind::Resource,
                        name: kind.to_string(),
                        resource: None,
                    },
                    None,
                    (at, at + kind.len()),
                );
            }
        }
    }

    // Flags, with the component the sentence or the note names.
    let component = component_in(sentence)
        .or_else(|| note.component.as_deref().and_then(component_in))
        .or_else(|| note.section.iter().rev().find_map(|s| component_in(s)))
        .map(str::to_string);
    for caps in FLAG.captures_iter(sentence) {
        let m = caps.get(1).expect("flag group");
        let flag = m.as_str();
        // The flags that carry other items, and help, are never the item themselves.
        if matches!(flag, "--feature-gates" | "--runtime-config" | "--help")
            || is_replacement(sentence, m.start())
        {
            continue;
        }
        push(
            ItemKey {
                kind: ItemKind::Flag,
                name: flag.to_string(),
                resource: None,
            },
            component.clone(),
            (m.start(), m.end()),
        );
    }

    // Feature gates: CamelCase words next to "feature gate", or in a list that is.
    let gate_words: Vec<(usize, usize)> = FEATURE_GATE_WORD
        .find_iter(sentence)
        .map(|m| (m.start(), m.end()))
        .collect();
    if !gate_words.is_empty() {
        for m in CAMEL.find_iter(sentence) {
            let word = m.as_str();
            if word.chars().filter(char::is_ascii_uppercase).count() < 2
                || is_replacement(sentence, m.start())
            {
                continue;
            }
            let near = gate_words.iter().any(|&(start, end)| {
                if m.end() <= start {
                    only_filler(&sentence[m.end()..start])
                } else if m.start() >= end {
                    only_filler(&sentence[end..m.start()])
                } else {
                    false
                }
            });
            if near {
                push(
                    ItemKey {
                        kind: ItemKind::FeatureGate,
                        name: word.to_string(),
                        resource: None,
                    },
                    None,
                    (m.start(), m.end()),
                );
            }
        }
    }

    // In-tree plugins, in sentences about plugins: the same `kubernetes.io/…` form also names
    // labels (`kubernetes.io/os`), annotations and documentation links.
    let about_plugins = PLUGIN_WORD.is_match(sentence);
    for m in PLUGIN.find_iter(sentence).filter(|_| about_plugins) {
        let label = sentence[..m.start()].ends_with(['.', '/']);
        let path = sentence[m.end()..].starts_with(['/', '=', ':']);
        if label || path || is_replacement(sentence, m.start()) {
            continue;
        }
        push(
            ItemKey {
                kind: ItemKind::Plugin,
                name: m.as_str().to_string(),
                resource: None,
            },
            None,
            (m.start(), m.end()),
        );
    }

    if let Some(m) = DOCKERSHIM.find(sentence) {
        if !is_replacement(sentence, m.start()) {
            push(
                ItemKey {
                    kind: ItemKind::Subsystem,
                    name: "dockershim".into(),
                    resource: None,
                },
                None,
                (m.start(), m.end()),
            );
        }
    }
    out
}

/// `true` when the text between a CamelCase word and "feature gate" holds only other gate
/// names, list punctuation and filler ("the", "alpha"): `` `A`, `B` and `C` feature gates ``.
fn only_filler(between: &str) -> bool {
    between
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '`' | '\'' | '"' | '*'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.split('=').next().unwrap_or(w);
            CAMEL.is_match(w)
                || matches!(
                    w.to_ascii_lowercase().as_str(),
                    "and"
                        | "or"
                        | "the"
                        | "a"
                        | "alpha"
                        | "beta"
                        | "ga"
                        | "deprecated"
                        | "named"
                        | "called"
                        | "corresponding"
                        | "its"
                        | "their"
                        | "former"
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(sentence: &str) -> Option<(Status, Option<String>)> {
        let strongest = status_words(sentence).iter().map(|w| w.status).max()?;
        let planned = PLANNED.captures(sentence).map(|c| c[1].to_string());
        Some((
            strongest,
            planned.filter(|_| strongest == Status::Deprecated),
        ))
    }

    #[test]
    fn sentences_get_a_status() {
        assert_eq!(
            statuses("The following APIs are no longer served by default:"),
            Some((Status::NoLongerServed, None))
        );
        assert_eq!(
            statuses("Support for the --basic-auth-file flag has been removed."),
            Some((Status::Removed, None))
        );
        assert_eq!(
            statuses("The PodSecurityPolicy API is deprecated in 1.21, and will no longer be served starting in 1.25."),
            Some((Status::Deprecated, Some("1.25".into())))
        );
        assert_eq!(
            statuses(
                "Ingress resources will no longer be served from `extensions/v1beta1` in v1.20."
            ),
            Some((Status::Deprecated, Some("1.20".into())))
        );
        assert_eq!(statuses("The flag is not removed yet."), None);
        assert_eq!(statuses("Adds a new flag."), None);
        assert_eq!(
            statuses("It will be inert in 1.11 and removed in a future release."),
            Some((Status::Deprecated, None))
        );
        assert_eq!(
            statuses("The deprecated options `--portal-net` and `--service-node-ports` for the API server are removed."),
            Some((Status::Removed, None))
        );
    }

    fn items(text: &str) -> Vec<String> {
        let note = Note {
            text: text.into(),
            prs: vec![1],
            external_prs: vec![],
            issues: vec![],
            authors: vec![],
            kind: Some(Kind::Deprecation),
            sigs: vec![],
            action_required: false,
            component: None,
            cves: vec![],
            section: vec![],
            line: 1,
            end_line: 1,
        };
        read_note(&note)
            .into_iter()
            .map(|f| {
                let resource = f.key.resource.map(|r| format!(" {r}")).unwrap_or_default();
                let component = f.component.map(|c| format!(" [{c}]")).unwrap_or_default();
                format!(
                    "{} {}{resource}{component} {}",
                    f.key.kind.label(),
                    f.key.name,
                    f.status.label()
                )
            })
            .collect()
    }

    #[test]
    fn lists_inherit_their_lead_in_and_replacements_are_skipped() {
        let text = "The following APIs are no longer served by default:\n\n\
                    - All resources under `apps/v1beta1` and `apps/v1beta2` - use `apps/v1` instead\n\
                    - `daemonsets`, `deployments` resources under `extensions/v1beta1` - use `apps/v1` instead\n\n\
                    Serving these resources can be re-enabled using the `--runtime-config` apiserver flag.\n\n\
                    - `apps/v1beta1=true`";
        assert_eq!(
            items(text),
            [
                "api apps/v1beta1 no-longer-served",
                "api apps/v1beta2 no-longer-served",
                "api extensions/v1beta1 DaemonSet no-longer-served",
                "api extensions/v1beta1 Deployment no-longer-served",
            ]
        );
    }

    #[test]
    fn kinds_attach_to_their_own_group_version() {
        let text = "The Deployment, DaemonSet, and ReplicaSet kinds in the extensions/v1beta1 group version are now deprecated, as are the Deployment, StatefulSet, and ControllerRevision kinds in apps/v1beta1.";
        assert_eq!(
            items(text),
            [
                "api extensions/v1beta1 Deployment deprecated",
                "api extensions/v1beta1 DaemonSet deprecated",
                "api extensions/v1beta1 ReplicaSet deprecated",
                "api apps/v1beta1 Deployment deprecated",
                "api apps/v1beta1 StatefulSet deprecated",
                "api apps/v1beta1 ControllerRevision deprecated",
            ]
        );
    }

    #[test]
    fn dotted_groups_take_the_kinds_that_follow() {
        assert_eq!(
            items("The `flowcontrol.apiserver.k8s.io/v1beta2` API version of FlowSchema and PriorityLevelConfiguration is no longer served."),
            [
                "api flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema no-longer-served",
                "api flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration no-longer-served",
            ]
        );
    }

    #[test]
    fn flags_gates_and_subsystems() {
        assert_eq!(
            items("ACTION REQUIRED: Support for basic authentication via the --basic-auth-file flag has been removed. Users should migrate to --token-auth-file for similar functionality."),
            ["flag --basic-auth-file removed"]
        );
        assert_eq!(
            items("kube-apiserver: the `--basic-auth-file` flag is deprecated, use `--token-auth-file` instead."),
            ["flag --basic-auth-file [kube-apiserver] deprecated"]
        );
        assert_eq!(
            items("Deprecate insecure flags `--insecure-bind-address`, `--insecure-port` and remove `--public-address-override`."),
            [
                "flag --insecure-bind-address deprecated",
                "flag --insecure-port deprecated",
                "flag --public-address-override removed"
            ]
        );
        assert_eq!(
            items("Use feature gate `EnableAggregatedDiscoveryTimeout=false` if you *must* remove this check."),
            Vec::<String>::new(),
            "the removal is in another clause"
        );
        assert_eq!(
            items("kubeadm: deprecate the DynamicKubeletConfig feature gate."),
            ["feature-gate DynamicKubeletConfig deprecated"]
        );
        assert_eq!(
            items("Docker support in the kubelet is now deprecated and will be removed in a future release."),
            ["subsystem dockershim deprecated"]
        );
        assert_eq!(
            items("The in-tree GCE PD plugin `kubernetes.io/gce-pd` is now deprecated and will be removed in 1.21."),
            ["plugin kubernetes.io/gce-pd deprecated"]
        );
    }
}
