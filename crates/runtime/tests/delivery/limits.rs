//! Batches stay within each vendor's documented limits; oversize events never leave.

use std::time::Duration;

use trackplan_emulators::{Config as EmulatorConfig, Emulator, Vendor};
use trackplan_runtime::delivery::{Client, FailureReason, Message, TrackError};

use crate::common::*;

/// (vendor, most events, most decoded bytes per request)
const LIMITS: [(Vendor, usize, usize); 3] =
    [(Vendor::Segment, 2_500, 500_000), (Vendor::Amplitude, 1_999, 1_000_000), (Vendor::Mixpanel, 2_000, 2_000_000)];

#[test]
fn batches_never_exceed_count_limits() {
    for (vendor, max_events, max_bytes) in LIMITS {
        let emulator = Emulator::start(vendor, EmulatorConfig::default());
        let failures = Failures::default();
        let client = client(vendor, &emulator, config(&failures));
        // Small events: the count limit binds first.
        let ids: Vec<String> = (0..6_000)
            .map(|i| {
                let message = Message::track("Tick", padded(20)).user_id(format!("user-{i:05}"));
                let id = message.id.clone();
                client.track(message).unwrap();
                id
            })
            .collect();
        client.flush(Duration::from_secs(60)).unwrap();
        assert_each_once(&emulator, &ids, &format!("{vendor:?} count"));
        let requests = emulator.requests();
        let largest = requests.iter().map(|r| r.ingested).max().unwrap();
        assert!(largest <= max_events, "{vendor:?}: a request carried {largest} events");
        assert!(largest > max_events / 2, "{vendor:?}: batches of {largest} are needlessly small");
        assert!(requests.iter().all(|r| r.decoded_bytes <= max_bytes));
        assert!(failures.take().is_empty());
    }
}

#[test]
fn batches_never_exceed_byte_limits() {
    for (vendor, _, max_bytes) in LIMITS {
        let emulator = Emulator::start(vendor, EmulatorConfig::default());
        let failures = Failures::default();
        let client = client(vendor, &emulator, config(&failures));
        let ids: Vec<String> = (0..1_500)
            .map(|i| {
                let message = Message::track("Big", padded(7_000)).user_id(format!("user-{i:05}"));
                let id = message.id.clone();
                client.track(message).unwrap();
                id
            })
            .collect();
        client.flush(Duration::from_secs(60)).unwrap();
        assert_each_once(&emulator, &ids, &format!("{vendor:?} bytes"));
        let largest = emulator.requests().iter().map(|r| r.decoded_bytes).max().unwrap();
        assert!(largest <= max_bytes, "{vendor:?}: {largest} bytes");
        assert!(largest > max_bytes * 9 / 10, "{vendor:?}: requests of {largest} bytes leave the budget unused");
    }
}

#[test]
fn oversize_events_are_refused_at_track_time_with_a_clear_error() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(Vendor::Segment, &emulator, config(&failures));
    let error = client.track(Message::track("Huge", padded(40_000)).user_id("user-1")).unwrap_err();
    assert!(matches!(error, TrackError::TooLarge { limit: 32_000, .. }), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("Huge") && text.contains("segment") && text.contains("32000"), "{text}");
    client.flush(Duration::from_secs(5)).unwrap();
    assert!(emulator.requests().is_empty());
}

#[test]
fn events_over_the_limit_once_encoded_are_refused_locally() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(Vendor::Segment, &emulator, config(&failures));
    // Under the limit as a payload, over it with the envelope Segment adds.
    let message = Message::track("Almost", padded(31_990)).user_id("user-1");
    let id = message.id.clone();
    client.track(message).unwrap();
    let ok = track_n(&client, 3, "ok");
    client.flush(Duration::from_secs(5)).unwrap();
    assert_each_once(&emulator, &ok, "near-limit neighbours");
    let failures = failures.take();
    assert_eq!(failures.len(), 1);
    assert_eq!((failures[0].message_id.as_str(), failures[0].reason), (id.as_str(), FailureReason::Oversize));
    assert!(failures[0].detail.contains("32000-byte limit"), "{}", failures[0].detail);
    assert_eq!(client.metrics().destinations[0].failed_oversize, 1);
}

#[test]
fn oversize_for_one_destination_is_refused_before_any_queue() {
    let segment = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let mixpanel = Emulator::start(Vendor::Mixpanel, EmulatorConfig::default());
    let client = Client::start(
        config(&Failures::default()),
        vec![destination(Vendor::Segment, &segment), destination(Vendor::Mixpanel, &mixpanel)],
    )
    .unwrap();
    assert!(client.track(Message::track("Huge", padded(100_000)).user_id("user-1")).is_err());
    // Routed only to Mixpanel, whose per-event limit is 1 MB, it goes.
    let message = Message::track("Huge", padded(100_000)).user_id("user-1").only_to(&["mixpanel"]);
    let id = message.id.clone();
    client.track(message).unwrap();
    client.flush(Duration::from_secs(5)).unwrap();
    assert_each_once(&mixpanel, &[id], "routed to mixpanel");
    assert!(segment.requests().is_empty());
}
