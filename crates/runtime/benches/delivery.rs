//! Delivery benchmarks (run with `cargo bench -p trackplan-runtime --bench delivery`).
//!
//! 1. `track()` cost on the caller's thread while the sender delivers to a local Segment
//!    emulator: building the message (fresh id, timestamp, the pre-serialized "Order
//!    Completed" properties) and enqueueing it. Median, p99 and p99.9 over paced calls.
//! 2. Sustained delivery of 1,000,000 events to the Segment emulator, with the queue's
//!    back-pressure blocking the producer, and the process's peak RSS.
//!
//! The emulator runs as a separate process (`trackplan-emulator`, built by
//! `cargo build --release -p trackplan-emulators`, or `TRACKPLAN_EMULATOR_BIN`) so its memory
//! does not count in this process's RSS.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use trackplan_runtime::delivery::{BackPressure, Client, Config, Message};
use trackplan_runtime::destinations::Segment;

const ORDER_COMPLETED: &str = r#"{"checkout_id":"fksdjfsdjfisjf9sdfjsd9f","order_id":"50314b8e9bcf000000000000","affiliation":"Google Store","total":27.5,"subtotal":22.5,"revenue":25.0,"shipping":3,"tax":2,"discount":2.5,"coupon":"hasbros","currency":"USD","products":[{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,"quantity":1,"category":"Games","url":"https://www.example.com/product/path","image_url":"https://www.example.com/product/path.jpg"},{"product_id":"505bd76785ebb509fc183733","sku":"46493-32","name":"Uno Card Game","price":3,"quantity":2,"category":"Games"}]}"#;

struct EmulatorProcess {
    child: Child,
    url: String,
}

impl EmulatorProcess {
    fn start() -> EmulatorProcess {
        let bin = std::env::var("TRACKPLAN_EMULATOR_BIN").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/release/trackplan-emulator").to_owned()
        });
        let mut child = Command::new(&bin)
            .args(["--vendor", "segment", "--port", "0", "--exit-on-stdin-eof"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} ({e}); run `cargo build --release -p trackplan-emulators`"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("listening on ").expect("emulator banner").to_owned();
        EmulatorProcess { child, url }
    }

    fn reset(&self) {
        ureq::post(&format!("{}/__emulator/reset", self.url)).send_bytes(b"").unwrap();
    }

    fn rss_kib(&self) -> u64 {
        status_kib(&format!("/proc/{}/status", self.child.id()), "VmHWM:")
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_kib(path: &str, field: &str) -> u64 {
    let status = std::fs::read_to_string(path).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.trim().strip_suffix("kB")?.trim().parse().ok())
        .unwrap_or(0)
}

fn properties() -> Box<RawValue> {
    RawValue::from_string(ORDER_COMPLETED.to_owned()).unwrap()
}

fn client(url: &str, gzip: bool, back_pressure: BackPressure) -> Client {
    let config = Config { back_pressure, queue_capacity: 10_000, ..Config::default() };
    Client::start(config, vec![Box::new(Segment::new("test-write-key").host(url).gzip(gzip))]).unwrap()
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    f64::from(sorted[((sorted.len() as f64 - 1.0) * p) as usize]) / 1000.0
}

/// Paced track() calls (so the queue never fills and drops never flatter the figure).
fn enqueue_cost(emulator: &EmulatorProcess) {
    let client = client(&emulator.url, true, BackPressure::DropNewest);
    let template = properties();
    let rate = 50_000.0;
    let samples = 200_000;
    let mut nanos = Vec::with_capacity(samples);
    let clock = {
        let start = Instant::now();
        for _ in 0..1000 {
            std::hint::black_box(Instant::now());
        }
        start.elapsed().as_nanos() as f64 / 1000.0
    };
    let start = Instant::now();
    let mut dropped = 0;
    for i in 0..samples {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        while Instant::now() < due {
            std::hint::spin_loop();
        }
        let began = Instant::now();
        let message = Message::track("Order Completed", template.clone()).user_id("user-1234567");
        dropped += client.track(message).unwrap().dropped;
        nanos.push(began.elapsed().as_nanos() as u32);
    }
    client.flush(Duration::from_secs(60)).unwrap();
    nanos.sort_unstable();
    println!(
        "track() on the caller thread, {samples} calls at {rate} /s while the sender runs (gzip on): \
         median {:.2} µs, p99 {:.2} µs, p99.9 {:.2} µs, max {:.2} µs (clock read ≈ {clock:.0} ns); dropped {dropped}",
        percentile(&nanos, 0.5),
        percentile(&nanos, 0.99),
        percentile(&nanos, 0.999),
        percentile(&nanos, 1.0),
    );
}

/// 1 M events as fast as the queue lets them in.
fn sustained(emulator: &EmulatorProcess, gzip: bool) {
    emulator.reset();
    let client = client(&emulator.url, gzip, BackPressure::Block(Duration::from_secs(60)));
    let template = properties();
    let total = 1_000_000u64;
    let rss_before = status_kib("/proc/self/status", "VmRSS:");
    let start = Instant::now();
    for _ in 0..total {
        let message = Message::track("Order Completed", template.clone()).user_id("user-1234567");
        client.track(message).unwrap();
    }
    let tracked = start.elapsed();
    client.flush(Duration::from_secs(300)).unwrap();
    let elapsed = start.elapsed();
    let metrics = client.metrics();
    let m = &metrics.destinations[0];
    assert_eq!((m.sent, m.dropped_queue_full), (total, 0), "{m:?}");
    println!(
        "sustained delivery to the Segment emulator (gzip {}): {total} events in {:.2} s = {:.0} events/s \
         (producer done after {:.2} s); {} requests; RSS before {} MiB, peak {} MiB; emulator peak RSS {} MiB",
        if gzip { "on" } else { "off" },
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        tracked.as_secs_f64(),
        m.requests,
        rss_before / 1024,
        status_kib("/proc/self/status", "VmHWM:") / 1024,
        emulator.rss_kib() / 1024,
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let emulator = EmulatorProcess::start();
    enqueue_cost(&emulator);
    let gzip_runs: Vec<bool> = match std::env::var("TRACKPLAN_BENCH_GZIP").as_deref() {
        Ok("on") => vec![true],
        Ok("off") => vec![false],
        _ => vec![false, true],
    };
    for gzip in gzip_runs {
        sustained(&emulator, gzip);
    }
}
