//! Dates as schedules write them, found in a piece of text: `Monday, March 9`, `Tue Mar 24`,
//! `March 22nd (Wednesday)`, `Monday 5th September 2022`, `Tuesday, June 11th. 2019`,
//! `2020-03-24`; with or without a year (the year is inferred later, `years.rs`). And the bare
//! day numbers of the tables with one column per month (`Mon 7`, `~~25~~ moved to 27`).

use regex::Regex;
use std::sync::LazyLock;

/// A date written in the text; `start..end` is its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) year: Option<i32>,
}

const MONTH: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(20\d\d)-(\d\d)-(\d\d)\b").expect("ISO date regex"));

/// `March 9`, `Sept 20th, 2016`, `June 11th. 2019`.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:[,.]?\s+(20\d\d)\b)?"
    ))
    .expect("month-day regex")
});

/// `5th September 2022`, `14th November2023`.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})(?:\.?,?\s*(20\d\d)\b)?"
    ))
    .expect("day-month regex")
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(20[1-3]\d)\b").expect("year regex"));

static DAY_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\b").expect("day number regex"));

/// The month (1–12) a name or abbreviation stands for: `Sept`, `JAN`, `**Oct**`.
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_matches(|c: char| !c.is_ascii_alphabetic());
    let lower = name.to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if lower.len() < 3 {
        return None;
    }
    let index = NAMES.iter().position(|n| lower.starts_with(n))?;
    // `march`, `sept`, `september`: a full or shortened name, not another word.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][index];
    (full.starts_with(&lower) || lower == "sept").then_some(index as u32 + 1)
}

/// Every date written in `text`, in order, overlaps removed (the first match wins).
pub(crate) fn mentions(text: &str) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    for c in ISO.captures_iter(text) {
        let whole = c.get(0).expect("match");
        found.push(Mention {
            start: whole.start(),
            end: whole.end(),
            month: c[2].parse().unwrap_or(0),
            day: c[3].parse().unwrap_or(0),
            year: c[1].parse().ok(),
        });
    }
    for (regex, month_group, day_group) in [(&*MONTH_DAY, 1, 2), (&*DAY_MONTH, 2, 1)] {
        for c in regex.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let month_name = c.get(month_group).expect("month group");
            // `Mar` of `Marketing` is no month (the regex crate has no look-ahead for this).
            let glued = text[month_name.end()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic());
            let Some(month) = month_number(month_name.as_str()).filter(|_| !glued) else {
                continue;
            };
            found.push(Mention {
                start: whole.start(),
                end: whole.end(),
                month,
                day: c[day_group].parse().unwrap_or(0),
                year: c.get(3).and_then(|y| y.as_str().parse().ok()),
            });
        }
    }
    found.retain(|m| (1..=31).contains(&m.day));
    found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut out: Vec<Mention> = Vec::new();
    for m in found {
        if out.last().is_none_or(|last| m.start >= last.end) {
            out.push(m);
        }
    }
    out
}

/// The first year (2010–2039) written in `text`, as a bare number.
pub(crate) fn first_year(text: &str) -> Option<i32> {
    YEAR.captures(text).and_then(|c| c[1].parse().ok())
}

/// The day of a month-column table cell: its first number (`Mon 7` → 7, `moved to 27` → 27,
/// `13 - 15` → 13).
pub(crate) fn day_number(cell: &str) -> Option<u32> {
    DAY_NUMBER
        .captures(cell)
        .and_then(|c| c[1].parse().ok())
        .filter(|d| (1..=31).contains(d))
}

/// `text` without the byte ranges of `found`, and without the punctuation and weekday names
/// left around them: what an event is, once its date is taken out.
pub(crate) fn without(text: &str, found: &[Mention]) -> String {
    let mut rest = String::new();
    let mut at = 0;
    for m in found {
        rest.push_str(&text[at..m.start]);
        rest.push(' ');
        at = m.end;
    }
    rest.push_str(&text[at..]);
    let words: Vec<&str> = rest.split_whitespace().filter(|w| !is_weekday(w)).collect();
    words
        .join(" ")
        .trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '-' | '—' | '–' | ',' | '/' | '*')
        })
        .replace("()", "")
        .trim()
        .to_string()
}

/// `Monday`, `(Weds)`, `Tue,`: a weekday written around a date.
fn is_weekday(word: &str) -> bool {
    let bare = word
        .trim_matches(|c: char| !c.is_ascii_alphabetic())
        .to_ascii_lowercase();
    let stripped_only_punctuation = word
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, '(' | ')' | ',' | ':'));
    stripped_only_punctuation
        && [
            "mon",
            "monday",
            "tue",
            "tues",
            "tuesday",
            "wed",
            "weds",
            "wednesday",
            "thu",
            "thur",
            "thurs",
            "thursday",
            "fri",
            "friday",
            "sat",
            "saturday",
            "sun",
            "sunday",
        ]
        .contains(&bare.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Month, day and year as written.
    type Read = (u32, u32, Option<i32>);

    fn read(text: &str) -> Vec<Read> {
        mentions(text)
            .iter()
            .map(|m| (m.month, m.day, m.year))
            .collect()
    }

    #[test]
    fn every_spelling_of_the_schedules() {
        let cases: &[(&str, &[Read])] = &[
            ("Monday, March 9", &[(3, 9, None)]),
            ("Tue Mar 24", &[(3, 24, None)]),
            ("2020-03-24", &[(3, 24, Some(2020))]),
            ("March 22nd (Wednesday) - v1.6.0 (release!)", &[(3, 22, None)]),
            ("Monday 5th September 2022", &[(9, 5, Some(2022))]),
            ("Tuesday 14th November2023", &[(11, 14, Some(2023))]),
            ("Tuesday, June 11th. 2019", &[(6, 11, Some(2019))]),
            ("Sept 20 release", &[(9, 20, None)]),
            ("Mar 21 - Mar 25", &[(3, 21, None), (3, 25, None)]),
            (
                "[01:00 UTC Friday 7th October 2022 / 18:00 PDT Thursday 6th October 2022](https://x)",
                &[(10, 7, Some(2022)), (10, 6, Some(2022))],
            ),
            ("release may be disabled by the team", &[]),
            ("Monday, December 03, 2018", &[(12, 3, Some(2018))]),
        ];
        for (text, want) in cases {
            assert_eq!(read(text), *want, "{text}");
        }
    }

    #[test]
    fn the_rest_is_what_happens() {
        let text = "March 22nd (Wednesday) - v1.6.0 (release!)";
        assert_eq!(without(text, &mentions(text)), "v1.6.0 (release!)");
        let text = "Mon Nov 20: Code Slush";
        assert_eq!(without(text, &mentions(text)), "Code Slush");
        assert_eq!(
            without(
                "Monday, December 12, 2016",
                &mentions("Monday, December 12, 2016")
            ),
            ""
        );
    }

    #[test]
    fn month_columns_and_days() {
        assert_eq!(month_number("**JAN**"), Some(1));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("DEV WEEK"), None);
        assert_eq!(month_number("Mayor"), None);
        assert_eq!(day_number("Mon 7"), Some(7));
        assert_eq!(day_number("moved to 27"), Some(27));
        assert_eq!(day_number(""), None);
    }
}
