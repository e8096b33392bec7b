//! The bounded per-destination queue between `track()` and the worker, with the
//! back-pressure policy applied when it is full.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::message::Message;

/// What `track()` does when a destination's queue is full. Every drop is counted in
/// [`DestinationMetrics::dropped_queue_full`](super::DestinationMetrics::dropped_queue_full)
/// and reported to the failure callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackPressure {
    /// Refuse the new event.
    DropNewest,
    /// Evict the oldest queued event to make room.
    DropOldest,
    /// Wait up to this long for room, then refuse the new event.
    Block(Duration),
}

/// Most queue slots allocated when the queue is made (16 bytes each).
const PREALLOCATED: usize = 65_536;

/// A queued event; `segment` is its spool file (0 without a spool).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub message: Arc<Message>,
    pub segment: u64,
}

pub(crate) enum Pushed {
    Queued,
    /// Refused: the new entry comes back.
    Refused(Entry),
    /// Queued after evicting this oldest entry.
    Evicted(Entry),
}

struct State {
    items: VecDeque<Entry>,
    bytes: usize,
    closed: bool,
    urgent: usize,
    deadline: Option<Instant>,
    blocked_writers: usize,
}

pub(crate) struct Queue {
    state: Mutex<State>,
    ready: Condvar,
    room: Condvar,
    capacity: usize,
    batch_events: usize,
    batch_bytes: usize,
    policy: BackPressure,
}

/// Why the worker woke.
pub(crate) struct Wake {
    pub closed: bool,
    pub deadline: Option<Instant>,
}

impl Queue {
    pub fn new(capacity: usize, batch_events: usize, batch_bytes: usize, policy: BackPressure) -> Queue {
        let capacity = capacity.max(1);
        Queue {
            state: Mutex::new(State {
                // Room up front (for every entry of a usual queue): `push` does not allocate while
                // holding the lock.
                items: VecDeque::with_capacity(capacity.min(PREALLOCATED)),
                bytes: 0,
                closed: false,
                urgent: 0,
                deadline: None,
                blocked_writers: 0,
            }),
            ready: Condvar::new(),
            room: Condvar::new(),
            capacity,
            batch_events,
            batch_bytes,
            policy,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Enqueues, applying the back-pressure policy.
    pub fn push(&self, entry: Entry) -> Pushed {
        let mut state = self.lock();
        if state.closed {
            return Pushed::Refused(entry);
        }
        let mut evicted = None;
        if state.items.len() >= self.capacity {
            match self.policy {
                BackPressure::DropNewest => return Pushed::Refused(entry),
                BackPressure::DropOldest => {
                    let oldest = state.items.pop_front().expect("a full queue is not empty");
                    state.bytes -= oldest.message.payload_bytes();
                    evicted = Some(oldest);
                }
                BackPressure::Block(timeout) => {
                    let until = Instant::now() + timeout;
                    while state.items.len() >= self.capacity && !state.closed {
                        let now = Instant::now();
                        if now >= until {
                            return Pushed::Refused(entry);
                        }
                        state.blocked_writers += 1;
                        state = self.room.wait_timeout(state, until - now).unwrap_or_else(|p| p.into_inner()).0;
                        state.blocked_writers -= 1;
                    }
                    if state.closed {
                        return Pushed::Refused(entry);
                    }
                }
            }
        }
        state.bytes += entry.message.payload_bytes();
        state.items.push_back(entry);
        // Wake the worker only when a full batch is waiting: the flush interval covers the rest,
        // and skipping the futex wake keeps track() cheap.
        if state.items.len() == self.batch_events || state.bytes >= self.batch_bytes {
            self.ready.notify_one();
        }
        drop(state);
        match evicted {
            Some(oldest) => Pushed::Evicted(oldest),
            None => Pushed::Queued,
        }
    }

    /// Puts replayed spool entries in front, ignoring capacity (they were accepted before).
    pub fn push_replayed(&self, entries: Vec<Entry>) {
        let mut state = self.lock();
        for entry in entries.into_iter().rev() {
            state.bytes += entry.message.payload_bytes();
            state.items.push_front(entry);
        }
        self.ready.notify_one();
    }

    /// Waits until a batch is worth sending (full, or anything queued while a flush or the
    /// shutdown waits), `timeout` passes, or the shutdown deadline comes. A worker holding
    /// nothing (`idle`) also wakes as soon as the queue is closed and empty: it is done.
    pub fn wait_ready(&self, timeout: Duration, idle: bool) -> Wake {
        let mut state = self.lock();
        let until = Instant::now() + timeout;
        loop {
            let full = state.items.len() >= self.batch_events || state.bytes >= self.batch_bytes;
            let hurry = (state.urgent > 0 || state.closed) && !state.items.is_empty();
            let done = idle && state.closed && state.items.is_empty();
            let now = Instant::now();
            let until = state.deadline.map_or(until, |deadline| deadline.min(until));
            if full || hurry || done || now >= until {
                return Wake { closed: state.closed, deadline: state.deadline };
            }
            state = self.ready.wait_timeout(state, until - now).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// Sleeps up to `duration`, cut short by shutdown; returns the shutdown deadline if any.
    pub fn sleep(&self, duration: Duration) -> Option<Instant> {
        let mut state = self.lock();
        let until = Instant::now() + duration;
        loop {
            let now = Instant::now();
            let until = state.deadline.map_or(until, |deadline| deadline.min(until));
            if now >= until {
                return state.deadline;
            }
            state = self.ready.wait_timeout(state, until - now).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// Takes up to `max` entries from the front.
    pub fn take(&self, max: usize) -> Vec<Entry> {
        let mut state = self.lock();
        let n = max.min(state.items.len());
        let taken: Vec<Entry> = state.items.drain(..n).collect();
        for entry in &taken {
            state.bytes -= entry.message.payload_bytes();
        }
        if state.blocked_writers > 0 && n > 0 {
            self.room.notify_all();
        }
        taken
    }

    /// Takes everything left.
    pub fn take_all(&self) -> Vec<Entry> {
        self.take(usize::MAX)
    }

    /// (closed, shutdown deadline).
    pub fn state_flags(&self) -> (bool, Option<Instant>) {
        let state = self.lock();
        (state.closed, state.deadline)
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.lock().deadline
    }

    pub fn urgent(&self) -> bool {
        self.lock().urgent > 0
    }

    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// Sends partial batches without waiting for the interval while any flush is waiting
    /// (`true` when a flush starts, `false` when it ends).
    pub fn set_urgent(&self, urgent: bool) {
        let mut state = self.lock();
        if urgent {
            state.urgent += 1;
        } else {
            state.urgent = state.urgent.saturating_sub(1);
        }
        self.ready.notify_all();
    }

    /// Refuses new entries and tells the worker to drain until `deadline`.
    pub fn close(&self, deadline: Instant) {
        let mut state = self.lock();
        state.closed = true;
        state.deadline = Some(deadline);
        self.ready.notify_all();
        self.room.notify_all();
    }
}
