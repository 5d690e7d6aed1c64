//! The library's error types.
//!
//! [`ParseError`] is what every parser returns: the problem (which says what was wrong and what
//! would be valid) and the input it was found in. [`Invalid`] is a request that cannot be met
//! (mixed families, a plan that does not fit, a simulation that cannot be built), with the
//! values involved and never a command-line flag. [`Error`] gathers them with I/O. The binary
//! words each one and exits with code 2.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

/// What was wrong with an address, prefix or mask, without the input (so that the hot bulk path
/// can report a problem without allocating).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The input is empty.
    Empty,
    /// The input contains a space, tab or other whitespace.
    Whitespace,
    /// The input contains a byte outside ASCII (fullwidth digits, zero-width spaces...).
    NonAscii,
    /// The input contains a control character such as NUL.
    Control,
    /// Longer than any valid address (45 characters for IPv6).
    TooLong,
    /// An IPv4 address without exactly four dotted parts (`127.1`, `1.2.3`, `2130706433`).
    Ipv4PartCount(u8),
    /// An IPv4 octet with a leading zero (`010`): octal or decimal is ambiguous.
    Ipv4LeadingZero(u8),
    /// An IPv4 octet above 255.
    Ipv4OctetRange(u8),
    /// An IPv4 octet that is empty (`1..2.3`, `.1.2.3`).
    Ipv4EmptyOctet(u8),
    /// A hexadecimal IPv4 form (`0x7f.0.0.1`).
    Ipv4Hex,
    /// An IPv4 address with a character that is neither digit nor dot.
    Ipv4Char,
    /// An IPv6 zone ID (`fe80::1%eth0`).
    Ipv6Zone,
    /// More than one `::`.
    Ipv6DoubleColons,
    /// A group of more than four hex digits.
    Ipv6GroupLength,
    /// An empty group (a single leading or trailing colon, `1:::2`).
    Ipv6EmptyGroup,
    /// The wrong number of groups.
    Ipv6GroupCount,
    /// A character that has no place in IPv6 text.
    Ipv6Char,
    /// The dotted IPv4 tail of an IPv6 address is invalid, or not at the end.
    Ipv6EmbeddedIpv4,
    /// A prefix length that is not a decimal number.
    PrefixSyntax,
    /// A prefix length above the family's maximum (32 or 128).
    PrefixRange(u8),
    /// A dotted mask whose ones are not contiguous; the 1-based position of the first bad bit.
    MaskNotContiguous(u8),
    /// A mask of the other family than the address.
    MaskFamily,
    /// A network (`ADDR/PREFIX`) where only an address is accepted.
    PrefixNotAllowed,
    /// Neither an IPv4 nor an IPv6 address.
    NotAnAddress,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        const V4: &str = "an IPv4 address is four decimal octets 0-255, e.g. 192.168.1.10";
        match *self {
            Empty => write!(f, "empty address; expected e.g. 192.168.1.10 or 2001:db8::1"),
            Whitespace => write!(f, "whitespace in address (remove it)"),
            NonAscii => write!(
                f,
                "non-ASCII character in address (only ASCII digits, a-f, '.', ':' and '/' are valid)"
            ),
            Control => write!(f, "control character in address"),
            TooLong => write!(f, "too long for an address (IPv6 text is at most 45 characters)"),
            Ipv4PartCount(n) => write!(
                f,
                "IPv4 address has {n} part{} (short and integer forms are not accepted); {V4}",
                if n == 1 { "" } else { "s" }
            ),
            Ipv4LeadingZero(i) => write!(
                f,
                "octet {i} has a leading zero (octal or decimal is ambiguous, so it is rejected); {V4}"
            ),
            Ipv4OctetRange(i) => write!(f, "octet {i} is above 255; {V4}"),
            Ipv4EmptyOctet(i) => write!(f, "octet {i} is empty; {V4}"),
            Ipv4Hex => write!(f, "hexadecimal IPv4 forms are not accepted; {V4}"),
            Ipv4Char => write!(f, "unexpected character in IPv4 address; {V4}"),
            Ipv6Zone => {
                write!(f, "IPv6 zone IDs (%eth0) are not accepted; give the address without its zone")
            }
            Ipv6DoubleColons => write!(f, "more than one '::' in IPv6 address (at most one is allowed)"),
            Ipv6GroupLength => write!(f, "IPv6 group longer than 4 hex digits"),
            Ipv6EmptyGroup => write!(f, "empty IPv6 group (a lone ':' at the start or end, or ':::')"),
            Ipv6GroupCount => {
                write!(f, "wrong number of IPv6 groups (8 groups, or fewer with one '::', e.g. 2001:db8::1)")
            }
            Ipv6Char => write!(f, "unexpected character in IPv6 address (hex digits, ':' and '.')"),
            Ipv6EmbeddedIpv4 => write!(
                f,
                "invalid embedded IPv4 in IPv6 address (four decimal octets, last, e.g. ::ffff:192.0.2.1)"
            ),
            PrefixSyntax => write!(
                f,
                "invalid prefix (a decimal length like /24, or for IPv4 a dotted mask like /255.255.255.0)"
            ),
            PrefixRange(max) => write!(f, "prefix length out of range (0-{max})"),
            MaskNotContiguous(bit) => write!(
                f,
                "mask is not contiguous: bit {bit} is 1 after a 0 (a mask is ones then zeros, e.g. 255.255.255.0)"
            ),
            MaskFamily => write!(f, "mask and address are of different families"),
            PrefixNotAllowed => write!(f, "expected an address, not a network (drop the /prefix)"),
            NotAnAddress => write!(f, "not an IP address; expected e.g. 192.168.1.10 or 2001:db8::1"),
        }
    }
}

/// A parse failure: what was wrong, and the input it was found in.
///
/// ```
/// let err = netcalc::addr::parse_addr("010.0.0.1").unwrap_err();
/// assert!(err.to_string().contains("leading zero"));
/// assert!(err.to_string().ends_with("\"010.0.0.1\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}: {}", shown(.input))]
pub struct ParseError {
    /// What was wrong.
    pub problem: Problem,
    /// The text it was found in.
    pub input: String,
}

impl ParseError {
    /// A parse error for `input`.
    pub fn new(problem: Problem, input: impl Into<String>) -> Self {
        ParseError { problem, input: input.into() }
    }
}

/// The input as shown in a message: quoted, escaped, and cut if very long.
///
/// ```
/// assert_eq!(netcalc::error::shown("1.2.3"), "\"1.2.3\"");
/// ```
pub fn shown(input: &str) -> String {
    const MAX: usize = 80;
    if input.chars().count() > MAX {
        let head: String = input.chars().take(MAX).collect();
        format!("{head:?}... ({} characters)", input.chars().count())
    } else {
        format!("{input:?}")
    }
}

/// A request that is well-formed but cannot be met, as a value: the binary words it (naming
/// its own flags), and this `Display` is a plain default for other callers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Invalid {
    /// Two addresses of different families where one family is needed.
    #[error("mixed address families: {a} and {b}")]
    MixedFamilies {
        /// The first address.
        a: IpAddr,
        /// The second address.
        b: IpAddr,
    },
    /// `same-subnet` with no prefix on either host and no mask.
    #[error("no mask given for {example} and the other host")]
    NoMask {
        /// The second host, as an example to write with a prefix.
        example: IpAddr,
    },
    /// A mask that does not fit the addresses' family.
    #[error("mask /{prefix} does not fit {family} addresses: {problem}")]
    MaskFamily {
        /// The mask as a prefix length.
        prefix: u8,
        /// "IPv4" or "IPv6".
        family: &'static str,
        /// What was wrong.
        problem: Problem,
    },
    /// A network written with host bits set.
    #[error("host bits set in network (did you mean {network}?): {input:?}")]
    HostBitsSet {
        /// The network that was probably meant.
        network: IpNet,
        /// What was written.
        input: String,
    },
    /// A range whose first address is after its last.
    #[error("FIRST is after LAST: {first} > {last} (swap them: {last} {first})")]
    RangeReversed {
        /// The first address given.
        first: IpAddr,
        /// The last address given.
        last: IpAddr,
    },
    /// Splitting into a prefix longer than the family allows.
    #[error("prefix /{prefix} is longer than /{width}")]
    PrefixTooLong {
        /// The prefix asked for.
        prefix: u8,
        /// The family's width.
        width: u8,
    },
    /// Splitting into a prefix shorter than the network's own.
    #[error("cannot split {network} into /{prefix}: that is shorter than /{} (choose /{} to /{width})", .network.prefix_len(), .network.prefix_len())]
    SplitShorter {
        /// The network.
        network: IpNet,
        /// The prefix asked for.
        prefix: u8,
        /// The family's width.
        width: u8,
    },
    /// Splitting into zero subnets.
    #[error("the subnet count must be at least 1")]
    ZeroCount,
    /// Splitting into more subnets than the network has addresses.
    #[error("{network} cannot be split into {count} subnets: it holds at most 2^{} (/{width} each)", .width - .network.prefix_len())]
    TooManySubnets {
        /// The network.
        network: IpNet,
        /// The count asked for.
        count: u128,
        /// The family's width.
        width: u8,
    },
    /// A VLSM request for no hosts.
    #[error("request {name} asks for 0 hosts")]
    ZeroHosts {
        /// The request's name.
        name: String,
    },
    /// A VLSM request larger than the whole network.
    #[error("request {name} for {hosts} hosts does not fit in {network} ({usable} usable at most)")]
    RequestTooLarge {
        /// The request's name.
        name: String,
        /// The hosts it asks for.
        hosts: u128,
        /// The network.
        network: IpNet,
        /// The network's usable host count, in decimal.
        usable: String,
    },
    /// A VLSM plan that needs more addresses than the network has.
    #[error("the plan needs {needed} addresses but {network} has {available}: short by {} (use a larger network or fewer hosts)", .needed - .available)]
    PlanTooLarge {
        /// Addresses the plan needs.
        needed: u128,
        /// Addresses the network has.
        available: u128,
        /// The network.
        network: IpNet,
    },
    /// A VLSM plan that needs more addresses than a u128 counts (more than 2^128).
    #[error(
        "the plan needs more addresses than {network} (or any network) has: use fewer or smaller requests"
    )]
    PlanBeyondTheSpace {
        /// The network.
        network: IpNet,
    },
    /// A simulation whose setup cannot be built (`crate::lan`).
    #[error(transparent)]
    Lan(#[from] crate::lan::SetupError),
}

/// A command's error. The binary prints it as `netcalc: <error>` and exits with code 2.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument or input line did not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The request is well-formed but cannot be met.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// A message worded by the caller (the binary's checks of its own options).
    #[error("{0}")]
    Message(String),
    /// Reading input or writing output failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// An [`Error::Message`] from anything printable.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Message(msg.into())
    }
}

impl From<crate::lan::SetupError> for Error {
    fn from(e: crate::lan::SetupError) -> Self {
        Error::Invalid(Invalid::Lan(e))
    }
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
