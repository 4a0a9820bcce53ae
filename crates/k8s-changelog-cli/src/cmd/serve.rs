//! `k8s-changelog serve`: serves the built web explorer (`web/dist`, with the index under
//! `data/`) on 127.0.0.1, with the right MIME types (`application/wasm`) and brotli or gzip
//! when the browser accepts it (a precompressed `FILE.br` / `FILE.gz` beside the file when there
//! is one, else compressed on first request and kept in memory). No trunk needed at run time.

use crate::cmd::index::{brotli, gzip};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

#[derive(clap::Args)]
pub struct Args {
    /// The port to listen on (127.0.0.1 only); 0 picks a free one
    #[arg(long, default_value_t = 8080)]
    port: u16,

    /// Open the explorer in the default browser
    #[arg(long)]
    open: bool,

    /// The built site (trunk's output, with `data/index.json` from `k8s-changelog index`)
    #[arg(long, value_name = "DIR", default_value = "web/dist")]
    dir: PathBuf,
}

type Cache = Mutex<HashMap<(PathBuf, &'static str), (SystemTime, Arc<Vec<u8>>)>>;

pub fn run(args: Args) -> Result<()> {
    if !args.dir.join("index.html").is_file() {
        bail!(
            "{}: no index.html; build the site first (`cd web && trunk build --release`)",
            args.dir.display()
        );
    }
    if !args.dir.join("data/index.json").is_file() {
        eprintln!(
            "warning: {} has no data/index.json; run `k8s-changelog index --out {}`",
            args.dir.display(),
            args.dir.join("data").display()
        );
    }
    let server = tiny_http::Server::http(("127.0.0.1", args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(args.port);
    let url = format!("http://127.0.0.1:{port}/");
    println!("serving {} at {url}", args.dir.display());
    if args.open {
        open(&url);
    }
    let server = Arc::new(server);
    let root = Arc::new(
        args.dir
            .canonicalize()
            .context("cannot resolve the site directory")?,
    );
    let cache: Arc<Cache> = Arc::default();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (server, root, cache) = (server.clone(), root.clone(), cache.clone());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let response = respond(&root, &cache, &request);
                    let _ = request.respond(response);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

fn open(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({program}: {err}); open {url}");
    }
}

/// The MIME type for a file name.
pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn compressible(mime: &str) -> bool {
    !mime.starts_with("image/png") && mime != "application/octet-stream"
}

/// The file a URL path names under `root`: no `..`, `/` is `index.html`, and a path without an
/// extension that names no file falls back to `index.html` (the app routes it).
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    if file.is_file() {
        Some(file)
    } else if file.extension().is_none() {
        Some(root.join("index.html"))
    } else {
        None
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn respond(
    root: &Path,
    cache: &Cache,
    request: &tiny_http::Request,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let not_found = || {
        tiny_http::Response::from_string("not found")
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
    };
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return tiny_http::Response::from_string("method not allowed").with_status_code(405);
    }
    let Some(file) = resolve(root, request.url()) else {
        return not_found();
    };
    let Ok(modified) = std::fs::metadata(&file).and_then(|m| m.modified()) else {
        return not_found();
    };
    let mime = mime(&file);
    let accepts = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Accept-Encoding"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let encoding = if !compressible(mime) {
        None
    } else if accepts.contains("br") {
        Some("br")
    } else if accepts.contains("gzip") {
        Some("gzip")
    } else {
        None
    };
    let body = match encoding {
        None => match std::fs::read(&file) {
            Ok(bytes) => Arc::new(bytes),
            Err(_) => return not_found(),
        },
        Some(encoding) => {
            let key = (file.clone(), encoding);
            let cached = cache.lock().unwrap().get(&key).cloned();
            match cached {
                Some((when, bytes)) if when == modified => bytes,
                _ => {
                    let suffix = if encoding == "br" { "br" } else { "gz" };
                    let sibling = crate::cmd::index::with_suffix(&file, suffix);
                    let fresh_sibling = std::fs::metadata(&sibling)
                        .and_then(|m| m.modified())
                        .is_ok_and(|m| m >= modified);
                    let bytes = if fresh_sibling {
                        std::fs::read(&sibling).ok()
                    } else {
                        std::fs::read(&file).ok().map(|raw| {
                            if encoding == "br" {
                                brotli(&raw)
                            } else {
                                gzip(&raw)
                            }
                        })
                    };
                    let Some(bytes) = bytes else {
                        return not_found();
                    };
                    let bytes = Arc::new(bytes);
                    cache.lock().unwrap().insert(key, (modified, bytes.clone()));
                    bytes
                }
            }
        }
    };
    let mut response = tiny_http::Response::from_data(body.as_ref().clone())
        .with_header(header("Content-Type", mime))
        .with_header(header("Vary", "Accept-Encoding"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Cache-Control", "no-cache"));
    if let Some(encoding) = encoding {
        response = response.with_header(header("Content-Encoding", encoding));
    }
    if mime.starts_with("text/html") {
        response = response.with_header(header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
             base-uri 'none'",
        ));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        assert_eq!(mime(Path::new("a/app_bg.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(mime(Path::new("data/index.json")), "application/json");
    }

    #[test]
    fn no_escape_from_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        std::fs::write(dir.path().join("a.js"), "x").unwrap();
        let root = dir.path();
        assert_eq!(resolve(root, "/a.js?x=1"), Some(root.join("a.js")));
        assert_eq!(resolve(root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "/compare"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(root, "/missing.js"), None);
    }
}
