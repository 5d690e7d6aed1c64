//! `netcalc filter`: the grepcidr job. Lines pass through untouched; only the address field is
//! parsed, and matched against a [`NetSet`].

use std::fs::File;
use std::io::{self, Read, Write};

use crate::cli::FilterArgs;
use crate::commands::{ERROR, NO, YES, stream_err, warn, write_err};
use crate::i18n::t;
use netcalc::addr::parse_net;
use netcalc::bulk::{Event, Line, for_each_event, trim_cr};
use netcalc::error::{Error, Result};
use netcalc::subnet::{NetSet, require_network};

/// Per-line errors shown before only a count is kept.
const SHOWN_ERRORS: u64 = 10;

/// The `n`th (1-based) field separated by runs of spaces and tabs.
#[inline]
fn field(line: &[u8], n: u32) -> &[u8] {
    let mut rest = line;
    let mut k = 1;
    loop {
        let start = rest.iter().position(|b| *b != b' ' && *b != b'\t').unwrap_or(rest.len());
        rest = &rest[start..];
        let end = memchr::memchr2(b' ', b'\t', rest).unwrap_or(rest.len());
        if k == n || rest.is_empty() {
            return &rest[..end];
        }
        rest = &rest[end..];
        k += 1;
    }
}

/// Writes what is gathered and flushes: the input is about to be waited for.
#[cold]
fn drain(out: &mut dyn Write, buf: &mut Vec<u8>) -> io::Result<()> {
    out.write_all(buf)?;
    buf.clear();
    out.flush()
}

pub(crate) fn run(args: &FilterArgs, out: &mut dyn Write) -> Result<u8> {
    let mut nets = Vec::new();
    for text in args.nets.split(',') {
        nets.push(require_network(parse_net(text)?, text)?);
    }
    let set = NetSet::new(nets);
    let input: Box<dyn Read> = match &args.file {
        Some(p) if p.as_os_str() != "-" => Box::new(File::open(p).map_err(|e| Error::Io {
            context: t!("cannot-open", path = p.display().to_string()),
            source: e,
        })?),
        _ => Box::new(io::stdin().lock()),
    };
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
    let (mut lineno, mut printed, mut bad) = (0u64, 0u64, 0u64);
    let res = for_each_event(input, |event| {
        let line = match event {
            Event::Line(l) => l,
            Event::Drained => return drain(out, &mut buf),
        };
        lineno += 1;
        let text = match line {
            Line::Text(t) => t,
            Line::TooLong(_) => {
                bad += 1;
                if !args.ignore_invalid && bad <= SHOWN_ERRORS {
                    warn(t!("filter-too-long", line = lineno));
                }
                return Ok(());
            }
        };
        let f = field(trim_cr(text), args.field);
        let hit = match netcalc::addr::parse_addr_bytes(f) {
            Ok(a) => set.contains(a),
            Err(p) => {
                if !args.ignore_invalid {
                    bad += 1;
                    if bad <= SHOWN_ERRORS {
                        warn(t!(
                            "filter-bad-line",
                            line = lineno,
                            field = args.field,
                            problem = super::errors::problem(p),
                            text = format!("{:?}", String::from_utf8_lossy(f))
                        ));
                    }
                }
                false
            }
        };
        if hit != args.invert {
            printed += 1;
            buf.extend_from_slice(text);
            buf.push(b'\n');
            if buf.len() >= 1 << 16 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        Ok(())
    });
    let flushed = out.write_all(&buf);
    match res {
        Err(e) => return Err(stream_err(e, &t!("reading-input"))),
        Ok(()) => flushed.map_err(write_err)?,
    }
    if bad > 0 && !args.ignore_invalid {
        out.flush().map_err(write_err)?;
        warn(t!("filter-bad-summary", bad = bad, lines = lineno, field = args.field));
        return Ok(ERROR);
    }
    Ok(if printed > 0 { YES } else { NO })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(field(b"10.0.0.1 GET /", 1), b"10.0.0.1");
        assert_eq!(field(b"  a\t\tb c", 2), b"b");
        assert_eq!(field(b"a b", 5), b"");
        assert_eq!(field(b"", 1), b"");
    }
}
