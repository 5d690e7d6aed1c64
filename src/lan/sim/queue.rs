//! The simulator's event queue: events in order of (time, sequence number). Most events are
//! due after one of a few fixed delays (at once, one link's delay, a retransmission timeout,
//! TIME-WAIT's 2 MSL, a ping's wait), and since the clock never goes back, the events of one
//! delay arrive already in order: a FIFO each, O(1) and in memory order. The first
//! [`FIFOS`] delays seen get one; only events of other delays go through a binary heap.
//! Popping takes the smallest of the heads, so the order is exactly that of a single heap.
//! Nearly every pop is of the two busy FIFOs (at once, a link): the least head of the others
//! and the heap is remembered, and looked for again only when one of them changes.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// How many delays get a FIFO of their own.
const FIFOS: usize = 8;

#[derive(Debug)]
pub(crate) struct Scheduled<E> {
    pub(crate) time: u64,
    pub(crate) seq: u64,
    pub(crate) ev: E,
}

impl<E> PartialEq for Scheduled<E> {
    fn eq(&self, o: &Self) -> bool {
        (self.time, self.seq) == (o.time, o.seq)
    }
}
impl<E> Eq for Scheduled<E> {}
impl<E> PartialOrd for Scheduled<E> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl<E> Ord for Scheduled<E> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.time, self.seq).cmp(&(o.time, o.seq))
    }
}

/// A head's (time, seq), and where it is: a FIFO by index, or the heap (`None`).
type Head = ((u64, u64), Option<usize>);

#[derive(Debug)]
pub(crate) struct Queue<E> {
    /// The delays that have a FIFO, in the order they were first seen (0 and the link's
    /// delay first).
    delays: Vec<u64>,
    fifos: Vec<VecDeque<Scheduled<E>>>,
    heap: BinaryHeap<Reverse<Scheduled<E>>>,
    seq: u64,
    /// How many FIFOs, from the first, are the busy ones (delays 0 and the link's).
    busy: usize,
    /// The least (time, seq) of the other FIFOs' heads and the heap's, and where it is
    /// (`None`: the heap), if known; `None` when it must be looked for again.
    rest: Option<Option<Head>>,
}

impl<E> Queue<E> {
    /// A queue whose FIFOs start with delays 0 and `link`.
    pub(crate) fn new(link: u64) -> Self {
        let delays = if link == 0 { vec![0] } else { vec![0, link] };
        let fifos: Vec<_> = delays.iter().map(|_| VecDeque::new()).collect();
        let busy = fifos.len();
        Queue { delays, fifos, heap: BinaryHeap::new(), seq: 0, busy, rest: Some(None) }
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, now: u64, delay: u64, ev: E) {
        self.seq += 1;
        let s = Scheduled { time: now + delay, seq: self.seq, ev };
        if let Some(i) = self.delays.iter().position(|d| *d == delay) {
            // A FIFO's head changes only if it was empty.
            if i >= self.busy && self.fifos[i].is_empty() {
                self.rest = None;
            }
            self.fifos[i].push_back(s);
        } else if self.delays.len() < FIFOS {
            self.delays.push(delay);
            self.fifos.push(VecDeque::from([s]));
            self.rest = None;
        } else {
            self.heap.push(Reverse(s));
            self.rest = None;
        }
    }

    /// The least head of the FIFOs that are not busy and of the heap, and where it is.
    fn least_of_rest(&self) -> Option<Head> {
        let key = |s: &Scheduled<E>| (s.time, s.seq);
        let mut least = self.heap.peek().map(|Reverse(s)| (key(s), None));
        for (i, f) in self.fifos.iter().enumerate().skip(self.busy) {
            if let Some(k) = f.front().map(key)
                && least.is_none_or(|(l, _)| k < l)
            {
                least = Some((k, Some(i)));
            }
        }
        least
    }

    pub(crate) fn pop(&mut self) -> Option<Scheduled<E>> {
        let key = |s: &Scheduled<E>| (s.time, s.seq);
        let rest = match self.rest {
            Some(r) => r,
            None => {
                let r = self.least_of_rest();
                self.rest = Some(r);
                r
            }
        };
        let mut least = rest.map(|(k, _)| k);
        let mut from = None;
        for (i, f) in self.fifos[..self.busy].iter().enumerate() {
            if let Some(k) = f.front().map(key)
                && least.is_none_or(|l| k < l)
            {
                least = Some(k);
                from = Some(i);
            }
        }
        if let Some(i) = from {
            return self.fifos[i].pop_front();
        }
        let (_, at) = rest?;
        self.rest = None;
        match at {
            Some(i) => self.fifos[i].pop_front(),
            None => self.heap.pop().map(|Reverse(s)| s),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.fifos.iter_mut().for_each(VecDeque::clear);
        self.heap.clear();
        self.rest = Some(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The queue pops exactly as one heap ordered by (time, seq) would.
        #[test]
        fn pops_in_the_order_of_a_single_heap(ops in proptest::collection::vec((0u8..4, 0u64..3, proptest::bool::ANY), 1..200)) {
            let mut q = Queue::new(50);
            let mut heap = BinaryHeap::new();
            let (mut now, mut seq, mut id) = (0u64, 0u64, 0u32);
            for (kind, step, pop) in ops {
                if pop {
                    let (x, y) = (q.pop(), heap.pop());
                    proptest::prop_assert_eq!(x.as_ref().map(|s| s.ev), y.as_ref().map(|Reverse(s): &Reverse<Scheduled<u32>>| s.ev));
                    if let Some(s) = x { now = s.time; }
                } else {
                    let delay = match kind { 0 => 0, 1 => 50, 2 => step * 7, _ => 1000 + step * 3 + id as u64 % 11 };
                    id += 1;
                    seq += 1;
                    q.push(now, delay, id);
                    heap.push(Reverse(Scheduled { time: now + delay, seq, ev: id }));
                }
            }
            while let Some(Reverse(s)) = heap.pop() {
                proptest::prop_assert_eq!(q.pop().map(|x| x.ev), Some(s.ev));
            }
            proptest::prop_assert!(q.pop().is_none());
        }
    }
}
