//! `parse_cpu` (our full parse against pulldown-cmark's bare event scan, thread CPU time) with
//! mimalloc as the global allocator, as the `k8s-changelog` binary has it: the parse a user of
//! the command runs. Both sides run with it.
//!
//! `cargo run --release -p k8s-changelog --example parse_cpu_mimalloc -- [DIR] [PASSES] [ours|bare|both]`

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/parse_cpu.rs"]
mod support;

fn main() {
    support::run();
}
