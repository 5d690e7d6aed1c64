//! `netcalc aggregate`: the fewest CIDR blocks covering exactly the inputs (less `--exclude`).

use std::io::{self, Write};

use crate::cli::AggregateArgs;
use crate::commands::{ERROR, YES, guard, reads_stdin, stream_err, warn, write_err};
use crate::output::Style;
use netcalc::addr::parse_net;
use netcalc::bulk::{Line, for_each_line, trim_cr};
use netcalc::error::{Error, Result};
use netcalc::subnet::{self, require_network};

use super::*;

pub(crate) fn aggregate(args: &AggregateArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let mut holes = Vec::new();
    for text in &args.exclude {
        holes.push(network_arg(text)?);
    }
    let mut nets = Vec::new();
    let mut bad = 0u64;
    let mut line = 0u64;
    let mut take = |text: &[u8]| {
        line += 1;
        let text = String::from_utf8_lossy(text);
        let parsed = parse_net(&text)
            .map_err(Error::from)
            .and_then(|n| if args.truncate { Ok(n.trunc()) } else { require_network(n, &text) });
        match parsed {
            Ok(n) => nets.push(n),
            Err(e) => {
                bad += 1;
                if bad <= 10 {
                    warn(crate::i18n::t!(
                        "aggregate-bad-input",
                        line = line,
                        error = crate::commands::describe(&e)
                    ));
                }
            }
        }
    };
    for a in args.nets.iter().filter(|a| *a != "-") {
        take(a.as_bytes());
    }
    if reads_stdin(&args.nets) {
        for_each_line(io::stdin().lock(), |l| {
            match l {
                Line::Text(t) => take(trim_cr(t)),
                Line::TooLong(t) => take(t),
            }
            Ok(())
        })
        .map_err(|e| stream_err(e, &crate::i18n::t!("reading-stdin")))?;
    }
    let result = subnet::aggregate(nets, &holes);
    guard(style, Some(result.len() as u128), args.force)?;
    let mut list = NetList::new(out, args.json, style, false);
    for n in result {
        list.push_net(n).map_err(write_err)?;
    }
    list.finish().map_err(write_err)?;
    if bad > 0 {
        out.flush().map_err(write_err)?;
        warn(crate::i18n::t!("aggregate-bad-summary", bad = bad, inputs = line));
        return Ok(ERROR);
    }
    Ok(YES)
}
