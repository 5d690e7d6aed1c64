//! The network lab behind `arp-sim`: hosts and routers on switches and hubs, ARP, IPv4
//! forwarding and ICMP on real frame bytes, a virtual clock, typed events and captures.
//!
//! - [`wire`]: the frame formats (parse and emit), apart from any behaviour.
//! - [`cache`]: a host's ARP cache and its states.
//! - [`switch`]: the learning switch's table and forwarding decision.
//! - [`topology`]: nodes and their interfaces, switches and hubs, and the links between them.
//! - [`sim`]: the event loop that ties them together.
//! - [`lab`]: lab files (TOML): any topology and its timed steps.
//! - [`event`]: what the simulator reports: every decision, as values.
//! - [`pcap`] and [`pcapng`]: captures, classic and with a comment on every frame.
//! - [`compare`]: two captures compared frame by frame in kind (the simulator beside a real
//!   kernel).
//! - [`SetupError`]: why a simulation cannot be built as asked.

pub mod cache;
pub mod compare;
mod error;
pub mod event;
pub mod lab;
pub mod pcap;
pub mod pcapng;
pub mod sim;
pub mod switch;
pub mod tcp;
pub mod topology;
pub mod wire;

pub use error::SetupError;
