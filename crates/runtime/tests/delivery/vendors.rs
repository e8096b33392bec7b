//! Per vendor: wire format, every fault kind, and each vendor's special answers.

use std::time::{Duration, Instant};

use trackplan_emulators::{Config as EmulatorConfig, Emulator, Fault, Vendor};
use trackplan_runtime::delivery::{Client, FailureReason, Message};
use trackplan_runtime::destinations::{Amplitude, Mixpanel, Segment};

use crate::common::*;

fn faults() -> Vec<(&'static str, Vec<Fault>)> {
    vec![
        ("none", vec![]),
        ("500", vec![Fault::status(500)]),
        ("502 twice", vec![Fault::status(502), Fault::status(502)]),
        ("503", vec![Fault::status(503)]),
        ("504", vec![Fault::status(504)]),
        ("429 with Retry-After", vec![Fault::status(429).retry_after(1)]),
        ("slow", vec![Fault::slow(Duration::from_millis(300))]),
        ("hang", vec![Fault::hang()]),
        ("reset", vec![Fault::reset()]),
        ("close", vec![Fault::close()]),
        ("truncated response", vec![Fault::truncate()]),
    ]
}

fn ingest_then_fail() -> Vec<(&'static str, Vec<Fault>)> {
    vec![
        ("500 after ingesting", vec![Fault::status(500).ingested()]),
        ("504 after ingesting", vec![Fault::status(504).ingested()]),
        ("reset after ingesting", vec![Fault::reset().ingested()]),
        ("truncated after ingesting", vec![Fault::truncate().ingested()]),
    ]
}

/// Tracks 30 events in batches of 10 under each fault; all must arrive, once per id.
fn every_fault(vendor: Vendor) {
    let emulator = Emulator::start(vendor, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(
        vendor,
        &emulator,
        trackplan_runtime::delivery::Config { max_batch_events: Some(10), ..config(&failures) },
    );
    for (case, faults) in faults() {
        emulator.reset();
        emulator.push_faults(faults);
        let started = Instant::now();
        let ids = track_n(&client, 30, case);
        client.flush(Duration::from_secs(30)).unwrap_or_else(|e| panic!("{vendor:?} {case}: {e}"));
        assert_each_once(&emulator, &ids, &format!("{vendor:?} {case}"));
        assert!(emulator.pending_faults().is_empty(), "{case}: fault not exercised");
        if case == "429 with Retry-After" && vendor != Vendor::Amplitude {
            assert!(started.elapsed() >= Duration::from_secs(1), "{case}: Retry-After not honoured");
        }
    }
    for (case, faults) in ingest_then_fail() {
        emulator.reset();
        emulator.push_faults(faults);
        let ids = track_n(&client, 30, case);
        client.flush(Duration::from_secs(30)).unwrap_or_else(|e| panic!("{vendor:?} {case}: {e}"));
        assert_each_deduped(&emulator, &ids, &format!("{vendor:?} {case}"));
    }
    let metrics = client.metrics();
    let m = &metrics.destinations[0];
    assert!(m.retried > 0 && m.failed_requests > 0, "{m:?}");
    assert_eq!(m.sent, m.enqueued, "{m:?}");
    assert!(failures.take().is_empty());
}

#[test]
fn segment_delivers_every_event_once_under_every_fault() {
    every_fault(Vendor::Segment);
}

#[test]
fn amplitude_delivers_every_event_once_under_every_fault() {
    every_fault(Vendor::Amplitude);
}

#[test]
fn mixpanel_delivers_every_event_once_under_every_fault() {
    every_fault(Vendor::Mixpanel);
}

#[test]
fn segment_wire_format() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(Vendor::Segment, &emulator, config(&failures));
    let context = serde_json::value::RawValue::from_string(r#"{"library":{"name":"trackplan"}}"#.to_owned()).unwrap();
    let message = Message::track("Order Completed", order_completed())
        .user_id("user-1")
        .anonymous_id("anon-1")
        .context(context)
        .event_version("3");
    let id = message.id.clone();
    let timestamp = message.timestamp_ms;
    client.track(message).unwrap();
    let identify =
        Message::identify("user-1", serde_json::value::to_raw_value(&serde_json::json!({"plan": "pro"})).unwrap());
    client.track(identify).unwrap();
    client.flush(Duration::from_secs(10)).unwrap();
    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/batch"));
    assert_eq!(request.header("Authorization"), Some("Basic <redacted>"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert!(request.gzip);
    let received = emulator.received();
    let event = &received[0].json;
    assert_eq!(event["type"], "track");
    assert_eq!(event["event"], "Order Completed");
    assert_eq!(event["userId"], "user-1");
    assert_eq!(event["anonymousId"], "anon-1");
    assert_eq!(event["messageId"], id.as_str());
    assert_eq!(event["context"]["protocols"]["event_version"], "3");
    assert_eq!(event["context"]["library"]["name"], "trackplan");
    assert_eq!(event["properties"], serde_json::from_str::<serde_json::Value>(ORDER_COMPLETED).unwrap());
    let expected_time = {
        let mut out = Vec::new();
        trackplan_runtime::delivery::write_rfc3339(&mut out, timestamp);
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()
    };
    assert_eq!(event["timestamp"], expected_time);
    assert_eq!(received[1].json["type"], "identify");
    assert_eq!(received[1].json["traits"]["plan"], "pro");
    assert!(emulator.rejected().is_empty());
}

#[test]
fn amplitude_wire_format() {
    let emulator = Emulator::start(Vendor::Amplitude, EmulatorConfig::default());
    let failures = Failures::default();
    let amplitude = Amplitude::new(trackplan_emulators::DEFAULT_API_KEY)
        .host(emulator.base_url())
        .retry(fast_retry())
        .plan(trackplan_runtime::destinations::AmplitudePlan {
            branch: Some("main".into()),
            source: Some("web".into()),
            version: Some("7".into()),
        });
    let client = Client::start(config(&failures), vec![Box::new(amplitude)]).unwrap();
    let message = Message::track("Order Completed", order_completed()).user_id("user-1").anonymous_id("device-1");
    let (id, time) = (message.id.clone(), message.timestamp_ms);
    client.track(message).unwrap();
    client
        .track(Message::identify(
            "user-1",
            serde_json::value::to_raw_value(&serde_json::json!({"plan": "pro"})).unwrap(),
        ))
        .unwrap();
    client.flush(Duration::from_secs(10)).unwrap();
    let request = &emulator.requests()[0];
    assert_eq!(request.path, "/2/httpapi");
    assert!(request.gzip);
    let received = emulator.received();
    let event = &received[0].json;
    assert_eq!(event["event_type"], "Order Completed");
    assert_eq!(event["user_id"], "user-1");
    assert_eq!(event["device_id"], "device-1");
    assert_eq!(event["time"], time);
    assert_eq!(event["insert_id"], id.as_str());
    assert_eq!(event["plan"], serde_json::json!({"branch": "main", "source": "web", "version": "7"}));
    assert_eq!(event["event_properties"]["order_id"], "50314b8e9bcf000000000000");
    assert_eq!(received[1].json["event_type"], "$identify");
    assert_eq!(received[1].json["user_properties"]["$set"]["plan"], "pro");
}

#[test]
fn mixpanel_wire_format() {
    let emulator = Emulator::start(Vendor::Mixpanel, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(Vendor::Mixpanel, &emulator, config(&failures));
    let message = Message::track("Order Completed", order_completed()).user_id("user-1").anonymous_id("device-1");
    let (id, time) = (message.id.clone(), message.timestamp_ms);
    client.track(message).unwrap();
    client.flush(Duration::from_secs(10)).unwrap();
    let request = &emulator.requests()[0];
    assert_eq!(request.target, "/import?strict=1");
    assert_eq!(request.header("Authorization"), Some("Basic <redacted>"));
    assert!(request.gzip);
    let event = &emulator.received()[0].json;
    assert_eq!(event["event"], "Order Completed");
    assert_eq!(event["properties"]["distinct_id"], "user-1");
    assert_eq!(event["properties"]["$device_id"], "device-1");
    assert_eq!(event["properties"]["$insert_id"], id.as_str());
    assert_eq!(event["properties"]["time"], time);
    assert_eq!(event["properties"]["revenue"], 25.0);
}

#[test]
fn mixpanel_insert_ids_follow_the_documented_alphabet() {
    use trackplan_runtime::destinations::mixpanel_insert_id;
    let generated = trackplan_runtime::delivery::new_message_id();
    assert_eq!(mixpanel_insert_id(&generated), generated.as_str());
    let long = "envelope:".repeat(10);
    let derived = mixpanel_insert_id(&long);
    assert_eq!(derived.len(), 32);
    assert!(derived.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(derived, mixpanel_insert_id(&long), "stable across calls");
    assert_ne!(derived, mixpanel_insert_id(&"envelope;".repeat(10)));
}

#[test]
fn amplitude_413_splits_the_batch_and_resends() {
    let emulator = Emulator::start(
        Vendor::Amplitude,
        EmulatorConfig::default().limits(|l| l.amplitude_max_request_bytes = 20_000),
    );
    let failures = Failures::default();
    let client = client(Vendor::Amplitude, &emulator, config(&failures));
    let ids = track_n(&client, 200, "split");
    client.flush(Duration::from_secs(30)).unwrap();
    assert_each_once(&emulator, &ids, "413 split");
    let statuses: Vec<Option<u16>> = emulator.requests().iter().map(|r| r.status).collect();
    assert!(statuses.contains(&Some(413)), "{statuses:?}");
    assert!(failures.take().is_empty());
}

#[test]
fn amplitude_429_holds_only_the_throttled_users() {
    let emulator = Emulator::start(Vendor::Amplitude, EmulatorConfig::default());
    let failures = Failures::default();
    let mut config = config(&failures);
    config.max_batch_events = Some(5);
    let amplitude = Amplitude::new(trackplan_emulators::DEFAULT_API_KEY)
        .host(emulator.base_url())
        .retry(trackplan_runtime::delivery::RetryPolicy { throttle_hold: Duration::from_secs(3), ..fast_retry() });
    let client = Client::start(config, vec![Box::new(amplitude)]).unwrap();
    emulator.push_fault(Fault::status(429));
    let throttled = track_n(&client, 5, "hot");
    assert!(emulator.wait_for_requests(1, Duration::from_secs(5)));
    let started = Instant::now();
    let others = track_n(&client, 20, "cool");
    assert!(emulator.wait_for(20, Duration::from_secs(2)), "others stalled behind the throttled user");
    assert!(started.elapsed() < Duration::from_secs(2));
    let received: Vec<String> = emulator.received_ids();
    assert!(throttled.iter().all(|id| !received.contains(id)), "throttled users were not held");
    client.flush(Duration::from_secs(10)).unwrap();
    let all: Vec<String> = throttled.iter().chain(&others).cloned().collect();
    assert_each_once(&emulator, &all, "429 hold");
    assert_eq!(client.metrics().destinations[0].throttled, 5);
}

#[test]
fn amplitude_400_drops_only_the_invalid_events_and_resends_the_rest() {
    let emulator = Emulator::start(Vendor::Amplitude, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(Vendor::Amplitude, &emulator, config(&failures));
    let mut ids = track_n(&client, 4, "a");
    let bad = Message::track("", order_completed()).user_id("user-bad-1");
    let bad_id = bad.id.clone();
    client.track(bad).unwrap();
    ids.extend(track_n(&client, 4, "b"));
    client.flush(Duration::from_secs(10)).unwrap();
    let counts = emulator.count_by_id();
    assert!(!counts.contains_key(&bad_id));
    assert!(ids.iter().all(|id| counts.get(id) == Some(&1)), "{counts:?}");
    let failures = failures.take();
    assert_eq!(failures.len(), 1);
    assert_eq!((failures[0].message_id.as_str(), failures[0].reason), (bad_id.as_str(), FailureReason::Invalid));
    assert_eq!(client.metrics().destinations[0].failed_invalid, 1);
}

#[test]
fn amplitude_short_ids_are_refused_locally_unless_allowed() {
    let emulator = Emulator::start(Vendor::Amplitude, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(Vendor::Amplitude, &emulator, config(&failures));
    client.track(Message::track("Signed Up", order_completed()).user_id("abc")).unwrap();
    client.flush(Duration::from_secs(5)).unwrap();
    assert!(emulator.requests().is_empty());
    let failures = failures.take();
    assert_eq!(failures[0].reason, FailureReason::Unsupported);
    assert!(failures[0].detail.contains("min_id_length"), "{}", failures[0].detail);

    let allowing = Amplitude::new(trackplan_emulators::DEFAULT_API_KEY).host(emulator.base_url()).min_id_length(3);
    let client = Client::start(config(&Failures::default()), vec![Box::new(allowing)]).unwrap();
    let message = Message::track("Signed Up", order_completed()).user_id("abc");
    let id = message.id.clone();
    client.track(message).unwrap();
    client.flush(Duration::from_secs(5)).unwrap();
    assert_each_once(&emulator, &[id], "min_id_length 3");
}

#[test]
fn mixpanel_strict_failed_records_are_reported_and_the_rest_never_resent() {
    let emulator = Emulator::start(Vendor::Mixpanel, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(Vendor::Mixpanel, &emulator, config(&failures));
    let mut ids = track_n(&client, 5, "a");
    let mut bad = Message::track("Order Completed", order_completed()).user_id("user-old");
    bad.timestamp_ms = 1_000;
    let bad_id = bad.id.clone();
    client.track(bad).unwrap();
    ids.extend(track_n(&client, 5, "b"));
    client.flush(Duration::from_secs(10)).unwrap();
    assert_eq!(emulator.requests().len(), 1, "nothing resent after a strict 400");
    assert_eq!(emulator.requests()[0].status, Some(400));
    let counts = emulator.count_by_id();
    assert!(ids.iter().all(|id| counts.get(id) == Some(&1)), "{counts:?}");
    assert!(!counts.contains_key(&bad_id));
    let failures = failures.take();
    assert_eq!(failures.len(), 1);
    assert_eq!((failures[0].message_id.as_str(), failures[0].reason), (bad_id.as_str(), FailureReason::Invalid));
    assert!(failures[0].detail.contains("time"), "{}", failures[0].detail);
}

#[test]
fn wrong_credentials_fail_without_leaking_the_key() {
    let secret = "sk-live-DO-NOT-LEAK-0123456789";
    for vendor in [Vendor::Segment, Vendor::Mixpanel, Vendor::Amplitude] {
        let emulator = Emulator::start(vendor, EmulatorConfig::default());
        let destination: Box<dyn trackplan_runtime::delivery::Protocol> = match vendor {
            Vendor::Segment => Box::new(Segment::new(secret).host(emulator.base_url())),
            Vendor::Amplitude => Box::new(Amplitude::new(secret).host(emulator.base_url())),
            Vendor::Mixpanel => Box::new(Mixpanel::new(secret).host(emulator.base_url())),
        };
        assert!(!format!("{destination:?}").contains(secret));
        assert!(!format!("{:?}", destination.endpoint()).contains(secret));
        let failures = Failures::default();
        let client = Client::start(config(&failures), vec![destination]).unwrap();
        track_n(&client, 3, "key");
        client.flush(Duration::from_secs(10)).unwrap();
        let failures = failures.take();
        assert_eq!(failures.len(), 3, "{vendor:?}");
        for failure in &failures {
            assert_eq!(failure.reason, FailureReason::Unauthorized, "{vendor:?}: {failure:?}");
            assert!(!format!("{failure:?} {}", failure.detail).contains(secret));
        }
        assert_eq!(client.metrics().destinations[0].failed_unauthorized, 3);
    }
}

#[test]
fn segment_maps_page_screen_and_group_to_their_types() {
    use trackplan_runtime::delivery::Kind;
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let client = client(Vendor::Segment, &emulator, config(&Failures::default()));
    let traits = serde_json::value::to_raw_value(&serde_json::json!({"name": "Acme", "plan": "enterprise"})).unwrap();
    client.track(Message::group("group-42", traits).user_id("user-1")).unwrap();
    client.track(Message::view(Kind::Page, "Pricing", order_completed()).anonymous_id("anon-1")).unwrap();
    client.track(Message::view(Kind::Screen, "Cart", order_completed()).anonymous_id("anon-1")).unwrap();
    client.flush(Duration::from_secs(5)).unwrap();
    let received = emulator.received();
    assert!(emulator.rejected().is_empty(), "{:?}", emulator.rejected());
    let kinds: Vec<&str> = received.iter().map(|e| e.json["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["group", "page", "screen"]);
    assert_eq!(received[0].json["groupId"], "group-42");
    assert_eq!(received[0].json["traits"]["plan"], "enterprise");
    assert_eq!(received[1].json["name"], "Pricing");
    assert_eq!(received[2].json["name"], "Cart");
}

#[test]
fn mixpanel_events_and_profiles_each_get_their_kind_of_call() {
    use trackplan_runtime::destinations::MixpanelProfiles;
    let emulator = Emulator::start(Vendor::Mixpanel, EmulatorConfig::default());
    let failures = Failures::default();
    let client = Client::start(
        config(&failures),
        vec![
            destination(Vendor::Mixpanel, &emulator),
            Box::new(
                MixpanelProfiles::new(trackplan_emulators::DEFAULT_TOKEN).host(emulator.base_url()).retry(fast_retry()),
            ),
        ],
    )
    .unwrap();
    emulator.push_fault(Fault::status(503).on_path("/engage"));
    let traits =
        serde_json::value::to_raw_value(&serde_json::json!({"$email": "a@example.com", "plan": "pro"})).unwrap();
    assert_eq!(client.track(Message::identify("user-1", traits)).unwrap().queued, 1);
    assert_eq!(client.track(Message::track("Signed Up", order_completed()).user_id("user-1")).unwrap().queued, 1);
    client.flush(Duration::from_secs(10)).unwrap();
    let received = emulator.received();
    let kinds: Vec<(&str, &str)> = received.iter().map(|e| (e.endpoint.as_str(), e.kind.as_str())).collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    let profile = received.iter().find(|e| e.endpoint == "/engage").unwrap();
    assert_eq!(profile.json["$distinct_id"], "user-1");
    assert_eq!(profile.json["$set"]["plan"], "pro");
    assert!(received.iter().any(|e| e.endpoint == "/import" && e.json["event"] == "Signed Up"));
    assert!(emulator.requests().iter().all(|r| r.path != "/engage" || !r.gzip));
    assert!(failures.take().is_empty());
    let metrics = client.metrics();
    assert_eq!(metrics.get("mixpanel_profiles").unwrap().retried, 1);
}
