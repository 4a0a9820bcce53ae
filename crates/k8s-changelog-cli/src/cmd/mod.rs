//! One module per subcommand; each has its clap `Args` and a `run` function.

pub mod check;
pub mod compare;
pub mod cves;
pub mod deprecations;
pub mod deps;
pub mod fetch;
pub mod index;
pub mod notes;
pub mod parse;
pub mod releases;
pub mod serve;
pub mod stats;
pub mod summary;
