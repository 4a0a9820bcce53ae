//! A known gate's name spelled out as words: "Mount propagation has been promoted to GA"
//! (v1.12.0, #67255) is about `MountPropagation`.

use std::collections::HashSet;

/// The words of a CamelCase name, lower-case: `MountPropagation` → `["mount", "propagation"]`,
/// `CSINodeInfo` → `["csi", "node", "info"]`; `None` unless every word is two letters or more
/// and there are two words at least (`IPv6DualStack` has a digit, `Sysctls` one word).
fn words(name: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = name.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        let starts = c.is_ascii_uppercase()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars.get(i + 1).is_some_and(char::is_ascii_lowercase));
        if starts && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.push(c.to_ascii_lowercase());
    }
    out.push(word);
    (out.len() >= 2 && out.iter().all(|w| w.len() >= 2)).then_some(out)
}

/// Words after which a name is an object of something else ("The Kubelet plugin registration
/// mechanism used by device plugins … is now GA", v1.13.0-beta.1, is no graduation of
/// DevicePlugins).
const PREPOSITIONS: &[&str] = &[
    "by", "of", "for", "with", "from", "in", "to", "under", "on", "via",
];

/// The `known` names (sorted) that `clause` spells out as words, each separated by a space or a
/// hyphen, in any case, not inside a longer word nor right after a preposition.
pub(super) fn spelled_names(clause: &str, known: &HashSet<String>) -> Vec<String> {
    let words_of_clause: Vec<String> = clause
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_lowercase()
        })
        .collect();
    let mut out: Vec<String> = known
        .iter()
        .filter(|name| {
            words(name).is_some_and(|w| {
                words_of_clause
                    .windows(w.len())
                    .enumerate()
                    .any(|(i, win)| {
                        win == w
                            && !(i > 0 && PREPOSITIONS.contains(&words_of_clause[i - 1].as_str()))
                    })
            })
        })
        .cloned()
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_spelled_out() {
        assert_eq!(words("MountPropagation").unwrap(), ["mount", "propagation"]);
        assert_eq!(words("CSINodeInfo").unwrap(), ["csi", "node", "info"]);
        assert_eq!(words("IPv6DualStack"), None);
        assert_eq!(words("Sysctls"), None);
        let known: HashSet<String> = ["MountPropagation".to_string(), "PodPriority".into()].into();
        assert_eq!(
            spelled_names("Mount propagation has been promoted to GA.", &known),
            ["MountPropagation"]
        );
        assert!(spelled_names("Mountpropagation and priority", &known).is_empty());
        assert!(spelled_names("The mechanism used by mount propagation is GA", &known).is_empty());
    }
}
