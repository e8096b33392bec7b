//! A full queue applies the configured policy, and every drop is counted exactly.

use std::time::{Duration, Instant};

use trackplan_emulators::{Config as EmulatorConfig, Emulator, Vendor};
use trackplan_runtime::delivery::{BackPressure, Client, Config, FailureReason, Message};

use crate::common::*;

/// A client whose worker never sends on its own: batches of 2,500 never fill a 100-slot
/// queue and the interval is an hour, so the queue holds exactly what `track` left.
fn idle_client(emulator: &Emulator, policy: BackPressure, failures: &Failures) -> Client {
    let config = Config {
        queue_capacity: 100,
        back_pressure: policy,
        flush_interval: Duration::from_secs(3600),
        ..config(failures)
    };
    client(Vendor::Segment, emulator, config)
}

fn track_ids(client: &Client, n: usize) -> (Vec<String>, u32) {
    let mut dropped = 0;
    let ids = (0..n)
        .map(|i| {
            let message = Message::track("Tick", order_completed()).user_id(format!("user-{i:05}"));
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
    let client = idle_client(&emulator, BackPressure::DropNewest, &failures);
    let (ids, dropped) = track_ids(&client, 150);
    assert_eq!(dropped, 50);
    let metrics = client.metrics();
    assert_eq!((metrics.destinations[0].queued, metrics.destinations[0].dropped_queue_full), (100, 50));
    client.flush(Duration::from_secs(10)).unwrap();
    assert_each_once(&emulator, &ids[..100], "drop newest");
    let failures = failures.take();
    assert_eq!(failures.iter().map(|f| f.message_id.clone()).collect::<Vec<_>>(), ids[100..]);
    assert!(failures.iter().all(|f| f.reason == FailureReason::QueueFull));
}

#[test]
fn drop_oldest_evicts_the_oldest_and_counts_it() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let client = idle_client(&emulator, BackPressure::DropOldest, &failures);
    let (ids, dropped) = track_ids(&client, 150);
    assert_eq!(dropped, 0, "the new event is always queued");
    assert_eq!(client.metrics().destinations[0].dropped_queue_full, 50);
    client.flush(Duration::from_secs(10)).unwrap();
    assert_each_once(&emulator, &ids[50..], "drop oldest");
    let failures = failures.take();
    assert_eq!(failures.iter().map(|f| f.message_id.clone()).collect::<Vec<_>>(), ids[..50]);
    let metrics = client.metrics();
    let m = &metrics.destinations[0];
    assert_eq!((m.enqueued, m.sent, m.dropped_queue_full, m.queued), (150, 100, 50, 0));
}

#[test]
fn block_waits_for_room_then_gives_up_after_its_timeout() {
    let emulator = Emulator::start(Vendor::Segment, EmulatorConfig::default());
    let failures = Failures::default();
    let client = idle_client(&emulator, BackPressure::Block(Duration::from_millis(200)), &failures);
    let (mut ids, dropped) = track_ids(&client, 100);
    assert_eq!(dropped, 0);
    // Full and idle: the next track waits its 200 ms, then drops.
    let started = Instant::now();
    let (late, dropped) = track_ids(&client, 1);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(dropped, 1);
    assert_eq!(failures.take()[0].message_id, late[0]);
    // With a flush draining the queue meanwhile, a blocked track gets in.
    std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(50));
            client.flush(Duration::from_secs(10)).unwrap();
        });
        let client = &client;
        let message = Message::track("Tick", order_completed()).user_id("user-late");
        ids.push(message.id.clone());
        let blocked = Client::track(client, message).unwrap();
        assert_eq!(blocked.dropped, 0);
    });
    client.flush(Duration::from_secs(10)).unwrap();
    assert_each_once(&emulator, &ids, "block");
    assert_eq!(client.metrics().destinations[0].dropped_queue_full, 1);
}
