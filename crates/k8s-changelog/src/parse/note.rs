//! Turns one bullet (a list item's lines) into a [`Note`].

use super::lines::LineIndex;
use super::reference::{split_reference, Reference};
use super::section::NoteContext;
use crate::model::Note;
use regex::Regex;
use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

/// A link to a PR in a note's text: `github.com/kubernetes/kubernetes/pull/N`.
static BODY_PR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"github\.com/kubernetes/kubernetes/pull/(\d+)").expect("pr link regex")
});
/// The literal every [`BODY_PR`] match starts with.
static BODY_PR_PREFIX: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("github.com/kubernetes/kubernetes/pull/"));
static CVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"CVE-\d{4}-\d{4,7}").expect("cve regex"));
/// The literal every [`CVE`] match starts with: most notes have none and skip the regex.
static CVE_PREFIX: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("CVE-"));
/// The leading `component:` prefix, as [`component_prefix`] reads it (kept for the tests, which
/// check that both agree).
#[cfg(test)]
static COMPONENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\*\*|`)?\[?([A-Za-z][A-Za-z0-9._/-]{1,40})\]?(?:\*\*|`)?\s?:(?:\*\*)?\s")
        .expect("component regex")
});
/// An action-required marker: `ACTION REQUIRED` anywhere; in any case, "action required" (or
/// "action-required") in bold, in brackets, before `:` or `!`, opening a line with "for …", or
/// as a sentence of its own ("… 1.18) action required."). [`action_required`] drops the
/// negated ones ("no action required").
static ACTION_REQUIRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"ACTION REQUIRED|(?im:",
        r"\*\*\s*action[ -]required",
        r"|\[action[ -]required\]",
        r"|(?-u:\b)action[ -]required[*\x22]*\s*[:!]",
        r"|^\s*(?:[-*]\s+)?action[ -]required for(?-u:\b)",
        r"|(?:^|[.)]\s+)action[ -]required\s*[.!]?(?:\s|$)",
        r")",
    ))
    .expect("action regex")
});

/// Whether `body` carries an action-required marker ([`ACTION_REQUIRED`]) that is not negated
/// ("No action required:").
fn action_required(body: &str) -> bool {
    // Every marker spells "required" (in any case, and only ASCII letters fold to these): a `q`
    // is rare enough in notes to look for first.
    let bytes = body.as_bytes();
    let spells_required = memchr::memchr2_iter(b'q', b'Q', bytes).any(|i| {
        i >= 2
            && bytes
                .get(i - 2..i + 6)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"required"))
    });
    if !spells_required {
        return false;
    }
    ACTION_REQUIRED.find_iter(body).any(|m| {
        let at = m.start() + m.as_str().to_ascii_lowercase().find("action").unwrap_or(0);
        let before = body[..at].trim_end().to_ascii_lowercase();
        !(before.ends_with(" no") || before == "no" || before.ends_with(" not") || before == "not")
    })
}

/// Prefixes that look like `component:` but are not one.
const NOT_COMPONENTS: &[&str] = &[
    "fix",
    "fixes",
    "fixed",
    "bug",
    "bugfix",
    "note",
    "notes",
    "feature",
    "features",
    "deprecation",
    "deprecated",
    "removed",
    "removal",
    "cleanup",
    "breaking",
    "important",
    "warning",
    "security",
    "urgent",
    "action",
    "api",
    "alpha",
    "beta",
    "ga",
    "stable",
    "new",
    "added",
    "change",
    "changes",
    "changed",
    "update",
    "updated",
    "bump",
    "backport",
    "revert",
    "reverted",
    "e2e",
    "test",
    "tests",
    "example",
    "examples",
    "docs",
    "doc",
    "ci",
    "build",
    "performance",
    "perf",
    "refactor",
    "chore",
    "improvement",
    "enhancement",
    "regression",
    "i.e",
    "e.g",
    "http",
    "https",
    "cve",
    "known",
    "notice",
    "this",
    "the",
    "feat",
    "fixup",
    "deps",
    "dep",
    "local",
    "user",
    "users",
    "default",
    "also",
];

/// [`note_in`] with a section path of its own.
#[cfg(test)]
pub(crate) fn note_from_item(
    lines: &LineIndex<'_>,
    first: usize,
    last: usize,
    ctx: &NoteContext,
    section: &[String],
) -> Note {
    note_in(lines, first, last, ctx, &Arc::from(section))
}

/// Builds a note from the item spanning lines `first..=last` (0-based), under the headings
/// `section` (shared with the other notes there).
pub(crate) fn note_in(
    lines: &LineIndex<'_>,
    first: usize,
    last: usize,
    ctx: &NoteContext,
    section: &Arc<[String]>,
) -> Note {
    let text = item_text(lines, first, last);
    // From the whole text, the reference included.
    let cves = cves_in(&text);
    let (body, reference) = take_reference(text);
    let mut prs = reference.prs;
    for n in body_prs(&body) {
        if !prs.contains(&n) {
            prs.push(n);
        }
    }
    let sigs = if reference.has_sig_suffix {
        reference.sigs
    } else {
        ctx.sig.map(|s| vec![Cow::Borrowed(s)]).unwrap_or_default()
    };
    Note {
        component: component(&body).or_else(|| ctx.component.map(str::to_string)),
        action_required: ctx.action_required || action_required(&body),
        text: body,
        prs,
        external_prs: reference.external_prs,
        issues: reference.issues,
        authors: reference.authors,
        kind: ctx.kind,
        sigs,
        cves,
        section: Arc::clone(section),
        line: first as u32 + 1,
        end_line: last as u32 + 1,
    }
}

/// The numbers of the [`BODY_PR`] links in `body`, in order, those that fit a `u64`. The digits
/// after each prefix are read directly; where a non-ASCII character follows them (which `\d`
/// might take for a digit), the regex reads the whole text.
fn body_prs(body: &str) -> Vec<u64> {
    let bytes = body.as_bytes();
    let prefix = BODY_PR_PREFIX.needle().len();
    let mut prs = Vec::new();
    for at in BODY_PR_PREFIX.find_iter(bytes) {
        let digits = &bytes[at + prefix..];
        let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits.get(len).is_some_and(|b| !b.is_ascii()) {
            return BODY_PR
                .captures_iter(body)
                .filter_map(|caps| caps[1].parse().ok())
                .collect();
        }
        // Only ASCII digits: the slice is on character boundaries.
        if let Ok(n) = body[at + prefix..at + prefix + len].parse() {
            prs.push(n);
        }
    }
    prs
}

/// The reference of a bullet's text, wherever `note_from_item` would find it.
pub(crate) fn reference_of(text: &str) -> Reference {
    locate_reference(text).1
}

/// The reference sits at the end of the note, or, in older eras, at the end of the first line
/// before sub-bullets. Returns the text without it (`text`, cut in place) and the reference.
fn take_reference(mut text: String) -> (String, Reference) {
    let (body, reference) = locate_reference(&text);
    match body {
        Body::Whole => {}
        Body::Before(len) => text.truncate(len),
        Body::Emphasis(len, mark) => {
            text.truncate(len);
            text.push_str(mark);
        }
        Body::Line { cut, end } => text.replace_range(cut..end, ""),
    }
    (text, reference)
}

/// What is left of a note's text once its reference is taken out (see [`locate_reference`]).
/// The reference always follows the text it ends, so what is left is given as lengths.
enum Body {
    /// No reference: all of it.
    Whole,
    /// The first `len` bytes, before a reference that ends the text.
    Before(usize),
    /// The first `len` bytes, before a reference inside the note's closing emphasis, then that
    /// mark.
    Emphasis(usize, &'static str),
    /// All but the bytes `cut..end`: a reference that ends a line.
    Line { cut: usize, end: usize },
}

/// Finds a note's reference without building its text, so that a caller who wants only the
/// reference allocates nothing for the text.
fn locate_reference(text: &str) -> (Body, Reference) {
    if let Some((rest, reference)) = split_reference(text) {
        return (Body::Before(rest.len()), reference);
    }
    // A reference inside the note's closing emphasis: "**… ([#1](…), [@a](…))**".
    let trimmed = text.trim_end();
    for mark in ["**", "*", "__", "_"] {
        if let Some(inner) = trimmed.strip_suffix(mark) {
            if let Some((rest, reference)) = split_reference(inner) {
                if reference.names_change() {
                    return (Body::Emphasis(rest.len(), mark), reference);
                }
            }
        }
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some((rest, reference)) = split_reference(content) {
            if !reference.is_empty() {
                let body = Body::Line {
                    cut: offset + rest.len(),
                    end: offset + content.len(),
                };
                return (body, reference);
            }
        }
        offset += line.len();
    }
    (Body::Whole, Reference::default())
}

/// The item's Markdown without its bullet marker, continuation lines de-indented to the item's
/// content column.
pub(crate) fn item_text(lines: &LineIndex<'_>, first: usize, last: usize) -> String {
    let head = lines.line(first);
    let (content_col, rest) = strip_marker(head);
    // The lines' bytes bound the text: one allocation, never grown.
    let mut out = String::with_capacity(lines.start(last + 1).saturating_sub(lines.start(first)));
    out.push_str(rest.trim_end());
    for i in first + 1..=last {
        out.push('\n');
        out.push_str(dedent(lines.line(i), content_col).trim_end());
    }
    out
}

/// Returns the content column of a list item's first line and the text after its marker.
fn strip_marker(line: &str) -> (usize, &str) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let after_indent = &line[indent..];
    let marker_len = if after_indent.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = after_indent.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after_indent[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        }
    };
    let after_marker = &after_indent[marker_len..];
    let spaces = after_marker.len() - after_marker.trim_start_matches(' ').len();
    let spaces = if spaces > 4 || spaces == 0 {
        1.min(spaces)
    } else {
        spaces
    };
    (
        indent + marker_len + spaces,
        after_marker[spaces..].trim_start(),
    )
}

fn dedent(line: &str, col: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(col)..]
}

/// The component a one-word bullet names ("kube-apiserver:", "**kubectl**"), if it is one.
pub(crate) fn component_word(text: &str) -> Option<String> {
    let word = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '`' || c == ':')
        .trim();
    let plausible = !word.is_empty()
        && word.len() <= 40
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/' | '_'));
    plausible.then(|| word.to_ascii_lowercase())
}

/// Every CVE id `text` mentions, sorted, once each.
pub(crate) fn cves_in(text: &str) -> Vec<String> {
    if CVE_PREFIX.find(text.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut cves: Vec<String> = CVE
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect();
    cves.sort();
    cves.dedup();
    cves
}

/// The leading `component:` prefix of a note's text, lower-cased (`kubeadm`, `kube-apiserver`).
pub(crate) fn component(body: &str) -> Option<String> {
    let name = component_prefix(body)?
        .trim_end_matches(['.', '/'])
        .to_ascii_lowercase();
    if NOT_COMPONENTS.contains(&name.as_str()) || name.len() < 2 || name.starts_with("cve-") {
        return None;
    }
    Some(name)
}

/// The name of a leading `component:` prefix: the group of
/// `^(?:\*\*|`)?\[?([A-Za-z][A-Za-z0-9._/-]{1,40})\]?(?:\*\*|`)?\s?:(?:\*\*)?\s`, read by
/// hand. Each optional part of the pattern is taken exactly when the text has it (what could
/// follow instead never starts with the same character), and the name is the whole run of name
/// characters, so one forward scan decides it.
fn component_prefix(body: &str) -> Option<&str> {
    let rest = skip_mark(body);
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let bytes = rest.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = 1 + bytes[1..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-'))
        .count();
    if !(2..=41).contains(&len) {
        return None;
    }
    let (name, rest) = rest.split_at(len);
    let rest = rest.strip_prefix(']').unwrap_or(rest);
    let rest = skip_mark(rest);
    let rest = rest.strip_prefix(char::is_whitespace).unwrap_or(rest);
    let rest = rest.strip_prefix(':')?;
    let rest = rest.strip_prefix("**").unwrap_or(rest);
    rest.starts_with(char::is_whitespace).then_some(name)
}

/// `text` without a leading `**` or `` ` ``.
fn skip_mark(text: &str) -> &str {
    text.strip_prefix("**")
        .or_else(|| text.strip_prefix('`'))
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn a_multi_line_bullet_becomes_one_note() {
        let text = "- Kubeadm: first line\n  second line\n\n  ```\n  code\n  ```\n  ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Cluster Lifecycle]\n";
        let idx = LineIndex::new(text);
        let ctx = NoteContext {
            kind: Some(Kind::Feature),
            ..Default::default()
        };
        let note = note_from_item(&idx, 0, 6, &ctx, &["Changes by Kind".into()]);
        assert_eq!(
            note.text,
            "Kubeadm: first line\nsecond line\n\n```\ncode\n```"
        );
        assert_eq!(note.prs, [1]);
        assert_eq!(note.sigs, ["cluster-lifecycle"]);
        assert_eq!(note.component.as_deref(), Some("kubeadm"));
        assert_eq!((note.line, note.end_line), (1, 7));
    }

    #[test]
    fn reference_inside_closing_emphasis() {
        let text = "* **Bold claim ([#7](https://github.com/kubernetes/kubernetes/pull/7), [@c](https://github.com/c))**\n";
        let idx = LineIndex::new(text);
        let note = note_from_item(&idx, 0, 0, &NoteContext::default(), &[]);
        assert_eq!(note.text, "**Bold claim**");
        assert_eq!(
            (note.prs.as_slice(), note.authors.as_slice()),
            (&[7][..], &["c".to_string()][..])
        );
    }

    #[test]
    fn reference_before_sub_bullets() {
        let text = "* Parent ([#5](https://github.com/kubernetes/kubernetes/pull/5), [@b](https://github.com/b))\n  * child detail\n";
        let idx = LineIndex::new(text);
        let note = note_from_item(&idx, 0, 1, &NoteContext::default(), &[]);
        assert_eq!(note.text, "Parent\n* child detail");
        assert_eq!(note.prs, [5]);
        assert_eq!(note.authors, ["b"]);
    }

    #[test]
    fn pr_links_in_the_text() {
        let link = "https://github.com/kubernetes/kubernetes/pull/";
        let text =
            format!("See {link}12 and {link}34, not {link}x or {link}99999999999999999999999");
        assert_eq!(body_prs(&text), [12, 34]);
        // A non-ASCII digit after the ASCII ones: `\d` decides, as the regex reads it.
        assert_eq!(body_prs(&format!("{link}56\u{663} {link}78")), [78]);
        assert_eq!(body_prs(&format!("{link}56\u{e9} {link}78")), [56, 78]);
        assert!(body_prs("no links").is_empty());
    }

    #[test]
    fn components_and_action_required() {
        for (body, want) in [
            ("kube-apiserver: x", Some("kube-apiserver")),
            ("Kubelet: x", Some("kubelet")),
            ("**kubeadm**: x", Some("kubeadm")),
            ("Fix: x", None),
            ("No prefix here", None),
        ] {
            assert_eq!(component(body).as_deref(), want, "{body}");
        }
    }

    /// What [`COMPONENT`] captures, for comparing [`component_prefix`] with it.
    fn by_regex(body: &str) -> Option<&str> {
        COMPONENT.captures(body).map(|c| c.get(1).unwrap().as_str())
    }

    #[test]
    fn component_prefix_reads_as_the_regex() {
        let long = "a".repeat(41);
        let longer = "a".repeat(42);
        for body in [
            "kube-apiserver: x",
            "**kubeadm**: x",
            "`kubectl`: x",
            "[kubelet]: x",
            "**[kubelet]**:** x",
            "kubelet :\u{a0}x",
            "kubelet\u{2003}: x",
            "kubelet:x",
            "kubelet:** x",
            "kubelet:**x",
            "*kubelet: x",
            "k: x",
            "k8s.io/api/: x",
            "ab]`: x",
            "",
            ":",
            "é: x",
            &format!("{long}: x"),
            &format!("{longer}: x"),
        ] {
            assert_eq!(component_prefix(body), by_regex(body), "{body:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn component_prefix_agrees_with_the_regex(
            body in "(\\*\\*|`)?\\[?[a-zA-Z0-9*`\\[\\]:./_ \t\u{a0}\u{2003}é-]{0,50}"
        ) {
            proptest::prop_assert_eq!(component_prefix(&body), by_regex(&body));
        }
    }

    #[test]
    fn action_required_markers_in_any_case() {
        // Real notes of the corpus (CHANGELOG-1.x and sig-release drafts), shortened.
        let cases: &[(&str, bool)] = &[
            ("**ACTION REQUIRED**: do it", true),
            ("ACTION REQUIRED: Support for basic authentication via the --basic-auth-file flag has been removed.", true),
            ("**Action required** for cluster administrators: the kubelet no longer …", true),
            ("**Action Required:** When upgrading to 1.13 …", true),
            ("Action Required: `kubeadm.k8s.io/v1alpha1` config types are removed.", true),
            ("Action required: validation rule on the CRD is enforced", true),
            ("action required: kube-proxy: feature gates are now specified as a map", true),
            ("[action required] kubeadm: The `v1alpha1` config API is removed.", true),
            ("[Action required] The validation rule is enforced.", true),
            ("[action-required] The Container Runtime Interface …", true),
            ("Action-required: kubeadm: remove the deprecated `--address` flag", true),
            ("\"action required\": if your installation uses it, …", true),
            ("Pod priority should be used instead to mark pods as critical. Action required!", true),
            ("Graduate TaintNodesByCondition to GA in 1.17. (feature gate will be removed in 1.18) action required", true),
            ("Remove deprecated \"include-uninitialized\" flag. action required", true),
            ("Change node score range to [0, 100]. action required. Note: this change …", true),
            ("action required", true),
            ("Action required for existing users of the LocalPersistentVolumes alpha feature:", true),
            ("Action required for the custom scheduler plugin developers.", true),
            // Not markers.
            ("no action is required", false),
            ("This means there is no action required for converting existing objects.", false),
            ("No action required: this is a small enhancement.", false),
            ("There is no intermediate action required by end-users, because …", false),
            ("Client and server versions must match (See Action required section above)", false),
            ("**IMPORTANT**: See Action Required for important actions related to this change.", false),
            ("If you upgrade from a previous version, first take any actions required", false),
        ];
        for &(body, want) in cases {
            assert_eq!(action_required(body), want, "{body}");
        }
    }
}
