//! # netcalc
//!
//! An IPv4/IPv6 addressing calculator and classifier: strict parsing, AND-masking to decide
//! whether two hosts share a subnet, network facts, subnetting, aggregation and the
//! classification of any address against the IANA special-purpose registries, fast enough for
//! millions of lines; a switched-LAN simulator; a TCP/UDP echo service. The `netcalc` binary is
//! a thin layer over this crate: it alone knows the command line, words messages and writes to
//! a terminal. The library returns values and typed errors, never prints, and needs no clap
//! (built without default features, it compiles none of the binary's dependencies).
//!
//! ```
//! use netcalc::{addr::parse_prefixed, subnet::same_subnet};
//! let a = parse_prefixed("172.16.10.1").unwrap();
//! let b = parse_prefixed("172.16.10.2/24").unwrap();
//! assert!(same_subnet(a, b, None).unwrap().same_subnet);
//! ```
//!
//! ## Layout
//! - [`addr`]: parsing (strict, allocation-free on the hot path), classification against the
//!   registries compiled in by `build.rs` from `data/`, and text forms (binary, reverse DNS).
//! - [`subnet`]: masks and networks as integers; `same-subnet`, `info`, `split` (with VLSM),
//!   `aggregate`, `range`, `hosts`.
//! - [`lan`]: the switched-LAN simulator behind `arp-sim` (wire formats, ARP cache, learning
//!   switch, event loop, pcap).
//! - [`echo`]: the TCP/UDP echo server, client and load generator (tokio).
//! - [`mac`] and [`lookup`]: the MAC address type, vendors from the IEEE registries and
//!   services by port, compiled in from `data/`.
//! - [`bulk`]: streaming line input for the bulk commands.
//! - [`error`]: the error types, as values: what went wrong and with which input, never a
//!   command-line flag. The binary words them and exits with code 2.
//!
//! The binary's own modules sit beside these in `src/` and are declared by `src/main.rs`:
//! `cli` (the clap definitions, also the source of help text and man pages), `commands` (one
//! module per command: parsed arguments in, rendered output and an exit code out) and `output`
//! (terminal detection, colour, tables, JSON Lines). They build only with the default `cli`
//! feature.

pub mod addr;
pub mod bulk;
pub mod echo;
pub mod error;
pub mod lan;
pub mod lookup;
pub mod mac;
pub mod subnet;

pub use addr::classify::{self, Category};
pub use error::{Error, Invalid, ParseError, Problem, Result};
