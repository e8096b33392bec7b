//! Shared helpers: realistic payloads, fast retry settings, client set-up, exactly-once checks.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::value::RawValue;
use trackplan_emulators::{Emulator, Vendor};
use trackplan_runtime::delivery::{Client, Config, Failure, Message, Protocol, RetryPolicy};
use trackplan_runtime::destinations::{Amplitude, Mixpanel, Segment};

/// A realistic "Order Completed" payload, serialized once.
pub fn order_completed() -> Box<RawValue> {
    RawValue::from_string(ORDER_COMPLETED.to_owned()).unwrap()
}

pub const ORDER_COMPLETED: &str = r#"{"checkout_id":"fksdjfsdjfisjf9sdfjsd9f","order_id":"50314b8e9bcf000000000000","affiliation":"Google Store","total":27.5,"subtotal":22.5,"revenue":25.0,"shipping":3,"tax":2,"discount":2.5,"coupon":"hasbros","currency":"USD","products":[{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,"quantity":1,"category":"Games","url":"https://www.example.com/product/path","image_url":"https://www.example.com/product/path.jpg"},{"product_id":"505bd76785ebb509fc183733","sku":"46493-32","name":"Uno Card Game","price":3,"quantity":2,"category":"Games"}]}"#;

/// Properties of about `bytes` bytes.
pub fn padded(bytes: usize) -> Box<RawValue> {
    let filler = "x".repeat(bytes.saturating_sub(12));
    RawValue::from_string(format!(r#"{{"pad":"{filler}"}}"#)).unwrap()
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        base: Duration::from_millis(20),
        cap: Duration::from_millis(200),
        circuit_threshold: 50,
        circuit_cooldown: Duration::from_millis(100),
        throttle_hold: Duration::from_millis(800),
    }
}

pub fn destination(vendor: Vendor, emulator: &Emulator) -> Box<dyn Protocol> {
    let host = emulator.base_url();
    match vendor {
        Vendor::Segment => {
            Box::new(Segment::new(trackplan_emulators::DEFAULT_WRITE_KEY).host(host).retry(fast_retry()))
        }
        Vendor::Amplitude => {
            Box::new(Amplitude::new(trackplan_emulators::DEFAULT_API_KEY).host(host).retry(fast_retry()))
        }
        Vendor::Mixpanel => Box::new(Mixpanel::new(trackplan_emulators::DEFAULT_TOKEN).host(host).retry(fast_retry())),
    }
}

/// Settings for tests: short interval, short request timeout, failures collected.
pub fn config(failures: &Failures) -> Config {
    let sink = failures.0.clone();
    Config {
        flush_interval: Duration::from_millis(20),
        request_timeout: Duration::from_secs(1),
        on_failure: Some(Arc::new(move |failure: &Failure| sink.lock().unwrap().push(failure.clone()))),
        ..Config::default()
    }
}

/// Failures reported to the callback.
#[derive(Clone, Default)]
pub struct Failures(pub Arc<Mutex<Vec<Failure>>>);

impl Failures {
    pub fn take(&self) -> Vec<Failure> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

pub fn client(vendor: Vendor, emulator: &Emulator, config: Config) -> Client {
    Client::start(config, vec![destination(vendor, emulator)]).unwrap()
}

/// Tracks `n` Order Completed events for users `user-<prefix>-<i>`; returns their ids.
pub fn track_n(client: &Client, n: usize, prefix: &str) -> Vec<String> {
    (0..n)
        .map(|i| {
            let message = Message::track("Order Completed", order_completed()).user_id(format!("user-{prefix}-{i}"));
            let id = message.id.clone();
            let tracked = client.track(message).unwrap();
            assert_eq!(tracked.dropped, 0);
            id
        })
        .collect()
}

/// Every id arrived, nothing else did, and each exactly once.
pub fn assert_each_once(emulator: &Emulator, ids: &[String], case: &str) {
    let counts = emulator.count_by_id();
    let expected: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let got: BTreeSet<&str> = counts.keys().map(String::as_str).collect();
    assert_eq!(got, expected, "{case}: received ids differ from tracked ids");
    let repeated: BTreeMap<&String, &usize> = counts.iter().filter(|(_, n)| **n != 1).collect();
    assert!(repeated.is_empty(), "{case}: ids received more than once: {repeated:?}");
    assert!(emulator.dropped().is_empty(), "{case}: batches dropped: {:?}", emulator.dropped());
    assert!(emulator.rejected().is_empty(), "{case}: records rejected: {:?}", emulator.rejected());
}

/// Every id arrived and nothing else did; ids seen twice were all in a request the emulator
/// ingested and then failed (the vendor dedupes them by id).
pub fn assert_each_deduped(emulator: &Emulator, ids: &[String], case: &str) {
    let counts = emulator.count_by_id();
    let expected: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let got: BTreeSet<&str> = counts.keys().map(String::as_str).collect();
    assert_eq!(got, expected, "{case}: received ids differ from tracked ids");
    let failed_requests: BTreeSet<u64> = emulator
        .requests()
        .iter()
        .filter(|r| r.ingested > 0 && (r.status != Some(200) || r.delivery != trackplan_emulators::Delivery::Responded))
        .map(|r| r.index)
        .collect();
    for event in emulator.received() {
        let id = event.id.clone().unwrap();
        if counts[&id] > 1 {
            assert!(counts[&id] == 2, "{case}: {id} received {} times", counts[&id]);
            let first = emulator.received().into_iter().find(|e| e.id.as_deref() == Some(&id)).unwrap().request;
            assert!(failed_requests.contains(&first), "{case}: {id} repeated but its first request succeeded");
        }
    }
}
