use std::time::{Duration, Instant};

use serde_json::{Value, json};
use trackplan_emulators::{Config, DEFAULT_API_KEY, DEFAULT_WRITE_KEY, Delivery, Emulator, Fault, Vendor, basic_auth};

use crate::common::{Client, Failure, post_json};

fn segment_batch(id: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"batch": [{"type": "track", "event": "e", "userId": "u", "messageId": id}]})).unwrap()
}

fn post_segment(client: &mut Client, id: &str) -> Result<crate::common::Resp, Failure> {
    let auth = basic_auth(DEFAULT_WRITE_KEY, "");
    client.request(
        "POST",
        "/v1/batch",
        &[("Content-Type", "application/json"), ("Authorization", &auth)],
        &segment_batch(id),
    )
}

fn amplitude_upload(id: &str) -> Value {
    json!({"api_key": DEFAULT_API_KEY, "events": [{"event_type": "e", "user_id": "user-1", "insert_id": id}]})
}

#[test]
fn status_fault_without_ingest_then_normal() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    emulator.push_faults([Fault::status(503).retry_after(7), Fault::status(429).retry_after(2)]);
    let mut client = Client::connect(&emulator.base_url());
    let first = post_segment(&mut client, "m-1").unwrap();
    assert_eq!(first.status, 503);
    assert_eq!(first.header("retry-after"), Some("7"));
    // Keep-alive survives an injected status.
    let second = post_segment(&mut client, "m-1").unwrap();
    assert_eq!(second.status, 429);
    assert_eq!(second.header("x-ratelimit-reset"), Some("2"));
    assert!(emulator.received().is_empty());
    let third = post_segment(&mut client, "m-1").unwrap();
    assert_eq!(third.status, 200);
    assert_eq!(emulator.count_by_id()["m-1"], 1);
    let requests = emulator.requests();
    assert_eq!(requests[0].fault.as_deref(), Some("status 503"));
    assert_eq!(requests[0].ingested, 0);
    assert_eq!(requests[2].fault, None);
}

#[test]
fn ingest_then_500_makes_a_retry_visible_as_a_duplicate() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    emulator.push_fault(Fault::status(500).ingested());
    let base = emulator.base_url();
    let response = post_json(&base, "/2/httpapi", None, &amplitude_upload("dup-1"));
    assert_eq!(response.status, 500);
    assert_eq!(emulator.received_ids(), ["dup-1"]);
    // A client retrying the same event: the emulator shows it twice.
    assert_eq!(post_json(&base, "/2/httpapi", None, &amplitude_upload("dup-1")).status, 200);
    assert_eq!(emulator.count_by_id()["dup-1"], 2);
    assert_eq!(emulator.duplicate_ids(), ["dup-1"]);
    assert_eq!(emulator.requests()[0].fault.as_deref(), Some("status 500 (ingested)"));
}

#[test]
fn custom_body_for_a_status_fault() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    emulator.push_fault(Fault::status(502).body("<html>bad gateway</html>"));
    let auth = basic_auth(trackplan_emulators::DEFAULT_TOKEN, "");
    let response = post_json(&emulator.base_url(), "/import?strict=1", Some(&auth), &json!([]));
    assert_eq!(response.status, 502);
    assert_eq!(response.text(), "<html>bad gateway</html>");
    assert!(response.header("content-type").unwrap().starts_with("text/plain"));
}

#[test]
fn slow_response() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    emulator.push_fault(Fault::slow(Duration::from_millis(300)));
    let mut client = Client::connect(&emulator.base_url());
    let started = Instant::now();
    assert_eq!(post_segment(&mut client, "slow").unwrap().status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(emulator.received_ids(), ["slow"]);
}

#[test]
fn hang_times_the_client_out_with_or_without_ingest() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    emulator.push_faults([Fault::hang(), Fault::hang().ingested()]);
    for id in ["lost", "kept"] {
        let mut client = Client::connect(&emulator.base_url());
        client.read_timeout(Duration::from_millis(250));
        assert_eq!(post_segment(&mut client, id).unwrap_err(), Failure::Timeout);
    }
    assert_eq!(emulator.received_ids(), ["kept"]);
    let deliveries: Vec<Delivery> = emulator.requests().iter().map(|r| r.delivery).collect();
    assert_eq!(deliveries, [Delivery::Hung, Delivery::Hung]);
}

#[test]
fn reset_and_close() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    emulator.push_faults([Fault::reset(), Fault::reset().ingested(), Fault::close()]);
    let mut client = Client::connect(&emulator.base_url());
    assert_eq!(post_segment(&mut client, "r-1").unwrap_err(), Failure::Reset);
    let mut client = Client::connect(&emulator.base_url());
    assert_eq!(post_segment(&mut client, "r-2").unwrap_err(), Failure::Reset);
    let mut client = Client::connect(&emulator.base_url());
    assert_eq!(post_segment(&mut client, "c-1").unwrap_err(), Failure::Closed);
    assert_eq!(emulator.received_ids(), ["r-2"]);
    let requests = emulator.requests();
    assert_eq!(requests[0].delivery, Delivery::Reset);
    assert_eq!(requests[0].status, None);
    assert_eq!(requests[2].delivery, Delivery::Closed);
}

#[test]
fn truncated_response() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    emulator.push_faults([Fault::truncate().ingested(), Fault::truncate()]);
    let body = serde_json::to_vec(&amplitude_upload("t-1")).unwrap();
    let headers = [("Content-Type", "application/json")];
    let mut client = Client::connect(&emulator.base_url());
    match client.request("POST", "/2/httpapi", &headers, &body).unwrap_err() {
        Failure::Truncated { status, announced, got } => {
            assert_eq!(status, 200);
            assert!(got < announced, "{got} < {announced}");
        }
        other => panic!("expected a truncated response, got {other:?}"),
    }
    let mut client = Client::connect(&emulator.base_url());
    let failure = client.request("POST", "/2/httpapi", &headers, &body).unwrap_err();
    assert!(matches!(failure, Failure::Truncated { .. }), "{failure:?}");
    assert_eq!(emulator.received_ids(), ["t-1"]);
    assert_eq!(emulator.requests()[0].delivery, Delivery::Truncated);
}

#[test]
fn default_fault_queue_precedence_and_path_filter() {
    let emulator = Emulator::start(Vendor::Mixpanel, Config::default());
    let base = emulator.base_url();
    let auth = basic_auth(trackplan_emulators::DEFAULT_TOKEN, "");
    let event =
        |id: &str| json!([{"event": "e", "properties": {"time": 1_700_000_000, "distinct_id": "u", "$insert_id": id}}]);
    emulator.set_default_fault(Some(Fault::status(503)));
    emulator.push_fault(Fault::pass());
    emulator.push_fault(Fault::status(429).on_path("/engage"));
    assert_eq!(post_json(&base, "/import", Some(&auth), &event("p1")).status, 200);
    assert_eq!(post_json(&base, "/import", Some(&auth), &event("p2")).status, 503);
    assert_eq!(post_json(&base, "/import", Some(&auth), &event("p3")).status, 503);
    assert_eq!(emulator.pending_faults().len(), 1);
    let update = json!([{"$token": trackplan_emulators::DEFAULT_TOKEN, "$distinct_id": "u", "$set": {}}]);
    assert_eq!(post_json(&base, "/engage", None, &update).status, 429);
    assert!(emulator.pending_faults().is_empty());
    emulator.set_default_fault(None);
    assert_eq!(post_json(&base, "/import", Some(&auth), &event("p4")).status, 200);
    assert_eq!(emulator.received_ids(), ["p1", "p4"]);
}

#[test]
fn dropping_the_emulator_ends_hung_connections_and_frees_the_port() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    emulator.set_default_fault(Some(Fault::hang()));
    let addr = emulator.addr();
    let mut client = Client::connect(&emulator.base_url());
    client.read_timeout(Duration::from_secs(3));
    let auth = basic_auth(DEFAULT_WRITE_KEY, "");
    let body = segment_batch("h");
    let raw = format!(
        "POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: {auth}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    client.write_raw(raw.as_bytes());
    client.write_raw(&body);
    assert!(emulator.wait_for_requests(1, Duration::from_secs(2)));
    let started = Instant::now();
    drop(emulator);
    assert_eq!(client.read_response().unwrap_err(), Failure::Closed);
    assert!(started.elapsed() < Duration::from_secs(2));
    let again = Emulator::start(Vendor::Segment, Config::default().port(addr.port()));
    assert_eq!(again.addr(), addr);
}
