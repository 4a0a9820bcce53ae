//! Download tables (`[file](url) | hash`) and container image tables (`name | architectures`).
//! These tables are regular enough to read line by line, which keeps the largest part of every
//! changelog out of the Markdown parser.

use crate::model::{Download, Image};

/// What a line of a download or image section turned out to be.
pub(crate) enum TableLine<T> {
    Row(T),
    /// A header or delimiter row: layout only.
    Layout,
    Other,
}

/// Hash algorithms named by a download table header (`filename | sha512 hash`,
/// `binary | sha1 hash | md5 hash`), in column order.
pub(crate) fn header_algorithms(line: &str) -> Option<Vec<String>> {
    if !line.contains('|') || line.contains('[') {
        return None;
    }
    let cells: Vec<String> = line
        .split('|')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let first = cells.first()?;
    if !matches!(first.as_str(), "filename" | "binary" | "name" | "file") {
        return None;
    }
    Some(
        cells[1..]
            .iter()
            .map(|c| c.trim_end_matches(" hash").trim().to_string())
            .collect(),
    )
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
    let end = after.find(')')?;
    Some((text, &after[..end]))
}

pub(crate) fn download_line(
    line: &str,
    algorithms: &mut Vec<String>,
    group: &Option<String>,
    n: u32,
) -> TableLine<Download> {
    if let Some(found) = header_algorithms(line) {
        *algorithms = found;
        return TableLine::Layout;
    }
    if is_delimiter(line) {
        return TableLine::Layout;
    }
    let mut cells = line.split('|');
    let Some((name, url)) = cells.next().and_then(link) else {
        return TableLine::Other;
    };
    let hashes: Vec<&str> = cells
        .map(|c| c.trim().trim_matches('`').trim())
        .filter(|c| !c.is_empty())
        .collect();
    let Some(hash) = hashes.first() else {
        return TableLine::Other;
    };
    if !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return TableLine::Other;
    }
    let algorithm_of = |i: usize, h: &str| {
        algorithms.get(i).cloned().unwrap_or_else(|| {
            match h.len() {
                128 => "sha512",
                64 => "sha256",
                40 => "sha1",
                32 => "md5",
                _ => "unknown",
            }
            .to_string()
        })
    };
    TableLine::Row(Download {
        name: name.trim().to_string(),
        url: url.trim().to_string(),
        hash: hash.to_string(),
        algorithm: algorithm_of(0, hash),
        other_hashes: hashes[1..]
            .iter()
            .enumerate()
            .map(|(i, h)| format!("{}:{}", algorithm_of(i + 1, h), h))
            .collect(),
        group: group.clone(),
        line: n,
    })
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
            &mut algos, &Some("Source Code".into()), 3,
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
