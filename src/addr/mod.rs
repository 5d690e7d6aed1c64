//! Addresses: strict parsing, classification against the IANA registries, and text forms.

pub mod classify;
mod format;
pub mod parse;

pub use format::{binary, binary_with_boundary, expanded, hex, reverse_dns};
pub use parse::{
    Mask, Prefixed, parse_addr, parse_addr_bytes, parse_ipv4_bytes, parse_ipv6_bytes, parse_mask, parse_net,
    parse_prefixed,
};
