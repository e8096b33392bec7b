//! Isolation between destinations, flush, shutdown, routing, metrics.

use std::time::{Duration, Instant};

use trackplan_emulators::{Config as EmulatorConfig, Emulator, Fault, Vendor};
use trackplan_runtime::delivery::{Client, FailureReason, Message, StartError, TrackError};

use crate::common::*;

#[test]
fn a_hanging_destination_does_not_delay_the_others() {
    let segment = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let mixpanel = Emulator::start(Vendor::Mixpanel, EmulatorConfig::default());
    let amplitude = Emulator::start(Vendor::Amplitude, EmulatorConfig::default());
    mixpanel.set_default_fault(Some(Fault::hang()));
    amplitude.set_default_fault(Some(Fault::status(503)));
    let failures = Failures::default();
    let client = Client::start(
        config(&failures),
        vec![
            destination(Vendor::Mixpanel, &mixpanel),
            destination(Vendor::Amplitude, &amplitude),
            destination(Vendor::Segment, &segment),
        ],
    )
    .unwrap();
    let started = Instant::now();
    let ids = track_n(&client, 50, "iso");
    assert!(segment.wait_for(50, Duration::from_secs(3)));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(mixpanel.received().is_empty() && amplitude.received().is_empty());
    // Recovery: the failing destinations catch up, each event once.
    mixpanel.set_default_fault(None);
    amplitude.set_default_fault(None);
    client.flush(Duration::from_secs(30)).unwrap();
    assert_each_once(&segment, &ids, "segment");
    assert_each_once(&mixpanel, &ids, "mixpanel");
    assert_each_once(&amplitude, &ids, "amplitude");
}

#[test]
fn events_go_only_where_they_are_routed() {
    let segment = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let amplitude = Emulator::start(Vendor::Amplitude, EmulatorConfig::default());
    let client = Client::start(
        config(&Failures::default()),
        vec![destination(Vendor::Segment, &segment), destination(Vendor::Amplitude, &amplitude)],
    )
    .unwrap();
    let message = Message::track("Only Amplitude", order_completed()).user_id("user-1").only_to(&["amplitude"]);
    let id = message.id.clone();
    assert_eq!(client.track(message).unwrap().queued, 1);
    client.flush(Duration::from_secs(5)).unwrap();
    assert_each_once(&amplitude, std::slice::from_ref(&id), "amplitude");
    assert!(segment.received().is_empty());
}

#[test]
fn shutdown_delivers_what_is_queued_then_refuses_new_events() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let client = client(
        Vendor::Segment,
        &emulator,
        trackplan_runtime::delivery::Config { flush_interval: Duration::from_secs(3600), ..config(&failures) },
    );
    let ids = track_n(&client, 10, "bye");
    client.shutdown(Duration::from_secs(10)).unwrap();
    assert_each_once(&emulator, &ids, "shutdown");
    assert_eq!(
        client.track(Message::track("Late", order_completed()).user_id("user-1")).unwrap_err(),
        TrackError::Closed
    );
    client.shutdown(Duration::from_secs(1)).unwrap();
}

#[test]
fn shutdown_times_out_and_reports_what_it_could_not_deliver() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    emulator.set_default_fault(Some(Fault::status(503)));
    let failures = Failures::default();
    let client = client(Vendor::Segment, &emulator, config(&failures));
    let ids = track_n(&client, 7, "stuck");
    let started = Instant::now();
    let error = client.shutdown(Duration::from_millis(500)).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "shutdown overran: {:?}", started.elapsed());
    assert_eq!(error.pending, 7);
    let failures = failures.take();
    assert_eq!(failures.iter().map(|f| f.message_id.clone()).collect::<Vec<_>>(), ids);
    assert!(failures.iter().all(|f| f.reason == FailureReason::Shutdown && f.detail.contains("lost")));
    assert_eq!(client.metrics().destinations[0].failed_shutdown, 7);
}

#[test]
fn flush_times_out_while_the_vendor_is_down_and_succeeds_once_it_is_back() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    emulator.set_default_fault(Some(Fault::status(502)));
    let client = client(Vendor::Segment, &emulator, config(&Failures::default()));
    let ids = track_n(&client, 5, "down");
    assert_eq!(client.flush(Duration::from_millis(300)).unwrap_err().pending, 5);
    emulator.set_default_fault(None);
    client.flush(Duration::from_secs(10)).unwrap();
    assert_each_once(&emulator, &ids, "after outage");
    let metrics = client.metrics();
    let m = metrics.get("segment").unwrap();
    assert_eq!((m.enqueued, m.sent, m.queued), (5, 5, 0));
    assert!(m.retried >= 5 && m.requests > m.failed_requests);
}

#[test]
fn a_persistently_failing_endpoint_opens_the_circuit() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    emulator.set_default_fault(Some(Fault::status(500)));
    let policy = trackplan_runtime::delivery::RetryPolicy {
        circuit_threshold: 3,
        circuit_cooldown: Duration::from_secs(1),
        ..fast_retry()
    };
    let segment = trackplan_runtime::destinations::Segment::new(trackplan_emulators::DEFAULT_WRITE_KEY)
        .host(emulator.base_url())
        .retry(policy);
    let client = Client::start(config(&Failures::default()), vec![Box::new(segment)]).unwrap();
    track_n(&client, 1, "circuit");
    std::thread::sleep(Duration::from_millis(1_500));
    let m = client.metrics().destinations[0].clone();
    assert!(m.circuit_opened >= 1, "{m:?}");
    // Without the circuit, 20–200 ms backoffs would make well over 10 requests in 1.5 s.
    assert!(m.requests <= 6, "the circuit did not stop the hammering: {} requests", m.requests);
    emulator.set_default_fault(None);
    client.flush(Duration::from_secs(5)).unwrap();
    assert_eq!(client.metrics().destinations[0].sent, 1);
}

#[test]
fn destination_names_must_be_unique() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let error = Client::start(
        config(&Failures::default()),
        vec![destination(Vendor::Segment, &emulator), destination(Vendor::Segment, &emulator)],
    )
    .err()
    .unwrap();
    assert!(matches!(error, StartError::DuplicateDestination(ref name) if name == "segment"), "{error}");
}

#[test]
fn shutdown_returns_on_time_even_while_a_request_hangs() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    emulator.set_default_fault(Some(Fault::hang()));
    let failures = Failures::default();
    let client = client(
        Vendor::Segment,
        &emulator,
        trackplan_runtime::delivery::Config { request_timeout: Duration::from_secs(20), ..config(&failures) },
    );
    track_n(&client, 4, "hang");
    // Past the 20 ms flush interval: the batch is on the wire and the request hangs.
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let error = client.shutdown(Duration::from_millis(300)).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "shutdown waited for the hung request: {:?}",
        started.elapsed()
    );
    assert_eq!(error.pending, 4);
}
