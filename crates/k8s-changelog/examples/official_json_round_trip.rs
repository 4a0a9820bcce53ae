//! Does a krel `release-notes-*.json` survive a trip through the library? Reads the file into
//! a release, writes the release back with [`k8s_changelog::relnotes::write`], and reports what
//! was kept: the note counts, then, per field, how many notes differ and the first difference.
//!
//! ```text
//! cargo run -p k8s-changelog --example official_json_round_trip -- ../shared/corpus/relnotes/release-notes-1.22.2.json
//! ```
//!
//! The release is the one the file name names (`release-notes-1.22.2.json` is v1.22.2); give it
//! as a second argument (`v1.22.2`) for a file named otherwise.
//!
//! Two comparisons:
//!
//! - **model**: the notes read from the original file and the notes read back from the written
//!   one ([`k8s_changelog::Note`]s: text, PRs, authors, kind, SIGs, action required,
//!   component, CVEs). They should be equal: this is what `k8s-changelog` exports keep.
//! - **JSON**: each published note of the original file against the note written for it, field
//!   by field. Fields the model does not hold (`commit`, `areas`, `documentation`, secondary
//!   `kinds`, the author's raw `text`) are expected to differ; the report says how often.
//!
//! Exits 1 when the model comparison finds a difference.

use k8s_changelog::relnotes::{self, JsonNotes};
use k8s_changelog::{Note, ParseOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::{env, fs, process};

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let (file, version) = match args.as_slice() {
        [file] => (file, None),
        [file, version] => (file, Some(version.as_str())),
        _ => {
            eprintln!("usage: official_json_round_trip FILE.json [VERSION]");
            process::exit(2);
        }
    };
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{file}: {e}");
            process::exit(1);
        }
    };

    // Read: `parse_input` reads `*.json` as krel's format and never fails; problems (bad JSON,
    // an unknown version) are diagnostics.
    let options = ParseOptions { file, version };
    let log = k8s_changelog::parse_input(&bytes, &options);
    for d in &log.diagnostics {
        eprintln!("{}:{}: {:?}: {}", d.file, d.line, d.severity, d.message);
    }
    let Some(release) = log.releases.first() else {
        eprintln!("{file}: no release read");
        process::exit(1);
    };

    // Write back, and read the written text the same way.
    let written = relnotes::write(release.notes.iter().map(|n| (release, n)));
    let back = match relnotes::read(&written, &release.version, "written.json") {
        Ok(back) => back,
        Err(e) => {
            eprintln!("the written JSON does not read back: {e}");
            process::exit(1);
        }
    };

    let text = String::from_utf8_lossy(&bytes);
    let original: JsonNotes = relnotes::parse_json(&text).unwrap_or_default();
    let rewritten: JsonNotes = relnotes::parse_json(&written).expect("it read back above");
    let hidden = original.values().filter(|n| n.do_not_publish).count();
    println!("{file} ({})", release.version);
    println!(
        "  notes in the file:        {} ({hidden} marked do_not_publish)",
        original.len()
    );
    println!("  notes read:               {}", release.notes.len());
    println!("  notes written:            {}", rewritten.len());
    println!("  notes read back:          {}", back.notes.len());

    // Model: the notes as the library sees them, before and after.
    let notes_before: BTreeMap<String, Value> = release.notes.iter().map(keyed).collect();
    let notes_after: BTreeMap<String, Value> = back.notes.iter().map(keyed).collect();
    println!("\nmodel (Note fields, original vs read back):");
    let model_diffs = compare(&notes_before, &notes_after);

    // JSON: the published notes of the file against what was written for them.
    let to_value = |notes: &JsonNotes, skip_hidden: bool| -> BTreeMap<String, Value> {
        notes
            .iter()
            .filter(|(_, n)| !(skip_hidden && n.do_not_publish))
            .map(|(k, n)| (k.clone(), serde_json::to_value(n).expect("plain data")))
            .collect()
    };
    println!("\nJSON (published notes, original vs written):");
    compare(&to_value(&original, true), &to_value(&rewritten, false));

    if model_diffs == 0 {
        println!("\nThe notes survive the round trip: the model reads the same notes back.");
    } else {
        println!("\n{model_diffs} differences in the model: the round trip loses information.");
        process::exit(1);
    }
}

/// A note keyed by its PR (or its position, for a note without one), as a JSON object.
fn keyed(note: &Note) -> (String, Value) {
    let key = note
        .pr()
        .map_or_else(|| format!("line {}", note.line), |p| p.to_string());
    (key, serde_json::to_value(note).expect("plain data"))
}

/// Compares two sets of notes field by field; prints one line per field that differs (how many
/// notes, and the first one) and notes present on one side only. Returns the number of
/// differences.
fn compare(before: &BTreeMap<String, Value>, after: &BTreeMap<String, Value>) -> usize {
    let mut total = 0;
    let only_before: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let only_after: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    for (side, keys) in [("lost", &only_before), ("added", &only_after)] {
        if !keys.is_empty() {
            total += keys.len();
            let first: Vec<&str> = keys.iter().take(5).map(|k| k.as_str()).collect();
            println!(
                "  {side}: {} notes (first: #{})",
                keys.len(),
                first.join(", #")
            );
        }
    }
    // field -> (count, first difference)
    let mut fields: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (key, a) in before {
        let Some(b) = after.get(key) else { continue };
        let names: BTreeSet<&String> = object_keys(a).chain(object_keys(b)).collect();
        for name in names {
            let (x, y) = (field(a, name), field(b, name));
            if x == y {
                continue;
            }
            let entry = fields
                .entry(name.clone())
                .or_insert_with(|| (0, format!("#{key}: {}", difference(&x, &y))));
            entry.0 += 1;
        }
    }
    if fields.is_empty() && total == 0 {
        println!("  identical ({} notes)", before.len());
    }
    for (name, (count, first)) in &fields {
        total += count;
        println!(
            "  {name:<16} {count:>4} of {} differ; first {first}",
            before.len()
        );
    }
    total
}

fn object_keys(value: &Value) -> impl Iterator<Item = &String> {
    value.as_object().into_iter().flat_map(|o| o.keys())
}

/// A field's value, with the empty forms the writer leaves out (`""`, `[]`, `false`) read as
/// absent, as krel does, and lists of labels compared in sorted order.
fn field(value: &Value, name: &str) -> Value {
    match value.get(name) {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) if s.is_empty() => Value::Null,
        Some(Value::Array(a)) if a.is_empty() => Value::Null,
        Some(Value::Bool(false)) => Value::Null,
        // Label lists are sets: the writer sorts them.
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => {
            let mut sorted = a.clone();
            sorted.sort_by(|x, y| x.as_str().cmp(&y.as_str()));
            Value::Array(sorted)
        }
        Some(v) => v.clone(),
    }
}

/// `before -> after`, each shortened to about 60 characters; two strings are shown from a
/// little before the first character where they differ.
fn difference(x: &Value, y: &Value) -> String {
    let (a, b) = (x.to_string(), y.to_string());
    let from = match (x, y) {
        (Value::String(_), Value::String(_)) => a
            .chars()
            .zip(b.chars())
            .take_while(|(p, q)| p == q)
            .count()
            .saturating_sub(20),
        _ => 0,
    };
    format!("{} -> {}", short(&a, from), short(&b, from))
}

/// `text` from character `from`, shortened to about 60 characters.
fn short(text: &str, from: usize) -> String {
    let mut out: String = if from > 0 {
        "…".into()
    } else {
        String::new()
    };
    out.extend(text.chars().skip(from).take(60));
    if text.chars().count() > from + 60 {
        out.push('…');
    }
    out
}
