//! The background sender of one destination: takes events off its queue, encodes and batches
//! them within the vendor's limits, sends, and acts on the answer (retry with backoff, split,
//! hold throttled users, drop refused events), so one destination never delays another.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::Failure;
use super::http::{Transport, gzip};
use super::message::Message;
use super::metrics::Counters;
use super::protocol::{Endpoint, FailureReason, Limits, Outcome, Protocol};
use super::queue::{Entry, Queue};
use super::retry::{Circuit, RetryPolicy, Rng};
use super::spool::Spool;

/// A callback told about every event that will not be delivered.
pub type FailureHook = Arc<dyn Fn(&Failure) + Send + Sync>;

/// What every destination's worker and the client share.
pub(crate) struct Hub {
    pub spool: Option<Spool>,
    pub on_failure: Option<FailureHook>,
    /// Signalled whenever events settle, for `flush`.
    pub settled: (Mutex<()>, Condvar),
}

/// One destination's queue and counters.
pub(crate) struct Lane {
    pub name: String,
    /// Per [`Kind`](super::Kind) discriminant: whether the destination takes that kind.
    pub accepts: [bool; 5],
    pub limits: Limits,
    pub queue: Queue,
    pub counters: Counters,
}

impl Lane {
    /// Whether `message` goes to this destination: routed here and of a kind it takes.
    pub fn takes(&self, message: &Message) -> bool {
        self.accepts[message.kind as usize] && message.routes_to(&self.name)
    }
}

impl Hub {
    /// Counts, reports and (when `done`) marks in the spool events that will not be delivered.
    pub fn fail(&self, lane: &Lane, entries: &[&Entry], reason: FailureReason, detail: &str, done: bool) {
        if entries.is_empty() {
            return;
        }
        Counters::add(lane.counters.failure(reason), entries.len() as u64);
        if let Some(hook) = &self.on_failure {
            for entry in entries {
                hook(&Failure {
                    destination: lane.name.clone(),
                    message_id: entry.message.id.clone(),
                    event: entry.message.event.to_string(),
                    reason,
                    detail: detail.to_owned(),
                });
            }
        }
        if done {
            self.mark_done(lane, entries);
        }
    }

    pub fn mark_done(&self, lane: &Lane, entries: &[&Entry]) {
        if let Some(spool) = &self.spool
            && let Err(error) = spool.done(&lane.name, entries)
        {
            // The events are settled either way; at worst they are replayed (same ids) later.
            if let Some(hook) = &self.on_failure {
                hook(&Failure {
                    destination: lane.name.clone(),
                    message_id: String::new(),
                    event: String::new(),
                    reason: FailureReason::Shutdown,
                    detail: format!("spool write failed: {error}"),
                });
            }
        }
    }

    /// Adds to the settled count and wakes `flush`.
    pub fn settle(&self, lane: &Lane, n: usize) {
        Counters::add(&lane.counters.settled, n as u64);
        let _guard = self.settled.0.lock().unwrap_or_else(|p| p.into_inner());
        self.settled.1.notify_all();
    }
}

struct Pending {
    entry: Entry,
    encoded: Vec<u8>,
}

pub(crate) struct Worker {
    pub protocol: Box<dyn Protocol>,
    pub lane: Arc<Lane>,
    pub hub: Arc<Hub>,
    pub transport: Transport,
    pub endpoint: Endpoint,
    pub policy: RetryPolicy,
    pub flush_interval: Duration,
    pub batch_events: usize,
    circuit: Circuit,
    rng: Rng,
    carry: VecDeque<Pending>,
    carry_bytes: usize,
    held: Vec<(Instant, Pending)>,
    body: Vec<u8>,
    compressed: Vec<u8>,
}

/// The batch body budget: the vendor limit less the wrapper.
fn budget(limits: &Limits, protocol: &dyn Protocol) -> usize {
    limits.max_request_bytes.saturating_sub(protocol.wrapper_bytes())
}

impl Worker {
    pub fn new(
        protocol: Box<dyn Protocol>,
        lane: Arc<Lane>,
        hub: Arc<Hub>,
        timeout: Duration,
        flush_interval: Duration,
        batch_events: usize,
    ) -> Worker {
        let policy = protocol.retry_policy();
        Worker {
            endpoint: protocol.endpoint(),
            circuit: Circuit::new(&policy),
            policy,
            protocol,
            lane,
            hub,
            transport: Transport::new(timeout),
            flush_interval,
            batch_events,
            rng: Rng::new(),
            carry: VecDeque::new(),
            carry_bytes: 0,
            held: Vec::new(),
            body: Vec::new(),
            compressed: Vec::new(),
        }
    }

    fn carry_full(&self) -> bool {
        self.carry.len() >= self.batch_events || self.carry_bytes >= budget(&self.lane.limits, &*self.protocol)
    }

    /// Runs until the queue is closed and drained, or the shutdown deadline passes.
    pub fn run(mut self) {
        loop {
            let now = Instant::now();
            self.release_held(now);
            let mut wake = None;
            if !self.carry_full() {
                let until_held = self.held.iter().map(|(at, _)| at.saturating_duration_since(now)).min();
                let hurry = !self.carry.is_empty() && wake_urgent(&self.lane.queue);
                let wait = if hurry {
                    Duration::ZERO
                } else {
                    until_held.map_or(self.flush_interval, |d| d.min(self.flush_interval))
                };
                let idle = self.carry.is_empty() && self.held.is_empty();
                let woke = self.lane.queue.wait_ready(wait, idle);
                self.refill();
                self.release_held(Instant::now());
                wake = Some(woke);
            }
            let (closed, deadline) = wake.map_or_else(|| self.lane.queue.state_flags(), |w| (w.closed, w.deadline));
            if deadline.is_some_and(|d| Instant::now() >= d) {
                self.abandon();
                return;
            }
            if self.carry.is_empty() {
                if closed && self.held.is_empty() && self.lane.queue.len() == 0 {
                    return;
                }
                continue;
            }
            let batch = self.next_batch();
            self.deliver(batch);
        }
    }

    fn release_held(&mut self, now: Instant) {
        if self.held.iter().any(|(at, _)| *at <= now) {
            let (ready, waiting): (Vec<_>, Vec<_>) = self.held.drain(..).partition(|(at, _)| *at <= now);
            self.held = waiting;
            for (_, pending) in ready.into_iter().rev() {
                self.carry_bytes += pending.encoded.len() + 1;
                self.carry.push_front(pending);
            }
        }
    }

    /// Moves queued events into the carry, encoding them; refuses what cannot be sent.
    fn refill(&mut self) {
        let want = (self.batch_events * 2).saturating_sub(self.carry.len());
        if want == 0 {
            return;
        }
        let max_event = self.lane.limits.max_event_bytes;
        let mut refused: Vec<(Entry, FailureReason, String)> = Vec::new();
        for entry in self.lane.queue.take(want) {
            let mut encoded = Vec::with_capacity(entry.message.payload_bytes() + 256);
            match self.protocol.encode(&entry.message, &mut encoded) {
                Err(why) => refused.push((entry, FailureReason::Unsupported, why)),
                Ok(()) if encoded.len() > max_event => {
                    let why = format!("event is {} bytes encoded, over the {max_event}-byte limit", encoded.len());
                    refused.push((entry, FailureReason::Oversize, why));
                }
                Ok(()) => {
                    self.carry_bytes += encoded.len() + 1;
                    self.carry.push_back(Pending { entry, encoded });
                }
            }
        }
        for (entry, reason, why) in &refused {
            self.hub.fail(&self.lane, &[entry], *reason, why, true);
        }
        self.hub.settle(&self.lane, refused.len());
    }

    fn next_batch(&mut self) -> Vec<Pending> {
        let budget = budget(&self.lane.limits, &*self.protocol);
        let mut batch = Vec::new();
        let mut bytes = 0;
        while let Some(next) = self.carry.front() {
            let size = next.encoded.len() + usize::from(!batch.is_empty());
            if batch.len() >= self.batch_events || bytes + size > budget {
                break;
            }
            bytes += size;
            self.carry_bytes -= next.encoded.len() + 1;
            batch.push(self.carry.pop_front().expect("front exists"));
        }
        batch
    }

    /// Sends one batch until every event in it is settled, or the deadline passes (then the
    /// rest goes back to the carry for `abandon`).
    fn deliver(&mut self, batch: Vec<Pending>) {
        let mut work: VecDeque<(Vec<Pending>, u32)> = VecDeque::from([(batch, 0)]);
        while let Some((mut batch, mut attempt)) = work.pop_front() {
            while !batch.is_empty() {
                let now = Instant::now();
                let open_until = self.circuit.next_attempt_at(now);
                let deadline =
                    if open_until > now { self.lane.queue.sleep(open_until - now) } else { self.lane.queue.deadline() };
                if deadline.is_some_and(|d| Instant::now() >= d) || (open_until > Instant::now()) {
                    work.push_front((batch, attempt));
                    self.put_back(work);
                    return;
                }
                let outcome = self.send(&batch, attempt);
                match outcome {
                    Outcome::Delivered => {
                        self.circuit.succeeded();
                        self.sent(batch);
                        break;
                    }
                    Outcome::PartiallyDelivered(failed) => {
                        self.circuit.succeeded();
                        let (refused, accepted) = split_indexes(batch, &failed);
                        self.refuse(&refused, FailureReason::Invalid);
                        self.sent(accepted);
                        break;
                    }
                    Outcome::Invalid(failed) if !failed.is_empty() => {
                        self.circuit.succeeded();
                        let (refused, rest) = split_indexes(batch, &failed);
                        self.refuse(&refused, FailureReason::Invalid);
                        batch = rest;
                    }
                    Outcome::Invalid(_) => {
                        let entries: Vec<(Pending, String)> =
                            batch.into_iter().map(|p| (p, "invalid request".to_owned())).collect();
                        self.refuse(&entries, FailureReason::Invalid);
                        break;
                    }
                    Outcome::TooLarge if batch.len() > 1 => {
                        let second = batch.split_off(batch.len() / 2);
                        work.push_front((second, attempt));
                        work.push_front((batch, attempt));
                        break;
                    }
                    Outcome::TooLarge => {
                        let entries: Vec<(Pending, String)> = batch
                            .into_iter()
                            .map(|p| (p, "the vendor answered 413 for this single event".to_owned()))
                            .collect();
                        self.refuse(&entries, FailureReason::Oversize);
                        break;
                    }
                    Outcome::Throttled { events, after } if !events.is_empty() => {
                        self.circuit.succeeded();
                        let (throttled, rest) =
                            split_indexes(batch, &events.iter().map(|&i| (i, String::new())).collect::<Vec<_>>());
                        Counters::add(&self.lane.counters.throttled, throttled.len() as u64);
                        let at = Instant::now() + after;
                        self.held.extend(throttled.into_iter().map(|(pending, _)| (at, pending)));
                        batch = rest;
                    }
                    Outcome::Throttled { after, .. } => self.back_off(&mut attempt, Some(after)),
                    Outcome::Retry { after } => self.back_off(&mut attempt, after),
                    Outcome::Rejected(reason, detail) => {
                        let entries: Vec<(Pending, String)> = batch.into_iter().map(|p| (p, detail.clone())).collect();
                        self.refuse(&entries, reason);
                        break;
                    }
                }
            }
        }
    }

    fn send(&mut self, batch: &[Pending], attempt: u32) -> Outcome {
        let events: Vec<&[u8]> = batch.iter().map(|p| p.encoded.as_slice()).collect();
        self.body.clear();
        self.protocol.write_body(&events, &mut self.body);
        let gzipped = self.protocol.gzip();
        if gzipped {
            gzip(&self.body, &mut self.compressed);
        }
        let body = if gzipped { &self.compressed } else { &self.body };
        Counters::add(&self.lane.counters.requests, 1);
        if attempt > 0 {
            Counters::add(&self.lane.counters.retried, batch.len() as u64);
        }
        let outcome = match self.transport.post(&self.endpoint, body, gzipped) {
            Ok(answer) => {
                let messages: Vec<&Message> = batch.iter().map(|p| &*p.entry.message).collect();
                self.protocol.interpret(&answer, &messages)
            }
            Err(_) => Outcome::Retry { after: None },
        };
        if outcome != Outcome::Delivered {
            Counters::add(&self.lane.counters.failed_requests, 1);
        }
        outcome
    }

    fn back_off(&mut self, attempt: &mut u32, after: Option<Duration>) {
        *attempt += 1;
        if self.circuit.failed(Instant::now()) {
            Counters::add(&self.lane.counters.circuit_opened, 1);
        }
        let wait = self.policy.backoff(*attempt, after, &mut self.rng);
        self.lane.queue.sleep(wait);
    }

    fn sent(&self, batch: Vec<Pending>) {
        Counters::add(&self.lane.counters.sent, batch.len() as u64);
        let entries: Vec<&Entry> = batch.iter().map(|p| &p.entry).collect();
        self.hub.mark_done(&self.lane, &entries);
        self.hub.settle(&self.lane, batch.len());
    }

    fn refuse(&self, refused: &[(Pending, String)], reason: FailureReason) {
        for (pending, why) in refused {
            self.hub.fail(&self.lane, &[&pending.entry], reason, why, true);
        }
        self.hub.settle(&self.lane, refused.len());
    }

    fn put_back(&mut self, work: VecDeque<(Vec<Pending>, u32)>) {
        for (batch, _) in work.into_iter().rev() {
            for pending in batch.into_iter().rev() {
                self.carry_bytes += pending.encoded.len() + 1;
                self.carry.push_front(pending);
            }
        }
    }

    /// The deadline passed: whatever is left is reported and stays in the spool for next time.
    fn abandon(&mut self) {
        let mut entries: Vec<Entry> = self.carry.drain(..).map(|p| p.entry).collect();
        entries.extend(self.held.drain(..).map(|(_, p)| p.entry));
        entries.extend(self.lane.queue.take_all());
        self.carry_bytes = 0;
        let refs: Vec<&Entry> = entries.iter().collect();
        let detail = if self.hub.spool.is_some() { "kept in the spool for the next start" } else { "lost" };
        self.hub.fail(&self.lane, &refs, FailureReason::Shutdown, &format!("shutdown timed out; {detail}"), false);
        self.hub.settle(&self.lane, entries.len());
    }
}

fn wake_urgent(queue: &Queue) -> bool {
    let (closed, _) = queue.state_flags();
    closed || queue.urgent()
}

/// Splits a batch into the listed indexes (with their messages) and the rest, in order.
fn split_indexes(batch: Vec<Pending>, listed: &[(usize, String)]) -> (Vec<(Pending, String)>, Vec<Pending>) {
    let mut picked = Vec::new();
    let mut rest = Vec::new();
    for (index, pending) in batch.into_iter().enumerate() {
        match listed.iter().find(|(i, _)| *i == index) {
            Some((_, why)) => picked.push((pending, why.clone())),
            None => rest.push(pending),
        }
    }
    (picked, rest)
}
