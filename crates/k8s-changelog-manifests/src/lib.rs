//! Kubernetes manifests as `check` reads them: the Kubernetes objects (`apiVersion`, `kind`,
//! name, namespace, file and line; [`k8s_changelog::ManifestObject`]) a YAML or JSON text holds,
//! and the errors of what could not be read, each with its file and line. Pure: it reads bytes
//! and text handed to it (the CLI's files and stdin, the explorer's pasted or dropped text).
//!
//! A YAML stream is split at its document markers (`---` or `...` at column 0, which YAML
//! reserves for them even inside block scalars) here, before any parsing, so a malformed
//! document is one error and the documents after it are still read. Each document is parsed
//! with yaml-rust2's event parser (pure Rust, YAML 1.2, JSON included, builds for wasm),
//! keeping only the few levels an object's `apiVersion`, `kind`, `metadata` and a `List`'s
//! `items` sit in. A document that YAML cannot read but JSON can (a JSON quirk YAML refuses)
//! is read as JSON.

#![warn(missing_docs)]

use k8s_changelog::ManifestObject;
use serde::{Deserialize, Serialize};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Something that could not be read: a file, or one document of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestError {
    /// The input's name: its path, `<stdin>`, or the name the caller gave.
    pub file: String,
    /// 1-based; `None` for the whole file (missing, unreadable, binary).
    pub line: Option<u32>,
    /// What went wrong, in words for the user.
    pub message: String,
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Manifests {
    /// The Kubernetes objects, in input order.
    pub objects: Vec<ManifestObject>,
    /// What could not be read, in input order.
    pub errors: Vec<ManifestError>,
    /// How many files (stdin included) were read.
    pub files: usize,
}

impl Manifests {
    /// Records that `file` (at `line`, or as a whole) could not be read.
    pub fn error(&mut self, file: &str, line: Option<u32>, message: impl Into<String>) {
        self.errors.push(ManifestError {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }
}

fn line_at(bytes: &[u8], at: usize) -> u32 {
    bytes[..at].iter().filter(|b| **b == b'\n').count() as u32 + 1
}

impl Manifests {
    /// Reads one input's bytes, named `name` in objects and errors: binary data and invalid
    /// UTF-8 are one error; a YAML stream is split at its document markers and each document
    /// read on its own.
    pub fn read_bytes(&mut self, name: &str, bytes: &[u8]) {
        self.files += 1;
        if let Some(at) = memchr_nul(bytes) {
            let line = line_at(bytes, at);
            return self.error(
                name,
                Some(line),
                "binary data (a NUL byte), not a YAML or JSON manifest",
            );
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = line_at(bytes, e.valid_up_to());
                return self.error(
                    name,
                    Some(line),
                    "invalid UTF-8, not a YAML or JSON manifest",
                );
            }
        };
        self.read_text(name, text);
    }

    /// Reads one input's text (a byte-order mark is skipped), as [`Manifests::read_bytes`].
    pub fn read_text(&mut self, name: &str, text: &str) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (first_line, document) in documents(text) {
            match parse_document(document, first_line) {
                Ok(Some(root)) => objects_of(&root, name, self),
                Ok(None) => {}
                Err((line, message)) => self.error(name, Some(line), message),
            }
        }
    }
}

/// Reads one text named `name` into the objects and errors it holds: [`Manifests::read_text`].
pub fn read_text(name: &str, text: &str) -> Manifests {
    let mut out = Manifests::default();
    out.read_text(name, text);
    out
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == 0)
}

/// The documents of a YAML stream, each with the 1-based line it starts on: the text is cut
/// before every line that is `---` or `...` at column 0 (alone or followed by a space or tab).
pub fn documents(text: &str) -> Vec<(u32, &str)> {
    let mut out = Vec::new();
    let (mut start, mut start_line, mut line, mut offset) = (0, 1u32, 1u32, 0);
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let marker = ["---", "..."].iter().any(|m| {
            content
                .strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        });
        if marker && offset > start {
            out.push((start_line, &text[start..offset]));
            start = offset;
            start_line = line;
        }
        offset += raw.len();
        line += 1;
    }
    if offset > start {
        out.push((start_line, &text[start..offset]));
    }
    out
}

/// The levels of a document kept: the root (0), a List's `items` (1), an item (2), its
/// `metadata` (3) and the names in it (4). Deeper content is skipped as it streams by.
const KEPT_DEPTH: usize = 4;

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
    /// An alias, a complex key, or content below [`KEPT_DEPTH`].
    Other,
}

#[derive(Debug, Clone, PartialEq)]
struct Node {
    line: u32,
    value: Value,
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn text(&self, key: &str) -> Option<&str> {
        match &self.get(key)?.value {
            Value::Text(t) if !matches!(t.as_str(), "" | "~" | "null") => Some(t),
            _ => None,
        }
    }
}

/// A container being read; for a mapping, the key read and waiting for its value.
struct Frame {
    node: Node,
    key: Option<Option<String>>,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    /// Open containers being skipped (below the kept depth, or a complex key).
    skipping: usize,
    skip_line: u32,
    root: Option<Node>,
    line_offset: u32,
}

impl Builder {
    fn push(&mut self, node: Node) {
        let Some(top) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut top.node.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match top.key.take() {
                None => {
                    top.key = Some(match node.value {
                        Value::Text(t) => Some(t),
                        _ => None,
                    })
                }
                Some(Some(key)) => entries.push((key, node)),
                Some(None) => {}
            },
            _ => {}
        }
    }

    fn in_key_position(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| matches!(f.node.value, Value::Map(_)) && f.key.is_none())
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = self.line_offset + mark.line() as u32;
        let open = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        let close = matches!(event, Event::MappingEnd | Event::SequenceEnd);
        if self.skipping > 0 {
            if open {
                self.skipping += 1;
            } else if close {
                self.skipping -= 1;
                if self.skipping == 0 {
                    let line = self.skip_line;
                    self.push(Node {
                        line,
                        value: Value::Other,
                    });
                }
            }
            return;
        }
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..)
                if self.stack.len() >= KEPT_DEPTH || self.in_key_position() =>
            {
                self.skipping = 1;
                self.skip_line = line;
            }
            Event::MappingStart(..) => self.stack.push(Frame {
                node: Node {
                    line,
                    value: Value::Map(Vec::new()),
                },
                key: None,
            }),
            Event::SequenceStart(..) => self.stack.push(Frame {
                node: Node {
                    line,
                    value: Value::Seq(Vec::new()),
                },
                key: None,
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(frame) = self.stack.pop() {
                    self.push(frame.node);
                }
            }
            Event::Scalar(text, ..) => self.push(Node {
                line,
                value: Value::Text(text),
            }),
            Event::Alias(_) => self.push(Node {
                line,
                value: Value::Other,
            }),
            _ => {}
        }
    }
}

/// Parses one document (`first_line` is the line it starts on); `None` for an empty one.
fn parse_document(text: &str, first_line: u32) -> Result<Option<Node>, (u32, String)> {
    let mut builder = Builder {
        line_offset: first_line - 1,
        ..Builder::default()
    };
    // Events are pulled one by one: `Parser::load` recurses once per nesting level, and a
    // few thousand levels would overflow the stack.
    let mut parser = Parser::new_from_str(text);
    let mut result = Ok(());
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, mark)) => builder.on_event(event, mark),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    match result {
        Ok(()) => Ok(builder.root),
        Err(yaml_error) => {
            let trimmed = text.trim_start_matches(['-', '\n', '\r', ' ', '\t']);
            if trimmed.starts_with(['{', '[']) {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
                    return Ok(Some(from_json(&value, first_line, 0)));
                }
            }
            // An error at the end of input is reported on the document's last line, not on
            // the next document's marker.
            let last = first_line + text.trim_end().matches('\n').count() as u32;
            let at = first_line - 1 + yaml_error.marker().line() as u32;
            let column = match at <= last {
                true => format!(" (column {})", yaml_error.marker().col() + 1),
                false => " (at the end of the document)".to_string(),
            };
            Err((
                at.min(last),
                format!(
                    "not valid YAML: {}{column}; the document starting at line {first_line} is skipped",
                    yaml_error.info(),
                ),
            ))
        }
    }
}

/// A JSON value as a [`Node`], every part on the document's line (serde_json keeps no lines).
fn from_json(value: &serde_json::Value, line: u32, depth: usize) -> Node {
    use serde_json::Value as J;
    let value = match value {
        _ if depth > KEPT_DEPTH => Value::Other,
        J::String(s) => Value::Text(s.clone()),
        J::Number(n) => Value::Text(n.to_string()),
        J::Bool(b) => Value::Text(b.to_string()),
        J::Null => Value::Text(String::new()),
        J::Array(items) => Value::Seq(
            items
                .iter()
                .map(|v| from_json(v, line, depth + 1))
                .collect(),
        ),
        J::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), from_json(v, line, depth + 1)))
                .collect(),
        ),
    };
    Node { line, value }
}

/// The Kubernetes objects of a document: the root when it has `apiVersion` and `kind`, or the
/// items of a `List` (`kind: List`, `DeploymentList`, …). Anything else (a Helm `values.yaml`, a
/// `Chart.yaml` without `kind`) holds no object. An object whose `apiVersion` or `kind` is there
/// but not a string (an unrendered template: `apiVersion: {{ .Values.api }}` reads as a YAML
/// mapping) cannot be checked: an error at its line, not a silent skip.
fn objects_of(root: &Node, file: &str, manifests: &mut Manifests) {
    let mut object = |node: &Node| -> Option<ManifestObject> {
        let unreadable = ["apiVersion", "kind"]
            .into_iter()
            .find(|key| node.get(key).is_some() && node.text(key).is_none());
        if let Some(key) = unreadable {
            let line = node.get(key).map_or(node.line, |n| n.line);
            manifests.error(
                file,
                Some(line),
                format!(
                    "`{key}` is not a string (an unrendered template such as `{{{{ .Values.x }}}}`? \
                     check the output of `helm template`); the object is skipped"
                ),
            );
            return None;
        }
        let api_version = node.text("apiVersion")?;
        let kind = node.text("kind")?;
        let metadata = node.get("metadata");
        Some(ManifestObject {
            file: file.to_string(),
            line: node.get("apiVersion").map_or(node.line, |n| n.line),
            api_version: api_version.to_string(),
            kind: kind.to_string(),
            name: metadata.and_then(|m| m.text("name")).map(str::to_string),
            namespace: metadata
                .and_then(|m| m.text("namespace"))
                .map(str::to_string),
        })
    };
    let is_list = root.text("kind").is_some_and(|k| k.ends_with("List"));
    let found: Vec<ManifestObject> = match root.get("items").map(|n| &n.value) {
        Some(Value::Seq(items)) if is_list => items.iter().filter_map(&mut object).collect(),
        _ => object(root).into_iter().collect(),
    };
    manifests.objects.extend(found);
}

#[cfg(test)]
mod tests;
