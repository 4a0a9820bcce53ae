//! `k8s-changelog serve`: serves the built web explorer (`web/dist`, with the index under
//! `data/`) on 127.0.0.1, with the right MIME types (`application/wasm`) and brotli or gzip
//! when the browser accepts it (a precompressed `FILE.br` / `FILE.gz` beside the file when there
//! is one, else compressed on first request and kept in memory). No trunk needed at run time.
//! HTTP/1.1 by hyper on a tokio runtime: every connection is served as it comes, however many
//! the browser keeps open (tiny_http, used before, left a new connection waiting while its
//! threads sat on idle keep-alive ones, and the explorer hung on "Loading the release history").

use crate::cmd::index::{brotli, gzip};
use anyhow::{bail, Context, Result};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{http, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::convert::Infallible;
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

type Cache = Mutex<HashMap<(PathBuf, &'static str), (SystemTime, Bytes)>>;

/// What every connection shares: the site's root and the compressed files made so far.
struct Site {
    root: PathBuf,
    cache: Cache,
}

pub fn run(args: Args) -> Result<()> {
    if !args.dir.join("index.html").is_file() {
        bail!(
            "{}: no index.html; build the site first (`scripts/build-web`)",
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
    let site = Arc::new(Site {
        root: args
            .dir
            .canonicalize()
            .context("cannot resolve the site directory")?,
        cache: Cache::default(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
        let port = listener.local_addr().map_or(args.port, |a| a.port());
        let url = format!("http://127.0.0.1:{port}/");
        println!("serving {} at {url}", args.dir.display());
        if args.open {
            open(&url);
        }
        loop {
            // A failed accept (a connection reset before it was taken, or no file descriptor
            // left) ends only that connection; the pause keeps a lasting error from spinning.
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            };
            let site = site.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<Incoming>| {
                    let site = site.clone();
                    async move {
                        let (parts, _) = request.into_parts();
                        // Reading and compressing files blocks: off the connections' threads.
                        let response = tokio::task::spawn_blocking(move || respond(&site, &parts))
                            .await
                            .unwrap_or_else(|_| status(500, "internal error"));
                        Ok::<_, Infallible>(response)
                    }
                });
                // A connection's error (the browser went away) ends that connection only.
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
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

/// A plain-text response with `code`.
fn status(code: u16, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = StatusCode::from_u16(code).expect("a valid status code");
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The file a request names, compressed as the browser accepts, with its headers.
fn respond(site: &Site, request: &http::request::Parts) -> Response<Full<Bytes>> {
    let not_found = || status(404, "not found");
    if !matches!(request.method, Method::GET | Method::HEAD) {
        return status(405, "method not allowed");
    }
    let url = request.uri.path_and_query().map_or("/", |p| p.as_str());
    let Some(file) = resolve(&site.root, url) else {
        return not_found();
    };
    let Ok(modified) = std::fs::metadata(&file).and_then(|m| m.modified()) else {
        return not_found();
    };
    let mime = mime(&file);
    let accepts = request
        .headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase)
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
            Ok(bytes) => Bytes::from(bytes),
            Err(_) => return not_found(),
        },
        Some(encoding) => {
            let key = (file.clone(), encoding);
            let cached = site.cache.lock().unwrap().get(&key).cloned();
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
                    let bytes = Bytes::from(bytes);
                    site.cache
                        .lock()
                        .unwrap()
                        .insert(key, (modified, bytes.clone()));
                    bytes
                }
            }
        }
    };
    let mut response = Response::new(Full::new(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if mime.starts_with("text/html") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                 style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
                 base-uri 'none'",
            ),
        );
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
