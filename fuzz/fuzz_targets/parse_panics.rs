//! Feeds arbitrary bytes to `parse_bytes` and checks only that it returns: no panic, no hang,
//! no overflow. (`parse` also checks that every line is accounted for.)
//!
//! Run from the repository root:
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run parse_panics -- -max_total_time=60`.

#![no_main]

use k8s_changelog::{parse_bytes, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (version, bytes) = match data.split_first() {
        Some((flag, rest)) if flag % 4 == 0 => (Some("v1.22.0"), rest),
        _ => (None, data),
    };
    let options = ParseOptions {
        file: "fuzz.md",
        version,
    };
    std::hint::black_box(parse_bytes(bytes, &options));
});
