//! The control API under /__emulator/, as other-language harnesses use it.

use serde_json::{Value, json};
use trackplan_emulators::{Config, DEFAULT_API_KEY, Emulator, Vendor};

use crate::common::{post_json, send};

fn upload(id: &str) -> Value {
    json!({"api_key": DEFAULT_API_KEY, "events": [{"event_type": "e", "device_id": "device-1", "insert_id": id}]})
}

fn get(base: &str, path: &str) -> Value {
    let response = send(base, "GET", path, &[], b"").unwrap();
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

#[test]
fn control_api_reports_scripts_and_resets() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    assert_eq!(post_json(&base, "/2/httpapi", None, &upload("c-1")).status, 200);

    let received = get(&base, "/__emulator/received");
    assert_eq!(received[0]["id"], json!("c-1"));
    assert_eq!(received[0]["kind"], json!("event"));
    assert_eq!(received[0]["json"]["device_id"], json!("device-1"));
    let requests = get(&base, "/__emulator/requests");
    assert_eq!(requests.as_array().unwrap().len(), 1, "control calls are not logged");
    assert_eq!(requests[0]["status"], json!(200));
    assert_eq!(requests[0]["delivery"], json!("responded"));
    assert_eq!(get(&base, "/__emulator/ids"), json!({"c-1": 1}));
    assert_eq!(get(&base, "/__emulator/wait?count=1&timeout_ms=10"), json!({"ok": true, "received": 1}));
    assert_eq!(get(&base, "/__emulator/wait?count=2&timeout_ms=10"), json!({"ok": false, "received": 1}));
    assert_eq!(get(&base, "/__emulator/info")["vendor"], json!("amplitude"));

    // Faults: a list is queued; an object can also set the default.
    let faults = json!([
        {"kind": "status", "status": 503, "repeat": 2},
        {"kind": "status", "status": 500, "ingest": true, "body": {"code": 500}},
    ]);
    let response = post_json(&base, "/__emulator/faults", None, &faults);
    assert_eq!(response.json(), json!({"queued": 3}));
    assert_eq!(get(&base, "/__emulator/faults")["queue"].as_array().unwrap().len(), 3);
    assert_eq!(post_json(&base, "/2/httpapi", None, &upload("c-2")).status, 503);
    assert_eq!(post_json(&base, "/2/httpapi", None, &upload("c-2")).status, 503);
    let response = post_json(&base, "/2/httpapi", None, &upload("c-2"));
    assert_eq!((response.status, response.json()), (500, json!({"code": 500})));
    assert_eq!(get(&base, "/__emulator/ids"), json!({"c-1": 1, "c-2": 1}));

    let default = json!({"default": {"kind": "slow", "delay_ms": 1}, "queue": [{"kind": "reset"}], "replace": true});
    post_json(&base, "/__emulator/faults", None, &default);
    let faults = get(&base, "/__emulator/faults");
    assert_eq!(faults["default"]["kind"], json!("pass"));
    assert_eq!(faults["queue"][0]["kind"], json!("reset"));
    post_json(&base, "/__emulator/faults", None, &json!({"default": null}));
    assert_eq!(get(&base, "/__emulator/faults")["default"], Value::Null);
    let response = send(&base, "DELETE", "/__emulator/faults", &[], b"").unwrap();
    assert_eq!(response.json(), json!({"queued": 0}));
    assert!(emulator.pending_faults().is_empty());

    let one = json!({"kind": "truncate", "status": 502, "path": "/2/httpapi"});
    assert_eq!(post_json(&base, "/__emulator/faults", None, &one).json(), json!({"queued": 1}));
    assert_eq!(emulator.pending_faults()[0].path.as_deref(), Some("/2/httpapi"));
    emulator.clear_faults();

    let bad_kind = json!([{"kind": "explode"}]);
    let response = post_json(&base, "/__emulator/faults", None, &bad_kind);
    assert_eq!(response.status, 400);
    let typo = json!({"queue": [], "typo": 1});
    let response = post_json(&base, "/__emulator/faults", None, &typo);
    assert_eq!(response.status, 400);
    assert_eq!(send(&base, "GET", "/__emulator/nothing", &[], b"").unwrap().status, 404);
    assert_eq!(send(&base, "POST", "/__emulator/received", &[], b"").unwrap().status, 405);

    let response = send(&base, "POST", "/__emulator/reset", &[], b"").unwrap();
    assert_eq!(response.json(), json!({"ok": true}));
    assert_eq!(get(&base, "/__emulator/received"), json!([]));
    assert!(emulator.requests().is_empty());
}

#[test]
fn summary_counts_events_and_duplicated_ids() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let base = emulator.base_url();
    for id in ["s-1", "s-2", "s-1"] {
        assert_eq!(post_json(&base, "/2/httpapi", None, &upload(id)).status, 200);
    }
    let refused =
        json!({"api_key": DEFAULT_API_KEY, "events": [{"event_type": "e", "device_id": "x", "insert_id": "s-3"}]});
    assert_eq!(post_json(&base, "/2/httpapi", None, &refused).status, 400);
    assert_eq!(
        get(&base, "/__emulator/summary"),
        json!({"requests": 4, "received": 3, "distinct_ids": 2, "duplicated_ids": 1, "rejected": 1, "dropped_batches": 0})
    );
}
