//! `netcalc range`: the fewest CIDR blocks covering exactly FIRST..LAST.

use std::io::Write;

use crate::cli::RangeArgs;
use crate::commands::{YES, write_err};
use crate::output::Style;
use netcalc::addr::parse_addr;
use netcalc::error::{Error, Result};
use netcalc::subnet::{self};

use super::*;

pub(crate) fn range(args: &RangeArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let (first, last) = match &args.last {
        Some(l) => (parse_addr(&args.first)?, parse_addr(l)?),
        None => {
            let (f, l) = args.first.split_once('-').ok_or_else(|| {
                Error::invalid(crate::i18n::t!("range-bad", text = format!("{:?}", args.first)))
            })?;
            (parse_addr(f)?, parse_addr(l)?)
        }
    };
    let nets = subnet::range(first, last)?;
    let mut list = NetList::new(out, args.json, style, false);
    for n in nets {
        list.push_net(n).map_err(write_err)?;
    }
    list.finish().map_err(write_err)?;
    Ok(YES)
}
