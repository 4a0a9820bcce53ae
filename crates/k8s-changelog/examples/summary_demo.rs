//! Prints the weekly summary for the week ending DATE over a directory of CHANGELOG files and
//! a release-dates CSV.
//!
//! `cargo run -p k8s-changelog --example summary_demo -- DIR DATES.csv 2020-03-22`

use k8s_changelog::summary::{render_markdown, weekly_summary, Scope, SummaryOptions};
use std::{env, fs};

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let [dir, csv, day] = args.as_slice() else {
        eprintln!("usage: summary_demo DIR DATES.csv YYYY-MM-DD");
        std::process::exit(2);
    };
    let mut log = k8s_changelog::Changelog::default();
    for entry in fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if let Ok(text) = fs::read_to_string(&path) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("?")
                .to_string();
            log.merge(k8s_changelog::parse(&text, &name));
        }
    }
    let mut history = k8s_changelog::History::new(log);
    let text = fs::read_to_string(csv).expect("read csv");
    history.add_dates(k8s_changelog::dates::from_csv(&text, csv).expect("dates"));
    let day = day.parse().expect("YYYY-MM-DD");
    match weekly_summary(
        &history,
        &Scope::week_ending(day),
        &SummaryOptions::default(),
    ) {
        Ok(s) => print!("{}", render_markdown(&s)),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
