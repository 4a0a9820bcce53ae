//! Feeds arbitrary bytes to `parse_bytes`: it must not panic, must not hang, and must account for
//! every non-blank line of its input somewhere in the model (the core's check,
//! `Changelog::accounting`, also used by `crates/k8s-changelog/tests/never_panics.rs`).
//!
//! Run from the repository root: `RUSTC_BOOTSTRAP=1 cargo fuzz run parse -- -max_total_time=60`.
//! The `parse_panics` target checks only for panics and hangs.

#![no_main]

use k8s_changelog::{parse_bytes, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options, so both the heading-driven and the fixed-version modes
    // are explored.
    let (version, bytes) = match data.split_first() {
        Some((flag, rest)) if flag % 4 == 0 => (Some("v1.22.0"), rest),
        _ => (None, data),
    };
    let options = ParseOptions {
        file: "fuzz.md",
        version,
    };
    let log = parse_bytes(bytes, &options);
    if let Some(report) = log
        .accounting("fuzz.md", &String::from_utf8_lossy(bytes))
        .report(5)
    {
        panic!("{report}");
    }
});
