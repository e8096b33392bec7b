//! The accept loop, per-connection threads, fault application and recording.

use std::collections::VecDeque;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::auth::redact;
use crate::catalog::Catalog;
use crate::config::Recording;
use crate::config::{Config, Vendor};
use crate::control;
use crate::fault::{Fault, FaultKind};
use crate::http::{Conn, ReadError, Request, Response};
use crate::record::{Delivery, DroppedBatch, RejectedRecord, RequestRecord, StoredEvent, StoredText};
use crate::vendor::{self, EventText, Records};

/// Everything recorded, and the scripted faults.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) received: Vec<StoredEvent>,
    pub(crate) requests: Vec<RequestRecord>,
    pub(crate) dropped: Vec<DroppedBatch>,
    pub(crate) rejected: Vec<RejectedRecord>,
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) default_fault: Option<Fault>,
    next_index: u64,
}

impl State {
    /// Forgets everything recorded and every fault.
    pub(crate) fn reset(&mut self) {
        *self = State::default();
    }
}

/// State shared by the emulator handle and the server threads.
pub(crate) struct Shared {
    pub(crate) vendor: Vendor,
    pub(crate) config: Config,
    pub(crate) base_url: String,
    pub(crate) state: Mutex<State>,
    pub(crate) changed: Condvar,
    pub(crate) shutdown: Arc<AtomicBool>,
    /// What the plan-management APIs hold; locked for the whole of such a request.
    pub(crate) catalog: Mutex<Catalog>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `done` holds or `timeout` passes; returns whether it holds.
    pub(crate) fn wait_until(&self, timeout: Duration, done: impl Fn(&State) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if done(&state) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            state = self.changed.wait_timeout(state, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// The first queued fault for `path`, else the default fault.
    fn take_fault(&self, path: &str) -> Option<Fault> {
        let mut state = self.lock();
        if let Some(position) = state.faults.iter().position(|f| f.matches(path)) {
            return state.faults.remove(position);
        }
        state.default_fault.clone().filter(|f| f.matches(path))
    }

    /// Logs a request and records what processing it yielded (moved out of `outcome`).
    fn commit(
        &self,
        request: &Request,
        records: Option<Records>,
        status: Option<u16>,
        delivery: Delivery,
        fault: Option<&Fault>,
    ) {
        let mut state = self.lock();
        let index = state.next_index;
        state.next_index += 1;
        let (mut ingested, mut rejected) = (0, 0);
        if let Some(records) = records {
            ingested = records.accepted.len();
            rejected = records.rejected.len();
            let endpoint: Arc<str> = Arc::from(request.path.as_str());
            let full = self.config.recording == Recording::Full;
            state.received.reserve(ingested);
            for event in records.accepted {
                let text = match event.text {
                    _ if !full => StoredText::Forgotten,
                    EventText::Span(span) => StoredText::Body(Arc::clone(&request.body), span),
                    EventText::Owned(text) => StoredText::Owned(Arc::from(text)),
                };
                state.received.push(StoredEvent {
                    request: index,
                    endpoint: Arc::clone(&endpoint),
                    kind: event.kind,
                    id: event.id,
                    text,
                });
            }
            for rejection in records.rejected {
                state.rejected.push(RejectedRecord {
                    request: index,
                    index: rejection.index,
                    id: rejection.id,
                    field: rejection.field,
                    message: rejection.message,
                });
            }
            if let Some(dropped) = records.dropped {
                state.dropped.push(DroppedBatch {
                    request: index,
                    reason: dropped.reason,
                    events: dropped.events,
                    ids: dropped.ids,
                });
            }
        }
        state.requests.push(RequestRecord {
            index,
            method: request.method.clone(),
            target: request.target.clone(),
            path: request.path.clone(),
            headers: redact(&request.headers),
            body_bytes: request.wire_len,
            decoded_bytes: request.body.len(),
            gzip: request.gzip,
            chunked: request.chunked,
            status,
            delivery,
            fault: fault.map(Fault::describe),
            ingested,
            rejected,
        });
        drop(state);
        self.changed.notify_all();
    }
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)).unwrap_or(0)
}

/// Accepts connections until shutdown, one thread each.
pub(crate) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.shutdown.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            thread::sleep(Duration::from_millis(5));
            continue;
        };
        let shared = Arc::clone(&shared);
        let spawned = thread::Builder::new().name("emulator-conn".into()).spawn(move || serve(stream, &shared));
        if spawned.is_err() {
            thread::sleep(Duration::from_millis(5));
        }
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let Ok(mut conn) = Conn::new(stream, Arc::clone(&shared.shutdown)) else {
        return;
    };
    loop {
        let head = match conn.read_head() {
            Ok(head) => head,
            Err(ReadError::Gone) => return,
            Err(ReadError::Bad(status, message)) => {
                let response = vendor::error_response(shared.vendor, status, &message);
                let _ = conn.send(&response, true);
                conn.close();
                return;
            }
        };
        if head.expects_continue() && conn.send_continue().is_err() {
            return;
        }
        let (body, chunked) = match conn.read_body(&head) {
            Ok(body) => body,
            Err(ReadError::Gone) => return,
            Err(ReadError::Bad(status, message)) => {
                let response = vendor::error_response(shared.vendor, status, &message);
                let request = Request::new(head, Vec::new(), false);
                shared.commit(&request, None, Some(status), Delivery::Responded, None);
                let _ = conn.send(&response, true);
                conn.close();
                return;
            }
        };
        let request = Request::new(head, body, chunked);
        let close = !request.keep_alive();
        if request.path.starts_with(control::PREFIX) {
            let response = control::handle(shared, &request);
            if conn.send(&response, close).is_err() || close {
                return;
            }
            continue;
        }
        match respond(shared, conn, request, close) {
            Some(kept) => conn = kept,
            None => return,
        }
    }
}

/// Sleeps, waking early on shutdown. Returns false on shutdown.
fn pause(delay: Duration, shutdown: &AtomicBool) -> bool {
    let deadline = Instant::now() + delay;
    loop {
        if shutdown.load(Ordering::SeqCst) {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            return true;
        }
        thread::sleep((deadline - now).min(Duration::from_millis(20)));
    }
}

/// Processes one vendor request, applying any fault. Returns the connection
/// when it stays open for the next request.
fn respond(shared: &Shared, mut conn: Conn, request: Request, close: bool) -> Option<Conn> {
    let fault = shared.take_fault(&request.path);
    if let Some(fault) = &fault {
        if !pause(fault.delay, &shared.shutdown) {
            return None;
        }
    }
    let now = now_ms();
    let kind = fault.as_ref().map_or(FaultKind::Pass, |f| f.kind.clone());
    let ingest = matches!(kind, FaultKind::Pass) || fault.as_ref().is_some_and(|f| f.ingest);
    let mut catalog = shared.catalog.lock().unwrap_or_else(PoisonError::into_inner);
    let (response, records) =
        vendor::handle(shared.vendor, &shared.config, &request, &mut catalog, ingest, now).split();
    drop(catalog);
    let recorded = ingest.then_some(records);
    let injected = |status: u16, body: &Option<String>| match body {
        Some(body) => Response::raw(status, body),
        None => vendor::fault_response(shared.vendor, &shared.config, &request, status, now),
    };
    match kind {
        FaultKind::Pass => {
            shared.commit(&request, recorded, Some(response.status), Delivery::Responded, fault.as_ref());
            (conn.send(&response, close).is_ok() && !close).then_some(conn)
        }
        FaultKind::Status { status, ref body, retry_after } => {
            let mut response = injected(status, body);
            if let Some(seconds) = retry_after {
                response = response.with_header("Retry-After", seconds.to_string());
                if shared.vendor == Vendor::Segment {
                    response = response.with_header("X-RateLimit-Reset", seconds.to_string());
                }
            }
            shared.commit(&request, recorded, Some(status), Delivery::Responded, fault.as_ref());
            (conn.send(&response, close).is_ok() && !close).then_some(conn)
        }
        FaultKind::Truncate { status } => {
            let response = match status {
                Some(status) => injected(status, &None),
                None => response,
            };
            shared.commit(&request, recorded, Some(response.status), Delivery::Truncated, fault.as_ref());
            let _ = conn.send_truncated(&response);
            None
        }
        FaultKind::Reset => {
            shared.commit(&request, recorded, None, Delivery::Reset, fault.as_ref());
            conn.reset();
            None
        }
        FaultKind::Close => {
            shared.commit(&request, recorded, None, Delivery::Closed, fault.as_ref());
            conn.close();
            None
        }
        FaultKind::Hang => {
            shared.commit(&request, recorded, None, Delivery::Hung, fault.as_ref());
            conn.hang();
            None
        }
    }
}
