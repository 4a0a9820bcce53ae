//! Feeds arbitrary text to the parser's skeleton (`crates/k8s-changelog/src/parse/skeleton.rs`)
//! and checks that pulldown-cmark finds the same blocks in it as in the text: the skeleton may
//! only make inline markup plain, never move a block.
//!
//! Run from the repository root:
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run skeleton -- -max_total_time=60`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    assert!(k8s_changelog::skeleton_keeps_blocks(&text), "{text:?}");
});
