//! Streaming line input for the bulk commands: large reads, lines handed out as byte slices
//! without copying or UTF-8 checks, memory bounded by the longest line allowed.

use std::io::{self, Read};

/// Lines longer than this are reported and skipped rather than buffered.
pub const MAX_LINE: usize = 1 << 20;

const CHUNK: usize = 256 * 1024;

/// A line of input, without its `\n` (a `\r` before it is kept: see [`trim_cr`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// A whole line.
    Text(&'a [u8]),
    /// A line longer than [`MAX_LINE`]; its first bytes, the rest discarded.
    TooLong(&'a [u8]),
}

/// Where a line stream stopped: the reader failed, or the handler did (typically in writing
/// its output). Kept apart so that a full disk is not reported as an input problem.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Reading the input failed.
    #[error("reading input: {0}")]
    Read(#[source] io::Error),
    /// The handler returned this error; the stream stopped there.
    #[error("{0}")]
    Handler(#[source] io::Error),
}

/// Calls `f` with each line of `input`, in order; the last line needs no newline. Stops at the
/// first error `f` or the reader returns, saying which ([`StreamError`]).
///
/// ```
/// use netcalc::bulk::{for_each_line, Line};
/// let mut seen = Vec::new();
/// for_each_line(&b"a\nb\r\n\nc"[..], |l| {
///     if let Line::Text(t) = l { seen.push(t.to_vec()) }
///     Ok(())
/// }).unwrap();
/// assert_eq!(seen, [b"a".to_vec(), b"b\r".to_vec(), b"".to_vec(), b"c".to_vec()]);
/// ```
pub fn for_each_line<R: Read>(
    input: R,
    mut f: impl FnMut(Line<'_>) -> io::Result<()>,
) -> Result<(), StreamError> {
    for_each_event(input, |e| match e {
        Event::Line(l) => f(l),
        Event::Drained => Ok(()),
    })
}

/// What [`for_each_event`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The next line.
    Line(Line<'a>),
    /// Every line read so far has been handed out and the next read may block: flush output
    /// now, so that it keeps up with slow input (`tail -f log | netcalc filter`), while a file
    /// is still read and written in large pieces.
    Drained,
}

/// [`for_each_line`], also reporting [`Event::Drained`] before each read.
pub fn for_each_event<R: Read>(
    mut input: R,
    mut f: impl FnMut(Event<'_>) -> io::Result<()>,
) -> Result<(), StreamError> {
    let mut f = |e: Event<'_>| f(e).map_err(StreamError::Handler);
    let mut buf = vec![0u8; CHUNK];
    let (mut start, mut end) = (0usize, 0usize);
    let mut skipping = false;
    loop {
        // One SIMD scan over the chunk, rather than a call per line.
        let base = start;
        for nl in memchr::memchr_iter(b'\n', &buf[base..end]).map(|i| i + base) {
            if skipping {
                skipping = false;
            } else {
                f(Event::Line(Line::Text(&buf[start..nl])))?;
            }
            start = nl + 1;
        }
        if start > 0 {
            buf.copy_within(start..end, 0);
            end -= start;
            start = 0;
        }
        if end == buf.len() {
            if buf.len() < MAX_LINE {
                buf.resize((buf.len() * 2).min(MAX_LINE), 0);
            } else {
                if !skipping {
                    f(Event::Line(Line::TooLong(&buf[..80])))?;
                }
                skipping = true;
                end = 0;
            }
        }
        f(Event::Drained)?;
        let n = match input.read(&mut buf[end..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(StreamError::Read(e)),
        };
        if n == 0 {
            if end > 0 && !skipping {
                f(Event::Line(Line::Text(&buf[..end])))?;
            }
            return Ok(());
        }
        end += n;
    }
}

/// A line without one trailing `\r` (one trailing CR/LF is the line end).
#[inline]
pub fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}
