//! `k8s-changelog index`: writes the compact index of the whole history (releases, dates,
//! notes, dependencies, advisories, downloads) that the web explorer loads, as
//! `DIR/index.json` (the details apart in `details.json`, the downloads in one
//! `downloads-1.N.json` per minor line), each with
//! precompressed `.gz` and `.br` copies for `serve`. The core owns the format: its types,
//! file names and version (`k8s_changelog::index`); this module only writes files.
//! Every file is written to a temporary file and renamed: never a half-written index.

use crate::calendar::EolArgs;
use crate::history::{self, HistoryArgs};
use crate::input::GuideArgs;
use crate::output::write_atomically;
use anyhow::{Context, Result};
use flate2::Compression;
use k8s_changelog::index::{download_shard_file, Index, DETAILS_FILE, INDEX_FILE};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `index`'s arguments.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    // Its API removals join what the explorer's Check view checks manifests against
    // (default: the copy `fetch` downloads, when present).
    #[command(flatten)]
    guide: GuideArgs,

    // Each minor's end of life, for the release page (default: the copy `fetch` downloads).
    #[command(flatten)]
    eol: EolArgs,

    /// The directory to write `index.json` (and its compressed copies) into
    #[arg(long, value_name = "DIR", default_value = "web/dist/data")]
    out: PathBuf,
}

/// Builds the history, writes the index, its details and its download shards.
pub fn run(args: Args) -> Result<()> {
    let loaded = history::loaded_with_artifacts(&args.input)?;
    // The timelines come from the cache when the history is unchanged.
    let (deprecations, feature_gates) = loaded.timelines();
    let mut index = Index::with_timelines(&loaded.history, deprecations, feature_gates);
    // The site cites its sources (each release's changelog, the guide, the EOL file) by file
    // name, not by a path on the machine that built it.
    for release in &mut index.releases {
        to_file_name(&mut release.file);
    }
    if let Some(mut guide) = args.guide.load(Some(&args.input.input.changelog_dir))? {
        for entry in &mut guide.guide.entries {
            to_file_name(&mut entry.file);
        }
        index.set_api_guide(&guide.guide);
    }
    if let Some(mut eol) = args.eol.load()? {
        to_file_name(&mut eol.file);
        index.eol = Some(eol);
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    // Download tables are two fifths of the history and incompressible (hashes): the core
    // moves them to one shard per minor line, which the release page fetches when it opens.
    // The details (timelines, guide, dependencies, prose) go to one file that the views
    // needing them fetch: the first load is the notes alone.
    let shards = index.take_download_shards();
    let details = index.take_details();
    // The index and its details, which every visitor fetches, get gzip's best level; the
    // shards (sha512 hashes) the default level: 3% larger, in a tenth of the time.
    let mut files = vec![
        (
            INDEX_FILE.to_string(),
            serde_json::to_vec(&index).context("cannot serialize the index")?,
            Compression::best(),
        ),
        (
            DETAILS_FILE.to_string(),
            serde_json::to_vec(&details).context("cannot serialize the details")?,
            Compression::best(),
        ),
    ];
    for (minor, shard) in &shards {
        let json = serde_json::to_vec(shard).context("cannot serialize downloads")?;
        files.push((download_shard_file(minor), json, Compression::default()));
    }
    let sizes = precompress_all(&args.out, &files)?;
    let (first, lazy) = (sizes[0], sizes[1]);
    eprintln!(
        "wrote {}: {} releases, {} distinct notes; {} ({} gzip, {} brotli); details {} ({} gzip, \
         {} brotli); {} download shards",
        args.out.join(INDEX_FILE).display(),
        index.releases.len(),
        index.notes.len(),
        size(first.0),
        size(first.1),
        size(first.2),
        size(lazy.0),
        size(lazy.1),
        size(lazy.2),
        shards.len(),
    );
    Ok(())
}

/// `path` cut to its file name (`/work/shared/corpus/kubernetes/CHANGELOG-1.22.md` →
/// `CHANGELOG-1.22.md`); left as it is when it has none.
fn to_file_name(path: &mut String) {
    if let Some(name) = Path::new(path.as_str()).file_name() {
        *path = name.to_string_lossy().into_owned();
    }
}

/// Writes each `(name, bytes, gzip level)` into `dir` with its compressed copies
/// (`name.gz`, `name.br`; every file atomically, never half-written), compressing on as many threads as the machine has cores (compression
/// is most of `index`'s time; each copy is a job of its own, so that the index's two are not
/// one thread's); returns each file's size, gzip size and brotli size, in `files` order.
fn precompress_all(
    dir: &Path,
    files: &[(String, Vec<u8>, Compression)],
) -> Result<Vec<(usize, usize, usize)>> {
    // (file, brotli?), largest file first: the big index is not the last job of a busy thread.
    let mut jobs: Vec<(usize, bool)> = (0..files.len())
        .flat_map(|i| [(i, true), (i, false)])
        .collect();
    jobs.sort_by_key(|&(i, _)| std::cmp::Reverse(files[i].1.len()));
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<((usize, bool), Result<usize>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let job = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(i, is_brotli)) = jobs.get(job) else {
                            break;
                        };
                        let (name, bytes, level) = &files[i];
                        let (suffix, packed) = match is_brotli {
                            true => ("br", brotli(bytes)),
                            false => ("gz", gzip_at(bytes, *level)),
                        };
                        let path = with_suffix(&dir.join(name), suffix);
                        let written = write_atomically(&path, &packed).map(|()| packed.len());
                        done.push(((i, is_brotli), written));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a compression thread panicked"))
            .collect()
    });
    let mut sizes: Vec<(usize, usize, usize)> = files.iter().map(|f| (f.1.len(), 0, 0)).collect();
    for ((i, is_brotli), written) in results {
        let size = written?;
        match is_brotli {
            true => sizes[i].2 = size,
            false => sizes[i].1 = size,
        }
    }
    for (name, bytes, _) in files {
        write_atomically(&dir.join(name), bytes)?;
    }
    Ok(sizes)
}

/// `path` with `.suffix` appended (`index.json` → `index.json.gz`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// `bytes`, gzip-compressed at the best level.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, Compression::best())
}

/// `bytes`, gzip-compressed at `level`.
fn gzip_at(bytes: &[u8], level: Compression) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// `bytes`, brotli-compressed (quality 6, window 22): on the index, 4% larger than quality 9 in a
/// quarter of the time.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = ::brotli::CompressorWriter::new(&mut out, 4096, 6, 22);
        writer.write_all(bytes).expect("writing to memory");
    }
    out
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.2} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn precompressed_copies_decode_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.json");
        let body = br#"{"v":3,"s":[],"n":[],"r":[]}"#.repeat(50);
        let files = [("index.json".to_string(), body.clone(), Compression::best())];
        let [(_, gz, br)] = precompress_all(dir.path(), &files).unwrap()[..] else {
            panic!("one file, one size")
        };
        assert_eq!(std::fs::read(&path).unwrap(), body);
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&std::fs::read(with_suffix(&path, "gz")).unwrap()[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, body);
        let mut plain = Vec::new();
        ::brotli::Decompressor::new(&std::fs::read(with_suffix(&path, "br")).unwrap()[..], 4096)
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, body);
        assert!(gz < body.len() && br < body.len());
        // No temporary file is left beside the outputs.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn files_compressed_in_parallel_keep_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(String, Vec<u8>, Compression)> = (0..7)
            .map(|i| {
                let body = format!("{{\"file\":{i}}}").repeat(100 * (i + 1));
                (
                    format!("f{i}.json"),
                    body.into_bytes(),
                    Compression::default(),
                )
            })
            .collect();
        let sizes = precompress_all(dir.path(), &files).unwrap();
        for ((name, body, _), (plain, gz, _)) in files.iter().zip(&sizes) {
            assert_eq!(*plain, body.len(), "{name}");
            let written = std::fs::read(dir.path().join(name)).unwrap();
            assert_eq!(&written, body, "{name}");
            let gz_file = std::fs::read(with_suffix(&dir.path().join(name), "gz")).unwrap();
            assert_eq!(gz_file.len(), *gz, "{name}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 21);
    }
}
