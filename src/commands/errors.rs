//! The binary's wording of the library's errors: the library says what was wrong with which
//! values; here it is said with the option a user would change.

use netcalc::error::{Error, Invalid};
use netcalc::lan::SetupError;

use crate::i18n::t;

/// The message for `e`, as printed after `netcalc: `: in Chinese where the catalogue has it
/// (the address parser's errors, the addressing commands' requests), else as the library and
/// this module word it in English.
pub(crate) fn describe(e: &Error) -> String {
    if crate::i18n::lang() == crate::i18n::Lang::Zh
        && let Some(text) = in_catalogue(e)
    {
        return text;
    }
    match e {
        Error::Invalid(i) => invalid(i),
        other => other.to_string(),
    }
}

/// `e` through the catalogue, if it has words for it.
fn in_catalogue(e: &Error) -> Option<String> {
    Some(match e {
        Error::Parse(p) => {
            let problem = problem_words(p.problem)?;
            t!("error-parse", problem = problem, input = netcalc::error::shown(&p.input))
        }
        Error::Invalid(Invalid::MixedFamilies { a, b }) => {
            t!("error-mixed-families", a = a.to_string(), b = b.to_string())
        }
        Error::Invalid(Invalid::NoMask { example }) if example.is_ipv6() => {
            t!("error-no-prefix-v6", example = example.to_string())
        }
        Error::Invalid(Invalid::NoMask { example }) => t!("error-no-mask", example = example.to_string()),
        _ => return None,
    })
}

/// What the address parser found wrong, in this run's language (`None`: a problem the
/// catalogue has no words for).
pub(crate) fn problem_words(p: netcalc::error::Problem) -> Option<String> {
    use netcalc::error::Problem::*;
    Some({
        match p {
            Empty => t!("error-empty"),
            Whitespace => t!("error-whitespace"),
            NonAscii => t!("error-non-ascii"),
            Control => t!("error-control"),
            TooLong => t!("error-too-long"),
            Ipv4PartCount(n) => t!("error-ipv4-parts", n = n),
            Ipv4LeadingZero(i) => t!("error-ipv4-leading-zero", octet = i),
            Ipv4OctetRange(i) => t!("error-ipv4-octet-range", octet = i),
            Ipv4EmptyOctet(i) => t!("error-ipv4-empty-octet", octet = i),
            Ipv4Hex => t!("error-ipv4-hex"),
            Ipv4Char => t!("error-ipv4-char"),
            Ipv6Zone => t!("error-ipv6-zone"),
            Ipv6DoubleColons => t!("error-ipv6-double-colons"),
            Ipv6GroupLength => t!("error-ipv6-group-length"),
            Ipv6EmptyGroup => t!("error-ipv6-empty-group"),
            Ipv6GroupCount => t!("error-ipv6-group-count"),
            Ipv6Char => t!("error-ipv6-char"),
            Ipv6EmbeddedIpv4 => t!("error-ipv6-embedded-ipv4"),
            PrefixSyntax => t!("error-prefix-syntax"),
            PrefixRange(max) => t!("error-prefix-range", max = max),
            MaskNotContiguous(bit) => t!("error-mask-not-contiguous", bit = bit),
            MaskFamily => t!("error-mask-family"),
            PrefixNotAllowed => t!("error-prefix-not-allowed"),
            NotAnAddress => t!("error-not-an-address"),
            _ => return None,
        }
    })
}

fn invalid(i: &Invalid) -> String {
    match i {
        Invalid::MixedFamilies { a, b } => {
            format!("mixed address families: {a} and {b} (compare IPv4 with IPv4, IPv6 with IPv6)")
        }
        Invalid::NoMask { example } if example.is_ipv6() => {
            format!("no prefix given: write one host with its prefix ({example}/64) or pass --mask /64")
        }
        Invalid::NoMask { example } => {
            format!(
                "no mask given: write one host with its prefix ({example}/24) or pass --mask 255.255.255.0"
            )
        }
        Invalid::MaskFamily { prefix, problem, .. } => format!("{problem}: \"--mask {prefix}\""),
        Invalid::ZeroCount => "--count must be at least 1".to_string(),
        Invalid::Lan(e) => lan(e),
        other => other.to_string(),
    }
}

fn lan(e: &SetupError) -> String {
    match e {
        SetupError::GatewayNotUsable { gateway, subnet, first, last } => {
            format!(
                "--gateway {gateway} is not a usable address of {subnet} (choose one from {first} to {last})"
            )
        }
        SetupError::HostCount { hosts, max } => format!("--hosts must be from 1 to {max}: {hosts}"),
        SetupError::TooManyHosts { asked, subnet, room, beside_gateway, suggest } => format!(
            "{asked} hosts do not fit in {subnet}: it has room for {room}{} (use a larger --subnet, e.g. {suggest})",
            if *beside_gateway { " beside the gateway" } else { "" },
        ),
        SetupError::AllPairsTooLarge { hosts, gib, max } => format!(
            "--all-pairs with {hosts} hosts fills every ARP cache with every host: about {gib} GiB; use at most {} hosts",
            thousands(*max)
        ),
        SetupError::SegmentCount { segments, max } => {
            format!("--segments must be from 1 to {max}: {segments}")
        }
        SetupError::GatewayWithSegments => {
            "--gateway is a stand-in for one segment; with --segments the router R is every host's gateway"
                .to_string()
        }
        SetupError::SegmentsWithoutHosts { segments, hosts } => {
            format!("--segments {segments} needs at least {segments} hosts (--hosts), one a segment: {hosts}")
        }
        SetupError::AllPairsNeedsTwo => "--all-pairs needs at least 2 hosts".to_string(),
        SetupError::NothingToPing => "with one host, give --ping 1:ADDRESS (through --gateway)".to_string(),
        SetupError::NoRouteFor { ip, subnet } => format!(
            "{ip}: network unreachable: Linux sends the limited broadcast and multicast by the default \
             route, and a host on {subnet} without --gateway or --segments has none (as ping says on a \
             real one); the subnet's own broadcast, {}, needs no route",
            subnet.broadcast()
        ),
        SetupError::OffSubnet { ip, subnet } => {
            format!("{ip} is outside {subnet}: add --gateway so a router can answer for it")
        }
        other => other.to_string(),
    }
}

/// `18000` as `18,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_named_where_the_library_names_none() {
        let e = Error::from(SetupError::HostCount { hosts: 0, max: 9 });
        assert_eq!(describe(&e), "--hosts must be from 1 to 9: 0");
        assert!(!e.to_string().contains("--"));
        let e = Error::from(SetupError::AllPairsTooLarge { hosts: 20_000, gib: 8, max: 18_000 });
        assert!(describe(&e).ends_with("use at most 18,000 hosts"));
    }
}
