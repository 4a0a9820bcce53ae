//! The go.mod lists of `## Dependencies` (v1.15+): `- module: vA → vB`, `- module: [vA → vB](…)`,
//! `- module: vX` (added or removed).
//!
//! An entry is one line of a fixed shape, read here by a small matcher that does what the regex
//! [`MODULE_LINE`] (kept in the tests, which check that both agree) does, without running a
//! regex with captures on every line of the lists.

use super::section::ListKind;
use crate::model::{AddedOrRemoved, Dependencies, DependencyChange, DependencySource};
use crate::vocabulary;
use regex::Regex;
use std::sync::LazyLock;

/// The shape of an entry; see [`module_entry`]. Outside the tests it only reads lines whose
/// module name holds a non-ASCII character, where `\w` is Unicode's.
static MODULE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[-*]\s+([A-Za-z0-9][\w.~+/-]*):\s+(?:\[([^\]]+)\]\([^)]*\)|(\S+(?:\s*(?:→|->)\s*\S+)?))\s*$")
        .expect("module line regex")
});

/// Reads one line of a go.mod list. Returns false if the line is not a module entry.
pub(crate) fn module_line(
    line: &str,
    list: Option<ListKind>,
    n: u32,
    deps: &mut Dependencies,
) -> bool {
    let Some((module, value)) = module_entry(line) else {
        return false;
    };
    let (from, to) = match value.split_once('→').or_else(|| value.split_once("->")) {
        Some((a, b)) => (Some(a.trim()), b.trim()),
        None => (None, value.trim()),
    };
    if to.is_empty() || to.contains(' ') {
        return false;
    }
    let component = vocabulary::module_component(module).map(str::to_string);
    let (module, to) = (module.to_string(), to.to_string());
    match (list, from) {
        (Some(ListKind::Added), None) => deps.added.push(AddedOrRemoved {
            module,
            version: to,
            component,
            line: n,
        }),
        (Some(ListKind::Removed), None) => deps.removed.push(AddedOrRemoved {
            module,
            version: to,
            component,
            line: n,
        }),
        (_, from) => deps.changed.push(DependencyChange {
            module,
            from: from.map(str::to_string),
            to,
            component,
            source: DependencySource::GoMod,
            line: n,
        }),
    }
    true
}

/// The module and the value (the link text, or the bare `vA → vB`) of an entry, as the groups
/// 1 and 2-or-3 of [`MODULE_LINE`].
fn module_entry(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start();
    let rest = rest.strip_prefix(['-', '*'])?;
    let after_marker = rest.trim_start();
    if after_marker.len() == rest.len() {
        return None;
    }
    // `[A-Za-z0-9][\w.~+/-]*:`
    let bytes = after_marker.as_bytes();
    if !bytes.first()?.is_ascii_alphanumeric() {
        return None;
    }
    let name_len = bytes.iter().position(|&b| {
        !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'~' | b'+' | b'/' | b'-'))
    })?;
    match bytes[name_len] {
        b':' => {}
        // Where `\w` may go on with a Unicode letter, the regex decides.
        b if !b.is_ascii() => return regex_entry(line),
        _ => return None,
    }
    let module = &after_marker[..name_len];
    let after_colon = &after_marker[name_len + 1..];
    let value = after_colon.trim_start();
    if value.len() == after_colon.len() {
        return None;
    }
    if let Some(text) = linked_value(value) {
        return Some((module, text));
    }
    let value = value.trim_end();
    bare_value(value).then_some((module, value))
}

/// `\[([^\]]+)\]\([^)]*\)\s*$`: the link's text.
fn linked_value(value: &str) -> Option<&str> {
    let inner = value.strip_prefix('[')?;
    let close = inner.find(']')?;
    let after = inner[close + 1..].strip_prefix('(')?;
    let paren = after.find(')')?;
    (close > 0 && after[paren + 1..].trim_end().is_empty()).then(|| &inner[..close])
}

/// Whether `value` (no whitespace at either end, not empty) is `\S+(?:\s*(?:→|->)\s*\S+)?`: one
/// word, or two with an arrow between them and whitespace only next to the arrow.
fn bare_value(value: &str) -> bool {
    let Some(first_space) = value.find(char::is_whitespace) else {
        return !value.is_empty();
    };
    let last_space = value
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(first_space, |(i, c)| i + c.len_utf8());
    let (before, middle, after) = (
        &value[..first_space],
        &value[first_space..last_space],
        &value[last_space..],
    );
    const ARROWS: [&str; 2] = ["→", "->"];
    match middle.trim() {
        // One run of whitespace: the arrow ends the first word or starts the second.
        "" => ARROWS.iter().any(|arrow| {
            (before.len() > arrow.len() && before.ends_with(arrow))
                || (after.len() > arrow.len() && after.starts_with(arrow))
        }),
        between => ARROWS.contains(&between),
    }
}

/// [`module_entry`] by the regex.
fn regex_entry(line: &str) -> Option<(&str, &str)> {
    let caps = MODULE_LINE.captures(line)?;
    let module = caps.get(1)?.as_str();
    let value = caps.get(2).or(caps.get(3)).map_or("", |m| m.as_str());
    Some((module, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn module_lines() {
        let mut deps = Dependencies::default();
        assert!(module_line("- github.com/onsi/ginkgo: [v1.10.1 → v1.11.0](https://github.com/onsi/ginkgo/compare/v1.10.1...v1.11.0)", Some(ListKind::Changed), 1, &mut deps));
        assert!(module_line(
            "- golang.org/x/net: v0.13.0 → v0.14.0",
            Some(ListKind::Changed),
            2,
            &mut deps
        ));
        assert!(module_line(
            "- rsc.io/pdf: v0.1.1",
            Some(ListKind::Added),
            3,
            &mut deps
        ));
        assert!(module_line("- github.com/jessevdk/go-flags: [v1.4.0](https://github.com/jessevdk/go-flags/tree/v1.4.0)", Some(ListKind::Removed), 4, &mut deps));
        assert!(module_line(
            "- k8s.io/utils: 4b05e18 → bdf08cb",
            Some(ListKind::Changed),
            5,
            &mut deps
        ));
        assert!(!module_line(
            "- The default Go version was updated to 1.12.5.",
            Some(ListKind::Changed),
            6,
            &mut deps
        ));
        assert_eq!(deps.changed[0].from.as_deref(), Some("v1.10.1"));
        assert_eq!(deps.changed[0].to, "v1.11.0");
        assert_eq!(deps.changed[2].to, "bdf08cb");
        assert_eq!(deps.added[0].module, "rsc.io/pdf");
        assert_eq!(deps.removed[0].version, "v1.4.0");
    }

    #[test]
    fn the_matcher_agrees_with_the_regex() {
        for line in [
            "- github.com/onsi/ginkgo: [v1.10.1 → v1.11.0](https://x/compare)",
            "- golang.org/x/net: v0.13.0 → v0.14.0",
            "  * k8s.io/utils: 4b05e18→bdf08cb  ",
            "- a: x-> y",
            "- a: x ->y",
            "- a: -> y",
            "- a: x ->",
            "- a: x -> y -> z",
            "- a: x->y -> z",
            "- a: x y",
            "- a: [] (x)",
            "- a: [v1](x) tail",
            "- a: [v1](x) → [v2](y)",
            "- a: [v1 (x)",
            "- a:v1",
            "-a: v1",
            "- _a: v1",
            "- a.b~c+d/e-f_g: v1\t",
            "- ab: v1\u{a0}→\u{2003}v2",
            "- ab\u{e9}: v1",
            "- ab\u{2192}: v1",
            "- ab : v1",
            "- ab: ",
            "- ab:",
            "",
            "-",
        ] {
            assert_eq!(module_entry(line), regex_entry(line), "{line:?}");
        }
    }

    proptest! {
        #[test]
        fn the_matcher_agrees_with_the_regex_on_any_line(
            line in r"[ \t]{0,2}[-*+a]{0,2}[ \t\u{a0}]{0,2}[a-z0-9_.~:/é\u{2192} \t\u{a0}\[\]()>-]{0,24}"
        ) {
            prop_assert_eq!(module_entry(&line), regex_entry(&line), "{:?}", line);
        }
    }
}
