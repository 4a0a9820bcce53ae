//! Exit codes, the same for every command:
//!
//! - `0`: success (also when stdout is closed early, `| head`);
//! - `1`: a failure: an input could not be read, nothing could be fetched, the inputs hold no
//!   release, no release was published in the window asked about;
//! - `2`: a usage error: a bad flag or value (clap's own), a release or range the history does
//!   not have (`QueryError`), a question asked without what it needs (no week, no date source),
//!   and every [`UsageError`] a command raises.

use k8s_changelog::summary::SummaryError;
use k8s_changelog::QueryError;
use std::fmt;
use std::process::ExitCode;

/// A mistake in how the command was called, found after argument parsing: exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Returns a [`UsageError`] from the enclosing function: `usage!("say which week: …")`.
#[macro_export]
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err($crate::exit::UsageError(format!($($arg)*)).into())
    };
}

/// The exit code for a command's error.
pub fn code(err: &anyhow::Error) -> ExitCode {
    if is_usage_error(err) {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

fn is_usage_error(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.is::<QueryError>()
            || cause.is::<UsageError>()
            || cause.downcast_ref::<SummaryError>().is_some_and(|e| {
                matches!(
                    e,
                    SummaryError::Query(_)
                        | SummaryError::InvertedWindow { .. }
                        | SummaryError::NoDates
                )
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_and_failures_1() {
        let query = anyhow::Error::new(QueryError::BadVersion("x".into()));
        let wrapped = anyhow::Error::new(SummaryError::Query(QueryError::BadVersion("x".into())))
            .context("while summarising");
        let usage = anyhow::Error::new(UsageError("say which week".into()));
        let failure = anyhow::anyhow!("cannot read CHANGELOG-1.22.md");
        for (err, expected) in [(query, 2), (wrapped, 2), (usage, 2), (failure, 1)] {
            assert_eq!(code(&err), ExitCode::from(expected), "{err:#}");
        }
    }
}
