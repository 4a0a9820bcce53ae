//! The CPU-time comparison `parse_cpu` and `parse_cpu_mimalloc` run (one body, two allocators).

use pulldown_cmark::{Options, Parser};
use std::hint::black_box;
use std::{env, fs};

fn thread_cpu_ns() -> u64 {
    // The kernel brings the thread's run time up to date only at a scheduler event (otherwise
    // at the timer tick, every 4 ms here): yielding is one, so the figure is exact, not rounded
    // to ticks.
    std::thread::yield_now();
    let stat = fs::read_to_string("/proc/thread-self/schedstat").expect("Linux schedstat");
    stat.split_whitespace()
        .next()
        .and_then(|f| f.parse().ok())
        .expect("schedstat's first field")
}

fn timed(f: impl FnOnce()) -> u64 {
    let start = thread_cpu_ns();
    f();
    thread_cpu_ns() - start
}

/// Runs the comparison with the arguments of the process (see `parse_cpu.rs`).
pub fn run() {
    let args: Vec<String> = env::args().skip(1).collect();
    let dir = args
        .first()
        .cloned()
        .or_else(|| env::var("K8S_CHANGELOG_DIR").ok())
        .expect("a corpus directory (argument or K8S_CHANGELOG_DIR)");
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(30);
    let which = args.get(2).map_or("both", String::as_str);
    let files: Vec<(String, String)> = (2..=24)
        .filter_map(|minor| {
            let name = format!("CHANGELOG-1.{minor}.md");
            let text = fs::read_to_string(format!("{dir}/{name}")).ok()?;
            Some((name, text))
        })
        .collect();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    // `ours`: each model freed inside the timing; `kept`: the models freed after it (what the
    // `k8s-changelog` binary pays, as it never frees the history).
    let (mut ours, mut kept, mut bare) = (u64::MAX, u64::MAX, u64::MAX);
    for _ in 0..passes {
        if which != "bare" {
            ours = ours.min(timed(|| {
                for (name, text) in &files {
                    black_box(k8s_changelog::parse(black_box(text), name));
                }
            }));
            let mut models = Vec::with_capacity(files.len());
            kept = kept.min(timed(|| {
                for (name, text) in &files {
                    models.push(k8s_changelog::parse(black_box(text), name));
                }
            }));
            drop(black_box(models));
        }
        if which != "ours" {
            bare = bare.min(timed(|| {
                for (_, text) in &files {
                    let parser = Parser::new_ext(black_box(text), Options::ENABLE_TABLES);
                    for item in parser.into_offset_iter() {
                        black_box(&item);
                    }
                }
            }));
        }
    }
    let ms = |ns: u64| ns as f64 / 1e6;
    println!(
        "{} files, {bytes} bytes, min of {passes} passes (thread CPU time): ours {:.1} ms, ours with the models kept {:.1} ms, bare pulldown-cmark {:.1} ms, ours/bare {:.2}x, kept/bare {:.2}x",
        files.len(),
        ms(ours),
        ms(kept),
        ms(bare),
        ours as f64 / bare as f64,
        kept as f64 / bare as f64
    );
}
