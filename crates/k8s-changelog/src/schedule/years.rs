//! The year of dates written without one. Schedules run forward through a cycle of three to
//! five months, sometimes across New Year (`Dec 8 - Jan 3`), so each date gets the year that
//! puts it nearest the date before it in the file. The walk starts from the first date written
//! with a year anywhere in the file, else from the cycle's usual start month ([`estimated_start`])
//! in the first year the file writes (`the first week of July 2017`), else in the usual year.

use super::entries::Written;
use chrono::{Datelike, NaiveDate};

/// The first day of the month a cycle of `1.minor` most likely started in, for files that
/// write no full date: four cycles a year from 1.6 (January 2017) to 1.18 (January 2020), three
/// a year since 1.21 (January 2021); 1.3 to 1.5 from March 2016. With `year` (a bare year the
/// file writes, `the first week of July 2017`), that year and the estimated month.
pub(crate) fn estimated_start(minor: u32, year: Option<i32>) -> NaiveDate {
    // Far beyond any real minor; keeps the arithmetic below from overflowing.
    let minor = minor.min(1_000) as i32;
    let (estimated_year, month) = match minor {
        ..=5 => (2016, 3 + (minor - 3).max(0) * 3),
        6..=18 => (2017 + (minor - 6) / 4, 1 + (minor - 6) % 4 * 3),
        _ => (
            2021 + (minor - 21).div_euclid(3),
            1 + (minor - 21).rem_euclid(3) * 4,
        ),
    };
    NaiveDate::from_ymd_opt(year.unwrap_or(estimated_year), month as u32, 1).unwrap_or_default()
}

/// The dates of `written`, in order; `None` where the month and day make no date.
pub(crate) fn resolve(written: &[Written], start: NaiveDate) -> Vec<Option<NaiveDate>> {
    let mut cursor = start;
    written
        .iter()
        .map(|w| {
            let date = match w.year {
                Some(year) => NaiveDate::from_ymd_opt(year, w.month, w.day),
                None => nearest(cursor, w.month, w.day),
            }?;
            cursor = date;
            Some(date)
        })
        .collect()
}

/// The date of `month`/`day` nearest `cursor`, in its year or the one before or after.
fn nearest(cursor: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (cursor.year() - 1..=cursor.year() + 1)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .min_by_key(|date| (*date - cursor).num_days().abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(month: u32, day: u32, year: Option<i32>) -> Written {
        Written { month, day, year }
    }

    #[test]
    fn a_cycle_across_new_year_keeps_going_forward() {
        let dates = resolve(
            &[w(12, 8, None), w(1, 3, None), w(3, 22, None)],
            estimated_start(6, Some(2017)),
        );
        let got: Vec<String> = dates.iter().map(|d| d.unwrap().to_string()).collect();
        assert_eq!(got, ["2016-12-08", "2017-01-03", "2017-03-22"]);
    }

    #[test]
    fn a_written_year_moves_the_walk() {
        let start = NaiveDate::from_ymd_opt(2018, 10, 1).unwrap();
        let dates = resolve(&[w(11, 27, None), w(1, 2, None), w(2, 30, None)], start);
        assert_eq!(dates[0].unwrap().to_string(), "2018-11-27");
        assert_eq!(dates[1].unwrap().to_string(), "2019-01-02");
        assert_eq!(dates[2], None);
    }

    #[test]
    fn estimates_follow_the_release_cadence() {
        let start = |minor, year| estimated_start(minor, year).to_string();
        assert_eq!(start(3, None), "2016-03-01");
        assert_eq!(start(8, Some(2017)), "2017-07-01");
        assert_eq!(start(17, None), "2019-10-01");
        assert_eq!(start(18, None), "2020-01-01");
        assert_eq!(start(20, Some(2020)), "2020-09-01");
        assert_eq!(start(37, None), "2026-05-01");
        assert!(start(u32::MAX, None).starts_with("2347-"));
    }
}
