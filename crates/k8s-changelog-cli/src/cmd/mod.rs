//! One module per subcommand; each has its clap `Args` and a `run` function.

pub mod check;
pub mod compare;
pub mod cves;
pub mod deprecations;
pub mod deps;
pub mod feature_gates;
pub mod fetch;
pub mod index;
pub mod notes;
pub mod parse;
pub mod releases;
pub mod schedule;
pub mod serve;
pub mod stats;
pub mod summary;

/// For commands whose positional arguments are not inputs (`feature-gates NAME…`): the
/// CHANGELOG inputs move to `--input PATH`, repeated.
pub fn inputs_as_flag(arg: clap::Arg) -> clap::Arg {
    arg.long("input").action(clap::ArgAction::Append).help(
        "CHANGELOG files, directories (every CHANGELOG-*.md in them) or `-` for stdin \
         [default: --changelog-dir]",
    )
}
