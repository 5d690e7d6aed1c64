//! A per-source rate limit for the UDP echo: a token bucket for each source address and port,
//! so that no one source (a spoofed loop between two echo services, a flood) gets more than a
//! bounded number of replies a second, while every other source is answered as before.
//!
//! Memory is bounded: at most [`MAX_SOURCES`] buckets are kept; when that many are in use, the
//! ones that are full again (idle for a second or more) are forgotten, and if none are, all of
//! them (a flood from spoofed sources gets replies at no more than the rate for a moment).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Instant;

/// The most sources remembered at once.
pub const MAX_SOURCES: usize = 65_536;

/// What [`PerSource::check`] decided for one datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Answer it.
    Allow,
    /// Drop it: the first dropped since this source was last answered (worth reporting).
    FirstDrop,
    /// Drop it, as the ones before it.
    Drop,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Replies still allowed now, in millionths of a reply.
    micro_tokens: u64,
    last: Instant,
    dropping: bool,
}

/// Token buckets by source: each holds up to one second of replies and refills at `rate`
/// replies a second.
///
/// ```
/// use std::time::{Duration, Instant};
/// use netcalc::echo::throttle::{PerSource, Verdict};
/// let mut t = PerSource::new(2);
/// let (peer, now) = ("127.0.0.1:5000".parse().unwrap(), Instant::now());
/// assert_eq!(t.check(peer, now), Verdict::Allow);
/// assert_eq!(t.check(peer, now), Verdict::Allow);
/// assert_eq!(t.check(peer, now), Verdict::FirstDrop);
/// assert_eq!(t.check(peer, now), Verdict::Drop);
/// // Half a second later, one reply's worth has come back.
/// assert_eq!(t.check(peer, now + Duration::from_millis(500)), Verdict::Allow);
/// ```
#[derive(Debug)]
pub struct PerSource {
    rate: u64,
    buckets: HashMap<SocketAddr, Bucket>,
}

impl PerSource {
    /// Up to `rate` replies a second to each source (at least 1).
    pub fn new(rate: u32) -> PerSource {
        PerSource { rate: u64::from(rate.max(1)), buckets: HashMap::new() }
    }

    /// Whether a datagram from `peer`, arriving at `now`, is answered.
    pub fn check(&mut self, peer: SocketAddr, now: Instant) -> Verdict {
        let full = self.rate * 1_000_000;
        if self.buckets.len() >= MAX_SOURCES && !self.buckets.contains_key(&peer) {
            self.buckets.retain(|_, b| now.saturating_duration_since(b.last).as_secs() < 1);
            if self.buckets.len() >= MAX_SOURCES {
                self.buckets.clear();
            }
        }
        let b = self.buckets.entry(peer).or_insert(Bucket { micro_tokens: full, last: now, dropping: false });
        let elapsed = now.saturating_duration_since(b.last);
        // rate replies a second = rate micro-tokens a microsecond.
        let refill = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX).saturating_mul(self.rate);
        b.micro_tokens = b.micro_tokens.saturating_add(refill).min(full);
        b.last = now;
        if b.micro_tokens >= 1_000_000 {
            b.micro_tokens -= 1_000_000;
            b.dropping = false;
            Verdict::Allow
        } else if b.dropping {
            Verdict::Drop
        } else {
            b.dropping = true;
            Verdict::FirstDrop
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn each_source_gets_its_rate_and_no_more() {
        let mut t = PerSource::new(1000);
        let start = Instant::now();
        let (a, b): (SocketAddr, SocketAddr) =
            ("10.0.0.1:5000".parse().unwrap(), "10.0.0.1:5001".parse().unwrap());
        // Ten seconds of a flood from a, one datagram every 100 us (10,000 a second).
        let mut allowed = 0;
        for i in 0..100_000u64 {
            if t.check(a, start + Duration::from_micros(i * 100)) == Verdict::Allow {
                allowed += 1;
            }
        }
        // One second's burst, then 1000 a second.
        assert!((10_900..=11_001).contains(&allowed), "{allowed}");
        // Another port of the same host is another source: untouched.
        assert_eq!(t.check(b, start + Duration::from_secs(10)), Verdict::Allow);
    }

    #[test]
    fn memory_stays_bounded_under_spoofed_sources() {
        let mut t = PerSource::new(10);
        let now = Instant::now();
        for i in 0..(3 * MAX_SOURCES as u32) {
            let peer = SocketAddr::from((std::net::Ipv4Addr::from(i), 9));
            t.check(peer, now);
            assert!(t.buckets.len() <= MAX_SOURCES);
        }
    }
}
