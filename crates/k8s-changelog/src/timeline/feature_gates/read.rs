//! Reading one note: its sentences, the feature gates each names and the stages each states.
//!
//! A name is a gate when the sentence says so: next to "feature gate" (`the X feature gate`,
//! `feature gate X`, `feature gates A, B and C`, `--feature-gates=X=true`), after a colon that
//! follows "feature gate", or as an item of a list whose lead-in names feature gates. A name
//! the history calls a gate anywhere is also read in sentences that do not say "feature gate"
//! ("Graduate ScheduleDaemonSetPods to GA").

use super::spelled::spelled_names;
use super::Stage;
use crate::timeline::NO_LONGER_SPECIFIED;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// A sentence of a note, and the gates and stages it states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Statement {
    /// The gates the sentence names, in order.
    pub(super) names: Vec<String>,
    /// The stages it states, in [`Stage`] order.
    pub(super) stages: Vec<Stage>,
    /// The sentence.
    pub(super) text: String,
}

/// A CamelCase identifier: a capital, at least one more capital and a lower-case letter.
const NAME: &str = r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*";
/// "feature gate" in its spellings (older notes say "feature flag").
const GATE: &str = r"(?i:feature[- ]?gates?|featuregates?|feature[- ]flags?)";

/// A list of names (`A`, `B` and `C`): right before a gate word (`[0]`), right after one
/// (`[1]`).
static NEXT_TO_GATE: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    let one = format!(r#"[`"]?\b{NAME}\b[`"]?"#);
    let list = format!(r"{one}(?:\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)\s*{one})*");
    let stage = r"(?:(?i:alpha|beta|GA|deprecated|new)\s+)?";
    let regex = |r: String| Regex::new(&r).expect("gate list regex");
    [
        regex(format!(r"(?:{list})\s+{stage}{GATE}")),
        regex(format!(
            r"{GATE}\s*[:=]?\s*(?:(?i:named|called)\s+)?(?:{list})"
        )),
    ]
});
/// `Name=true` / `Name=false`, as `--feature-gates` takes them.
static ASSIGNED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({NAME})=(?:true|false)")).expect("assignment regex"));
pub(super) static NAMES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b{NAME}\b")).expect("name regex"));
pub(super) static GATE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(GATE).expect("gate regex"));

/// Identifiers that look like gates but are not one.
const NOT_GATES: &[&str] = &[
    "AllAlpha",
    "AllBeta",
    "Kubernetes",
    "GitHub",
    "KEPs",
    "Feature",
    "Features",
    "FeatureGate",
    "FeatureGates",
    "FooBar",
];

/// Words with one capital that start sentences, not gates: "The feature gate …".
const NOT_ONE_WORD_GATES: &[&str] = &[
    "The", "This", "These", "That", "When", "New", "Alpha", "Beta", "Use", "Add", "Adds", "Added",
    "Remove", "Removes", "Removed", "Enable", "Enables", "Disable", "Each", "Any",
];

/// The CamelCase names in `text` that can be gates, not in [`NOT_GATES`]: with two capitals or
/// more; with one (`Sysctls`) only in backticks or, when `loose` (`text` does not start the
/// sentence), when not
/// in [`NOT_ONE_WORD_GATES`].
fn names_in(text: &str, loose: bool) -> impl Iterator<Item = &str> {
    NAMES.find_iter(text).filter_map(move |m| {
        let name = m.as_str();
        let capitals = name.chars().filter(char::is_ascii_uppercase).count();
        let ticked =
            text[..m.start()].ends_with(['`', '"']) && text[m.end()..].starts_with(['`', '"']);
        let one_word = ticked || (loose && !NOT_ONE_WORD_GATES.contains(&name));
        // `.Etcd.SelfHosting` is a field.
        let field = text[..m.start()].ends_with('.');
        ((capitals >= 2 || one_word) && !field && !NOT_GATES.contains(&name)).then_some(name)
    })
}

/// The names `sentence` calls feature gates (see the module docs); `lead_in` is true for a list
/// item under a lead-in that names feature gates.
pub(super) fn gates_named(sentence: &str, lead_in: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    };
    for (i, m) in NEXT_TO_GATE
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.find_iter(sentence).map(move |m| (i, m)))
    {
        // With the backticks around it, and whether it starts the sentence.
        let start = sentence[..m.start()].trim_end_matches(['`', '"']).len();
        let end = m.end() + sentence[m.end()..].len()
            - sentence[m.end()..].trim_start_matches(['`', '"']).len();
        let span = &sentence[start..end];
        // One-capital names only before "feature gate" and not first in the sentence.
        let loose = i == 0 && start > 0;
        names_in(span, loose).for_each(&mut add);
    }
    if GATE_WORD.is_match(sentence) {
        for c in ASSIGNED.captures_iter(sentence) {
            names_in(&c[1], true).for_each(&mut add);
        }
        // "… the corresponding `--feature-gates` flags have been removed: `A`, `B`".
        let after_gate = GATE_WORD.find(sentence).map_or(0, |m| m.end());
        if let Some(colon) = sentence[after_gate..].find(':') {
            let list = &sentence[after_gate + colon + 1..];
            if is_list_of_names(list) {
                names_in(list, false).for_each(&mut add);
            }
        }
    }
    // A list item that is only names: "- `PodPriority`".
    if lead_in && sentence.split_whitespace().count() <= 4 {
        names_in(sentence, false).for_each(&mut add);
    }
    out
}

/// Whether `text` (after a colon) is a list of names: at most three other words beside them
/// ("`A`, `B` and `C`", "A, B (since 1.15.0)").
fn is_list_of_names(text: &str) -> bool {
    let names: Vec<&str> = names_in(text, false).collect();
    let others = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !names.contains(w) && !matches!(*w, "and" | "or"))
        .count();
    !names.is_empty() && others <= 3
}

/// Whether the word at `start..end` is part of a dotted or dashed identifier
/// (`scheduler.alpha.kubernetes.io`, `v1-beta`), not a word of the sentence.
fn in_identifier(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: char| matches!(c, '.' | '-' | '/' | '_');
    let before = text[..start].chars().next_back().is_some_and(joined);
    let mut after = text[end..].chars();
    let after = after.next().is_some_and(joined) && after.next().is_some_and(char::is_alphanumeric);
    before || after
}

/// Whether the word at `start..end` sits in a code span of several words (`` `kubeadm alpha` ``,
/// a command), not a stage word of the sentence; a stage alone in backticks (`` `Beta` ``)
/// still is one.
fn in_code_phrase(text: &str, start: usize, end: usize) -> bool {
    if text[..start].matches('`').count().is_multiple_of(2) {
        return false;
    }
    let open = text[..start].rfind('`').map_or(0, |i| i + 1);
    let close = text[end..].find('`').map_or(text.len(), |i| end + i);
    text[open..close].contains(char::is_whitespace)
}

/// Matches a stage word; `stage` maps the match to a [`Stage`].
static STAGE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| {
        Regex::new(&[
        format!(r"(?i:\b(?:removed|removes|remove|removing)\b|{NO_LONGER_SPECIFIED})").as_str(),
        r"|(?i:\bdeprecat(?:ed|es|e|ing|ion)\b)",
        r"|\bGA\b|(?i:\b(?:stable|generally available|general availability)\b)",
        r"|(?i:locked to (?:true|default|stable)|unconditionally enabled|cannot be disabled)",
        r"|(?i:\bbeta\b)|(?i:\balpha\b)",
    ]
    .concat())
    .expect("stage regex")
    });

fn stage(word: &str) -> Stage {
    let lower = word.to_ascii_lowercase();
    if lower.starts_with("remov") || lower.starts_with("no longer") {
        Stage::Removed
    } else if lower.starts_with("deprecat") {
        Stage::Deprecated
    } else if lower == "beta" {
        Stage::Beta
    } else if lower == "alpha" {
        Stage::Alpha
    } else {
        Stage::Stable
    }
}

/// Whether the words before a stage word make it no statement of what happened: a negation
/// ("not", "no longer", "never"), the future ("will be", "to be removed", "planned"), a former
/// stage ("from beta"), an obligation or a condition ("if you *must* remove this check").
fn hedged(before: &str) -> bool {
    let words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    matches!(word(0), "from" | "not")
        || (word(0) == "be" && word(1) == "to")
        || words.iter().any(|w| {
            matches!(
                w.as_str(),
                "will"
                    | "would"
                    | "should"
                    | "may"
                    | "plan"
                    | "planned"
                    | "targeting"
                    | "longer"
                    | "never"
                    | "must"
                    | "if"
                    | "unless"
            )
        })
}

/// Whether the stage word ending at `end` qualifies "feature", right after it or after one name
/// ("the Alpha feature-gates X", "The alpha Accelerators feature gate", #57384): a stage had.
fn qualifies_feature(sentence: &str, end: usize) -> bool {
    let after = sentence[end..].trim_start_matches(['`', ' ']);
    let name = after.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    let named = after.starts_with(|c: char| c.is_ascii_uppercase()) && !name.is_empty();
    let next = name.trim_start_matches(['`', ' ']);
    let feature = |w: &str| {
        w.get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("feature"))
    };
    feature(after) || named && feature(next)
}

/// The stages `sentence` states: a removal (past or present) alone; otherwise the most
/// advanced of alpha, beta and stable, and a deprecation. In a deprecation, "alpha" or "beta"
/// qualifying "feature" is the stage the gate had ("The Alpha feature-gates X, Y are now
/// deprecated"), not a change, and is not read.
pub(super) fn stages_stated(sentence: &str) -> Vec<Stage> {
    let mut found: Vec<Stage> = Vec::new();
    let mut qualifying: Vec<Stage> = Vec::new();
    for m in STAGE_WORDS.find_iter(sentence) {
        if hedged(&sentence[..m.start()])
            || in_identifier(sentence, m.start(), m.end())
            || in_code_phrase(sentence, m.start(), m.end())
        {
            continue;
        }
        let s = stage(m.as_str());
        let into =
            if matches!(s, Stage::Alpha | Stage::Beta) && qualifies_feature(sentence, m.end()) {
                &mut qualifying
            } else {
                &mut found
            };
        if !into.contains(&s) {
            into.push(s);
        }
    }
    if found.contains(&Stage::Removed) {
        return vec![Stage::Removed];
    }
    if !found.contains(&Stage::Deprecated) {
        found.extend(qualifying);
    }
    let level = [Stage::Stable, Stage::Beta, Stage::Alpha]
        .into_iter()
        .find(|s| found.contains(s));
    let mut out: Vec<Stage> = level.into_iter().collect();
    if found.contains(&Stage::Deprecated) {
        out.push(Stage::Deprecated);
    }
    out.sort();
    out
}

/// A list marker at the start of a line.
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]|\d+[.)])\s+").expect("item regex"));
/// The end of a sentence: `.`, `;` or `!`, a space, then a capital, a backtick or a quote; or a
/// `)` before "The" (a note that forgot its full stop).
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[.;!]\s+[A-Z`"]|\)\s+The\s"#).expect("sentence end regex"));

/// The blocks of `text` (paragraphs and list items, fenced code left out), each with whether it
/// is a list item.
fn blocks(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut open = false;
    let mut in_code = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            open = false;
        } else if in_code || t.is_empty() {
            open = false;
        } else if let Some(m) = ITEM.find(line) {
            out.push((line[m.end()..].trim().to_string(), true));
            open = true;
        } else if open {
            let last = out.last_mut().expect("an open block");
            last.0.push(' ');
            last.0.push_str(t);
        } else {
            out.push((t.to_string(), false));
            open = true;
        }
    }
    out
}

/// The sentences of a block, cut at [`SENTENCE_END`] but not after `e.g.`, `i.e.`, `etc.`.
fn sentences(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(block) {
        let head = &block[start..m.start()];
        if ["e.g", "i.e", "etc", "vs"]
            .iter()
            .any(|a| head.ends_with(a))
        {
            continue;
        }
        out.push(block[start..=m.start()].trim().to_string());
        let next = &block[m.start() + 1..];
        start = m.start() + 1 + next.len() - next.trim_start().len();
    }
    let rest = block[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

/// The names a note calls feature gates anywhere, for [`statements`]' `known`.
pub(super) fn gates_in(text: &str) -> Vec<String> {
    read(text, &HashSet::new(), false, true)
        .into_iter()
        .flat_map(|s| s.names)
        .collect()
}

/// The statements of a note: each sentence that names a gate (or a name in `known`) and
/// states a stage.
pub(super) fn statements(text: &str, known: &HashSet<String>) -> Vec<Statement> {
    read(text, known, true, true)
}

/// The statements of a major theme's prose: as [`statements`], but without the graduations
/// of names only other notes call gates (prose mentions many features in one sentence).
pub(super) fn theme_statements(text: &str, known: &HashSet<String>) -> Vec<Statement> {
    read(text, known, true, false)
}

/// "graduates to GA", "is now beta": the stage words read for a name only other notes call a
/// gate (the other stage words of its sentence may be about something else).
static GRADUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:\b(?:to|is|are|now|as|graduates?|graduated|graduating)\s+(?:the\s+|an?\s+)?`?)(GA\b|(?i:beta|alpha|stable|general availability)\b)",
    )
    .expect("graduation regex")
});

/// The most advanced stage a graduation phrase in `clause` states, for a name only other
/// notes call a gate.
fn graduation(clause: &str) -> Option<Stage> {
    GRADUATION
        .captures_iter(clause)
        .filter(|c| !hedged(&clause[..c.get(0).expect("match").start()]))
        .map(|c| stage(&c[1]))
        .max()
}

/// Words that introduce what follows them: "Add the alpha feature `X`", "we introduce a new
/// alpha feature `X`".
const INTRODUCING: &[&str] = &[
    "add",
    "adds",
    "added",
    "adding",
    "introduce",
    "introduces",
    "introduced",
    "introducing",
    "new",
];

/// "(adds) the alpha feature `X`", "(a new) `X` alpha feature", "(introduces the) alpha `X`
/// feature": alpha or beta next to a name that a feature is called, in a clause that introduces
/// it or as the clause's subject ("The alpha feature `ServiceAppProtocol` enables …"). Anywhere
/// else the adjective is the stage a thing already has, mentioned in passing, not a change:
/// "Extends the VolumeSubpathEnvExpansion alpha feature" (v1.14.0-beta.1), "when the
/// CSIInlineVolume alpha feature is enabled", "the alpha `CSINodeInfo` CRD" (an object,
/// v1.13.0).
fn adjacent_stage(before: &str, after: &str) -> Option<Stage> {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|w| {
                w.trim_matches(['`', '"', ',', '.', ';', ':'])
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let before = words(before);
    let after = words(after);
    let staged = |w: &String| w == "alpha" || w == "beta";
    let rev: Vec<&String> = before.iter().rev().take(2).collect();
    let (word, at) = match (rev.as_slice(), after.as_slice()) {
        // "alpha feature `X`"
        ([f, w, ..], _) if *f == "feature" && staged(w) => (w.as_str(), before.len() - 2),
        // "alpha `X` feature"
        ([w, ..], [f, ..]) if staged(w) && f.starts_with("feature") => {
            (w.as_str(), before.len() - 1)
        }
        // "`X` alpha feature"
        (_, [w, f, ..]) if staged(w) && f.starts_with("feature") => (w.as_str(), before.len()),
        _ => return None,
    };
    // The phrase is the clause's subject ("The alpha feature `X` enables …"), or the clause
    // introduces it.
    let subject = matches!(&before[..at], [] | [_]) && before[..at].iter().all(|w| w == "the");
    (subject
        || before[..at]
            .iter()
            .any(|w| INTRODUCING.contains(&w.as_str())))
    .then(|| stage(word))
}

/// Whether the name at `at` sits in a condition or names what gates a feature ("if the X
/// feature gate is enabled", "associated with the alpha X feature flag", "behind the X feature
/// gate"): then only "alpha" or "beta" is read for it, the other stage words being about the
/// feature.
fn conditional(clause: &str, at: usize) -> bool {
    clause[..at].split_whitespace().rev().take(4).any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "if" | "unless" | "when" | "whether" | "associated" | "behind" | "under"
        )
    })
}

/// The clauses of a sentence: cut before "but", "while", "whereas".
fn clauses(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = sentence;
    while let Some(i) = [" but ", ", while ", ", whereas "]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
    {
        out.push(&rest[..i]);
        rest = &rest[i + 1..];
    }
    out.push(rest);
    out
}

/// Each gate a sentence names and the stages it states of it, in order of first mention.
fn read_sentence(
    about: &str,
    known: &HashSet<String>,
    lead: Option<&[Stage]>,
    graduations: bool,
) -> Vec<(String, Vec<Stage>)> {
    let mut out: Vec<(String, Vec<Stage>)> = Vec::new();
    for clause in clauses(about) {
        let named = gates_named(clause, lead.is_some());
        let mut stages = stages_stated(clause);
        if stages.is_empty() {
            stages = lead.map(<[Stage]>::to_vec).unwrap_or_default();
        }
        for m in NAMES.find_iter(clause) {
            let name = m.as_str();
            // In a clause about feature gates, every name a note calls a gate is one.
            let gate_clause = known.contains(name) && GATE_WORD.is_match(clause);
            let said: Vec<Stage> = if gate_clause || named.iter().any(|n| n == name) {
                if conditional(clause, m.start()) {
                    stages
                        .iter()
                        .copied()
                        .filter(|s| matches!(s, Stage::Alpha | Stage::Beta))
                        .collect()
                } else {
                    stages.clone()
                }
            } else if known.contains(name) && !clause[..m.start()].ends_with('.') {
                graduation(clause)
                    .filter(|_| graduations)
                    .or_else(|| adjacent_stage(&clause[..m.start()], &clause[m.end()..]))
                    .into_iter()
                    .collect()
            } else {
                continue;
            };
            match out.iter_mut().find(|(n, _)| n == name) {
                Some((_, all)) => all.extend(said),
                None => out.push((name.to_string(), said)),
            }
        }
        // A known gate's name spelled out as words takes the clause's graduation: "Mount
        // propagation has been promoted to GA" (v1.12.0).
        if let Some(stage) = graduation(clause).filter(|_| graduations) {
            for name in spelled_names(clause, known) {
                if !out.iter().any(|(n, _)| *n == name) {
                    out.push((name, vec![stage]));
                }
            }
        }
        // Names the regexes found that NAMES does not (none today), kept for safety.
        for name in named {
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, stages.clone()));
            }
        }
    }
    for (_, stages) in &mut out {
        stages.sort();
        stages.dedup();
        if stages.contains(&Stage::Removed) {
            *stages = vec![Stage::Removed];
        }
    }
    out
}

fn read(text: &str, known: &HashSet<String>, staged: bool, graduations: bool) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    // The stages of the last lead-in ending with `:` that names feature gates, and the lead-in.
    let mut lead: Option<(Vec<Stage>, String)> = None;
    for (block, item) in blocks(text) {
        if !item {
            lead = None;
        }
        for sentence in sentences(&block) {
            // A replacement is not what the sentence is about.
            let about = [
                "in favor of",
                "in favour of",
                "replaced by",
                ", use ",
                "; use ",
            ]
            .iter()
            .filter_map(|w| sentence.find(w))
            .min()
            .map_or(sentence.as_str(), |i| &sentence[..i]);
            let item_lead = lead.as_ref().filter(|_| item);
            let gates = read_sentence(
                about,
                known,
                item_lead.map(|(l, _)| l.as_slice()),
                graduations,
            );
            // An item without a stage word of its own ("- `MountPropagation`") states the
            // lead-in's stages: the lead-in is the evidence, quoted before the item.
            let text = match item_lead {
                Some((_, lead_in))
                    if clauses(about).iter().all(|c| stages_stated(c).is_empty()) =>
                {
                    format!("{lead_in} {sentence}")
                }
                _ => sentence.clone(),
            };
            // A lead-in is itself a list item in nested lists.
            if sentence.ends_with(':') && GATE_WORD.is_match(&sentence) {
                lead = Some((stages_stated(about), sentence.clone()));
            }
            // One statement per set of stages, names in order.
            let first = out.len();
            for (name, stages) in gates {
                if staged && stages.is_empty() {
                    continue;
                }
                match out[first..].iter_mut().find(|s| s.stages == stages) {
                    Some(statement) => statement.names.push(name),
                    None => out.push(Statement {
                        names: vec![name],
                        stages,
                        text: text.clone(),
                    }),
                }
            }
        }
    }
    out
}
