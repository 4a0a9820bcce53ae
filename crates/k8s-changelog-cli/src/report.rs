//! What the query commands print: a `Doc` of headings, paragraphs, tables and bullet lists,
//! rendered as a terminal table or as GitHub Markdown; a flat `Sheet` for CSV; any `Serialize`
//! value for JSON. Every query command goes through `write`, so formats, colour and width are
//! decided here once.

use crate::output;
use anyhow::{Context, Result};
use comfy_table::{
    presets, Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Width,
};
use k8s_changelog::links;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns (wrapped to the terminal's width on a terminal)
    Table,
    /// GitHub-flavoured Markdown
    Markdown,
    /// Pretty-printed JSON of the library's types
    Json,
    /// One header row, then one row per record
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE=1 forces it)
    Auto,
    Always,
    Never,
}

/// The output flags every query command shares.
#[derive(clap::Args)]
pub struct FormatArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// When to colour table output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Write the output to FILE (atomically) instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What the table renderer may use: colour, and the width to wrap to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub color: bool,
    pub width: Option<u16>,
}

impl Terminal {
    /// Colour and width for output to stdout (none when writing to a file). Without a terminal
    /// the width is `$COLUMNS` when set, else tables are not wrapped: one row, one line, which
    /// suits `grep`.
    pub fn detect(args: &FormatArgs) -> Terminal {
        let to_stdout = args.output.is_none();
        let tty = to_stdout && std::io::stdout().is_terminal();
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                env("NO_COLOR").is_none()
                    && (tty || env("CLICOLOR_FORCE").is_some_and(|v| v != "0"))
            }
        };
        let width = if tty {
            terminal_size::terminal_size().map(|(w, _)| w.0)
        } else {
            None
        }
        .or_else(|| env("COLUMNS").and_then(|c| c.parse().ok()))
        .filter(|w| *w >= 20);
        Terminal {
            color,
            width: if to_stdout { width } else { None },
        }
    }
}

/// Renders the format the user asked for and writes it at once. Only that format's builder runs.
pub fn write<T: Serialize>(
    args: &FormatArgs,
    json: &T,
    sheet: impl FnOnce() -> Sheet,
    doc: impl FnOnce(Format) -> Doc,
) -> Result<()> {
    let bytes = match args.format {
        Format::Json => output::json(json, true)?,
        Format::Csv => sheet().to_csv()?,
        Format::Table => doc(Format::Table)
            .to_text(Terminal::detect(args))
            .into_bytes(),
        Format::Markdown => doc(Format::Markdown).to_markdown().into_bytes(),
    };
    output::emit(&bytes, args.output.as_deref())
}

/// A flat table for CSV: one header, one row per record, every field plain text.
pub struct Sheet {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    pub fn new(header: &[&'static str]) -> Sheet {
        Sheet {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.header)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.into_inner().context("cannot write CSV")
    }
}

/// How a table cell is emphasised on a colour terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Strong,
    Dim,
    Good,
    Warn,
    Bad,
    Info,
}

impl Tone {
    /// The tone of a kind label.
    pub fn of_kind(kind: Option<k8s_changelog::Kind>) -> Tone {
        use k8s_changelog::Kind::*;
        match kind {
            Some(Deprecation) => Tone::Warn,
            Some(ApiChange) => Tone::Info,
            Some(Feature) => Tone::Good,
            Some(Bug) => Tone::Bad,
            None => Tone::Dim,
            Some(_) => Tone::Plain,
        }
    }
}

/// One table cell: its text, an optional link (Markdown only) and a tone (colour terminals only).
#[derive(Debug, Clone, Default)]
pub struct Field {
    pub text: String,
    pub link: Option<String>,
    pub tone: Tone,
}

impl Field {
    pub fn link(text: impl Into<String>, url: impl Into<String>) -> Field {
        Field {
            text: text.into(),
            link: Some(url.into()),
            tone: Tone::Plain,
        }
    }

    /// `#N`, linked to the pull request.
    pub fn pr(pr: u64) -> Field {
        Field::link(format!("#{pr}"), links::pr_url(pr))
    }

    /// The CVE id, linked to its record.
    pub fn cve(id: &str) -> Field {
        Field::link(id, links::cve_url(id))
    }

    pub fn tone(mut self, tone: Tone) -> Field {
        self.tone = tone;
        self
    }
}

impl From<String> for Field {
    fn from(text: String) -> Field {
        Field {
            text,
            ..Field::default()
        }
    }
}

impl From<&str> for Field {
    fn from(text: &str) -> Field {
        Field::from(text.to_string())
    }
}

/// A table with a header; `numeric` columns are right-aligned on terminals.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Field>>,
    /// Columns kept narrow on terminals (index, most characters), so that the note text gets
    /// the width.
    pub narrow: Vec<(usize, u16)>,
}

impl Grid {
    pub fn new(header: &[&'static str]) -> Grid {
        Grid {
            header: header.to_vec(),
            rows: Vec::new(),
            narrow: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Field>) {
        self.rows.push(row);
    }

    /// Keeps column `index` at most `width` characters wide on terminals.
    pub fn narrow(mut self, index: usize, width: u16) -> Grid {
        self.narrow.push((index, width));
        self
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    /// The document's title (`#`).
    Title(String),
    /// A section (`##`).
    Heading(String),
    /// Markdown text, shown as is on terminals.
    Paragraph(String),
    Grid(Grid),
    /// Bullets whose text is Markdown and may span several lines.
    List(Vec<String>),
}

/// A document: what a command shows, independent of the format.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    pub fn title(&mut self, text: impl Into<String>) {
        self.push(Block::Title(text.into()));
    }

    pub fn heading(&mut self, text: impl Into<String>) {
        self.push(Block::Heading(text.into()));
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.push(Block::Paragraph(text.into()));
    }

    pub fn grid(&mut self, grid: Grid) {
        self.push(Block::Grid(grid));
    }

    /// Terminal text: headings (bold and underlined in colour), tables drawn with box
    /// characters, bullets with `•`.
    pub fn to_text(&self, term: Terminal) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            separate(&mut out);
            match block {
                Block::Title(text) => out.push_str(&styled(text, "1;4", term.color)),
                Block::Heading(text) => out.push_str(&styled(text, "1", term.color)),
                Block::Paragraph(text) => out.push_str(text.trim_end()),
                Block::Grid(grid) => out.push_str(&grid_text(grid, term)),
                Block::List(items) => {
                    for item in items {
                        out.push_str(&indented("• ", "  ", item));
                    }
                }
            }
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }

    /// GitHub-flavoured Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            separate(&mut out);
            match block {
                Block::Title(text) => out.push_str(&format!("# {}\n", inline(text))),
                Block::Heading(text) => out.push_str(&format!("## {}\n", inline(text))),
                Block::Paragraph(text) => {
                    out.push_str(text.trim_end());
                    out.push('\n');
                }
                Block::Grid(grid) => out.push_str(&grid_markdown(grid)),
                Block::List(items) => {
                    for item in items {
                        out.push_str(&indented("- ", "  ", item));
                    }
                }
            }
        }
        out
    }
}

/// A blank line between blocks.
fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('\n');
    }
}

fn styled(text: &str, sgr: &str, color: bool) -> String {
    if color {
        format!("\x1b[{sgr}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// `text` with `first` before its first line and `rest` before the others; blank lines stay
/// blank so Markdown sees no trailing spaces.
fn indented(first: &str, rest: &str, text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.trim_end().lines().enumerate() {
        if i == 0 {
            out.push_str(first);
        } else if !line.trim().is_empty() {
            out.push_str(rest);
        }
        out.push_str(if i == 0 { line } else { line.trim_end() });
        out.push('\n');
    }
    out
}

/// Heading text is plain text; keep it from being read as Markdown emphasis or HTML.
fn inline(text: &str) -> String {
    text.replace('<', "&lt;")
}

fn grid_text(grid: &Grid, term: Terminal) -> String {
    let mut table = comfy_table::Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .force_no_tty();
    if let Some(width) = term.width {
        table.set_width(width);
    }
    if term.color {
        table.enforce_styling();
    }
    table.set_header(grid.header.iter().map(|h| {
        let cell = Cell::new(h);
        if term.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in &grid.rows {
        table.add_row(row.iter().map(|field| {
            let cell = Cell::new(&field.text);
            if !term.color {
                return cell;
            }
            match field.tone {
                Tone::Plain => cell,
                Tone::Strong => cell.add_attribute(Attribute::Bold),
                Tone::Dim => cell.fg(Color::DarkGrey),
                Tone::Good => cell.fg(Color::Green),
                Tone::Warn => cell.fg(Color::Yellow),
                Tone::Bad => cell.fg(Color::Red),
                Tone::Info => cell.fg(Color::Cyan),
            }
        }));
    }
    if term.width.is_some() {
        for &(index, width) in &grid.narrow {
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(width)));
            }
        }
    }
    for column in 0..grid.header.len() {
        let numeric = !grid.rows.is_empty()
            && grid.rows.iter().all(|row| {
                row.get(column).is_some_and(|f| {
                    let t = f.text.trim_start_matches('#');
                    !t.is_empty() && t.parse::<f64>().is_ok()
                })
            });
        if numeric {
            if let Some(column) = table.column_mut(column) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    table.to_string()
}

fn grid_markdown(grid: &Grid) -> String {
    let mut out = String::new();
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&row(grid.header.iter().map(|h| h.to_string()).collect()));
    out.push_str(&row(grid
        .header
        .iter()
        .map(|_| "---".to_string())
        .collect()));
    for fields in &grid.rows {
        out.push_str(&row(fields
            .iter()
            .map(|f| {
                let text = table_cell(&f.text);
                match &f.link {
                    Some(url) => format!("[{text}]({url})"),
                    None => text,
                }
            })
            .collect()));
    }
    out
}

/// A table cell's text: one line, pipes escaped.
fn table_cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.replace('|', "\\|")
}

/// `first line…` of a note's text, for one-line views.
pub fn first_line(text: &str) -> String {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim();
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

/// A release's date (`2021-09-15`), when the date sources give one; planned or not.
pub fn date(history: &k8s_changelog::History, release: &k8s_changelog::Release) -> Option<String> {
    history.date(&release.semver).map(|d| d.date.to_string())
}

/// `v1.22.2 (2021-09-15)`, `v1.22.0-beta.0 (2021-06-22, planned)` for a schedule's date, or
/// the bare tag when its date is unknown.
pub fn release_label(history: &k8s_changelog::History, release: &k8s_changelog::Release) -> String {
    match history.date(&release.semver) {
        Some(d) if d.planned => format!("{} ({}, planned)", release.version, d.date),
        Some(d) => format!("{} ({})", release.version, d.date),
        None => release.version.clone(),
    }
}

/// `1 note`, `3 notes`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Doc {
        let mut doc = Doc::default();
        doc.title("Upgrade");
        doc.heading("Bugs");
        let mut grid = Grid::new(&["PR", "note"]);
        grid.push(vec![
            Field::pr(1),
            Field::from("a | b\nsecond").tone(Tone::Bad),
        ]);
        doc.grid(grid);
        doc.push(Block::List(vec!["one\n\n```\ncode\n```".into()]));
        doc
    }

    #[test]
    fn markdown_links_escapes_and_indents() {
        assert_eq!(
            sample().to_markdown(),
            "# Upgrade\n\n## Bugs\n\n| PR | note |\n| --- | --- |\n\
             | [#1](https://github.com/kubernetes/kubernetes/pull/1) | a \\| b second |\n\n\
             - one\n\n  ```\n  code\n  ```\n"
        );
    }

    #[test]
    fn text_has_colour_only_when_asked() {
        let plain = sample().to_text(Terminal::default());
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(plain.contains("• one"));
        let coloured = sample().to_text(Terminal {
            color: true,
            width: Some(80),
        });
        assert!(coloured.contains("\x1b["));
    }

    #[test]
    fn first_lines_mark_what_they_leave_out() {
        assert_eq!(first_line("one\n\ntwo"), "one …");
        assert_eq!(first_line("  one  "), "one");
    }
}
