//! Exit codes, the same for every command:
//!
//! - `0`: success (also when stdout is closed early, `| head`);
//! - `1`: a failure: an input could not be read, nothing could be fetched (a git checkout
//!   without the week, a GitHub rate limit), the inputs hold no release, a `summary` week
//!   outside every known date with no merge source;
//! - `2`: a usage error: a bad flag or value (clap's own), a release or range the history does
//!   not have (`QueryError`), a question asked without what it needs (no week, no date source),
//!   and every [`UsageError`] a command raises;
//! - `3`: `check` found an object no longer served at its target (with `--strict`, also one
//!   deprecated there): [`CheckOutcome::NotServed`].
//!
//! `check` reads manifests a user gives it, so an input it cannot read is a mistake in how it
//! was called: [`CheckOutcome::Unreadable`] exits 2 (after everything readable was reported),
//! and wins over 3.

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

/// How `check` ends when it does not exit 0, after its report is written.
#[derive(Debug)]
pub enum CheckOutcome {
    /// A manifest, the changelogs or the guide could not be read: exit 2.
    Unreadable(String),
    /// Something is no longer served at the target (or, with `--strict`, deprecated): exit 3.
    NotServed(String),
}

impl fmt::Display for CheckOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckOutcome::Unreadable(m) | CheckOutcome::NotServed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CheckOutcome {}

/// Returns a [`UsageError`] from the enclosing function: `usage!("say which week: …")`.
#[macro_export]
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err($crate::exit::UsageError(format!($($arg)*)).into())
    };
}

/// The exit code for a command's error.
pub fn code(err: &anyhow::Error) -> ExitCode {
    // `downcast_ref` also finds a `CheckOutcome` given as context to another error.
    let outcome = err
        .downcast_ref::<CheckOutcome>()
        .or_else(|| err.chain().find_map(|c| c.downcast_ref::<CheckOutcome>()));
    if let Some(outcome) = outcome {
        return ExitCode::from(match outcome {
            CheckOutcome::Unreadable(_) => 2,
            CheckOutcome::NotServed(_) => 3,
        });
    }
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
        let unreadable = anyhow::anyhow!("no such directory").context(CheckOutcome::Unreadable(
            "cannot read the changelogs".into(),
        ));
        let not_served = anyhow::Error::new(CheckOutcome::NotServed("2 removed".into()));
        let cases = [
            (query, 2),
            (wrapped, 2),
            (usage, 2),
            (failure, 1),
            (unreadable, 2),
            (not_served, 3),
        ];
        for (err, expected) in cases {
            assert_eq!(code(&err), ExitCode::from(expected), "{err:#}");
        }
    }
}
