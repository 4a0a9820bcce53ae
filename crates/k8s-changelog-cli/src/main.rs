//! The `k8s-changelog` command: argument parsing and dispatch to one module per subcommand.

mod cache;
mod calendar;
mod cmd;
mod dates;
mod exit;
mod git;
mod github;
mod history;
mod http;
mod input;
mod manifests;
mod merges;
mod output;
mod report;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Parse, query, compare and fetch the Kubernetes CHANGELOG (CHANGELOG/CHANGELOG-1.N.md).
#[derive(Parser)]
#[command(name = "k8s-changelog", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Built once per run, so the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Parse CHANGELOG files and print the releases, notes and diagnostics as JSON.
    Parse(cmd::parse::Args),
    /// Count releases, notes, PRs, dependencies, artifacts and unplaced lines.
    Stats(cmd::stats::Args),
    /// Download the CHANGELOG files (or copy them from a kubernetes checkout) into a directory.
    Fetch(cmd::fetch::Args),
    /// List the notes that match a query: versions, kinds, SIGs, components, PRs, authors, text.
    Notes(cmd::notes::Args),
    /// What upgrading from one release to another crosses: notes grouped by urgency, the net
    /// dependency change and the security advisories.
    Compare(cmd::compare::Args),
    /// List the releases, oldest first, with their dates when a date source gives them.
    Releases(cmd::releases::Args),
    /// When API versions, flags, feature gates and plugins were deprecated and removed.
    Deprecations(cmd::deprecations::Args),
    /// Dependency versions across releases: every change, and the version at each end.
    Deps(cmd::deps::Args),
    /// Feature-gate lifecycles: when each gate became alpha, beta, stable, deprecated, removed.
    FeatureGates(cmd::feature_gates::Args),
    /// Which objects of your manifests are deprecated or no longer served at a target release
    /// (exit 3 when something is no longer served).
    Check(cmd::check::Args),
    /// Every CVE the changelogs mention, with its advisory's CVSS and the releases and PRs.
    Cves(cmd::cves::Args),
    /// Write the compact index of the whole history that the web explorer loads.
    Index(cmd::index::Args),
    /// Serve the built web explorer and its index on 127.0.0.1.
    Serve(cmd::serve::Args),
    /// Draft a weekly development post (LWKD's shape) from the releases of a week.
    Summary(cmd::summary::Args),
    /// Where the release cycle stands at a date: the phase and the next deadlines, from the
    /// sig-release release calendars.
    Schedule(cmd::schedule::Args),
}

/// mimalloc: a warm run builds a history of 16,000 notes from the cache, a few hundred thousand
/// small allocations, which glibc's allocator made a fifth of the run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => cmd::parse::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Fetch(args) => cmd::fetch::run(args),
        Command::Notes(args) => cmd::notes::run(args),
        Command::Compare(args) => cmd::compare::run(args),
        Command::Releases(args) => cmd::releases::run(args),
        Command::Deprecations(args) => cmd::deprecations::run(args),
        Command::Deps(args) => cmd::deps::run(args),
        Command::FeatureGates(args) => cmd::feature_gates::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Cves(args) => cmd::cves::run(args),
        Command::Index(args) => cmd::index::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Summary(args) => cmd::summary::run(args),
        Command::Schedule(args) => cmd::schedule::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `k8s-changelog parse | head`: the reader has gone, so there is nobody left to tell.
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            exit::code(&err)
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
