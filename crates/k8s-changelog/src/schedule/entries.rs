//! Blocks → timeline entries: what happens, on which month and day (the year when written),
//! at which line. Tables win: when a file has table rows with dates (a `When` column, or one
//! column per month), its lists and headings are summaries of the same dates and are not read.
//! Otherwise list items are read, and an item without a date takes the date range of the
//! heading above it (`### Jun 20 - Jun 24` then `- release 1.3 Final`: its last day).

use super::blocks::{squeeze, Block};
use super::mentions::{self, day_number, month_number, Mention};

/// A date as written: the year may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) year: Option<i32>,
}

impl From<Mention> for Written {
    fn from(m: Mention) -> Written {
        Written {
            month: m.month,
            day: m.day,
            year: m.year,
        }
    }
}

/// One timeline entry before its year is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) written: Written,
    pub(crate) what: String,
    pub(crate) line: u32,
}

/// A table row with a name but no date it could read (`TBD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Undated {
    pub(crate) what: String,
    pub(crate) line: u32,
}

/// The entries of a file and the table rows without a date.
#[derive(Debug, Default)]
pub(crate) struct Entries {
    pub(crate) entries: Vec<Entry>,
    pub(crate) undated: Vec<Undated>,
}

pub(crate) fn entries(blocks: &[Block]) -> Entries {
    let mut rows = Entries::default();
    for block in blocks {
        if let Block::Row {
            line,
            header,
            cells,
        } = block
        {
            let previous_month = rows.entries.last().map(|e| e.written.month);
            match row_entry(header, cells, *line, previous_month) {
                Some(Ok(entry)) => rows.entries.push(entry),
                Some(Err(undated)) => rows.undated.push(undated),
                None => {}
            }
        }
    }
    if !rows.entries.is_empty() {
        return rows;
    }
    Entries {
        entries: list_entries(blocks),
        undated: Vec::new(),
    }
}

/// A row of a timeline table: `Some(Ok)` with its date, `Some(Err)` when the table is a
/// timeline but the row's date cannot be read, `None` when the table is no timeline. A `When`
/// cell with a day but no month (`Tue 24`) is in the month of the row before.
fn row_entry(
    header: &[String],
    cells: &[String],
    line: u32,
    previous_month: Option<u32>,
) -> Option<Result<Entry, Undated>> {
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let when = find(&["when", "date"]);
    let months: Vec<(usize, u32)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Some((i, month_number(h).filter(|_| h.len() <= 12)?)))
        .collect();
    if when.is_none() && months.is_empty() {
        return None;
    }
    let what_column = find(&["what", "event", "milestone"]).unwrap_or(0);
    let what = cells
        .get(what_column)
        .map(|w| squeeze(w))
        .unwrap_or_default();
    if what.is_empty() {
        return None;
    }
    let written = match when {
        Some(column) => cells
            .get(column)
            .and_then(|cell| match mentions::mentions(cell).first() {
                Some(found) => Some(Written::from(*found)),
                None => Some(Written {
                    month: previous_month?,
                    day: day_number(cell)?,
                    year: None,
                }),
            }),
        None => months.iter().find_map(|&(column, month)| {
            let day = day_number(cells.get(column)?)?;
            Some(Written {
                month,
                day,
                year: None,
            })
        }),
    };
    Some(match written {
        Some(written) => Ok(Entry {
            written,
            what,
            line,
        }),
        None => Err(Undated { what, line }),
    })
}

/// Entries from list items (and their headings' dates).
fn list_entries(blocks: &[Block]) -> Vec<Entry> {
    let mut out = Vec::new();
    // The date range of the heading or paragraph the following items belong to.
    let mut section: Option<Mention> = None;
    for block in blocks {
        match block {
            Block::Text { text, .. } => {
                let found = mentions::mentions(text);
                section = match found.last() {
                    Some(last) if mentions::without(text, &found).len() <= 3 => Some(*last),
                    _ => None,
                };
            }
            Block::Item {
                line,
                depth,
                text,
                children,
            } => {
                let found = mentions::mentions(text);
                let (written, what) = match found.first() {
                    Some(first) => {
                        let mut what = mentions::without(text, &found[..1]);
                        if what.is_empty() {
                            what = children.join("; ");
                        }
                        (Written::from(*first), what)
                    }
                    None => match section {
                        Some(range) if *depth == 0 => (Written::from(range), text.clone()),
                        _ => continue,
                    },
                };
                if !what.is_empty() {
                    out.push(Entry {
                        written,
                        what,
                        line: *line,
                    });
                }
            }
            Block::Row { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::blocks::blocks;
    use super::*;

    fn read(text: &str) -> Vec<(u32, u32, String, u32)> {
        entries(&blocks(text))
            .entries
            .into_iter()
            .map(|e| (e.written.month, e.written.day, e.what, e.line))
            .collect()
    }

    #[test]
    fn month_column_tables_take_the_day_under_the_month() {
        let text = "| **What** | **Who** | **Jul** | **Aug** | **Sep** | **WEEK** |\n\
                    | --- | --- | --- | --- | --- | --- |\n\
                    | Start of Release Cycle | Lead | Mon 1 | | | week 1 |\n\
                    | v1.12.0 | Branch Manager | | | ~~25~~ moved to **27** | week 13 |\n";
        assert_eq!(
            read(text),
            [
                (7, 1, "Start of Release Cycle".to_string(), 3),
                (9, 27, "v1.12.0".to_string(), 4)
            ]
        );
    }

    #[test]
    fn items_under_a_dated_heading_take_its_last_day() {
        let text = "###Jun 13 - Jun 17\n- Bugfix week 4\n\n###Jun 20 - Jun 24\n- release 1.3 Final\n\n#Key features\n- not dated\n";
        assert_eq!(
            read(text),
            [
                (6, 17, "Bugfix week 4".to_string(), 2),
                (6, 24, "release 1.3 Final".to_string(), 5)
            ]
        );
    }

    #[test]
    fn a_date_only_item_is_named_by_its_sub_items() {
        let text = "- **Monday, December 12, 2016**\n  - Release 1.5\n";
        assert_eq!(read(text), [(12, 12, "Release 1.5".to_string(), 1)]);
    }

    #[test]
    fn undated_rows_of_a_timeline_table_are_kept_apart() {
        let text = "| What | When |\n|---|---|\n| Code Thaw | TBD |\n| v1.19.0 released | Wed, August 26 |\n| Retro | Thu 27 |\n";
        let found = entries(&blocks(text));
        assert_eq!(found.entries.len(), 2);
        // A day without a month is in the month of the row before.
        assert_eq!(
            (found.entries[1].written.month, found.entries[1].written.day),
            (8, 27)
        );
        assert_eq!(
            found.undated,
            [Undated {
                what: "Code Thaw".into(),
                line: 3
            }]
        );
    }
}
