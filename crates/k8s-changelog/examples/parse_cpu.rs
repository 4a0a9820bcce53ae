//! CPU time of the parsing thread over the corpus: our full parse against pulldown-cmark's bare
//! event scan, each timed with the first field of `/proc/thread-self/schedstat` (nanoseconds the
//! thread spent on a CPU, so another process's load counts far less than in wall time; read
//! after a `yield_now`, which updates it), minimum of N passes (alternating, so both see the same machine).
//!
//! `cargo run --release -p k8s-changelog --example parse_cpu -- [DIR] [PASSES] [ours|bare|both]`
//! (DIR defaults to `$K8S_CHANGELOG_DIR`; Linux only.) With the system allocator; the same with
//! mimalloc, the allocator of the `k8s-changelog` binary: the `parse_cpu_mimalloc` example.

#[path = "support/parse_cpu.rs"]
mod support;

fn main() {
    support::run();
}
