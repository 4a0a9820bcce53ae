//! The `k8s-changelog` command: argument parsing and dispatch to one module per subcommand.

mod cmd;
mod dates;
mod input;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Parse, summarise and fetch the Kubernetes CHANGELOG (CHANGELOG/CHANGELOG-1.N.md).
#[derive(Parser)]
#[command(name = "k8s-changelog", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse CHANGELOG files and print the releases, notes and diagnostics as JSON.
    Parse(cmd::parse::Args),
    /// Count releases, notes, PRs, dependencies, artifacts and unplaced lines.
    Stats(cmd::stats::Args),
    /// Download the CHANGELOG files (or copy them from a kubernetes checkout) into a directory.
    Fetch(cmd::fetch::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => cmd::parse::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Fetch(args) => cmd::fetch::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `k8s-changelog parse | head`: the reader has gone, so there is nobody left to tell.
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn arguments_are_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
