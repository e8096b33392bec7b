//! A full queue applies the configured policy, and every drop is counted exactly.

use std::time::{Duration, Instant};

use trackplan_emulators::{Config as EmulatorConfig, Emulator, Fault, Vendor};
use trackplan_runtime::delivery::{BackPressure, Client, Config, FailureReason, Message};

use crate::common::*;

/// A client whose sender is busy: it took a first full queue (100 events, a full batch for a
/// 100-slot queue) and waits 3 s for the emulator's answer, while the interval is an hour, so
/// the queue holds exactly what `track` leaves meanwhile. Returns the first batch's ids too.
fn stalled_client(emulator: &Emulator, policy: BackPressure, failures: &Failures) -> (Client, Vec<String>) {
    let config = Config {
        queue_capacity: 100,
        back_pressure: policy,
        flush_interval: Duration::from_secs(3600),
        request_timeout: Duration::from_secs(20),
        ..config(failures)
    };
    emulator.push_fault(Fault::slow(Duration::from_secs(3)));
    let client = client(Vendor::Segment, emulator, config);
    let (first, dropped) = track_ids(&client, 100, "first");
    assert_eq!(dropped, 0);
    let started = Instant::now();
    while client.metrics().destinations[0].queued > 0 {
        assert!(started.elapsed() < Duration::from_secs(2), "a full queue wakes the sender");
        std::thread::sleep(Duration::from_millis(1));
    }
    (client, first)
}

fn track_ids(client: &Client, n: usize, prefix: &str) -> (Vec<String>, u32) {
    let mut dropped = 0;
    let ids = (0..n)
        .map(|i| {
            let message = Message::track("Tick", order_completed()).user_id(format!("user-{prefix}-{i:05}"));
            let id = message.id.clone();
            dropped += client.track(message).unwrap().dropped;
            id
        })
        .collect();
    (ids, dropped)
}

#[test]
fn drop_newest_refuses_the_overflow_and_counts_it() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let (client, first) = stalled_client(&emulator, BackPressure::DropNewest, &failures);
    let (ids, dropped) = track_ids(&client, 150, "next");
    assert_eq!(dropped, 50);
    let metrics = client.metrics();
    assert_eq!((metrics.destinations[0].queued, metrics.destinations[0].dropped_queue_full), (100, 50));
    client.flush(Duration::from_secs(20)).unwrap();
    assert_each_once(&emulator, &[&first[..], &ids[..100]].concat(), "drop newest");
    let failures = failures.take();
    assert_eq!(failures.iter().map(|f| f.message_id.clone()).collect::<Vec<_>>(), ids[100..]);
    assert!(failures.iter().all(|f| f.reason == FailureReason::QueueFull));
}

#[test]
fn drop_oldest_evicts_the_oldest_and_counts_it() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let (client, first) = stalled_client(&emulator, BackPressure::DropOldest, &failures);
    let (ids, dropped) = track_ids(&client, 150, "next");
    assert_eq!(dropped, 0, "the new event is always queued");
    assert_eq!(client.metrics().destinations[0].dropped_queue_full, 50);
    client.flush(Duration::from_secs(20)).unwrap();
    assert_each_once(&emulator, &[&first[..], &ids[50..]].concat(), "drop oldest");
    let failures = failures.take();
    assert_eq!(failures.iter().map(|f| f.message_id.clone()).collect::<Vec<_>>(), ids[..50]);
    let metrics = client.metrics();
    let m = &metrics.destinations[0];
    assert_eq!((m.enqueued, m.sent, m.dropped_queue_full, m.queued), (250, 200, 50, 0));
}

#[test]
fn block_waits_for_room_then_gives_up_after_its_timeout() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    // The sender is stuck for 3 s; a blocked track waits up to 2 s.
    let (client, first) = stalled_client(&emulator, BackPressure::Block(Duration::from_secs(2)), &failures);
    let (mut ids, dropped) = track_ids(&client, 100, "next");
    assert_eq!(dropped, 0);
    // Full and the sender busy: the next track waits its 2 s, then drops.
    let started = Instant::now();
    let (late, dropped) = track_ids(&client, 1, "late");
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(dropped, 1);
    assert_eq!(failures.take()[0].message_id, late[0]);
    // The sender's answer comes about 1 s later; it takes the full queue and a blocked track
    // gets in.
    let (later, dropped) = track_ids(&client, 1, "later");
    assert_eq!(dropped, 0);
    ids.extend(later);
    client.flush(Duration::from_secs(20)).unwrap();
    assert_each_once(&emulator, &[&first[..], &ids[..]].concat(), "block");
    assert_eq!(client.metrics().destinations[0].dropped_queue_full, 1);
}

#[test]
fn a_queue_smaller_than_a_batch_is_sent_when_full() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let config = Config {
        queue_capacity: 10,
        back_pressure: BackPressure::Block(Duration::from_secs(5)),
        flush_interval: Duration::from_secs(3600),
        ..config(&failures)
    };
    let client = client(Vendor::Segment, &emulator, config);
    // With the hour-long interval, only full queues can move these along: without that, the
    // eleventh track would wait its 5 s and drop.
    let mut ids = Vec::new();
    for _ in 0..100 {
        let (batch, dropped) = track_ids(&client, 10, "small");
        assert_eq!(dropped, 0, "a full queue is sent without waiting for the interval");
        ids.extend(batch);
    }
    assert!(emulator.wait_for(1_000, Duration::from_secs(10)), "full queues are sent without waiting for the interval");
    assert_each_once(&emulator, &ids, "small queue");
    // Nothing is left: shutdown returns at once, not at the interval or its deadline.
    let started = Instant::now();
    client.shutdown(Duration::from_secs(5)).unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "idle shutdown took {:?}", started.elapsed());
}
