//! Release dates from the three places that have them: a CSV table, a kubernetes checkout's git
//! tags, and the GitHub releases API. Pure parsers over text the caller has read.
//!
//! The CHANGELOG Markdown carries no dates, so [`History`](crate::History) takes them from one
//! of these (`History::add_dates`). Every parser returns the dates in input order; tags that are
//! not versions (`kubernetes-1.0`, `latest`) are skipped where a source mixes them in, and
//! anything else that cannot be read is an error naming its line.

use crate::history::ReleaseDate;
use crate::tag::parse_tag;
use chrono::NaiveDate;
use semver::Version;
use serde::Deserialize;

/// Why a dates source could not be read. Line numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DatesError {
    /// A version column or tag that is not a version (`v1.22`, `latest` where a tag is required).
    #[error("line {line}: `{value}` is not a version such as v1.22.3")]
    BadVersion {
        /// 1-based line of the source text.
        line: u32,
        /// The text found, as written.
        value: String,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("line {line}: `{value}` is not a date such as 2021-09-15")]
    BadDate {
        /// 1-based line of the source text.
        line: u32,
        /// The text found, as written.
        value: String,
    },
    /// A CSV `confidence` column that is neither `actual` nor `planned`.
    #[error("line {line}: confidence `{value}` is neither `actual` nor `planned`")]
    BadConfidence {
        /// 1-based line of the source text.
        line: u32,
        /// The text found, as written.
        value: String,
    },
    /// A line of the wrong shape (a `git for-each-ref` line without a date, a CSV row with too few
    /// fields); `problem` says what is wrong.
    #[error("line {line}: {problem}")]
    Malformed {
        /// 1-based line of the source text.
        line: u32,
        /// What is wrong with the line.
        problem: String,
    },
    /// The CSV header lacks a required column (`version` or `date`).
    #[error("the CSV header (line {line}) has no `{column}` column; expected version,date[,source,confidence]")]
    MissingColumn {
        /// 1-based line of the header.
        line: u32,
        /// The missing column's name.
        column: &'static str,
    },
    /// The GitHub releases JSON could not be read; position and message come from serde_json.
    #[error("line {line}, column {column}: {problem}")]
    Json {
        /// 1-based line in the JSON text.
        line: u32,
        /// 1-based column in the JSON text.
        column: u32,
        /// serde_json's message.
        problem: String,
    },
    /// A GitHub release whose `published_at`/`created_at` is not an RFC 3339 time.
    #[error("release {tag}: `{value}` is not an RFC 3339 time such as 2021-09-15T17:10:44Z")]
    BadTime {
        /// The release's `tag_name` (`v1.22.2`).
        tag: String,
        /// The time found, as written.
        value: String,
    },
}

/// The `--format` to give `git for-each-ref … refs/tags` for [`from_git_tags`]: the tag name
/// without `refs/tags/` and the tag's date (the tagger's date of an annotated tag, the commit's
/// of a lightweight one) as `YYYY-MM-DD`. `refname:strip=2` rather than `refname:short`, which
/// turns into `tags/v1.22.3` when a branch has the same name.
pub const GIT_TAG_FORMAT: &str = "%(refname:strip=2) %(creatordate:short)";

/// Reads a table of dates: a header line naming the columns, then `version,date[,source,
/// confidence]` rows, as in sig-release-style `release-dates.csv`.
///
/// - Columns are found by their header name, so their order is free and unknown columns are
///   ignored; `version` and `date` are required. A file without a header (its first field is a
///   version) is read in the order above.
/// - `version`: `v1.22.3` or `1.22.3`. `date`: `YYYY-MM-DD`.
/// - `confidence`: `actual` (or empty) for a tag's real date, `planned` for a schedule's target
///   ([`ReleaseDate::planned`]).
/// - [`ReleaseDate::source`] is `source_name`, followed by `: <source>` when the row names one.
/// - Fields may be quoted (`"a, b"`, `""` for a quote); blank lines and `#` comments are skipped.
///
/// ```
/// let csv = "version,date,source,confidence\nv1.22.0,2021-08-04,git tag,actual\n1.36.0,2026-04-22,,planned\n";
/// let dates = k8s_changelog::dates::from_csv(csv, "release-dates.csv").unwrap();
/// assert_eq!(dates[0].0, semver::Version::new(1, 22, 0));
/// assert_eq!(dates[0].1.source, "release-dates.csv: git tag");
/// assert!(dates[1].1.planned);
/// ```
pub fn from_csv(text: &str, source_name: &str) -> Result<Vec<(Version, ReleaseDate)>, DatesError> {
    let mut columns: Option<Columns> = None;
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index as u32 + 1;
        let raw = if index == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let fields = split_csv_line(raw).map_err(|problem| DatesError::Malformed {
            line,
            problem: problem.into(),
        })?;
        let columns = match &columns {
            Some(columns) => columns,
            None => {
                let is_header = parse_tag(&fields[0]).is_err();
                let found = if is_header {
                    Columns::from_header(&fields, line)?
                } else {
                    Columns::POSITIONAL
                };
                columns = Some(found);
                if is_header {
                    continue;
                }
                columns.as_ref().expect("just set")
            }
        };
        let field = |i: Option<usize>| i.and_then(|i| fields.get(i)).map(|f| f.trim());
        let (Some(version), Some(date)) = (field(Some(columns.version)), field(Some(columns.date)))
        else {
            return Err(DatesError::Malformed {
                line,
                problem: format!(
                    "{} field(s); a row needs at least version and date",
                    fields.len()
                ),
            });
        };
        let version = parse_tag(version).map_err(|_| DatesError::BadVersion {
            line,
            value: version.to_string(),
        })?;
        let date = parse_date(date).ok_or_else(|| DatesError::BadDate {
            line,
            value: date.to_string(),
        })?;
        let planned = match field(columns.confidence).unwrap_or("") {
            "" | "actual" => false,
            "planned" => true,
            other => {
                return Err(DatesError::BadConfidence {
                    line,
                    value: other.to_string(),
                })
            }
        };
        let source = match field(columns.source) {
            Some(row) if !row.is_empty() => format!("{source_name}: {row}"),
            _ => source_name.to_string(),
        };
        out.push((
            version,
            ReleaseDate {
                date,
                planned,
                source,
            },
        ));
    }
    Ok(out)
}

struct Columns {
    version: usize,
    date: usize,
    source: Option<usize>,
    confidence: Option<usize>,
}

impl Columns {
    const POSITIONAL: Columns = Columns {
        version: 0,
        date: 1,
        source: Some(2),
        confidence: Some(3),
    };

    fn from_header(fields: &[String], line: u32) -> Result<Columns, DatesError> {
        let find = |name: &str| {
            fields
                .iter()
                .position(|f| f.trim().eq_ignore_ascii_case(name))
        };
        let required =
            |column: &'static str| find(column).ok_or(DatesError::MissingColumn { line, column });
        Ok(Columns {
            version: required("version")?,
            date: required("date")?,
            source: find("source"),
            confidence: find("confidence"),
        })
    }
}

/// Splits one CSV record (RFC 4180 quoting, no line breaks inside quotes: no dates file needs
/// them, and refusing them keeps line numbers true).
fn split_csv_line(line: &str) -> Result<Vec<String>, &'static str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                    if !matches!(chars.peek(), None | Some(',')) {
                        return Err("text after a closing quote; double a quote inside a quoted field (\"\")");
                    }
                }
            }
            '"' if at_field_start => quoted = true,
            ',' if !quoted => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
                continue;
            }
            other => field.push(other),
        }
        at_field_start = false;
    }
    if quoted {
        return Err("a quoted field is not closed on its line");
    }
    fields.push(field);
    Ok(fields)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_iso_date(text.trim())
}

/// A `YYYY-MM-DD` date (`2021-08-04`; month and day may have one digit, as chrono's `%m` and
/// `%d` allow), `None` for any other text or a day the calendar lacks (`2021-02-30`). The
/// answers of `NaiveDate::parse_from_str(text, "%Y-%m-%d")`, but for years of other than four
/// digits or with a sign, which chrono reads and this does not (`21-01-01`, year 21); the calendar is
/// chrono's (`NaiveDate::from_ymd_opt`), the three numbers are split off here: chrono's
/// format-string parser is 13 KB of the explorer's wasm, for this one shape.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    if parts.next().is_some() {
        return None;
    }
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(month, 1..=2)?, number(day, 1..=2)?)
}

/// Reads the output of
/// `git -C <kubernetes checkout> for-each-ref --format='%(refname:strip=2) %(creatordate:short)' refs/tags`
/// ([`GIT_TAG_FORMAT`]): one `v1.22.3 2021-10-27` per line. Pre-release tags are kept; tags that
/// are not versions (`kubernetes-1.0`, `v1.0`) are skipped. A `tags/` or `refs/tags/` prefix is
/// accepted, so `refname:short` and `refname` work too. [`ReleaseDate::source`] is `git`.
///
/// ```
/// let out = "kubernetes-1.0 2015-07-10\nv1.22.0 2021-08-04\nv1.23.0-rc.0 2021-11-30\n";
/// let dates = k8s_changelog::dates::from_git_tags(out).unwrap();
/// assert_eq!(dates.len(), 2);
/// assert_eq!(dates[1].0.to_string(), "1.23.0-rc.0");
/// ```
pub fn from_git_tags(text: &str) -> Result<Vec<(Version, ReleaseDate)>, DatesError> {
    let mut out = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index as u32 + 1;
        let mut words = raw.split_whitespace();
        let Some(tag) = words.next() else { continue };
        let tag = tag
            .strip_prefix("refs/tags/")
            .or_else(|| tag.strip_prefix("tags/"))
            .unwrap_or(tag);
        let Ok(version) = parse_tag(tag) else {
            continue;
        };
        let date = words.next().ok_or_else(|| DatesError::Malformed {
            line,
            problem: format!("tag {tag} has no date; use --format='{GIT_TAG_FORMAT}'"),
        })?;
        // `creatordate:iso-strict` (2021-08-04T10:02:11-07:00) works too: the date is its head.
        let day = date.split('T').next().unwrap_or(date);
        let date = parse_date(day).ok_or_else(|| DatesError::BadDate {
            line,
            value: date.to_string(),
        })?;
        out.push((
            version,
            ReleaseDate {
                date,
                planned: false,
                source: "git".into(),
            },
        ));
    }
    Ok(out)
}

/// One element of `GET /repos/{owner}/{repo}/releases`; only what dates need.
#[derive(Deserialize)]
struct GithubRelease {
    #[serde(default)]
    tag_name: String,
    #[serde(default)]
    draft: bool,
    published_at: Option<String>,
    created_at: Option<String>,
}

/// Reads one page of the GitHub REST API's `GET /repos/kubernetes/kubernetes/releases`: a JSON
/// array of releases with `tag_name`, `published_at` (RFC 3339), `draft` and `prerelease`.
/// Drafts are skipped (they have no date yet), pre-releases kept, tags that are not versions
/// skipped. The date is the UTC day of `published_at` (of `created_at` when that is null).
/// [`ReleaseDate::source`] is `github`.
///
/// An API error object (`{"message": "API rate limit exceeded …"}`) is an error quoting it.
///
/// ```
/// let page = r#"[{"tag_name":"v1.22.2","published_at":"2021-09-15T17:10:44Z","draft":false,"prerelease":false},
///                {"tag_name":"v1.23.0","published_at":null,"draft":true,"prerelease":false}]"#;
/// let dates = k8s_changelog::dates::from_github_releases(page).unwrap();
/// assert_eq!(dates.len(), 1);
/// assert_eq!(dates[0].1.date.to_string(), "2021-09-15");
/// ```
pub fn from_github_releases(json_text: &str) -> Result<Vec<(Version, ReleaseDate)>, DatesError> {
    let json_error = |e: serde_json::Error| {
        let (line, column) = (e.line() as u32, e.column() as u32);
        let text = e.to_string();
        // The position is in the variant's fields; keep the message free of a second copy.
        let suffix = format!(" at line {line} column {column}");
        DatesError::Json {
            line,
            column,
            problem: text.strip_suffix(&suffix).unwrap_or(&text).to_string(),
        }
    };
    let releases: Vec<GithubRelease> = match serde_json::from_str(json_text) {
        Ok(releases) => releases,
        Err(e) => {
            // The API answers errors (rate limits, bad tokens) with an object whose `message`
            // says more than "expected a sequence" would.
            let value: Option<serde_json::Value> = serde_json::from_str(json_text).ok();
            if let Some(message) = value
                .as_ref()
                .and_then(|v| v.get("message"))
                .and_then(|m| m.as_str())
            {
                return Err(DatesError::Json {
                    line: 1,
                    column: 1,
                    problem: format!("the API answered with an error: {message}"),
                });
            }
            return Err(json_error(e));
        }
    };
    let mut out = Vec::new();
    for release in releases {
        if release.draft {
            continue;
        }
        let Ok(version) = parse_tag(&release.tag_name) else {
            continue;
        };
        let Some(time) = release.published_at.or(release.created_at) else {
            continue;
        };
        let date = chrono::DateTime::parse_from_rfc3339(&time)
            .map_err(|_| DatesError::BadTime {
                tag: release.tag_name.clone(),
                value: time.clone(),
            })?
            .naive_utc()
            .date();
        out.push((
            version,
            ReleaseDate {
                date,
                planned: false,
                source: "github".into(),
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn csv_reads_versions_dates_sources_and_confidence() {
        let text = "\u{feff}version,date,source,confidence\r\n\
                    v1.0.0,2015-07-10,endoflife-date (git tag date),actual\r\n\
                    \r\n\
                    # a comment\r\n\
                    1.18.0-alpha.1,2019-12-18,\"sig-release #927, scheduled\",planned\r\n\
                    v1.36.0,2026-04-22,,\r\n";
        let dates = from_csv(text, "dates.csv").unwrap();
        let got: Vec<(String, NaiveDate, bool, &str)> = dates
            .iter()
            .map(|(v, d)| (v.to_string(), d.date, d.planned, d.source.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "1.0.0".into(),
                    day("2015-07-10"),
                    false,
                    "dates.csv: endoflife-date (git tag date)"
                ),
                (
                    "1.18.0-alpha.1".into(),
                    day("2019-12-18"),
                    true,
                    "dates.csv: sig-release #927, scheduled"
                ),
                ("1.36.0".into(), day("2026-04-22"), false, "dates.csv"),
            ]
        );
    }

    #[test]
    fn csv_columns_follow_the_header_and_a_headerless_file_is_positional() {
        let dates = from_csv("date,extra,Version\n2021-08-04,x,v1.22.0\n", "d").unwrap();
        assert_eq!(dates[0].0, Version::new(1, 22, 0));
        assert_eq!(dates[0].1.date, day("2021-08-04"));
        let dates = from_csv("v1.22.0,2021-08-04\n", "d").unwrap();
        assert_eq!(dates.len(), 1);
        assert_eq!(dates[0].1.source, "d");
    }

    #[test]
    fn csv_errors_name_the_line() {
        let header = "version,date,source,confidence\n";
        for (body, want) in [
            (
                "v1.0.0,2015-07-10,s,actual\nv1.0,2015-07-17,s,actual\n",
                "line 3: `v1.0` is not a version such as v1.22.3",
            ),
            (
                "v1.0.0,10/07/2015,s,actual\n",
                "line 2: `10/07/2015` is not a date such as 2021-09-15",
            ),
            (
                "v1.0.0,2015-02-30,s,actual\n",
                "line 2: `2015-02-30` is not a date such as 2021-09-15",
            ),
            (
                "v1.0.0,2015-07-10,s,maybe\n",
                "line 2: confidence `maybe` is neither `actual` nor `planned`",
            ),
            (
                "v1.0.0\n",
                "line 2: 1 field(s); a row needs at least version and date",
            ),
            (
                "v1.0.0,\"2015-07-10,s,actual\n",
                "line 2: a quoted field is not closed on its line",
            ),
        ] {
            let err = from_csv(&format!("{header}{body}"), "d").unwrap_err();
            assert_eq!(err.to_string(), want, "{body}");
        }
        assert_eq!(
            from_csv("tag,when\nv1.0.0,2015-07-10\n", "d")
                .unwrap_err()
                .to_string(),
            "the CSV header (line 1) has no `version` column; expected version,date[,source,confidence]"
        );
    }

    #[test]
    fn csv_fields_split_with_quotes() {
        assert_eq!(
            split_csv_line("a,\"b, c\",\"d \"\"e\"\"\",").unwrap(),
            ["a", "b, c", "d \"e\"", ""]
        );
        assert!(split_csv_line("a,\"b\"c").is_err());
    }

    #[test]
    fn git_tags_keep_versions_and_pre_releases_and_skip_the_rest() {
        let text = "kubernetes-1.0 2015-07-10\n\
                    v0.21.0 2015-07-07\n\
                    tags/v1.22.3 2021-10-27\n\
                    refs/tags/v1.23.0-rc.0 2021-11-30\n\
                    v1.24.0-alpha.1 2021-12-07T10:02:11-08:00\n\
                    \n\
                    latest 2022-01-01\n";
        let dates = from_git_tags(text).unwrap();
        let got = version_days(&dates);
        assert_eq!(
            got,
            [
                ("0.21.0".to_string(), "2015-07-07".to_string()),
                ("1.22.3".into(), "2021-10-27".into()),
                ("1.23.0-rc.0".into(), "2021-11-30".into()),
                ("1.24.0-alpha.1".into(), "2021-12-07".into()),
            ]
        );
        assert!(dates.iter().all(|(_, d)| d.source == "git" && !d.planned));
    }

    /// `(version, day)` pairs, for comparing with a table.
    fn version_days(dates: &[(Version, ReleaseDate)]) -> Vec<(String, String)> {
        dates
            .iter()
            .map(|(v, d)| (v.to_string(), d.date.to_string()))
            .collect()
    }

    #[test]
    fn git_tag_errors_name_the_line() {
        assert_eq!(
            from_git_tags("v1.0.0 2015-07-10\nv1.0.1\n")
                .unwrap_err()
                .to_string(),
            format!("line 2: tag v1.0.1 has no date; use --format='{GIT_TAG_FORMAT}'")
        );
        assert_eq!(
            from_git_tags("v1.0.1 yesterday\n").unwrap_err().to_string(),
            "line 1: `yesterday` is not a date such as 2021-09-15"
        );
    }

    #[test]
    fn github_releases_skip_drafts_and_use_the_utc_day() {
        let page = r#"[
          {"tag_name": "v1.22.2", "published_at": "2021-09-15T23:30:00-02:00", "draft": false, "prerelease": false, "name": "Kubernetes v1.22.2"},
          {"tag_name": "v1.23.0-rc.0", "published_at": "2021-11-30T18:00:00Z", "draft": false, "prerelease": true},
          {"tag_name": "v1.24.0", "published_at": null, "created_at": "2022-05-03T00:00:00Z", "draft": true, "prerelease": false},
          {"tag_name": "not-a-version", "published_at": "2021-01-01T00:00:00Z", "draft": false, "prerelease": false}
        ]"#;
        let dates = from_github_releases(page).unwrap();
        let got = version_days(&dates);
        assert_eq!(
            got,
            [
                ("1.22.2".to_string(), "2021-09-16".to_string()),
                ("1.23.0-rc.0".into(), "2021-11-30".into()),
            ]
        );
        assert_eq!(dates[0].1.source, "github");
        assert!(from_github_releases("[]").unwrap().is_empty());
    }

    #[test]
    fn github_errors_say_what_went_wrong() {
        let err = from_github_releases(r#"{"message": "API rate limit exceeded for 1.2.3.4."}"#)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1, column 1: the API answered with an error: API rate limit exceeded for 1.2.3.4."
        );
        assert!(matches!(
            from_github_releases("[{\"tag_name\": \"v1.0.0\",\n \"published_at\": 7}]"),
            Err(DatesError::Json { line: 2, .. })
        ));
        assert!(matches!(
            from_github_releases("<html>"),
            Err(DatesError::Json { line: 1, .. })
        ));
        assert_eq!(
            from_github_releases(r#"[{"tag_name":"v1.0.0","published_at":"2015-07-10"}]"#)
                .unwrap_err()
                .to_string(),
            "release v1.0.0: `2015-07-10` is not an RFC 3339 time such as 2021-09-15T17:10:44Z"
        );
    }

    #[test]
    fn iso_dates_read_as_chrono_reads_them() {
        use chrono::Datelike;
        let chrono = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        for text in [
            "2021-08-04",
            "2020-02-29",
            "2021-02-29",
            "2021-02-30",
            "2021-13-01",
            "2021-00-10",
            "2021-1-5",
            "2021-01-001",
            "2021-01-01x",
            "2021-01-01-",
            "2021/01/01",
            "2021-01",
            "",
            "2021--1-01",
        ] {
            assert_eq!(parse_iso_date(text), chrono(text), "{text:?}");
        }
        // Where the two differ: chrono's `%Y` reads a year of any length, and a sign.
        for text in ["21-01-01", "-2021-01-01", "+2021-01-01"] {
            assert!(chrono(text).is_some(), "{text}");
            assert_eq!(parse_iso_date(text), None, "{text}");
        }
        let mut day = NaiveDate::from_ymd_opt(2014, 1, 1).unwrap();
        while day.year() < 2030 {
            let text = day.format("%Y-%m-%d").to_string();
            assert_eq!(parse_iso_date(&text), Some(day), "{text}");
            day = day.succ_opt().unwrap();
        }
    }
}
