//! Everything the commands print or write: JSON, tables, diagnostics, and the one-shot (stdout)
//! or atomic (file) writes that keep output whole.

use anyhow::{Context, Result};
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use k8s_changelog::{Diagnostic, Severity};
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;

/// How many diagnostics go to stderr before the rest are only counted; all of them are in the
/// JSON output.
const DIAGNOSTICS_SHOWN: usize = 20;

/// Output formats of data (`parse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    Json,
    PrettyJson,
}

/// Output formats of reports (`stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    PrettyJson,
}

/// Serializes `value`, ending with a newline.
pub fn json<T: Serialize>(value: &T, pretty: bool) -> Result<Vec<u8>> {
    let mut bytes = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .context("cannot serialize the output as JSON")?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A two-column table of names and values.
pub fn key_value_table(rows: &[(String, String)]) -> String {
    let rows = rows
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    table(&["", ""], rows)
}

/// A table with a header row; columns that hold only numbers are right-aligned.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if header.iter().any(|h| !h.is_empty()) {
        table.set_header(header.iter().copied());
    }
    for column in 0..header.len() {
        let numeric = rows
            .iter()
            .all(|row| row.get(column).is_some_and(|c| c.parse::<f64>().is_ok()));
        if numeric {
            if let Some(column) = table.column_mut(column) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    table.add_rows(rows);
    table.to_string()
}

/// `file:line: warning: message`, the form editors and terminals link to the source.
pub fn diagnostic_line(diagnostic: &Diagnostic) -> String {
    let severity = match diagnostic.severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    format!(
        "{}:{}: {severity}: {}",
        diagnostic.file, diagnostic.line, diagnostic.message
    )
}

/// Prints the first diagnostics to stderr and counts the rest.
pub fn report_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics.iter().take(DIAGNOSTICS_SHOWN) {
        eprintln!("{}", diagnostic_line(diagnostic));
    }
    if diagnostics.len() > DIAGNOSTICS_SHOWN {
        eprintln!(
            "… and {} more diagnostics (all are in `k8s-changelog parse` output)",
            diagnostics.len() - DIAGNOSTICS_SHOWN
        );
    }
}

/// Writes the whole output at once, to `path` (atomically) or to stdout.
pub fn emit(bytes: &[u8], path: Option<&Path>) -> Result<()> {
    match path {
        Some(path) => write_atomically(path, bytes),
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place, so `path` holds
/// either its old content or all of the new, never a truncated file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".k8s-changelog-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut file = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", file.path().display()))?;
    file.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `true` when the error comes from writing to a pipe whose reader has gone (`| head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
