//! `k8s-changelog schedule`: where the release cycle stands at a date (default today), from the
//! sig-release release calendars: the phase, and the next deadlines with their dates and the
//! file and line each comes from.

use crate::calendar::{self, ScheduleArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use chrono::NaiveDate;
use clap::builder::TypedValueParser;
use k8s_changelog::schedule::{Deadline, Phase};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    /// The date to look from [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = calendar::parse_day)]
    at: Option<NaiveDate>,

    /// How many deadlines to list (at least 1)
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u16).range(1..).map(usize::from))]
    next: usize,

    #[command(flatten)]
    schedule: ScheduleArgs,

    #[command(flatten)]
    format: FormatArgs,
}

#[derive(Serialize)]
struct Answer {
    at: NaiveDate,
    /// `describe()` of the phase, for people.
    summary: String,
    phase: Phase,
    deadlines: Vec<Deadline>,
    /// How many schedules were read.
    schedules: usize,
}

pub fn run(args: Args) -> Result<()> {
    let schedules = args.schedule.load()?;
    let at = calendar::day_or_today(args.at);
    let phase = schedules.phase_at(at);
    let answer = Answer {
        at,
        summary: phase.describe(),
        deadlines: schedules.next_deadlines(at, args.next),
        phase,
        schedules: schedules.schedules.len(),
    };
    let read = format!(
        "{} read ({})",
        report::count(answer.schedules, "schedule", "schedules"),
        calendar::minors(&schedules.schedules)
    );
    report::write(
        &args.format,
        &answer,
        || sheet(&answer),
        |_| doc(&answer, &read),
    )
}

fn source(deadline: &Deadline) -> String {
    format!("{}:{}", deadline.file, deadline.event.line)
}

fn sheet(answer: &Answer) -> Sheet {
    let mut sheet = Sheet::new(&["date", "minor", "what", "file", "line"]);
    for d in &answer.deadlines {
        sheet.push(vec![
            d.event.date.to_string(),
            d.minor.clone(),
            d.event.what.clone(),
            d.file.clone(),
            d.event.line.to_string(),
        ]);
    }
    sheet
}

fn doc(answer: &Answer, read: &str) -> Doc {
    let mut doc = Doc::default();
    doc.title(format!("Release schedule at {}", answer.at));
    doc.paragraph(format!("Phase: {}.", answer.summary));
    if answer.deadlines.is_empty() {
        doc.paragraph("No deadline after this date in the schedules read.");
    } else {
        doc.heading("Next deadlines");
        let mut grid = Grid::new(&["date", "release", "what", "source"]).narrow(2, 50);
        for d in &answer.deadlines {
            grid.push(vec![
                Field::from(d.event.date.to_string()).tone(Tone::Strong),
                Field::from(d.minor.as_str()),
                Field::from(d.event.what.as_str()),
                Field::from(source(d)).tone(Tone::Dim),
            ]);
        }
        doc.grid(grid);
    }
    doc.paragraph(read);
    doc
}
