//! The browser tests load the site from `k8s-changelog serve`, the command users run: the same
//! MIME types, compression (brotli on the fly, kept in memory) and Content-Security-Policy, on
//! 127.0.0.1 with a free port.

use k8s_changelog_tests::{serve_site, Served};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `k8s-changelog` binary: `K8S_CHANGELOG_BIN`, else the one beside this test's own
/// executable (`target/debug`), built first when missing.
fn binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("K8S_CHANGELOG_BIN") {
        return PathBuf::from(bin);
    }
    let exe = std::env::current_exe().expect("the test's executable");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let bin = dir.join("k8s-changelog");
    if !bin.is_file() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "-q",
                "-p",
                "k8s-changelog-cli",
                "--bin",
                "k8s-changelog",
            ])
            .status()
            .expect("cargo runs");
        assert!(
            status.success(),
            "cannot build k8s-changelog for the browser tests"
        );
    }
    bin
}

/// Serves `dir` with `k8s-changelog serve --port 0`, every file asked for once.
pub fn serve(dir: PathBuf) -> Served {
    let served = serve_site(binary(), &dir);
    warm(served.port, &dir);
    served
}

/// Asks once for each file of the site (its root and `data/`), brotli accepted as Chromium does, so that the
/// server has compressed them before the measured first visit (a static host serves files
/// compressed ahead of time; `serve` compresses on the first request and keeps the result).
fn warm(port: u16, dir: &Path) {
    let files = |sub: &'static str| -> Vec<String> {
        std::fs::read_dir(dir.join(sub))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| format!("{sub}{}", e.file_name().to_string_lossy()))
            .collect()
    };
    // The data too: the test's copies of `index.json.br` may be older than `index.json`, and
    // then `serve` compresses the index itself.
    for name in [files(""), files("data/")].concat() {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
            continue;
        };
        let _ = write!(
            stream,
            "GET /{name} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n"
        );
        let _ = stream.read_to_end(&mut Vec::new());
    }
}
