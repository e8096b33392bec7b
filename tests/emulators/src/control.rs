//! The control API under `/__emulator/` (documented in the crate docs).

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::{Deserialize, Deserializer};
use serde_json::json;

use crate::fault::FaultSpec;
use crate::http::{Request, Response};
use crate::record::{ReceivedEvent, StoredEvent};
use crate::server::Shared;

pub(crate) const PREFIX: &str = "/__emulator/";

/// Longest wait the `wait` endpoint allows.
const MAX_WAIT: Duration = Duration::from_secs(60);

#[derive(Deserialize)]
#[serde(untagged)]
enum FaultsBody {
    Queue(Vec<FaultSpec>),
    Full(Script),
    One(FaultSpec),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    #[serde(default)]
    queue: Vec<FaultSpec>,
    #[serde(default, deserialize_with = "present")]
    default: Option<Option<FaultSpec>>,
    #[serde(default)]
    replace: bool,
}

/// Tells a field given as `null` (`Some(None)`) from an absent one (`None`).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<FaultSpec>>, D::Error> {
    Option::<FaultSpec>::deserialize(deserializer).map(Some)
}

fn bad(message: &str) -> Response {
    Response::json(400, &json!({"error": message}))
}

pub(crate) fn handle(shared: &Shared, request: &Request) -> Response {
    let name = &request.path[PREFIX.len()..];
    match (request.method.as_str(), name) {
        ("GET", "received") => {
            let stored = shared.lock().received.clone();
            let events: Vec<ReceivedEvent> = stored.iter().map(StoredEvent::to_event).collect();
            Response::json(200, &json!(events))
        }
        ("GET", "requests") => Response::json(200, &json!(shared.lock().requests)),
        ("GET", "dropped") => Response::json(200, &json!(shared.lock().dropped)),
        ("GET", "rejected") => Response::json(200, &json!(shared.lock().rejected)),
        ("GET", "ids") => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for event in &shared.lock().received {
                if let Some(id) = &event.id {
                    *counts.entry(id.clone()).or_default() += 1;
                }
            }
            Response::json(200, &json!(counts))
        }
        ("GET", "summary") => {
            let state = shared.lock();
            let mut ids: HashMap<&str, usize> = HashMap::with_capacity(state.received.len());
            for id in state.received.iter().filter_map(|event| event.id.as_deref()) {
                *ids.entry(id).or_default() += 1;
            }
            Response::json(
                200,
                &json!({
                    "requests": state.requests.len(),
                    "received": state.received.len(),
                    "distinct_ids": ids.len(),
                    "duplicated_ids": ids.values().filter(|&&n| n > 1).count(),
                    "rejected": state.rejected.len(),
                    "dropped_batches": state.dropped.len(),
                }),
            )
        }
        ("GET", "wait") => {
            let number = |key: &str| request.query_param(key).and_then(|v| v.parse::<u64>().ok());
            let Some(count) = number("count") else {
                return bad("wait needs ?count=N");
            };
            let count = usize::try_from(count).unwrap_or(usize::MAX);
            let timeout = Duration::from_millis(number("timeout_ms").unwrap_or(5_000)).min(MAX_WAIT);
            let ok = shared.wait_until(timeout, |state| state.received.len() >= count);
            let received = shared.lock().received.len();
            Response::json(200, &json!({"ok": ok, "received": received}))
        }
        ("GET", "faults") => {
            let state = shared.lock();
            let queue: Vec<FaultSpec> = state.faults.iter().map(FaultSpec::from).collect();
            let default = state.default_fault.as_ref().map(FaultSpec::from);
            Response::json(200, &json!({"queue": queue, "default": default}))
        }
        ("POST", "faults") => {
            let body = match serde_json::from_slice::<FaultsBody>(&request.body) {
                Ok(body) => body,
                Err(e) => return bad(&format!("invalid faults: {e}")),
            };
            let (queue, default, replace) = match body {
                FaultsBody::Queue(queue) => (queue, None, false),
                FaultsBody::One(spec) => (vec![spec], None, false),
                FaultsBody::Full(script) => (script.queue, script.default, script.replace),
            };
            let mut state = shared.lock();
            if replace {
                state.faults.clear();
            }
            for spec in &queue {
                for _ in 0..spec.repeat {
                    state.faults.push_back(spec.to_fault());
                }
            }
            if let Some(default) = default {
                state.default_fault = default.map(|spec| spec.to_fault());
            }
            let queued = state.faults.len();
            Response::json(200, &json!({"queued": queued}))
        }
        ("DELETE", "faults") => {
            let mut state = shared.lock();
            state.faults.clear();
            state.default_fault = None;
            Response::json(200, &json!({"queued": 0}))
        }
        ("POST", "reset") => {
            shared.lock().reset();
            *shared.catalog.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Default::default();
            Response::json(200, &json!({"ok": true}))
        }
        ("GET", "info") => Response::json(
            200,
            &json!({
                "vendor": shared.vendor,
                "base_url": shared.base_url,
                "limits": shared.config.limits,
            }),
        ),
        ("GET", "catalog") => {
            Response::json(200, &json!(*shared.catalog.lock().unwrap_or_else(std::sync::PoisonError::into_inner)))
        }
        (_, "received" | "requests" | "dropped" | "rejected" | "ids" | "wait" | "info" | "catalog") => {
            Response::json(405, &json!({"error": "use GET"})).with_header("Allow", "GET")
        }
        (_, "faults") => {
            Response::json(405, &json!({"error": "use GET, POST or DELETE"})).with_header("Allow", "GET, POST, DELETE")
        }
        (_, "reset") => Response::json(405, &json!({"error": "use POST"})).with_header("Allow", "POST"),
        _ => Response::json(404, &json!({"error": format!("no control endpoint {name:?}")})),
    }
    .with_header("Cache-Control", "no-store")
}
