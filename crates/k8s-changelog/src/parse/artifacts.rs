//! Download tables (`[file](url) | hash`) and container image tables (`name | architectures`).
//! These tables are regular enough to read line by line, which keeps the largest part of every
//! changelog out of the Markdown parser.

use crate::model::{Download, Image};
use std::borrow::Cow;
use std::sync::Arc;

/// What a line of a download or image section turned out to be.
pub(crate) enum TableLine<T> {
    Row(T),
    /// A header or delimiter row: layout only.
    Layout,
    Other,
}

/// Hash algorithms named by a download table header (`filename | sha512 hash`,
/// `binary | sha1 hash | md5 hash`), in column order.
pub(crate) fn header_algorithms(line: &str) -> Option<Vec<Cow<'static, str>>> {
    let bytes = line.as_bytes();
    let bar = memchr::memchr(b'|', bytes)?;
    if memchr::memchr(b'[', bytes).is_some() {
        return None;
    }
    // The first cell decides; the others are lower-cased only for a header.
    let first = line[..bar].trim();
    let named = ["filename", "binary", "name", "file"]
        .iter()
        .any(|h| first.eq_ignore_ascii_case(h));
    if !named {
        return None;
    }
    Some(
        line.split('|')
            .skip(1)
            .map(|c| {
                let c = c.trim().to_ascii_lowercase();
                algorithm_name(c.trim_end_matches(" hash").trim())
            })
            .collect(),
    )
}

/// The usual algorithm names, shared by every row instead of allocated per row.
const ALGORITHMS: [&str; 4] = ["sha512", "sha256", "sha1", "md5"];

/// `name` as a static string when it is a usual algorithm name.
fn algorithm_name(name: &str) -> Cow<'static, str> {
    match ALGORITHMS.iter().find(|a| **a == name) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(name.to_string()),
    }
}

fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.contains('-') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// `[text](url)` at the start of `cell`: (text, url).
fn link(cell: &str) -> Option<(&str, &str)> {
    let cell = cell.trim();
    let rest = cell.strip_prefix('[')?;
    let close = super::reference::link_split(rest)?;
    let text = &rest[..close];
    let after = &rest[close + 2..];
    let end = memchr::memchr(b')', after.as_bytes())?;
    Some((text, &after[..end]))
}

pub(crate) fn download_line(
    line: &str,
    algorithms: &mut Vec<Cow<'static, str>>,
    group: &Option<Arc<str>>,
    n: u32,
) -> TableLine<Download> {
    if let Some(found) = header_algorithms(line) {
        *algorithms = found;
        return TableLine::Layout;
    }
    if is_delimiter(line) {
        return TableLine::Layout;
    }
    let mut cells = cells(line);
    let Some((name, url)) = cells.next().and_then(link) else {
        return TableLine::Other;
    };
    let mut hashes = cells.map(hash_cell).filter(|c| !c.is_empty());
    let Some(hash) = hashes.next() else {
        return TableLine::Other;
    };
    if !is_hex(hash) {
        return TableLine::Other;
    }
    let algorithm_of = |i: usize, h: &str| {
        algorithms
            .get(i)
            .cloned()
            .unwrap_or(Cow::Borrowed(match h.len() {
                128 => "sha512",
                64 => "sha256",
                40 => "sha1",
                32 => "md5",
                _ => "unknown",
            }))
    };
    TableLine::Row(Download {
        name: name.trim().to_string(),
        url: url.trim().to_string(),
        hash: hash.to_string(),
        algorithm: algorithm_of(0, hash),
        other_hashes: hashes
            .enumerate()
            .map(|(i, h)| format!("{}:{}", algorithm_of(i + 1, h), h))
            .collect(),
        group: group.clone(),
        line: n,
    })
}

/// The cells of a table row, as `line.split('|')` gives them (with memchr's search: the rows
/// are most of a download table's bytes).
fn cells(line: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut bars = memchr::memchr_iter(b'|', line.as_bytes());
    std::iter::from_fn(move || {
        let from = start;
        if from > line.len() {
            return None;
        }
        let to = bars.next().unwrap_or(line.len());
        start = to + 1;
        Some(&line[from..to])
    })
}

/// A hash cell's content: `c.trim().trim_matches('`').trim()`, on bytes (the cells are most of
/// a download table's bytes).
fn hash_cell(cell: &str) -> &str {
    let mut c = cell.trim().as_bytes();
    while let [b'`', rest @ ..] = c {
        c = rest;
    }
    while let [rest @ .., b'`'] = c {
        c = rest;
    }
    // Only ASCII was cut from either end, so `c` is still on character boundaries.
    let start = c.as_ptr() as usize - cell.as_ptr() as usize;
    cell[start..start + c.len()].trim()
}

/// All hexadecimal digits, checked without an early exit so that the loop vectorises.
fn is_hex(text: &str) -> bool {
    text.bytes()
        .fold(true, |all, b| all & b.is_ascii_hexdigit())
}

pub(crate) fn image_line(line: &str, n: u32) -> TableLine<Image> {
    let lower = line.trim().to_ascii_lowercase();
    if is_delimiter(line) || (lower.starts_with("name") && lower.contains("architectures")) {
        return TableLine::Layout;
    }
    let Some((first, rest)) = line.split_once('|') else {
        return TableLine::Other;
    };
    let name = link(first).map(|(t, _)| t).unwrap_or(first).trim();
    if name.is_empty() || name.contains(' ') {
        return TableLine::Other;
    }
    let architectures = rest
        .split(',')
        .map(|a| {
            link(a)
                .map(|(t, _)| t)
                .unwrap_or(a)
                .trim()
                .trim_matches('`')
                .to_string()
        })
        .filter(|a| !a.is_empty())
        .collect();
    TableLine::Row(Image {
        name: name.to_string(),
        architectures,
        line: n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_rows_of_every_era() {
        let mut algos = Vec::new();
        assert!(matches!(
            download_line("binary | sha1 hash | md5 hash", &mut algos, &None, 1),
            TableLine::Layout
        ));
        assert_eq!(algos, ["sha1", "md5"]);
        assert!(matches!(
            download_line("------ | --------- | --------", &mut algos, &None, 2),
            TableLine::Layout
        ));
        let TableLine::Row(d) = download_line(
            "[kubernetes.tar.gz](https://storage.googleapis.com/kubernetes-release/release/v1.2.6/kubernetes.tar.gz) | `50023455d00af52c41a7158b4bd117b2dfd4a100` | `cf0411bcb620eb13b08b93578efffc43`",
            &mut algos, &Some(Arc::from("Source Code")), 3,
        ) else { panic!("no row") };
        assert_eq!(d.name, "kubernetes.tar.gz");
        assert_eq!(d.hash, "50023455d00af52c41a7158b4bd117b2dfd4a100");
        assert_eq!(d.algorithm, "sha1");
        assert_eq!(d.other_hashes, ["md5:cf0411bcb620eb13b08b93578efffc43"]);
        assert!(matches!(
            download_line("Some prose", &mut algos, &None, 4),
            TableLine::Other
        ));
    }

    #[test]
    fn cells_and_hashes_as_the_str_methods_give_them() {
        for line in [
            "",
            "|",
            "a|b",
            "|a||b|",
            "no bars",
            "[x](y) | ` h ` | ``",
            " é |ü",
        ] {
            let split: Vec<&str> = line.split('|').collect();
            assert_eq!(cells(line).collect::<Vec<_>>(), split, "{line:?}");
            for cell in split {
                let want = cell.trim().trim_matches('`').trim();
                assert_eq!(hash_cell(cell), want, "{cell:?}");
            }
        }
        assert!(is_hex("09afAF") && is_hex("") && !is_hex("0g") && !is_hex("é"));
    }

    #[test]
    fn image_rows() {
        assert!(matches!(
            image_line("name | architectures", 1),
            TableLine::Layout
        ));
        let TableLine::Row(i) = image_line(
            "[registry.k8s.io/conformance:v1.26.0](https://console.cloud.google.com/gcr/images/k8s-artifacts-prod/us/conformance) | [amd64](https://x/conformance-amd64), [arm64](https://x/conformance-arm64)",
            2,
        ) else { panic!("no row") };
        assert_eq!(i.name, "registry.k8s.io/conformance:v1.26.0");
        assert_eq!(i.architectures, ["amd64", "arm64"]);
    }
}
