//! `k8s-changelog parse`: the parsed CHANGELOG as JSON.

use crate::input::{self, parse_inputs};
use crate::output::{self, DataFormat};
use anyhow::Result;
use std::path::PathBuf;

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
