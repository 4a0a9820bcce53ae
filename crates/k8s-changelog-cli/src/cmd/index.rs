//! `k8s-changelog index`: writes the compact index of the whole history (releases, dates,
//! notes, dependencies, advisories, downloads) that the web explorer loads, as
//! `DIR/index.json` (downloads apart, one `downloads-1.N.json` per minor line), each with
//! precompressed `.gz` and `.br` copies for `serve`. The core owns the format: its types,
//! file names and version (`k8s_changelog::index`); this module only writes files.
//! Every file is written to a temporary file and renamed: never a half-written index.

use crate::calendar::EolArgs;
use crate::history::{self, HistoryArgs};
use crate::input::GuideArgs;
use crate::output::write_atomically;
use anyhow::{Context, Result};
use k8s_changelog::index::{download_shard_file, Index, INDEX_FILE};
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

/// Builds the history, writes the index and its download shards.
pub fn run(args: Args) -> Result<()> {
    let history = history::load_with_artifacts(&args.input)?;
    let mut index = Index::from_history(history);
    if let Some(mut loaded) = args.guide.load(true)? {
        // The site cites the guide by its file name, not by a path on the machine that built it.
        for entry in &mut loaded.guide.entries {
            if let Some(name) = Path::new(&entry.file).file_name() {
                entry.file = name.to_string_lossy().into_owned();
            }
        }
        index.set_api_guide(&loaded.guide);
    }
    if let Some(mut eol) = args.eol.load()? {
        // Cited by file name, as the guide is.
        if let Some(name) = Path::new(&eol.file).file_name() {
            eol.file = name.to_string_lossy().into_owned();
        }
        index.eol = Some(eol);
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    // Download tables are two fifths of the history and incompressible (hashes): the core
    // moves them to one shard per minor line, which the release page fetches when it opens.
    let shards = index.take_download_shards();
    for (minor, shard) in &shards {
        let json = serde_json::to_vec(shard).context("cannot serialize downloads")?;
        precompress(&args.out.join(download_shard_file(minor)), &json)?;
    }
    let json = serde_json::to_vec(&index).context("cannot serialize the index")?;
    let path = args.out.join(INDEX_FILE);
    let (gz, br) = precompress(&path, &json)?;
    eprintln!(
        "wrote {}: {} releases, {} distinct notes; {} ({} gzip, {} brotli); {} download shards",
        path.display(),
        index.releases.len(),
        index.notes.len(),
        size(json.len()),
        size(gz),
        size(br),
        shards.len(),
    );
    Ok(())
}

/// Writes `bytes` to `path`, `path.gz` and `path.br`, each atomically; returns the compressed
/// sizes.
pub fn precompress(path: &Path, bytes: &[u8]) -> Result<(usize, usize)> {
    let gz = gzip(bytes);
    let br = brotli(bytes);
    write_atomically(path, bytes)?;
    write_atomically(&with_suffix(path, "gz"), &gz)?;
    write_atomically(&with_suffix(path, "br"), &br)?;
    Ok((gz.len(), br.len()))
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
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// `bytes`, brotli-compressed (quality 9, window 22).
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = ::brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
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
        let (gz, br) = precompress(&path, &body).unwrap();
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
}
