//! Finding, reading and parsing the inputs of every command: files, directories of
//! `CHANGELOG-*.md`, and stdin (`-`), merged into one `Changelog` or `History`.

use crate::cache::KeyHasher;
use crate::output;
use anyhow::{bail, Context, Result};
use k8s_changelog::{Changelog, ParseOptions};
use std::cmp::Ordering;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Above this an input is surely not a CHANGELOG (the largest upstream file is about 1 MB), and
/// reading on would only exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The name stdin gets in releases and diagnostics.
pub const STDIN_NAME: &str = "<stdin>";

/// The input arguments every command that reads CHANGELOGs shares.
#[derive(clap::Args)]
pub struct InputArgs {
    /// Files, directories (every CHANGELOG-*.md in them) or `-` for stdin [default: --changelog-dir]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The directory read when no PATH is given
    #[arg(
        long,
        value_name = "DIR",
        env = "K8S_CHANGELOG_DIR",
        default_value = "data/changelog"
    )]
    pub changelog_dir: PathBuf,

    /// The version of inputs without `# vX.Y.Z` headings, such as a sig-release
    /// release-notes-draft.md
    #[arg(long, value_name = "vX.Y.Z", value_parser = parse_version)]
    pub version: Option<String>,
}

/// One input's bytes and the name it is reported under.
#[derive(Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

fn parse_version(text: &str) -> Result<String, k8s_changelog::TagError> {
    k8s_changelog::parse_tag(text)?;
    Ok(text.trim().to_string())
}

/// Reads every input the arguments name, in order. Any input that cannot be read is an error
/// naming it: a partial result would look complete.
pub fn load(args: &InputArgs) -> Result<Vec<Input>> {
    sources(args)?.iter().map(Source::read).collect()
}

/// An input the arguments name, not read yet (stdin, which cannot be read twice, is).
pub enum Source {
    File(PathBuf),
    Stdin(Input),
}

impl Source {
    /// Its bytes, size-limited and refused when binary.
    pub fn read(&self) -> Result<Input> {
        match self {
            Source::File(path) => read_file(path),
            Source::Stdin(input) => Ok(input.clone()),
        }
    }

    /// Streams its name and bytes into `key` through a small buffer, with the checks of
    /// [`read`](Source::read) (size, NUL byte): a warm run keys the inputs without holding them.
    pub fn hash_into(&self, key: &mut KeyHasher) -> Result<()> {
        let path = match self {
            Source::Stdin(input) => {
                key.input(&input.name);
                key.bytes(&input.bytes);
                return Ok(());
            }
            Source::File(path) => path,
        };
        let name = path.display().to_string();
        let mut file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
        key.input(&name);
        let mut buffer = vec![0; 1 << 16];
        let mut total = 0u64;
        loop {
            let n = match file.read(&mut buffer) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e).with_context(|| format!("cannot read {name}")),
            };
            total += n as u64;
            if total > MAX_INPUT_BYTES || memchr::memchr(0, &buffer[..n]).is_some() {
                // The full read says which, with the line of the NUL byte.
                read_file(path)?;
            }
            key.bytes(&buffer[..n]);
        }
    }
}

/// The inputs the arguments name, in order: every `PATH` (a directory stands for its
/// `CHANGELOG-*.md` files), else `--changelog-dir`. Stdin is read here.
pub fn sources(args: &InputArgs) -> Result<Vec<Source>> {
    let paths = if args.paths.is_empty() {
        if !args.changelog_dir.is_dir() {
            bail!(
                "no input given and {} is not a directory; run `k8s-changelog fetch` to fill it, \
                 or pass PATH or --changelog-dir",
                args.changelog_dir.display()
            );
        }
        vec![args.changelog_dir.clone()]
    } else {
        args.paths.clone()
    };

    let mut sources = Vec::new();
    let mut read_stdin = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if read_stdin {
                crate::usage!("`-` (stdin) is given more than once");
            }
            read_stdin = true;
            let bytes = read_limited(std::io::stdin().lock(), STDIN_NAME)?;
            sources.push(Source::Stdin(checked(STDIN_NAME.to_string(), bytes)?));
        } else if path.is_dir() {
            sources.extend(changelog_files(&path)?.into_iter().map(Source::File));
        } else {
            sources.push(Source::File(path));
        }
    }
    Ok(sources)
}

/// Every input parsed and merged, with what each file contributed.
pub struct Parsed {
    pub changelog: Changelog,
    pub files: Vec<FileResult>,
}

/// What one input yielded, counted before the merge.
pub struct FileResult {
    pub name: String,
    pub releases: usize,
    pub notes: usize,
    pub unaccounted_lines: usize,
    pub diagnostics: usize,
    /// The time spent in the parser alone, not reading or merging.
    pub parse_time: Duration,
}

/// Parses each input on its own, on as many threads as the machine has cores (the parser is
/// single-threaded and the files are independent), and merges the results in semver order.
pub fn parse_inputs(inputs: &[Input], version: Option<&str>) -> Parsed {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, inputs.len().max(1));
    let parse_one = |input: &Input| {
        let start = Instant::now();
        let options = ParseOptions {
            file: &input.name,
            version,
        };
        let log = k8s_changelog::parse_input(&input.bytes, &options);
        (log, start.elapsed())
    };
    let mut parsed: Vec<(usize, Changelog, Duration)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    inputs
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % threads == worker)
                        .map(|(i, input)| {
                            let (log, time) = parse_one(input);
                            (i, log, time)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a parser thread panicked"))
            .collect()
    });
    parsed.sort_by_key(|(i, _, _)| *i);

    let mut changelog = Changelog::default();
    let mut files = Vec::with_capacity(inputs.len());
    for ((_, log, parse_time), input) in parsed.into_iter().zip(inputs) {
        files.push(FileResult {
            name: input.name.clone(),
            releases: log.releases.len(),
            notes: log.releases.iter().map(|r| r.notes.len()).sum(),
            unaccounted_lines: log.releases.iter().map(|r| r.unaccounted.len()).sum(),
            diagnostics: log.diagnostics.len(),
            parse_time,
        });
        changelog.releases.extend(log.releases);
        changelog.preambles.extend(log.preambles);
        changelog.diagnostics.extend(log.diagnostics);
    }
    changelog.sort();
    Parsed { changelog, files }
}

impl Parsed {
    /// Prints the diagnostics to stderr, and fails when no input held a release: an empty
    /// result is never a success.
    pub fn check(&self) -> Result<()> {
        check_parsed(
            &self.changelog,
            self.files.iter().map(|f| (f.name.as_str(), f.releases)),
        )
    }
}

/// [`Parsed::check`] over the merged changelog and each input's name and release count (what
/// the cache keeps of the inputs).
pub fn check_parsed<'a>(
    changelog: &Changelog,
    files: impl Iterator<Item = (&'a str, usize)>,
) -> Result<()> {
    output::report_diagnostics(&changelog.diagnostics);
    let files: Vec<(&str, usize)> = files.collect();
    if changelog.releases.is_empty() {
        let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        let inputs = match names.as_slice() {
            [one] => one.to_string(),
            _ if names.len() <= 3 => format!("any of {}", names.join(", ")),
            _ => format!("any of the {} inputs", names.len()),
        };
        bail!(
            "no release found in {inputs} (is it a CHANGELOG? \
             a release-notes draft without `# vX.Y.Z` headings needs --version)"
        );
    }
    if files.len() > 1 {
        for (name, _) in files.iter().filter(|(_, releases)| *releases == 0) {
            eprintln!("{name}: warning: no release found");
        }
    }
    Ok(())
}

/// The file name `fetch` gives the Deprecated API Migration Guide, beside the CHANGELOGs it
/// writes (`--dest`, which is `--changelog-dir`'s default too).
pub const API_GUIDE_FILE: &str = "deprecation-guide.md";

/// Where `check` and `index` look for the Deprecated API Migration Guide when `--api-guide` is
/// not given: where `fetch` puts it, in the changelog directory.
pub fn default_api_guide(changelog_dir: &Path) -> PathBuf {
    changelog_dir.join(API_GUIDE_FILE)
}

/// The Deprecated API Migration Guide argument of `check` and `deprecations`.
#[derive(clap::Args)]
pub struct GuideArgs {
    /// A copy of the Deprecated API Migration Guide (kubernetes/website
    /// `content/en/docs/reference/using-api/deprecation-guide.md`) [default for `check` and
    /// `index`: deprecation-guide.md in --changelog-dir, where `fetch` puts it, when it exists]
    #[arg(long, value_name = "FILE")]
    pub api_guide: Option<PathBuf>,
}

/// A guide read, with the name its facts cite.
pub struct LoadedGuide {
    pub name: String,
    pub guide: k8s_changelog::guide::ApiGuide,
}

impl GuideArgs {
    /// Reads `--api-guide`, else (given `default`, the changelog directory) the copy `fetch`
    /// put there ([`default_api_guide`]) when it exists; `None` when there is neither. Its
    /// diagnostics go to stderr.
    pub fn load(&self, default: Option<&Path>) -> Result<Option<LoadedGuide>> {
        let path = match (&self.api_guide, default.map(default_api_guide)) {
            (Some(path), _) => path.clone(),
            (None, Some(fetched)) if fetched.is_file() => fetched,
            (None, _) => return Ok(None),
        };
        let input = read_file(&path)?;
        let text = String::from_utf8_lossy(&input.bytes);
        let guide = k8s_changelog::guide::parse_guide(&text, &input.name);
        output::report_diagnostics(&guide.diagnostics);
        if guide.entries.is_empty() {
            eprintln!(
                "{}: warning: no API removal read; is it the Deprecated API Migration Guide?",
                input.name
            );
        }
        Ok(Some(LoadedGuide {
            name: input.name,
            guide,
        }))
    }
}

/// Every `CHANGELOG-*.md` and official `release-notes-*.json` in `dir`, oldest minor first
/// (`1.2` before `1.10`).
fn changelog_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let changelog = name.starts_with("CHANGELOG-") && name.ends_with(".md");
        // krel's official JSON (`release-notes-1.25.0.json`) may sit beside them.
        let official = name.starts_with("release-notes-") && name.ends_with(".json");
        if (changelog || official) && entry.path().is_file() {
            files.push(entry.path());
        }
    }
    if files.is_empty() {
        bail!(
            "{}: no CHANGELOG-*.md files in this directory",
            dir.display()
        );
    }
    files.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    Ok(files)
}

/// Reads one file (size-limited, binary refused), named by its path.
pub fn read_file(path: &Path) -> Result<Input> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
    let size = file
        .metadata()
        .with_context(|| format!("cannot read {name}"))?
        .len();
    if size > MAX_INPUT_BYTES {
        bail!("{name}: {} is too large to be a CHANGELOG", megabytes(size));
    }
    let bytes = read_limited(file, &name)?;
    checked(name, bytes)
}

fn read_limited(reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        bail!(
            "{name}: more than {} is too large to be a CHANGELOG",
            megabytes(MAX_INPUT_BYTES)
        );
    }
    Ok(bytes)
}

/// Refuses binary files. Invalid UTF-8 alone is left to the parser, which reports each line;
/// a NUL byte never occurs in Markdown, and a binary file would only yield a page of diagnostics.
fn checked(name: String, bytes: Vec<u8>) -> Result<Input> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        bail!("{name}:{line}: binary data (a NUL byte), not a CHANGELOG Markdown file");
    }
    Ok(Input { name, bytes })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// Compares names with runs of digits as numbers, so `CHANGELOG-1.9.md` < `CHANGELOG-1.10.md`.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, sa), (db, sb)) in ca.iter().zip(&cb) {
        let order = if *da && *db {
            let (ta, tb) = (sa.trim_start_matches('0'), sb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            sa.cmp(sb)
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minors_sort_as_numbers() {
        let mut names = vec![
            "CHANGELOG-1.10.md",
            "CHANGELOG-1.2.md",
            "CHANGELOG-1.9.md",
            "CHANGELOG-1.24.md",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "CHANGELOG-1.2.md",
                "CHANGELOG-1.9.md",
                "CHANGELOG-1.10.md",
                "CHANGELOG-1.24.md"
            ]
        );
    }
}
