//! Background delivery to analytics vendors (feature `delivery`).
//!
//! [`Client::track`] never touches the network and never panics: it puts the [`Message`] on a
//! bounded queue per destination and returns. One worker thread per destination batches
//! within the vendor's documented limits, gzips, sends over a blocking HTTP client, retries
//! with exponential backoff and full jitter (honouring `Retry-After`), stops hammering a
//! failing endpoint (circuit breaker), and reports every event it cannot deliver. With a
//! [`SpoolConfig`], accepted events survive a crash and are delivered after restart under the
//! same ids, so the vendor's dedupe makes delivery exactly-once per id.
//!
//! ```no_run
//! use std::time::Duration;
//! use trackplan_runtime::delivery::{Client, Config, Message};
//! use trackplan_runtime::destinations::Segment;
//!
//! let client = Client::start(Config::default(), vec![Box::new(Segment::new("WRITE_KEY"))]).unwrap();
//! let properties = serde_json::value::to_raw_value(&serde_json::json!({"revenue": 12.5})).unwrap();
//! client.track(Message::track("Order Completed", properties).user_id("user-1")).unwrap();
//! client.shutdown(Duration::from_secs(5));
//! ```

mod envelope;
mod http;
mod id;
mod json;
mod message;
mod metrics;
mod protocol;
mod queue;
mod retry;
mod spool;
mod worker;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use envelope::{EngineDestination, message_from_envelope};
pub use http::{TransportError, basic_auth};
pub use id::new_message_id;
pub use json::{now_millis, write_field, write_i64, write_object_with, write_rfc3339, write_str};
pub use message::{EMPTY_OBJECT, Kind, Message};
pub use metrics::{DestinationMetrics, Metrics};
pub use protocol::{Answer, Endpoint, FailureReason, Limits, Outcome, Protocol, write_joined};
pub use queue::BackPressure;
pub use retry::{Circuit, RetryPolicy, Rng};
pub use spool::{Fsync, SpoolConfig, SpoolIssue, SpoolReport};
pub use worker::FailureHook;

use metrics::Counters;
use queue::{Entry, Pushed, Queue};
use spool::Spool;
use worker::{Hub, Lane, Worker};

/// How long past its deadline `shutdown` waits for a worker to notice it.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(200);

/// An event that will not be delivered to one destination, as told to [`Config::on_failure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Destination name.
    pub destination: String,
    /// The event's id.
    pub message_id: String,
    /// The event's name.
    pub event: String,
    /// Why.
    pub reason: FailureReason,
    /// The vendor's or the engine's explanation. Never contains credentials.
    pub detail: String,
}

/// Engine settings shared by every destination.
#[derive(Clone)]
pub struct Config {
    /// Most events waiting per destination; bounds memory.
    pub queue_capacity: usize,
    /// What `track` does when a queue is full.
    pub back_pressure: BackPressure,
    /// Longest an event waits for its batch to fill.
    pub flush_interval: Duration,
    /// Most events per request, below the vendor's limit (`None`: the vendor's limit).
    pub max_batch_events: Option<usize>,
    /// Timeout of one HTTP request, connection included.
    pub request_timeout: Duration,
    /// Optional durable spool.
    pub spool: Option<SpoolConfig>,
    /// Told about every event that will not be delivered (called on the worker or caller thread).
    pub on_failure: Option<FailureHook>,
    /// How long dropping the client waits for delivery.
    pub drop_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            queue_capacity: 10_000,
            back_pressure: BackPressure::DropNewest,
            flush_interval: Duration::from_millis(500),
            max_batch_events: None,
            request_timeout: Duration::from_secs(15),
            spool: None,
            on_failure: None,
            drop_timeout: Duration::from_secs(5),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("queue_capacity", &self.queue_capacity)
            .field("back_pressure", &self.back_pressure)
            .field("flush_interval", &self.flush_interval)
            .field("max_batch_events", &self.max_batch_events)
            .field("request_timeout", &self.request_timeout)
            .field("spool", &self.spool)
            .field("on_failure", &self.on_failure.is_some())
            .field("drop_timeout", &self.drop_timeout)
            .finish()
    }
}

/// Why the client could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The spool directory cannot be used.
    #[error("cannot open the spool in {dir}: {source}")]
    Spool {
        /// The directory.
        dir: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Two destinations share a name.
    #[error("two destinations are named `{0}`; names must be unique")]
    DuplicateDestination(String),
    /// A worker thread could not be spawned.
    #[error("cannot start the delivery thread: {0}")]
    Thread(std::io::Error),
}

/// Why `track` refused an event outright (nothing was queued anywhere).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrackError {
    /// The event's payload alone exceeds a destination's per-event limit.
    #[error("event `{event}` is {bytes} bytes, over {destination}'s limit of {limit} bytes per event; not sent")]
    TooLarge {
        /// Event name.
        event: String,
        /// The destination whose limit it breaks.
        destination: String,
        /// Payload bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The client is shut down.
    #[error("the delivery client is shut down; event not sent")]
    Closed,
    /// The spool could not record the event.
    #[error("cannot write the event to the spool: {0}")]
    Spool(String),
}

/// What `track` did with an event at each destination it routes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tracked {
    /// Destinations whose queue took the event.
    pub queued: u32,
    /// Destinations whose full queue refused it (counted in `dropped_queue_full`).
    pub dropped: u32,
}

/// `flush` ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{pending} events still undelivered when the flush timed out")]
pub struct FlushTimeout {
    /// Events not yet settled.
    pub pending: u64,
}

/// The delivery engine: one bounded queue and worker thread per destination.
pub struct Client {
    lanes: Vec<Arc<Lane>>,
    hub: Arc<Hub>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    closed: AtomicBool,
    spool_report: Option<SpoolReport>,
    drop_timeout: Duration,
}

impl Client {
    /// Starts one worker per destination, replaying the spool first when configured.
    pub fn start(config: Config, destinations: Vec<Box<dyn Protocol>>) -> Result<Client, StartError> {
        for (index, destination) in destinations.iter().enumerate() {
            if destinations[..index].iter().any(|d| d.name() == destination.name()) {
                return Err(StartError::DuplicateDestination(destination.name().to_owned()));
            }
        }
        let (spool, mut replay, spool_report) = match &config.spool {
            Some(spool_config) => {
                let (spool, replay, report) = Spool::open(spool_config)
                    .map_err(|source| StartError::Spool { dir: spool_config.dir.clone(), source })?;
                (Some(spool), replay, Some(report))
            }
            None => (None, Default::default(), None),
        };
        let hub =
            Arc::new(Hub { spool, on_failure: config.on_failure.clone(), settled: (Mutex::new(()), Condvar::new()) });
        let mut lanes = Vec::new();
        let mut workers = Vec::new();
        for protocol in destinations {
            let limits = protocol.limits();
            // A queue smaller than a batch would fill up and wait for the flush interval with
            // the sender idle: a full queue is a full batch.
            let batch_events = config
                .max_batch_events
                .map_or(limits.max_events, |n| n.clamp(1, limits.max_events))
                .min(config.queue_capacity.max(1));
            let name = protocol.name().to_owned();
            let queue = Queue::new(config.queue_capacity, batch_events, limits.max_request_bytes, config.back_pressure);
            let accepts = Kind::ALL.map(|kind| protocol.accepts(kind));
            let lane = Arc::new(Lane { name: name.clone(), accepts, limits, queue, counters: Counters::default() });
            if let Some(messages) = replay.remove(&name) {
                let segment = hub.spool.as_ref().map_or(0, Spool::current_file);
                let entries: Vec<Entry> = messages.into_iter().map(|message| Entry { message, segment }).collect();
                Counters::add(&lane.counters.replayed, entries.len() as u64);
                Counters::add(&lane.counters.enqueued, entries.len() as u64);
                lane.queue.push_replayed(entries);
            }
            let worker = Worker::new(
                protocol,
                lane.clone(),
                hub.clone(),
                config.request_timeout,
                config.flush_interval,
                batch_events,
            );
            let handle = std::thread::Builder::new()
                .name(format!("trackplan-{name}"))
                .spawn(move || worker.run())
                .map_err(StartError::Thread)?;
            workers.push(handle);
            lanes.push(lane);
        }
        let mut spool_report = spool_report;
        if let (Some(spool), Some(report)) = (&hub.spool, &mut spool_report) {
            for (name, messages) in replay {
                let segment = spool.current_file();
                let entries: Vec<Entry> = messages.into_iter().map(|message| Entry { message, segment }).collect();
                let refs: Vec<&Entry> = entries.iter().collect();
                spool.done(&name, &refs).map_err(|source| StartError::Spool { dir: spool.dir().to_owned(), source })?;
                report.unknown_destinations.push((name, entries.len()));
            }
            report.unknown_destinations.sort();
        }
        Ok(Client {
            lanes,
            hub,
            workers: Mutex::new(workers),
            closed: AtomicBool::new(false),
            spool_report,
            drop_timeout: config.drop_timeout,
        })
    }

    /// Queues `message` for every destination it routes to. Never blocks on the network;
    /// blocks only under [`BackPressure::Block`], for at most its timeout.
    pub fn track(&self, message: Message) -> Result<Tracked, TrackError> {
        if self.closed.load(Ordering::Acquire) {
            return Err(TrackError::Closed);
        }
        let bytes = message.payload_bytes();
        for lane in self.lanes.iter().filter(|lane| lane.takes(&message)) {
            if bytes > lane.limits.max_event_bytes {
                return Err(TrackError::TooLarge {
                    event: message.event.to_string(),
                    destination: lane.name.clone(),
                    bytes,
                    limit: lane.limits.max_event_bytes,
                });
            }
        }
        let message = Arc::new(message);
        let segment = match &self.hub.spool {
            Some(spool) => {
                let names: Vec<&str> =
                    self.lanes.iter().filter(|lane| lane.takes(&message)).map(|lane| lane.name.as_str()).collect();
                spool.append_event(&message, &names).map_err(|error| TrackError::Spool(error.to_string()))?
            }
            None => 0,
        };
        let mut tracked = Tracked { queued: 0, dropped: 0 };
        for lane in self.lanes.iter().filter(|lane| lane.takes(&message)) {
            match lane.queue.push(Entry { message: message.clone(), segment }) {
                Pushed::Queued => {
                    Counters::add(&lane.counters.enqueued, 1);
                    tracked.queued += 1;
                }
                Pushed::Refused(entry) => {
                    self.hub.fail(lane, &[&entry], FailureReason::QueueFull, "queue full: newest event dropped", true);
                    tracked.dropped += 1;
                }
                Pushed::Evicted(oldest) => {
                    Counters::add(&lane.counters.enqueued, 1);
                    tracked.queued += 1;
                    self.hub.fail(lane, &[&oldest], FailureReason::QueueFull, "queue full: oldest event dropped", true);
                    self.hub.settle(lane, 1);
                }
            }
        }
        Ok(tracked)
    }

    /// Sends everything queued now without waiting for full batches, and waits until it is
    /// delivered or failed for good, or `timeout` passes.
    pub fn flush(&self, timeout: Duration) -> Result<(), FlushTimeout> {
        let targets: Vec<u64> = self.lanes.iter().map(|lane| lane.counters.enqueued.load(Ordering::Acquire)).collect();
        for lane in &self.lanes {
            lane.queue.set_urgent(true);
        }
        let result = self.wait_settled(&targets, Instant::now() + timeout);
        for lane in &self.lanes {
            lane.queue.set_urgent(false);
        }
        result
    }

    fn pending(&self, targets: &[u64]) -> u64 {
        self.lanes
            .iter()
            .zip(targets)
            .map(|(lane, target)| target.saturating_sub(lane.counters.settled.load(Ordering::Acquire)))
            .sum()
    }

    fn wait_settled(&self, targets: &[u64], until: Instant) -> Result<(), FlushTimeout> {
        let mut guard = self.hub.settled.0.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let pending = self.pending(targets);
            let now = Instant::now();
            if pending == 0 {
                return Ok(());
            }
            if now >= until {
                return Err(FlushTimeout { pending });
            }
            guard = self.hub.settled.1.wait_timeout(guard, until - now).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// Stops accepting events, delivers what is queued within `timeout`, and stops the
    /// workers. What is still undelivered then is counted as `failed_shutdown` (and stays in
    /// the spool, if any, for the next start). Returns within `timeout` plus 200 ms even if a
    /// request hangs (that worker then ends at its request timeout). Later calls return at once.
    pub fn shutdown(&self, timeout: Duration) -> Result<(), FlushTimeout> {
        let deadline = Instant::now() + timeout;
        let already = self.closed.swap(true, Ordering::AcqRel);
        let targets: Vec<u64> = self.lanes.iter().map(|lane| lane.counters.enqueued.load(Ordering::Acquire)).collect();
        if !already {
            for lane in &self.lanes {
                lane.queue.close(deadline);
            }
        }
        // A worker stuck in a request (a vendor that hangs) stops at its request timeout;
        // shutdown does not wait for that: past the deadline the thread is left to finish alone.
        let workers = std::mem::take(&mut *self.workers.lock().unwrap_or_else(|p| p.into_inner()));
        let give_up = deadline + SHUTDOWN_GRACE;
        for worker in workers {
            while !worker.is_finished() && Instant::now() < give_up {
                std::thread::sleep(Duration::from_millis(2));
            }
            if worker.is_finished() {
                let _ = worker.join();
            }
        }
        if let Some(spool) = &self.hub.spool {
            let _ = spool.sync();
        }
        let failed: u64 = self.lanes.iter().map(|lane| lane.counters.failed_shutdown.load(Ordering::Acquire)).sum();
        match self.pending(&targets) + failed {
            0 => Ok(()),
            pending => Err(FlushTimeout { pending }),
        }
    }

    /// A snapshot of every destination's counters.
    pub fn metrics(&self) -> Metrics {
        Metrics {
            destinations: self.lanes.iter().map(|lane| lane.counters.snapshot(&lane.name, lane.queue.len())).collect(),
        }
    }

    /// What the spool held at start, when there is a spool.
    pub fn spool_report(&self) -> Option<&SpoolReport> {
        self.spool_report.as_ref()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.shutdown(self.drop_timeout);
    }
}
