//! Delivery benchmarks (run with `cargo bench -p trackplan-runtime --bench delivery`).
//!
//! 1. `track()` cost on the caller's thread while the sender delivers to a local Segment
//!    emulator: building the message (fresh id, timestamp, a copy of the pre-serialized
//!    "Order Completed" properties, as the envelope adapter makes) and enqueueing it. Median, p99 and p99.9 over paced calls.
//! 2. Sustained delivery of 1,000,000 events (`TRACKPLAN_BENCH_EVENTS`) through a queue of
//!    10,000 (`TRACKPLAN_BENCH_QUEUE`) whose back-pressure blocks the producer, so none is
//!    dropped: to a minimal HTTP sink (what the client alone can push), then to the Segment
//!    emulator, which checks every event as the real API does and confirms each id arrived
//!    exactly once. Reports events/s, this process's peak RSS during the run (VmHWM, reset
//!    before it through `/proc/self/clear_refs`) and CPU per event on each side.
//!
//! The emulator runs as a separate process (`trackplan-emulator --record ids`, built by
//! `cargo build --release -p trackplan-emulators`, or `TRACKPLAN_EMULATOR_BIN`) so its memory
//! does not count in this process's RSS. `TRACKPLAN_BENCH_GZIP=on|off` runs one setting only.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
            .args(["--vendor", "segment", "--port", "0", "--record", "ids", "--exit-on-stdin-eof"])
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

    /// The emulator's counts: (received, distinct ids, duplicated ids, rejected).
    fn summary(&self) -> (u64, u64, u64, u64) {
        let answer = ureq::get(&format!("{}/__emulator/summary", self.url)).call().unwrap().into_string().unwrap();
        let summary: serde_json::Value = serde_json::from_str(&answer).unwrap();
        let count = |key: &str| summary[key].as_u64().unwrap();
        (count("received"), count("distinct_ids"), count("duplicated_ids"), count("rejected"))
    }

    fn cpu_seconds(&self) -> f64 {
        cpu_seconds(&format!("/proc/{}/stat", self.child.id()))
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

/// A minimal HTTP/1.1 server that reads each request and answers Segment's 200 without
/// parsing anything: measures what the client alone can push.
fn start_sink() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((name, value)) = line.split_once(':')
                            && name.eq_ignore_ascii_case("content-length")
                        {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    let answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"success\":true}";
                    if writer.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// utime + stime of a `/proc/.../stat` file, in seconds.
fn cpu_seconds(path: &str) -> f64 {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum());
    ticks / 100.0
}

/// CPU seconds of this process's thread whose name starts with `prefix`.
fn thread_cpu_seconds(prefix: &str) -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return 0.0 };
    tasks
        .filter_map(|task| task.ok())
        .filter(|task| std::fs::read_to_string(task.path().join("comm")).is_ok_and(|comm| comm.starts_with(prefix)))
        .map(|task| cpu_seconds(&task.path().join("stat").to_string_lossy()))
        .sum()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

fn queue_capacity() -> usize {
    env_number("TRACKPLAN_BENCH_QUEUE", 10_000)
}

fn client(url: &str, gzip: bool, back_pressure: BackPressure) -> Client {
    let config = Config { back_pressure, queue_capacity: queue_capacity(), ..Config::default() };
    Client::start(config, vec![Box::new(Segment::new("test-write-key").host(url).gzip(gzip))]).unwrap()
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    f64::from(sorted[((sorted.len() as f64 - 1.0) * p) as usize]) / 1000.0
}

/// Paced track() calls (so the queue never fills and drops never flatter the figure).
fn enqueue_cost(emulator: &EmulatorProcess) {
    let client = client(&emulator.url, true, BackPressure::DropNewest);
    let rate = 5_000.0;
    let samples = 50_000;
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
        let message = Message::track_serialized("Order Completed", ORDER_COMPLETED).user_id("user-1234567");
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
    println!("load average {}", load_average());
}

/// 1 M events as fast as the queue lets them in.
fn sustained(target: Target<'_>, gzip: bool) {
    let (url, label, emulator) = match target {
        Target::Emulator(emulator) => {
            emulator.reset();
            (emulator.url.clone(), "the Segment emulator", Some(emulator))
        }
        Target::Sink(url) => (url.to_owned(), "a minimal HTTP sink (no parsing)", None),
    };
    let client = client(&url, gzip, BackPressure::Block(Duration::from_secs(60)));
    let total = env_number("TRACKPLAN_BENCH_EVENTS", 1_000_000) as u64;
    let rss_before = status_kib("/proc/self/status", "VmRSS:");
    // "5" resets the peak RSS (VmHWM) to the current RSS: the peak is then this run's.
    let peak_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let emulator_cpu_now = || emulator.map_or(0.0, EmulatorProcess::cpu_seconds);
    let (process_cpu, worker_cpu, emulator_cpu) =
        (cpu_seconds("/proc/self/stat"), thread_cpu_seconds("trackplan-segme"), emulator_cpu_now());
    let start = Instant::now();
    for _ in 0..total {
        let message = Message::track_serialized("Order Completed", ORDER_COMPLETED).user_id("user-1234567");
        client.track(message).unwrap();
    }
    let tracked = start.elapsed();
    client.flush(Duration::from_secs(600)).unwrap();
    let elapsed = start.elapsed();
    let process_cpu = cpu_seconds("/proc/self/stat") - process_cpu;
    let worker_cpu = thread_cpu_seconds("trackplan-segme") - worker_cpu;
    let emulator_cpu = emulator_cpu_now() - emulator_cpu;
    let peak = status_kib("/proc/self/status", "VmHWM:");
    let metrics = client.metrics();
    let m = &metrics.destinations[0];
    assert_eq!((m.sent, m.dropped_queue_full, m.retried), (total, 0, 0), "{m:?}");
    if let Some(emulator) = emulator {
        assert_eq!(emulator.summary(), (total, total, 0, 0), "(received, distinct ids, duplicated ids, rejected)");
    }
    let per_event = |seconds: f64| seconds / total as f64 * 1e6;
    println!(
        "sustained delivery to {label} (gzip {}): {total} events in {:.2} s = {:.0} events/s \
         (producer done after {:.2} s); {} requests{}; RSS before {:.1} MiB, peak during the run {:.1} MiB{} \
         (queue capacity {}); CPU per event: client process {:.2} µs (sender thread {:.2} µs), emulator {:.2} µs; \
         load average {}",
        if gzip { "on" } else { "off" },
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        tracked.as_secs_f64(),
        m.requests,
        if emulator.is_some() { ", every id received exactly once" } else { "" },
        rss_before as f64 / 1024.0,
        peak as f64 / 1024.0,
        if peak_reset { "" } else { " (peak since start: clear_refs unavailable)" },
        queue_capacity(),
        per_event(process_cpu),
        per_event(worker_cpu),
        per_event(emulator_cpu),
        load_average(),
    );
}

#[derive(Clone, Copy)]
enum Target<'a> {
    Emulator(&'a EmulatorProcess),
    Sink(&'a str),
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
    let sink = start_sink();
    for gzip in gzip_runs {
        sustained(Target::Sink(&sink), gzip);
        sustained(Target::Emulator(&emulator), gzip);
    }
}
