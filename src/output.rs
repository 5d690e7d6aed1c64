//! Rendering: terminal detection, colour (only on a terminal, never with `NO_COLOR`), tables
//! through comfy-table, and JSON Lines through serde.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::cli::ColorWhen;

/// How standard output is to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Standard output is a terminal (tables and guards apply).
    pub tty: bool,
    /// ANSI colour is wanted.
    pub color: bool,
}

impl Style {
    /// Detects the style of this process's standard output; `when` is `--color`.
    pub fn detect(when: ColorWhen) -> Self {
        let tty = io::stdout().is_terminal();
        let color = match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                tty && !no_color && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        };
        Style { tty, color }
    }

    /// `text` in bold.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// `text` in green.
    pub fn green(&self, text: &str) -> String {
        self.paint("32", text)
    }

    /// `text` in red.
    pub fn red(&self, text: &str) -> String {
        self.paint("31", text)
    }

    /// `text` dimmed.
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }

    /// A table in netcalc's look, with the given header: box-drawn on a terminal (ASCII
    /// unless the locale is UTF-8), never splitting a word (an address) however narrow the
    /// terminal; into a pipe, one record per line in aligned columns, no box.
    pub fn table<I, S>(&self, header: I) -> Grid
    where
        I: IntoIterator<Item = S>,
        S: Into<comfy_table::Cell>,
    {
        let mut t = Table::new();
        t.set_header(header);
        if !self.tty {
            t.load_style(presets::NOTHING)
                .set_content_arrangement(ContentArrangement::Disabled)
                .force_no_tty();
            return Grid { table: t, boxed: false, pairs: false };
        }
        t.load_style(if utf8_locale() {
            presets::UTF8_FULL_CONDENSED
        } else {
            presets::ASCII_FULL_CONDENSED
        })
        .set_content_arrangement(ContentArrangement::Dynamic);
        if !self.color {
            t.force_no_tty();
        }
        // COLUMNS, when set, is the width; a terminal that reports no size (a pseudo-terminal
        // nobody sized, as under `script`) gets the table at its natural width, not squeezed
        // to one character a column.
        if let Some(w) = columns().and_then(|w| u16::try_from(w).ok()).filter(|w| *w > 0) {
            t.set_width(w);
        } else if t.width().is_none_or(|w| w == 0) {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
        Grid { table: t, boxed: true, pairs: false }
    }

    /// A two-column table of names and values ([`Style::table`]); into a pipe it is
    /// `name: value` lines, without the header.
    pub fn pairs<I, S>(&self, header: I) -> Grid
    where
        I: IntoIterator<Item = S>,
        S: Into<comfy_table::Cell>,
    {
        Grid { pairs: true, ..self.table(header) }
    }
}

/// The width the user set in `COLUMNS`, if it is a number (it wins over the terminal's own).
pub fn columns() -> Option<usize> {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
}

/// Whether the locale (LC_ALL, else LC_CTYPE, else LANG) is UTF-8; unset is the C locale.
fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .is_some_and(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        })
}

/// A [`Table`] as netcalc prints it ([`Style::table`]); rows are added through `Deref`.
pub struct Grid {
    table: Table,
    boxed: bool,
    /// Names and values: `name: value` lines into a pipe.
    pairs: bool,
}

impl std::ops::Deref for Grid {
    type Target = Table;
    fn deref(&self) -> &Table {
        &self.table
    }
}

impl std::ops::DerefMut for Grid {
    fn deref_mut(&mut self) -> &mut Table {
        &mut self.table
    }
}

impl std::fmt::Display for Grid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.boxed && self.pairs {
            let mut first = true;
            for row in self.table.row_iter() {
                let mut cells = row.cell_iter().map(|c| c.content());
                let (name, value) = (cells.next().unwrap_or_default(), cells.next().unwrap_or_default());
                if !first {
                    f.write_str("\n")?;
                }
                first = false;
                write!(f, "{name}: {value}")?;
            }
            return Ok(());
        }
        if !self.boxed {
            // One record per line: the columns aligned, the padding at the ends trimmed.
            let text = self.table.to_string();
            let mut lines = text.lines().map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end()).peekable();
            while let Some(l) = lines.next() {
                f.write_str(l)?;
                if lines.peek().is_some() {
                    f.write_str("\n")?;
                }
            }
            return Ok(());
        }
        // No column narrower than its longest word: a narrow terminal wraps between words
        // (or lets the line run on), never inside an address.
        let mut t = self.table.clone();
        let header = self.table.header().map(|h| h.cell_iter().map(|c| c.content()).collect::<Vec<_>>());
        let columns = t.column_count();
        for i in 0..columns {
            let longest = self
                .table
                .row_iter()
                .filter_map(|r| r.cell_iter().nth(i))
                .map(|c| c.content())
                .chain(header.as_ref().and_then(|h| h.get(i).cloned()))
                .flat_map(|text| text.split_whitespace().map(|w| w.chars().count()).max())
                .max()
                .unwrap_or(0);
            if let Some(col) = t.column_mut(i) {
                col.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
                    // The width counts the padding, one space each side.
                    u16::try_from(longest + 2).unwrap_or(u16::MAX),
                )));
            }
        }
        write!(f, "{t}")
    }
}

/// Writes `value` as one line of JSON.
pub fn json_line<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// `true`/`false`/`n/a` for a tri-state flag in human output.
pub fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "n/a",
    }
}
