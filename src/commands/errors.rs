//! The binary's wording of the library's errors, in this run's language: the library says what
//! was wrong with which values; here it is said with the option a user would change, through
//! the catalogues (`error-*` in `data/i18n/*.ftl`).

use std::io;

use netcalc::error::{Error, Invalid};
use netcalc::lan::SetupError;

use crate::i18n::t;

/// The message for `e`, as printed after `netcalc: `.
pub(crate) fn describe(e: &Error) -> String {
    match e {
        Error::Parse(p) => {
            t!("error-parse", problem = problem(p.problem), input = netcalc::error::shown(&p.input))
        }
        Error::Invalid(i) => invalid(i),
        Error::Message(m) => m.clone(),
        Error::Io { context, source } => t!("error-io", context = context, error = io_words(source)),
        other => other.to_string(),
    }
}

/// An I/O error in this run's language: what the system said, and in Chinese the kind of
/// failure in the notes' words with the system's own text (English, from the C library) in
/// parentheses.
pub(crate) fn io_words(e: &io::Error) -> String {
    use io::ErrorKind::*;
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return e.to_string();
    }
    let key = match e.kind() {
        NotFound => "io-not-found",
        PermissionDenied => "io-permission-denied",
        AlreadyExists => "io-already-exists",
        IsADirectory => "io-is-a-directory",
        NotADirectory => "io-not-a-directory",
        StorageFull => "io-storage-full",
        ConnectionRefused => "io-connection-refused",
        ConnectionReset => "io-connection-reset",
        ConnectionAborted => "io-connection-aborted",
        BrokenPipe => "io-broken-pipe",
        TimedOut => "io-timed-out",
        AddrInUse => "io-addr-in-use",
        AddrNotAvailable => "io-addr-not-available",
        HostUnreachable => "io-host-unreachable",
        NetworkUnreachable => "io-network-unreachable",
        InvalidData => "io-invalid-data",
        UnexpectedEof => "io-unexpected-eof",
        Interrupted => "io-interrupted",
        _ => "io-other",
    };
    crate::i18n::tr(key, &[("error", e.to_string().into())])
}

/// clap's usage error in this run's language, for Chinese (`None`: English, or a kind clap
/// words best itself): what was wrong with which argument, a suggestion if clap has one, the
/// usage line, and where to read more. The exit code stays clap's.
pub(crate) fn usage_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if crate::i18n::lang() != crate::i18n::Lang::Zh {
        return None;
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => {
            Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "))
        }
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = || get(ContextKind::InvalidArg).unwrap_or_default();
    let value = || get(ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => t!("usage-unknown-argument", arg = arg()),
        ErrorKind::InvalidSubcommand => {
            t!("usage-unknown-subcommand", name = get(ContextKind::InvalidSubcommand)?)
        }
        ErrorKind::InvalidValue if value().is_empty() => t!("usage-missing-value", arg = arg()),
        ErrorKind::InvalidValue => t!("usage-invalid-value", value = value(), arg = arg()),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            t!("usage-value-validation", value = value(), arg = arg(), why = why)
        }
        ErrorKind::ArgumentConflict => {
            t!("usage-conflict", arg = arg(), other = get(ContextKind::PriorArg).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => t!("usage-missing-argument", args = arg()),
        ErrorKind::TooManyValues => t!("usage-too-many-values", value = value(), arg = arg()),
        ErrorKind::NoEquals => t!("usage-no-equals", arg = arg()),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => t!("usage-number-of-values", arg = arg()),
        ErrorKind::InvalidUtf8 => t!("usage-invalid-utf8"),
        _ => return None,
    };
    if let Some(valid) = get(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        text.push_str(&t!("usage-possible-values", values = valid));
    }
    if let Some(s) = get(ContextKind::SuggestedArg).or_else(|| get(ContextKind::SuggestedSubcommand)) {
        text.push_str(&t!("usage-did-you-mean", suggestion = s));
    }
    let mut out = t!("usage-error", text = text);
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).trim().to_string();
        out.push_str("\n\n");
        out.push_str(&t!("usage-usage", usage = usage));
    }
    out.push_str("\n\n");
    out.push_str(&t!("usage-more"));
    Some(out)
}

/// A MAC address that did not parse, in this run's language.
pub(crate) fn mac_words(e: &netcalc::mac::MacParseError) -> String {
    let reason = match e.reason {
        "empty MAC address" => t!("mac-error-empty"),
        "non-ASCII character" => t!("mac-error-non-ascii"),
        "a MAC without separators has 12 hex digits" => t!("mac-error-digits"),
        "bad hex digit" => t!("mac-error-hex"),
        "mixed or unexpected separators" => t!("mac-error-separators"),
        "expected 6 octets" => t!("mac-error-octets"),
        "each octet is 1 or 2 hex digits" => t!("mac-error-octet-length"),
        "the dotted form is three groups of 4 hex digits" => t!("mac-error-dotted"),
        "unexpected character" => t!("mac-error-character"),
        other => other.to_string(),
    };
    t!("mac-error", reason = reason, input = format!("{:?}", e.input))
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

/// A problem's words, or the library's English for one the catalogue lacks.
pub(crate) fn problem(p: netcalc::error::Problem) -> String {
    problem_words(p).unwrap_or_else(|| p.to_string())
}

fn invalid(i: &Invalid) -> String {
    match i {
        Invalid::MixedFamilies { a, b } => t!("error-mixed-families", a = a.to_string(), b = b.to_string()),
        Invalid::NoMask { example } if example.is_ipv6() => {
            t!("error-no-prefix-v6", example = example.to_string())
        }
        Invalid::NoMask { example } => t!("error-no-mask", example = example.to_string()),
        Invalid::MaskFamily { prefix, problem: p, .. } => {
            t!("error-mask-option", problem = problem(*p), prefix = *prefix)
        }
        Invalid::HostBitsSet { network, input } => {
            t!("error-host-bits-set", network = network.to_string(), input = format!("{input:?}"))
        }
        Invalid::RangeReversed { first, last } => {
            t!("error-range-reversed", first = first.to_string(), last = last.to_string())
        }
        Invalid::PrefixTooLong { prefix, width } => {
            t!("error-prefix-too-long", prefix = *prefix, width = *width)
        }
        Invalid::SplitShorter { network, prefix, width } => t!(
            "error-split-shorter",
            network = network.to_string(),
            prefix = *prefix,
            own = network.prefix_len(),
            width = *width
        ),
        Invalid::ZeroCount => t!("error-zero-count"),
        Invalid::TooManySubnets { network, count, width } => t!(
            "error-too-many-subnets",
            network = network.to_string(),
            count = count.to_string(),
            bits = width - network.prefix_len(),
            width = *width
        ),
        Invalid::ZeroHosts { name } => t!("error-zero-hosts", name = name),
        Invalid::RequestTooLarge { name, hosts, network, usable } => t!(
            "error-request-too-large",
            name = name,
            hosts = hosts.to_string(),
            network = network.to_string(),
            usable = usable
        ),
        Invalid::PlanTooLarge { needed, available, network } => t!(
            "error-plan-too-large",
            needed = needed.to_string(),
            network = network.to_string(),
            available = available.to_string(),
            short = (needed - available).to_string()
        ),
        Invalid::PlanBeyondTheSpace { network } => t!("error-plan-beyond", network = network.to_string()),
        Invalid::Lan(e) => lan(e),
        other => other.to_string(),
    }
}

fn lan(e: &SetupError) -> String {
    match e {
        SetupError::GatewayNotUsable { gateway, subnet, first, last } => t!(
            "error-gateway-not-usable",
            gateway = *gateway,
            subnet = subnet.to_string(),
            first = *first,
            last = *last
        ),
        SetupError::HostCount { hosts, max } => t!("error-host-count", max = *max, hosts = *hosts),
        SetupError::TooManyHosts { asked, subnet, room, beside_gateway, suggest } => {
            let (asked, subnet, suggest) = (*asked, subnet.to_string(), suggest.to_string());
            if *beside_gateway {
                t!(
                    "error-too-many-hosts-gateway",
                    asked = asked,
                    subnet = subnet,
                    room = *room,
                    suggest = suggest
                )
            } else {
                t!("error-too-many-hosts", asked = asked, subnet = subnet, room = *room, suggest = suggest)
            }
        }
        SetupError::AllPairsTooLarge { hosts, gib, max } => {
            t!("error-all-pairs-too-large", hosts = *hosts, gib = *gib, max = thousands(*max))
        }
        SetupError::SegmentCount { segments, max } => {
            t!("error-segment-count", max = *max, segments = *segments)
        }
        SetupError::GatewayWithSegments => t!("error-gateway-with-segments"),
        SetupError::SegmentsWithoutHosts { segments, hosts } => {
            t!("error-segments-without-hosts", segments = *segments, hosts = *hosts)
        }
        SetupError::SegmentsPastTheEnd { subnet, segments } => {
            t!("error-segments-past-the-end", segments = *segments, subnet = subnet.to_string())
        }
        SetupError::AllPairsNeedsTwo => t!("error-all-pairs-needs-two"),
        SetupError::NothingToPing => t!("error-nothing-to-ping"),
        SetupError::NoSuchHost { number, hosts } => {
            t!("error-no-such-host", number = *number, hosts = *hosts)
        }
        SetupError::NotAHost { ip, hosts } => t!("error-not-a-host", ip = *ip, hosts = *hosts),
        SetupError::NoRouteFor { ip, subnet } => {
            t!("error-no-route-for", ip = *ip, subnet = subnet.to_string(), broadcast = subnet.broadcast())
        }
        SetupError::OffSubnet { ip, subnet } => t!("error-off-subnet", ip = *ip, subnet = subnet.to_string()),
        other => other.to_string(),
    }
}

/// `18000` as `18,000`.
pub(crate) fn thousands(n: usize) -> String {
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
