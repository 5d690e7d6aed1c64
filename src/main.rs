//! The `netcalc` binary: parse the command line, run the command, map errors to exit codes.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use netcalc::Error;

use crate::cli::Cli;
use crate::commands::{ERROR, YES, describe, run};
use crate::output::Style;

mod cli;
mod commands;
mod i18n;
mod output;

fn main() -> ExitCode {
    // `--lang` is taken out before clap parses: as a clap global it would be copied into every
    // subcommand at every start (BENCHMARKS.md).
    let (args, lang) = match i18n::take_lang(std::env::args_os()) {
        Ok(found) => found,
        Err(bad) => {
            let _ = writeln!(
                io::stderr(),
                "error: invalid value '{bad}' for '--lang <LANG>'\n  [possible values: en, zh]"
            );
            return ExitCode::from(ERROR);
        }
    };
    // The language is known before clap parses (`--lang` was taken out above), so that a
    // usage error can be worded in it.
    i18n::choose(i18n::detect(lang, |v| std::env::var(v).ok()));
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(clap_exit(&e)),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = run(cli.command, &mut out, Style::detect(cli.color.unwrap_or(cli::ColorWhen::Auto)));
    let flushed = out.flush();
    let broken = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    let code = match (result, flushed) {
        (Err(Error::Io { source, .. }), _) if broken(&source) => YES,
        (Ok(_), Err(e)) => write_failed(&e),
        (_, Err(e)) if broken(&e) => YES,
        (Ok(code), Ok(())) => code,
        (Err(e), _) => {
            let _ = writeln!(io::stderr(), "netcalc: {}", describe(&e));
            ERROR
        }
    };
    ExitCode::from(code)
}

/// Prints clap's help, version or usage error and picks the exit code: 0 for help and version
/// (2 if they could not be written: a full disk is not success), 2 for a usage error.
fn clap_exit(e: &clap::Error) -> u8 {
    if let Some(words) = commands::errors::usage_error(e) {
        let _ = writeln!(io::stderr(), "{words}");
        return u8::try_from(e.exit_code()).unwrap_or(ERROR);
    }
    let printed = e.print().and_then(|()| io::stdout().flush());
    let informational = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    match printed {
        Err(err) => write_failed(&err),
        Ok(()) if informational => YES,
        Ok(()) => u8::try_from(e.exit_code()).unwrap_or(ERROR),
    }
}

/// The exit code for output that could not be written: a closed pipe ends quietly with 0
/// (`netcalc ... | head`); anything else (a full disk) is said and is 2.
fn write_failed(e: &io::Error) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return YES;
    }
    let msg =
        i18n::t!("error-io", context = i18n::t!("writing-output"), error = commands::errors::io_words(e));
    let _ = writeln!(io::stderr(), "netcalc: {msg}");
    ERROR
}
