//! The echo pair: a TCP and UDP echo service (RFC 862) with an upper-casing variant, a client
//! that reads back exactly what it sent however TCP splits it, and a load generator.
//!
//! - [`server`]: the service; its entry points take an already-bound socket and a shutdown
//!   future, so tests run it in-process on port 0.
//! - [`client`]: one connection, messages in, echoes out.
//! - [`bench`](mod@bench): many connections, every byte verified, latency percentiles.
//! - [`throttle`]: the UDP reply rate limit for each source.

pub mod bench;
pub mod client;
pub mod server;
pub mod throttle;

/// The port netcalc's echo server listens on unless told otherwise (the course's examples use
/// it).
pub const DEFAULT_PORT: u16 = 8002;

/// ASCII letters upper-cased in place, byte for byte (lengths unchanged; other bytes, UTF-8
/// included, untouched).
///
/// ```
/// let mut b = *b"hello, \xc3\xa9t\xc3\xa9!";
/// netcalc::echo::upper(&mut b);
/// assert_eq!(&b, b"HELLO, \xc3\xa9T\xc3\xa9!");
/// ```
pub fn upper(buf: &mut [u8]) {
    buf.make_ascii_uppercase();
}
