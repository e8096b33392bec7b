//! Per-destination counters the app can read at any time.

use std::sync::atomic::{AtomicU64, Ordering};

use super::protocol::FailureReason;

/// Live counters of one destination (atomics, updated by the caller and worker threads).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub enqueued: AtomicU64,
    pub sent: AtomicU64,
    pub retried: AtomicU64,
    pub requests: AtomicU64,
    pub failed_requests: AtomicU64,
    pub throttled: AtomicU64,
    pub circuit_opened: AtomicU64,
    pub replayed: AtomicU64,
    pub dropped_queue_full: AtomicU64,
    pub failed_oversize: AtomicU64,
    pub failed_unsupported: AtomicU64,
    pub failed_invalid: AtomicU64,
    pub failed_unauthorized: AtomicU64,
    pub failed_shutdown: AtomicU64,
    /// Enqueued events now delivered or failed (dropped-oldest included): what flush waits on.
    pub settled: AtomicU64,
}

impl Counters {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn failure(&self, reason: FailureReason) -> &AtomicU64 {
        match reason {
            FailureReason::QueueFull => &self.dropped_queue_full,
            FailureReason::Oversize => &self.failed_oversize,
            FailureReason::Unsupported => &self.failed_unsupported,
            FailureReason::Invalid => &self.failed_invalid,
            FailureReason::Unauthorized => &self.failed_unauthorized,
            FailureReason::Shutdown => &self.failed_shutdown,
        }
    }

    pub fn snapshot(&self, destination: &str, queued: usize) -> DestinationMetrics {
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        DestinationMetrics {
            destination: destination.to_owned(),
            queued: queued as u64,
            enqueued: get(&self.enqueued),
            sent: get(&self.sent),
            retried: get(&self.retried),
            requests: get(&self.requests),
            failed_requests: get(&self.failed_requests),
            throttled: get(&self.throttled),
            circuit_opened: get(&self.circuit_opened),
            replayed: get(&self.replayed),
            dropped_queue_full: get(&self.dropped_queue_full),
            failed_oversize: get(&self.failed_oversize),
            failed_unsupported: get(&self.failed_unsupported),
            failed_invalid: get(&self.failed_invalid),
            failed_unauthorized: get(&self.failed_unauthorized),
            failed_shutdown: get(&self.failed_shutdown),
        }
    }
}

/// A snapshot of one destination's counters. Every event ends up in exactly one of `sent`,
/// `dropped_queue_full` or a `failed_*` counter, or is still `queued`/in flight.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DestinationMetrics {
    /// Destination name.
    pub destination: String,
    /// Events waiting in the queue now.
    pub queued: u64,
    /// Events accepted into the queue (replayed spool events included).
    pub enqueued: u64,
    /// Events the vendor accepted.
    pub sent: u64,
    /// Event sends that were retries.
    pub retried: u64,
    /// HTTP requests made.
    pub requests: u64,
    /// Requests that failed (transport error or non-success status).
    pub failed_requests: u64,
    /// Events held back because the vendor rate-limited their user or device.
    pub throttled: u64,
    /// Times the circuit opened.
    pub circuit_opened: u64,
    /// Events replayed from the spool at start.
    pub replayed: u64,
    /// Events dropped by the back-pressure policy (newest refused or oldest evicted).
    pub dropped_queue_full: u64,
    /// Events over the vendor's size limit, rejected locally.
    pub failed_oversize: u64,
    /// Events the destination cannot express, rejected locally.
    pub failed_unsupported: u64,
    /// Events the vendor refused as invalid.
    pub failed_invalid: u64,
    /// Events refused for bad credentials.
    pub failed_unauthorized: u64,
    /// Events undelivered when shutdown's time ran out.
    pub failed_shutdown: u64,
}

/// Counters of every destination, in configuration order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metrics {
    /// One entry per destination.
    pub destinations: Vec<DestinationMetrics>,
}

impl Metrics {
    /// The counters of the destination called `name`.
    pub fn get(&self, name: &str) -> Option<&DestinationMetrics> {
        self.destinations.iter().find(|d| d.destination == name)
    }
}
