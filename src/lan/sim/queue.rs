//! The simulator's event queue: events in order of (time, sequence number). Most events are
//! due after one of two fixed delays (at once, or one link's delay), and since the clock never
//! goes back, each of those arrives already in order: a FIFO each, O(1). Only the rest (timers)
//! go through a binary heap. Popping takes the smallest of the three heads, so the order is
//! exactly that of a single heap.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// An entry: due at `time`, the `seq`-th scheduled.
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

/// Events by (time, seq): two FIFOs for the fixed delays, a heap for the others.
#[derive(Debug)]
pub(crate) struct Queue<E> {
    /// The delay of the second FIFO (the first is for delay 0).
    fixed: u64,
    now: VecDeque<Scheduled<E>>,
    later: VecDeque<Scheduled<E>>,
    heap: BinaryHeap<Reverse<Scheduled<E>>>,
    seq: u64,
}

impl<E> Queue<E> {
    /// An empty queue whose second FIFO takes events `fixed` after the time they are scheduled.
    pub(crate) fn new(fixed: u64) -> Self {
        Queue { fixed, now: VecDeque::new(), later: VecDeque::new(), heap: BinaryHeap::new(), seq: 0 }
    }

    /// Schedules `ev` at `now + delay`. `now` must never be less than at an earlier call.
    pub(crate) fn push(&mut self, now: u64, delay: u64, ev: E) {
        self.seq += 1;
        let s = Scheduled { time: now + delay, seq: self.seq, ev };
        match delay {
            0 => self.now.push_back(s),
            d if d == self.fixed => self.later.push_back(s),
            _ => self.heap.push(Reverse(s)),
        }
    }

    /// The next event in (time, seq) order.
    pub(crate) fn pop(&mut self) -> Option<Scheduled<E>> {
        let key = |s: &Scheduled<E>| (s.time, s.seq);
        let a = self.now.front().map(key);
        let b = self.later.front().map(key);
        let c = self.heap.peek().map(|Reverse(s)| key(s));
        let least = [a, b, c].into_iter().flatten().min()?;
        if a == Some(least) {
            self.now.pop_front()
        } else if b == Some(least) {
            self.later.pop_front()
        } else {
            self.heap.pop().map(|Reverse(s)| s)
        }
    }

    /// Drops every event.
    pub(crate) fn clear(&mut self) {
        self.now.clear();
        self.later.clear();
        self.heap.clear();
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
                    let delay = match kind { 0 => 0, 1 => 50, 2 => step * 7, _ => 1000 + step };
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
