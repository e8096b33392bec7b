//! Local emulators of the Segment, Amplitude and Mixpanel ingestion APIs.
//!
//! Each [`Emulator`] is an HTTP/1.1 server on `127.0.0.1` that checks what the
//! real API checks (paths, method, credentials, content type, gzip, field
//! names, id rules, count and byte limits) and answers as the real API
//! answers, so delivery code can be tested against it without mocks. It
//! records every accepted event with its dedupe id, logs every request, and
//! can be scripted to misbehave: error statuses, slowness, hangs, resets,
//! truncated responses, each either after ingesting the request or without.
//! `README.md` beside this crate lists what each vendor emulation checks and
//! answers, and the documentation it follows.
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::TcpStream;
//! use std::time::Duration;
//! use trackplan_emulators::{Config, Emulator, Fault, Vendor};
//!
//! let emulator = Emulator::start(Vendor::Amplitude, Config::default());
//! // The next request is ingested, then answered 502 (which the docs say
//! // "may or may not have been accepted").
//! emulator.push_fault(Fault::status(502).ingested());
//!
//! let body = r#"{"api_key":"test-api-key","events":[{"event_type":"Signed Up","user_id":"user-1","insert_id":"e-1"}]}"#;
//! let mut stream = TcpStream::connect(emulator.addr()).unwrap();
//! write!(
//!     stream,
//!     "POST /2/httpapi HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
//!     body.len()
//! )
//! .unwrap();
//! let mut answer = String::new();
//! stream.read_to_string(&mut answer).unwrap();
//! assert!(answer.starts_with("HTTP/1.1 502"));
//!
//! // The event was ingested anyway: a retry by the client would show up as
//! // a count of 2 here.
//! assert!(emulator.wait_for(1, Duration::from_secs(1)));
//! assert_eq!(emulator.count_by_id()["e-1"], 1);
//! ```
//!
//! # Control API
//!
//! Every emulator (library or `trackplan-emulator` binary) also answers
//! these requests, which are never logged nor subject to faults:
//!
//! | request | answer |
//! | --- | --- |
//! | `GET /__emulator/received` | JSON array of [`ReceivedEvent`] |
//! | `GET /__emulator/requests` | JSON array of [`RequestRecord`] |
//! | `GET /__emulator/dropped` | JSON array of [`DroppedBatch`] |
//! | `GET /__emulator/rejected` | JSON array of [`RejectedRecord`] |
//! | `GET /__emulator/ids` | JSON object: dedupe id → times received |
//! | `GET /__emulator/summary` | counts only: `requests`, `received`, `distinct_ids`, `duplicated_ids`, `rejected`, `dropped_batches` |
//! | `GET /__emulator/wait?count=N&timeout_ms=T` | waits (60 s at most) for N received events: `{"ok":bool,"received":n}` |
//! | `GET /__emulator/faults` | `{"queue":[…],"default":…}` |
//! | `POST /__emulator/faults` | one fault, or a JSON array of faults, appended to the queue; or `{"queue":[…],"default":…\|null,"replace":bool}` |
//! | `DELETE /__emulator/faults` | clears queued and default faults |
//! | `POST /__emulator/reset` | forgets everything recorded and every fault |
//! | `GET /__emulator/info` | vendor, base URL, limits |
//! | `GET /__emulator/catalog` | the plan-management [`Catalog`] (taxonomy, Lexicon schemas, tracking-plan rules) |
//!
//! Faults take the JSON form of [`FaultSpec`], for example
//! `{"kind":"status","status":503,"retry_after":2,"repeat":3}` or
//! `{"kind":"reset","ingest":true,"path":"/import"}`.

mod amplitude;
mod auth;
mod catalog;
mod config;
mod control;
mod fault;
mod http;
mod json;
mod mixpanel;
mod record;
mod segment;
mod server;
mod vendor;

use std::collections::BTreeMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub use auth::basic_auth;
pub use catalog::Catalog;
pub use config::{
    Config, DEFAULT_API_KEY, DEFAULT_PUBLIC_API_TOKEN, DEFAULT_SECRET_KEY, DEFAULT_TOKEN, DEFAULT_TRACKING_PLAN_ID,
    DEFAULT_WRITE_KEY, Limits, Recording, ServiceAccount, Vendor,
};
pub use fault::{Fault, FaultKind, FaultSpec, FaultSpecKind};
pub use record::{Delivery, DroppedBatch, ReceivedEvent, RejectedRecord, RequestRecord};

use record::StoredEvent;

use server::{Shared, State};

/// A running emulator. It stops (and frees its port) when dropped.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts an emulator on `127.0.0.1` (port from `config.port`, 0 for any).
    ///
    /// # Panics
    ///
    /// If the port cannot be bound; see [`Emulator::try_start`].
    pub fn start(vendor: Vendor, config: Config) -> Emulator {
        Emulator::try_start(vendor, config).unwrap_or_else(|e| panic!("cannot start the {vendor} emulator: {e}"))
    }

    /// Starts an emulator, or says why the port could not be bound.
    pub fn try_start(vendor: Vendor, config: Config) -> io::Result<Emulator> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            vendor,
            config,
            base_url: format!("http://{addr}"),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            shutdown: Arc::new(AtomicBool::new(false)),
            catalog: Mutex::new(Catalog::default()),
        });
        let accept = thread::Builder::new().name(format!("{vendor}-emulator")).spawn({
            let shared = Arc::clone(&shared);
            move || server::accept_loop(listener, shared)
        })?;
        Ok(Emulator { shared, addr, accept: Some(accept) })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The vendor emulated.
    pub fn vendor(&self) -> Vendor {
        self.shared.vendor
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// Every accepted event, in arrival order (duplicates included).
    pub fn received(&self) -> Vec<ReceivedEvent> {
        let stored = self.shared.lock().received.clone();
        stored.iter().map(StoredEvent::to_event).collect()
    }

    /// The dedupe ids of the accepted events, in arrival order (duplicates
    /// included; events without an id left out).
    pub fn received_ids(&self) -> Vec<String> {
        self.shared.lock().received.iter().filter_map(|e| e.id.clone()).collect()
    }

    /// How many times each dedupe id was accepted. Exactly-once delivery
    /// means every count is 1.
    pub fn count_by_id(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for id in self.received_ids() {
            *counts.entry(id).or_default() += 1;
        }
        counts
    }

    /// The ids accepted more than once.
    pub fn duplicate_ids(&self) -> Vec<String> {
        self.count_by_id().into_iter().filter(|(_, n)| *n > 1).map(|(id, _)| id).collect()
    }

    /// What the plan-management APIs (Amplitude Taxonomy, Mixpanel Lexicon Schemas, Segment
    /// tracking-plan rules) hold now.
    pub fn catalog(&self) -> Catalog {
        self.shared.catalog.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Every vendor request, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().requests.clone()
    }

    /// Requests answered as accepted whose events were dropped (Segment's
    /// over-count batches, unknown write keys in lenient mode).
    pub fn dropped(&self) -> Vec<DroppedBatch> {
        self.shared.lock().dropped.clone()
    }

    /// Records refused by validation, from processed requests.
    pub fn rejected(&self) -> Vec<RejectedRecord> {
        self.shared.lock().rejected.clone()
    }

    /// Waits until at least `count` events were accepted; returns whether
    /// that happened within `timeout`.
    pub fn wait_for(&self, count: usize, timeout: Duration) -> bool {
        self.shared.wait_until(timeout, |state| state.received.len() >= count)
    }

    /// Waits until at least `count` requests were logged.
    pub fn wait_for_requests(&self, count: usize, timeout: Duration) -> bool {
        self.shared.wait_until(timeout, |state| state.requests.len() >= count)
    }

    /// Queues a fault for the next request it matches.
    pub fn push_fault(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
    }

    /// Queues faults, applied to the next matching requests in order.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        self.shared.lock().faults.extend(faults);
    }

    /// Sets (or with `None` removes) the fault applied to every request that
    /// no queued fault matches.
    pub fn set_default_fault(&self, fault: Option<Fault>) {
        self.shared.lock().default_fault = fault;
    }

    /// The queued faults not yet used.
    pub fn pending_faults(&self) -> Vec<Fault> {
        self.shared.lock().faults.iter().cloned().collect()
    }

    /// Removes queued and default faults.
    pub fn clear_faults(&self) {
        let mut state = self.shared.lock();
        state.faults.clear();
        state.default_fault = None;
    }

    /// Forgets everything recorded, every fault, and the plan-management catalog.
    pub fn reset(&self) {
        self.shared.lock().reset();
        *self.shared.catalog.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Catalog::default();
    }

    /// Stops the emulator (as dropping it does).
    pub fn shutdown(self) {}
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("vendor", &self.shared.vendor)
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}
