//! `netcalc contains`: is each address or network inside NET? Exit 0 if all are.

use std::io::Write;

use ipnet::IpNet;
use serde::Serialize;

use crate::cli::ContainsArgs;
use crate::commands::{NO, YES, write_err};
use crate::i18n::t;
use crate::output::{Style, json_line};
use netcalc::addr::parse_prefixed;
use netcalc::error::{Error, Result};
use netcalc::subnet::{self, NetSet};

use super::*;

#[derive(Serialize)]
struct ContainsItem<'a> {
    input: &'a str,
    inside: bool,
}

#[derive(Serialize)]
struct ContainsAnswer<'a> {
    network: IpNet,
    all_inside: bool,
    items: Vec<ContainsItem<'a>>,
}

pub(crate) fn contains(args: &ContainsArgs, out: &mut dyn Write, style: Style) -> Result<u8> {
    let net = network_arg(&args.net)?;
    let outer = NetSet::new([net]);
    let mut items = Vec::with_capacity(args.items.len());
    for text in &args.items {
        let p = parse_prefixed(text)?;
        if p.addr.is_ipv4() != net.addr().is_ipv4() {
            return Err(Error::invalid(t!(
                "contains-mixed",
                text = format!("{text:?}"),
                net = net.to_string()
            )));
        }
        let inner = p.with_default(subnet::width(p.addr));
        if p.prefix.is_some() {
            // A network written with host bits set is refused, as for every NET.
            netcalc::subnet::require_network(inner, text)?;
        }
        let inside = outer.contains_net(inner);
        items.push(ContainsItem { input: text, inside });
    }
    let all_inside = items.iter().all(|i| i.inside);
    let answer = ContainsAnswer { network: net, all_inside, items };
    if args.json {
        json_line(out, &answer).map_err(write_err)?;
    } else {
        for i in &answer.items {
            let verdict = if i.inside {
                style.green(&t!("list-inside", net = net.to_string()))
            } else {
                style.red(&t!("list-not-inside", net = net.to_string()))
            };
            writeln!(out, "{:<18} {verdict}", i.input).map_err(write_err)?;
        }
    }
    Ok(if all_inside { YES } else { NO })
}
