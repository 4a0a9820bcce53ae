//! A loopback HTTP server for the tests of the commands and modules that call HTTP APIs
//! (`fetch`, the GitHub dates and merges sources): 127.0.0.1 only, never the network.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// What the server answers one request with: status, extra headers, body.
pub type Answer = (u16, Vec<(String, String)>, Vec<u8>);

/// A server on 127.0.0.1 answering each GET with `respond(path, authorization)`; returns its
/// base URL (`http://127.0.0.1:PORT`, no trailing `/`) and the paths asked for, in order. One
/// connection at a time, `Connection: close`: enough for a client's sequential GETs.
pub fn serve(
    respond: impl Fn(&str, Option<&str>) -> Answer + Send + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut authorization = None;
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 0) && header != "\r\n" {
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("authorization") {
                        authorization = Some(value.trim().to_string());
                    }
                }
                header.clear();
            }
            let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
            log.lock().unwrap().push(path.clone());
            let (status, headers, body) = respond(&path, authorization.as_deref());
            let extra: String = headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}\r\n"))
                .collect();
            let head = format!(
                "HTTP/1.1 {status} {}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
                if status == 200 { "OK" } else { "Error" },
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (base, seen)
}

/// A port on 127.0.0.1 that refuses connections for as long as the returned socket lives: the
/// socket is bound to it but never listens, so a connection gets a reset (what "offline"
/// looks like to a client) and no other test can take the port meanwhile. (Binding, reading the
/// port and closing left it free: a test server bound in between made the "offline" test
/// flaky.)
pub fn closed_port() -> (socket2::Socket, u16) {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    let any: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    socket.bind(&any.into()).unwrap();
    let port = socket.local_addr().unwrap().as_socket().unwrap().port();
    (socket, port)
}

/// One item of GitHub's `GET /search/issues` answer: a merged PR with its labels and a body
/// holding `note` in a ```` ```release-note ```` block; `merged` is an RFC 3339 time.
pub fn search_item(number: u64, merged: &str, title: &str, labels: &[&str], note: &str) -> String {
    let labels: Vec<String> = labels
        .iter()
        .map(|l| format!(r#"{{"name":"{l}"}}"#))
        .collect();
    let body = format!("#### What this PR does\n\n```release-note\n{note}\n```\n");
    format!(
        r#"{{"number":{number},"title":{},"user":{{"login":"u{number}"}},"labels":[{}],"closed_at":"{merged}","pull_request":{{"merged_at":"{merged}"}},"body":{}}}"#,
        json_string(title),
        labels.join(","),
        json_string(&body)
    )
}

/// A search answer holding `items` (of [`search_item`]).
pub fn search_page(items: &[String]) -> Vec<u8> {
    format!(
        r#"{{"total_count":{},"incomplete_results":false,"items":[{}]}}"#,
        items.len(),
        items.join(",")
    )
    .into_bytes()
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.into()).to_string()
}

/// GitHub's answer when the rate limit is used up: `status` (403 or 429), no requests
/// remaining, the limit resetting at `reset` (seconds since the epoch).
pub fn rate_limited(status: u16, reset: i64) -> Answer {
    let headers = vec![
        ("X-RateLimit-Remaining".into(), "0".into()),
        ("X-RateLimit-Reset".into(), reset.to_string()),
    ];
    let body = br#"{"message":"API rate limit exceeded"}"#.to_vec();
    (status, headers, body)
}
