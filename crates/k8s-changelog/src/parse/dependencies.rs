//! Dependency facts in sentences such as "The default Go version was updated to 1.12.1" or
//! "CoreDNS updated to 1.6.7" (the go.mod lists are read in `modules`).

use crate::model::{Dependencies, DependencyChange, DependencySource};
use crate::vocabulary::{self, key_component as canonical};
use memchr::memmem;
use pulldown_cmark::{Event, Parser};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

/// A version as prose writes it: `1.12.1`, `v3.1.12`, `go1.9.3`, `3.5.0-beta.3`.
const VER: &str = r"(?:v|go)?\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?";

/// Words between a name and "version" or its verb: "etcd server and client", "dashboard add-on".
macro_rules! roles {
    () => {
        r"(?: server| client| and client| image| binary| add-on| plugins| dependency)*"
    };
}
const ROLES: &str = roles!();

/// Words between a name and its verb: "etcd server and client", "dashboard add-on version".
const QUALIFIERS: &str = concat!(roles!(), r"(?: version)?");

/// "has been updated", "was upgraded", "is now", "updated", "moves" ("etcd moves to version
/// 3.5.0", a heading of v1.22.0's major themes): at least one verb.
const VERB: &str = r"(?:(?: has been| have been| was| were| is| are)(?: now)?(?: (?:updated|upgraded|bumped|moved|changed|set|raised))?| (?:updated|upgraded|bumped|moved|moves|changed|raised))";

/// Who a key component's version is for, between its name and its verb: "CoreDNS for kubeadm
/// and kube-up has been updated to v1.6.2". Read only after a key component's name: after any
/// other word it would make the word before "for" a component ("Metrics for kubelet and
/// kube-proxy have been updated").
const AUDIENCE: &str = r"(?: for [\w-]+(?: and [\w-]+)?)?";

/// The sentences naming a component (`name`) and its new version; `audience`: [`AUDIENCE`] or
/// nothing.
fn sentence_patterns(name: &str, audience: &str) -> [String; 2] {
    [
        // "The default Go version was updated to 1.12.1", "CoreDNS has been updated to v1.6.7",
        // "Default etcd server version is v3.1.12", "CoreDNS is now version 1.3.1",
        // "The supported etcd server version is 3.1.12, as compared to 3.1.10 in v1.9".
        format!(
            r"(?i)(?-u:\b)(?P<name>{name}){QUALIFIERS}{audience}{VERB}(?: from (?P<from>{VER}))?(?: to| at| version)*:? (?P<to>{VER})(?:,? as compared to (?P<was>{VER}))?"
        ),
        // "Update etcd to 3.5.1", "Bumped CoreDNS version from 1.6.2 to 1.6.5",
        // "Revert the CoreDNS version to 1.3.1" (a version back is a version too),
        // "Updated pause image to version 3.5" (CHANGELOG-1.22 L1365).
        format!(
            r"(?i)(?-u:\b)(?:update|upgrade|bump|move|revert)(?:s|d|ed)?(?: up)?(?: the)?(?: default)? (?P<name>{name}){QUALIFIERS}(?: from (?P<from>{VER}))? to(?: version)? (?P<to>{VER})"
        ),
    ]
}

/// Words that mark a sentence as saying a version did not change.
static UNCHANGED: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("unchanged"));
static THE_SAME_AS: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("the same as"));

/// A set of sentence patterns: one pass of the union says whether any can match, so the
/// patterns (and their capture groups) run only on the rare lines that hold a fact.
///
/// Each set is compiled twice: as written (Unicode `(?i)`, `\d`, `\w`) and ASCII-only. On an
/// ASCII line both match the same text (Unicode case folding, digits and word characters add
/// only non-ASCII ones): most lines are ASCII and take the ASCII automata; any other line takes
/// the Unicode ones. The ASCII ones are also case-sensitive, without the patterns' `(?i)`, and
/// read the line lower-cased ([`Folded`]): every pattern is written in lower case, and ASCII
/// lower-casing keeps every byte where it is, so they match the same spans. Without case
/// folding their searches of the corpus' version lines took 40–50 % less time (BENCHMARKS.md,
/// "Ninth look").
struct Patterns {
    patterns: Vec<String>,
    ascii: Compiled,
    /// Compiled on the first non-ASCII line that reaches the patterns.
    unicode: OnceLock<Compiled>,
}

struct Compiled {
    any: RegexSet,
    each: Vec<Regex>,
}

impl Compiled {
    fn new(patterns: &[&str], unicode: bool) -> Compiled {
        Compiled {
            any: RegexSetBuilder::new(patterns)
                .unicode(unicode)
                .build()
                .expect("dependency prose regex set"),
            each: patterns
                .iter()
                .map(|p| {
                    RegexBuilder::new(p)
                        .unicode(unicode)
                        .build()
                        .expect("dependency prose regex")
                })
                .collect(),
        }
    }
}

/// A line as the patterns read it: an ASCII line lower-cased, any other as it is.
struct Folded<'l> {
    text: Cow<'l, str>,
    ascii: bool,
}

impl Folded<'_> {
    fn new(line: &str) -> Folded<'_> {
        let ascii = line.is_ascii();
        let text = if ascii {
            Cow::Owned(line.to_ascii_lowercase())
        } else {
            Cow::Borrowed(line)
        };
        Folded { text, ascii }
    }
}

impl Patterns {
    fn new(patterns: &[String]) -> Patterns {
        let folded: Vec<&str> = patterns
            .iter()
            .map(|p| p.strip_prefix("(?i)").expect("sentence patterns fold case"))
            .collect();
        Patterns {
            patterns: patterns.to_vec(),
            ascii: Compiled::new(&folded, false),
            unicode: OnceLock::new(),
        }
    }

    /// The patterns that match `line`.
    fn matching<'a>(&'a self, line: &Folded<'_>) -> impl Iterator<Item = &'a Regex> + 'a {
        let compiled = if line.ascii {
            &self.ascii
        } else {
            self.unicode.get_or_init(|| {
                let patterns: Vec<&str> = self.patterns.iter().map(String::as_str).collect();
                Compiled::new(&patterns, true)
            })
        };
        compiled
            .any
            .matches(&line.text)
            .into_iter()
            .map(move |i| &compiled.each[i])
    }
}

/// The words of key-component sentences by their first two letters, lower-cased, each with
/// whether it names Go: a cheap test that spares most lines the sentence patterns. A word of
/// one letter would not be found; every word has two or more.
struct KeyWords {
    /// Bit `pair(a, b)`: some word starts with `a`, `b`.
    pairs: Vec<u64>,
    /// The words by their first letter.
    by_first: Vec<Vec<(&'static str, bool)>>,
}

/// The index of the two lower-cased bytes `a`, `b` in [`KeyWords::pairs`]' bits.
fn pair(a: u8, b: u8) -> usize {
    usize::from(a.to_ascii_lowercase()) << 8 | usize::from(b.to_ascii_lowercase())
}

static KEY_WORDS: LazyLock<KeyWords> = LazyLock::new(|| {
    let mut words = KeyWords {
        pairs: vec![0; (1 << 16) / 64],
        by_first: vec![Vec::new(); 256],
    };
    for &(word, component) in vocabulary::KEY_COMPONENT_WORDS {
        let w = word.as_bytes();
        assert!(w.len() >= 2, "key component words have two letters or more");
        let bit = pair(w[0], w[1]);
        words.pairs[bit / 64] |= 1 << (bit % 64);
        // A match compares ASCII letters in either case: index both cases by the lower one.
        words.by_first[usize::from(w[0].to_ascii_lowercase())].push((word, component == "go"));
    }
    words
});

/// Sentences about key components, read from every note.
static KEY_SENTENCES: LazyLock<Patterns> = LazyLock::new(|| {
    let name = vocabulary::key_component_pattern();
    let mut patterns = sentence_patterns(&name, AUDIENCE).to_vec();
    // "built with Golang 1.16.8", "update to go1.15.5", "Update to use go 1.12.9"
    patterns.push(format!(
        r"(?i)(?-u:\b)(?:built with|built using|build with|(?:update|updated|upgrade|bump) to(?: use)?) (?P<name>go|golang) ?(?P<to>{VER})"
    ));
    // A bare line with a verb: "Update kube-dns 1.14.7" (CHANGELOG-1.9 L1740).
    patterns.push(format!(
        r"(?i)^(?:[-*] )?(?:update|upgrade|bump)(?:s|d|ed)? (?:the )?(?P<name>{name}){QUALIFIERS}:? (?P<to>{VER})\.?$"
    ));
    // "Kubeadm now includes CoreDNS version 1.6.5", "Kube-up now includes CoreDNS version v1.8.6"
    patterns.push(format!(
        r"(?i)(?-u:\b)now includes(?: the)? (?P<name>{name}){QUALIFIERS}:? (?P<to>{VER})"
    ));
    Patterns::new(&patterns)
});

/// Sentences about any component, read only where the section is about dependencies
/// ("Kibana has been upgraded to v6.6.1", "etcd version 3.0.17").
static ANY_SENTENCES: LazyLock<Patterns> = LazyLock::new(|| {
    let name = r"[A-Za-z][\w./-]*(?: [A-Za-z][\w./-]*)??";
    let mut patterns = sentence_patterns(name, "").to_vec();
    // A bare line states a version only with "version" or a colon ("etcd version 3.0.17"), or
    // after a verb (key components: "Update kube-dns 1.14.7"). A name right before a number
    // names one release of it, as the items of a list of validated versions do ("- Docker
    // 1.12.6", then "- Docker 1.11.2", each with its known issues: CHANGELOG-1.8 L2066, L2078);
    // such a list gives no version.
    patterns.push(format!(
        r"(?i)^(?:[-*] )?(?:the )?(?P<name>{name}){ROLES}(?: version:?|:) (?P<to>{VER})\.?$"
    ));

    Patterns::new(&patterns)
});

/// Leading words that are not part of a component's name.
const NOT_NAMES: &[&str] = &[
    "the",
    "default",
    "supported",
    "minimum",
    "validated",
    "current",
    "of",
    "in",
    "on",
    "and",
    "update",
    "updated",
];

/// Words that join a name to a longer subject: a name right after one ("CoreDNS for kubeadm and
/// kube-up has been updated", "the dashboard of kube-up was updated") is the tail of that
/// subject, not the component the version is of.
const JOINS: &[&str] = &["and", "or", "for", "of", "with", "in", "on"];

/// Trailing words that are not part of a component's name ("cAdvisor is 0.29.1").
const NOT_NAME_ENDS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "been", "now", "updated", "upgraded", "version",
    "to", "at",
];

/// Finds "X updated to vY" facts in a sentence: about key components anywhere, and about any
/// named component when `any_component` (a dependencies section).
pub(crate) fn prose_facts(text: &str, n: u32, any_component: bool, deps: &mut Dependencies) {
    each_candidate(text, any_component, |line, key| {
        line_facts(line, n, key, any_component, &[], &mut deps.changed);
    });
}

/// Calls `each(line, key)` for every line of `text` that a sentence pattern may read, as
/// its inline text (code spans and links as their text), trimmed; `key`: it names a key
/// component. Cheap tests only: the patterns run in [`line_facts`].
pub(super) fn each_candidate(text: &str, any_component: bool, mut each: impl FnMut(&str, bool)) {
    // Checked on the whole text first: most notes name no version at all.
    if !has_dotted_number(text) {
        return;
    }
    let bytes = text.as_bytes();
    if UNCHANGED.find(bytes).is_some() || THE_SAME_AS.find(bytes).is_some() {
        return;
    }
    // Every pattern ends in a dotted version: lines without one are most lines, and are
    // skipped without running a regex.
    for line in text.lines().filter(|l| has_dotted_number(l)) {
        // Most lines name no key component and sit outside dependency sections: they are
        // skipped before their Markdown is read.
        let names_key = names_key_component(line);
        if !names_key && !any_component {
            continue;
        }
        let inline = inline_text(line);
        let line = inline.trim();
        let key = names_key && names_key_component(line);
        if key || any_component {
            each(line, key);
        }
    }
}

/// Reads the facts of `line` (a line [`each_candidate`] gave, of the text at line `n`) into
/// `out`: with the key-component patterns when `key`, the any-component ones when
/// `any_component`. A fact already in `out`, or in `prior` right before it, for line `n` is
/// not repeated.
pub(super) fn line_facts(
    line: &str,
    n: u32,
    key: bool,
    any_component: bool,
    prior: &[DependencyChange],
    out: &mut Vec<DependencyChange>,
) {
    let any: &[&Patterns] = &[&ANY_SENTENCES];
    let key = key.then_some(&*KEY_SENTENCES);
    let sets = key
        .into_iter()
        .chain(any.iter().copied().filter(|_| any_component));
    let folded = Folded::new(line);
    for re in sets.flat_map(|set| set.matching(&folded)) {
        // Spans of `folded`, the same in `line`: versions are read from `line`, as written.
        for caps in re.captures_iter(&folded.text) {
            let (Some(name), Some(to)) = (caps.name("name"), caps.name("to")) else {
                continue;
            };
            // "The minimum supported Go version was updated to 1.10.2", "Go1.14.4 is now the
            // minimum version required for building": a floor, not the version built or
            // validated with; no fact.
            if caps
                .get(0)
                .is_some_and(|m| states_a_minimum(line, m.start(), m.end()))
            {
                continue;
            }
            // "Update the default pause image version to 1.4.0 on Windows" (CHANGELOG-1.20
            // L2355): the version on one platform, of an image of its own (Linux's pause was
            // 3.2), is not the component's; no fact.
            if on_windows_only(&line[to.end()..]) {
                continue;
            }
            // "The list of validated docker versions was updated to 1.11.1, 1.12.1, 1.13.1,
            // 17.03" (CHANGELOG-1.12 L1494): the first of a list of versions is no version.
            if lists_versions(&line[to.end()..]) {
                continue;
            }
            // A subject's name (the match starts with it) after a joining word is the tail of
            // a longer subject.
            let starts_match = caps.get(0).is_some_and(|m| m.start() == name.start());
            if starts_match && follows_join(&line[..name.start()]) {
                continue;
            }
            let Some(module) = component_name(&line[name.range()]) else {
                continue;
            };
            // "The etcd client has been updated" is the Go client library, not the server the
            // etcd component tracks.
            let whole = caps
                .get(0)
                .map_or("", |m| &line[m.range()])
                .to_ascii_lowercase();
            let client_only = whole.contains(" client") && !whole.contains("server");
            let module = if client_only && module == "etcd" {
                "etcd client".to_string()
            } else {
                module
            };
            let key = canonical(&module).map(str::to_string);
            let to = version_of(&line[to.range()]);
            let from = caps
                .name("from")
                .or(caps.name("was"))
                .map(|m| version_of(&line[m.range()]));
            let module = key.clone().unwrap_or(module);
            // One sentence read by two patterns, or one name read two ways: once per line.
            let seen = out
                .iter()
                .rev()
                .chain(prior.iter().rev())
                .take_while(|d| d.line == n)
                .any(|d| d.to == to);
            if !seen {
                out.push(DependencyChange {
                    module,
                    from,
                    to,
                    component: key,
                    source: DependencySource::Prose,
                    line: n,
                });
            }
        }
    }
}

/// Whether `line` names a key component where a [`KEY_SENTENCES`] pattern could read it: after
/// an ASCII word boundary, and before a space or a backtick (or, for Go, before its version:
/// "go1.15.5").
/// Words such as "go" occur inside many others ("ago", "Google"); this spares those lines the
/// patterns.
fn names_key_component(line: &str) -> bool {
    let b = line.as_bytes();
    let words = &*KEY_WORDS;
    // Every start of a match is after a boundary: only those positions are tried, only where
    // some word starts with the two letters there, and then only the words with that first
    // letter.
    (0..b.len().saturating_sub(1))
        .filter(|&s| {
            let bit = pair(b[s], b[s + 1]);
            words.pairs[bit / 64] & (1 << (bit % 64)) != 0 && (s == 0 || !is_word_byte(b[s - 1]))
        })
        .any(|s| {
            words.by_first[usize::from(b[s].to_ascii_lowercase())]
                .iter()
                .any(|&(word, is_go)| {
                    let end = s + word.len();
                    let spelled = b
                        .get(s..end)
                        .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()));
                    spelled
                        && match b.get(end) {
                            // "`CoreDNS` to 1.8.4": a code span's end.
                            Some(b' ' | b'`') => true,
                            Some(&c) => {
                                is_go
                                    && (matches!(c, b'v' | b'V' | b'g' | b'G')
                                        || c.is_ascii_digit()
                                        || c >= 0x80)
                            }
                            None => false,
                        }
                })
        })
}

/// Whether the sentence of `line` holding `start..end` says "minimum" (or "minimal").
fn states_a_minimum(line: &str, start: usize, end: usize) -> bool {
    let from = line[..start].rfind(". ").map_or(0, |i| i + 2);
    let to = line[end..].find(". ").map_or(line.len(), |i| end + i);
    let sentence = line[from..to].to_ascii_lowercase();
    sentence.contains("minimum") || sentence.contains("minimal")
}

/// A line's code spans and links as their text: "Kubeadm: update `CoreDNS` to 1.8.4"
/// (CHANGELOG-1.22 L1108), "The pause image upgraded to `v3.4.1`" (CHANGELOG-1.21 L1402),
/// "Update cri-tools to [v1.19.0](https://…)" (CHANGELOG-1.20 L2370). Read by pulldown-cmark,
/// only on the lines that have either.
fn inline_text(line: &str) -> Cow<'_, str> {
    if !line.contains('`') && !line.contains("](") {
        return Cow::Borrowed(line);
    }
    let mut text = String::with_capacity(line.len());
    for event in Parser::new(line.trim()) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(&t);
        }
    }
    Cow::Owned(text)
}

/// Whether the words after a version restrict it to Windows ("1.4.0 on Windows"; not "for
/// both Linux and Windows").
fn on_windows_only(after: &str) -> bool {
    let after = after.trim_start().to_ascii_lowercase();
    after.starts_with("on windows") || after.starts_with("for windows")
}

/// Whether the words after a version go on with another one: ", 1.12.1", " to 1.13.1", " and
/// 17.03.x".
fn lists_versions(after: &str) -> bool {
    let (comma, rest) = match after.strip_prefix(',') {
        Some(rest) => (true, rest.trim_start()),
        None => match after.strip_prefix(' ') {
            Some(rest) => (false, rest),
            None => return false,
        },
    };
    let next = match ["and ", "or ", "to "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
    {
        Some(next) => next,
        None if comma => rest,
        None => return false,
    };
    let b = next.trim_start_matches(['v', 'V']).as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && b.get(digits) == Some(&b'.') && b.get(digits + 1).is_some_and(u8::is_ascii_digit)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn has_dotted_number(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr_iter(b'.', b)
        .any(|i| i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
}

fn version_of(matched: &str) -> String {
    matched
        .trim_start_matches("go")
        .trim_start_matches('v')
        .trim_end_matches('.')
        .to_string()
}

/// Whether the text before a name ends with a joining word ([`JOINS`]), other than the "of" of
/// "version of" ("The default version of CoreDNS is now 1.8.0": CoreDNS's version).
fn follows_join(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    match words.next() {
        Some(w) if w.eq_ignore_ascii_case("of") => !words
            .next()
            .is_some_and(|v| v.eq_ignore_ascii_case("version")),
        Some(w) => JOINS.iter().any(|j| w.eq_ignore_ascii_case(j)),
        None => false,
    }
}

/// A component's name from the words before its verb, without articles, lower-cased; `None`
/// when the words start with a joining word ("and kube-up": the tail of a longer subject).
fn component_name(words: &str) -> Option<String> {
    let lower = words.to_ascii_lowercase();
    let mut words = lower.split_whitespace().peekable();
    while let Some(w) = words.next_if(|w| NOT_NAMES.contains(w) || JOINS.contains(w)) {
        if JOINS.contains(&w) {
            return None;
        }
    }
    let mut kept: Vec<&str> = words.collect();
    while kept.last().is_some_and(|w| NOT_NAME_ENDS.contains(w)) {
        kept.pop();
    }
    let name = kept.join(" ");
    let generic = matches!(
        name.as_str(),
        "" | "it"
            | "this"
            | "version"
            | "which"
            | "that"
            | "support"
            | "api"
            | "list"
            | "kubernetes"
    );
    (!generic).then_some(name)
}

#[cfg(test)]
#[path = "dependencies_tests.rs"]
mod tests;
