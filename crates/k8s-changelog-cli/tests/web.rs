//! End-to-end tests of `index` and `serve`, the web explorer's commands.

use k8s_changelog_tests::{k8s_changelog, serve_site};
use std::io::{Read, Write};
use std::net::TcpStream;

const LOG: &str = "\
# v1.22.1

## Downloads for v1.22.1

### Source Code

filename | sha512 hash
-------- | -----------
[kubernetes.tar.gz](https://dl.k8s.io/v1.22.1/kubernetes.tar.gz) | abc123

## Changelog since v1.22.0

## Changes by Kind

### Bug or Regression

- Kubelet: fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@alice](https://github.com/alice)) [SIG Node]
";

#[test]
fn index_writes_the_index_and_download_shards() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&input, LOG).unwrap();
    let out = dir.path().join("site/data");
    let status = k8s_changelog!(std)
        .arg("index")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let json = std::fs::read_to_string(out.join("index.json")).unwrap();
    let index: k8s_changelog::index::Index = serde_json::from_str(&json).unwrap();
    assert_eq!(index.releases.len(), 1);
    assert!(
        index.releases[0].downloads.is_empty(),
        "downloads go to a shard"
    );
    assert!(index.details_apart, "the details go to details.json");
    let mut index = index;
    let details = std::fs::read(out.join("details.json")).unwrap();
    let details = k8s_changelog::index::Details::from_json(&details).unwrap();
    index.put_details(details).unwrap();
    let history = index.into_history().unwrap();
    assert_eq!(history.releases()[0].notes[0].prs, [1]);
    let shard = std::fs::read_to_string(out.join("downloads-1.22.json")).unwrap();
    assert!(
        shard.contains("kubernetes.tar.gz") && shard.contains("abc123"),
        "{shard}"
    );
    for name in [
        "index.json.gz",
        "index.json.br",
        "details.json.gz",
        "details.json.br",
        "downloads-1.22.json.gz",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
}

fn get(port: u16, path: &str, accept: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: {accept}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    (
        String::from_utf8_lossy(&response[..split]).to_ascii_lowercase(),
        response[split + 4..].to_vec(),
    )
}

#[test]
fn serve_serves_the_site_with_mime_types_and_compression() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>x</title>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app_bg.wasm"),
        b"\0asm\x01\0\0\0".repeat(100),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/index.json"), r#"{"v":1}"#.repeat(100)).unwrap();
    let served = serve_site(env!("CARGO_BIN_EXE_k8s-changelog"), dir.path());
    let port = served.port;

    let (headers, body) = get(port, "/app_bg.wasm", "identity");
    assert!(
        headers.contains("content-type: application/wasm"),
        "{headers}"
    );
    assert!(body.starts_with(b"\0asm"));
    let (headers, body) = get(port, "/data/index.json", "gzip");
    assert!(headers.contains("content-encoding: gzip"), "{headers}");
    assert!(
        headers.contains("content-type: application/json"),
        "{headers}"
    );
    let mut plain = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut plain)
        .unwrap();
    assert_eq!(plain, r#"{"v":1}"#.repeat(100));
    let (headers, _) = get(port, "/data/index.json", "gzip, br");
    assert!(headers.contains("content-encoding: br"), "{headers}");
    let (headers, body) = get(port, "/?view=compare", "identity");
    assert!(headers.contains("text/html"), "{headers}");
    assert!(headers.contains("content-security-policy"), "{headers}");
    assert!(body.starts_with(b"<!doctype html>"));
    let (headers, _) = get(port, "/../../etc/passwd", "identity");
    assert!(headers.starts_with("http/1.1 404"), "{headers}");
}

/// A browser keeps several connections open after their first request; a new connection must
/// still be answered (tiny_http, before, left it queued behind idle keep-alive connections, so
/// the explorer sometimes never got its index).
#[test]
fn serve_answers_new_connections_while_others_stay_open() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
    let served = serve_site(env!("CARGO_BIN_EXE_k8s-changelog"), dir.path());
    let port = served.port;
    let request = |stream: &mut TcpStream| {
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let mut buf = [0u8; 512];
        let n = stream.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).to_string()
    };
    // Opened at once, as a browser does, and kept open (keep-alive, the HTTP/1.1 default).
    let mut open: Vec<TcpStream> = (0..8)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    for (i, stream) in open.iter_mut().enumerate() {
        let answer = request(stream);
        assert!(
            answer.starts_with("HTTP/1.1 200"),
            "connection {i}: {answer:?}"
        );
    }
    let mut late = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let answer = request(&mut late);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "a new connection: {answer:?}"
    );
    // And the open ones take a second request.
    let answer = request(&mut open[0]);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "a second request: {answer:?}"
    );
}
