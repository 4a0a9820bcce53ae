//! `k8s-changelog parse`: the parsed CHANGELOG as JSON, and the parse step `stats` shares.

use crate::input::{self, Input};
use crate::output::{self, DataFormat};
use anyhow::{bail, Result};
use k8s_changelog::{Changelog, ParseOptions};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: input::InputArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Json)]
    format: DataFormat,

    /// Shorthand for --format pretty-json
    #[arg(long)]
    pretty: bool,

    /// Write the output to FILE (atomically) instead of stdout
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let inputs = input::load(&args.input)?;
    let parsed = parse_inputs(&inputs, args.input.version.as_deref());
    parsed.check()?;
    let pretty = args.pretty || args.format == DataFormat::PrettyJson;
    let bytes = output::json(&parsed.changelog, pretty)?;
    output::emit(&bytes, args.output.as_deref())
}

/// Every input parsed and merged, with what each file contributed.
pub struct Parsed {
    pub changelog: Changelog,
    pub files: Vec<FileResult>,
}

/// What one input yielded, counted before the merge.
pub struct FileResult {
    pub name: String,
    pub releases: usize,
    pub notes: usize,
    pub unaccounted_lines: usize,
    pub diagnostics: usize,
    /// The time spent in the parser alone, not reading or merging.
    pub parse_time: Duration,
}

/// Parses each input on its own and merges the results in semver order.
pub fn parse_inputs(inputs: &[Input], version: Option<&str>) -> Parsed {
    let mut changelog = Changelog::default();
    let mut files = Vec::with_capacity(inputs.len());
    for input in inputs {
        let options = ParseOptions {
            file: &input.name,
            version,
        };
        let start = Instant::now();
        let log = k8s_changelog::parse_bytes(&input.bytes, &options);
        let parse_time = start.elapsed();
        files.push(FileResult {
            name: input.name.clone(),
            releases: log.releases.len(),
            notes: log.releases.iter().map(|r| r.notes.len()).sum(),
            unaccounted_lines: log.releases.iter().map(|r| r.unaccounted.len()).sum(),
            diagnostics: log.diagnostics.len(),
            parse_time,
        });
        changelog.merge(log);
    }
    Parsed { changelog, files }
}

impl Parsed {
    /// Prints the diagnostics to stderr, and fails when no input held a release: an empty
    /// result is never a success.
    pub fn check(&self) -> Result<()> {
        output::report_diagnostics(&self.changelog.diagnostics);
        if self.changelog.releases.is_empty() {
            let names: Vec<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
            let inputs = match names.as_slice() {
                [one] => one.to_string(),
                _ if names.len() <= 3 => format!("any of {}", names.join(", ")),
                _ => format!("any of the {} inputs", names.len()),
            };
            bail!(
                "no release found in {inputs} (is it a CHANGELOG? \
                 a release-notes draft without `# vX.Y.Z` headings needs --version)"
            );
        }
        if self.files.len() > 1 {
            for file in self.files.iter().filter(|f| f.releases == 0) {
                eprintln!("{}: warning: no release found", file.name);
            }
        }
        Ok(())
    }
}
