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

    /// A table in netcalc's look, with the given header.
    pub fn table<I, S>(&self, header: I) -> Table
    where
        I: IntoIterator<Item = S>,
        S: Into<comfy_table::Cell>,
    {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header);
        if !self.color {
            t.force_no_tty();
        }
        // COLUMNS, when set, is the width; a terminal that reports no size (a pseudo-terminal
        // nobody sized, as under `script`) gets the table at its natural width, not squeezed
        // to one character a column.
        if let Some(w) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<u16>().ok()).filter(|w| *w > 0)
        {
            t.set_width(w);
        } else if t.width().is_none_or(|w| w == 0) {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
        t
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
