//! The switched-LAN simulator behind `arp-sim`: hosts and an optional router on one learning
//! switch, ARP and ICMP echo on real frame bytes, a virtual clock, and pcap output.
//!
//! - [`wire`]: the frame formats (parse and emit), apart from any behaviour.
//! - [`cache`]: a host's ARP cache and its states.
//! - [`switch`]: the learning switch's table and forwarding decision.
//! - [`sim`]: the event loop that ties them together.
//! - [`event`]: what the simulator reports: every decision, as values.
//! - [`pcap`] and [`pcapng`]: captures, classic and with a comment on every frame.
//! - [`SetupError`]: why a simulation cannot be built as asked.

pub mod cache;
mod error;
pub mod event;
pub mod pcap;
pub mod pcapng;
pub mod sim;
pub mod switch;
pub mod wire;

pub use error::SetupError;
