//! The glue between the command line and the core: each command takes its parsed [`cli`]
//! arguments, calls the library, renders the value and returns the exit code. Nothing below
//! this layer sees clap types or prints.
//!
//! [`cli`]: crate::cli

mod arp_sim;
mod classify;
mod echo;
pub(crate) mod errors;
mod filter;
mod ifaces;
mod info;
mod lab;
mod ladder;
mod list;
mod lookup;
mod page;
mod real;
mod same_subnet;
mod tcp_sim;
mod trace;

use std::io::{self, Write};

pub(crate) use errors::describe;

use crate::cli::Command;
use crate::output::Style;
use netcalc::error::{Error, Result};

/// Exit code: success, or the answer is yes.
pub const YES: u8 = 0;
/// Exit code: the answer is no.
pub const NO: u8 = 1;
/// Exit code: an error.
pub const ERROR: u8 = 2;

/// Runs one command, writing its output to `out`; returns the exit code. Errors that end the
/// command are returned; per-line errors of bulk commands are reported as they go and give
/// [`ERROR`].
pub fn run(command: Command, out: &mut dyn Write, style: Style) -> Result<u8> {
    match command {
        Command::SameSubnet(a) => same_subnet::run(&a, out, style),
        Command::Info(a) => info::run(&a, out, style),
        Command::Classify(a) => classify::run(&a, out, style),
        Command::Filter(a) => filter::run(&a, out),
        Command::Split(a) => list::split(&a, out, style),
        Command::Aggregate(a) => list::aggregate(&a, out, style),
        Command::Range(a) => list::range(&a, out, style),
        Command::Hosts(a) => list::hosts(&a, out, style),
        Command::Contains(a) => list::contains(&a, out, style),
        Command::ArpSim(a) => arp_sim::run(&a, out, style),
        Command::Lab(a) => lab::run(&a, out, style),
        Command::TcpSim(a) => tcp_sim::run(&a, out, style),
        Command::Echo(c) => echo::run(&c, out, style),
        Command::Mac(a) => lookup::mac(&a, out, style),
        Command::Ifaces(a) => ifaces::run(&a, out, style),
        Command::Port(a) => lookup::port(&a, out, style),
        Command::Completions(a) => {
            let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(a.shell, &mut cmd, "netcalc", out);
            Ok(YES)
        }
    }
}

/// Wraps an output error.
pub(crate) fn write_err(e: io::Error) -> Error {
    Error::Io { context: crate::i18n::t!("writing-output"), source: e }
}

/// A stopped line stream as the user's error: the input failed, or writing the output did.
pub(crate) fn stream_err(e: netcalc::bulk::StreamError, reading: &str) -> Error {
    match e {
        netcalc::bulk::StreamError::Read(e) => Error::Io { context: reading.into(), source: e },
        netcalc::bulk::StreamError::Handler(e) => write_err(e),
    }
}

/// A message on standard error, `netcalc: ...`; a closed stderr is ignored.
pub(crate) fn warn(msg: impl std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "netcalc: {msg}");
}

/// The args are "read standard input" when empty or a lone `-`.
pub(crate) fn reads_stdin(args: &[String]) -> bool {
    args.is_empty() || args.iter().any(|a| a == "-")
}

/// A number of seconds from an option, checked: finite and within `0..=max`.
pub(crate) fn seconds(v: f64, what: &str, max: f64) -> Result<f64> {
    if !v.is_finite() || !(0.0..=max).contains(&v) {
        return Err(Error::invalid(crate::i18n::t!(
            "seconds-range",
            what = what,
            max = format!("{max:e}"),
            value = short_number(v)
        )));
    }
    Ok(v)
}

/// A number as the user would write it: `1e300` rather than its 301 digits.
pub(crate) fn short_number(v: f64) -> String {
    let plain = v.to_string();
    if plain.len() > 24 { format!("{v:e}") } else { plain }
}

/// Refuses to print more than a screenful by accident: over this many lines to a terminal
/// needs `--force`.
pub(crate) const TTY_LIMIT: u128 = 100_000;

pub(crate) fn guard(style: Style, lines: Option<u128>, force: bool) -> Result<()> {
    if style.tty && !force && lines.is_none_or(|n| n > TTY_LIMIT) {
        let n = lines.map_or_else(|| "2^128".to_string(), |n| n.to_string());
        return Err(Error::invalid(crate::i18n::t!("tty-guard", n = n)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_number_out_of_range_is_shown_as_written() {
        assert_eq!(super::short_number(1e300), "1e300");
        assert_eq!(super::short_number(-1e-300), "-1e-300");
        assert_eq!(super::short_number(2.5), "2.5");
        assert_eq!(super::short_number(f64::NAN), "NaN");
        assert_eq!(super::short_number(3_600_000.0), "3600000");
    }
}
