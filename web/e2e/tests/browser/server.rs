//! The static file server the browser tests load the site from: 127.0.0.1 only, with the
//! Content-Security-Policy `k8s-changelog serve` sends with pages.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;

/// A minimal static file server on 127.0.0.1 (one thread per connection).
pub fn serve(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let path = path
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .trim_start_matches('/');
                let mut file = if path.is_empty() || path.contains("..") {
                    dir.join("index.html")
                } else {
                    dir.join(path)
                };
                if !file.is_file() && file.extension().is_none() {
                    file = dir.join("index.html");
                }
                let mut stream = stream;
                match std::fs::read(&file) {
                    Ok(body) => {
                        let mime = match file.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript",
                            Some("wasm") => "application/wasm",
                            Some("css") => "text/css",
                            Some("json") => "application/json",
                            _ => "application/octet-stream",
                        };
                        // The policy `k8s-changelog serve` sends with pages: the app runs
                        // without inline scripts.
                        let csp = match mime.starts_with("text/html") {
                            true => "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'\r\n",
                            false => "",
                        };
                        let _ = write!(
                            stream,
                            "HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\n{csp}Content-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = stream.write_all(&body);
                    }
                    Err(_) => {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
                        );
                    }
                }
            });
        }
    });
    port
}
