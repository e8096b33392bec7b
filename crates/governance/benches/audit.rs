//! Audit throughput on synthetic exports of the e-commerce plan: a mix of Segment, Amplitude
//! and Mixpanel records (about 500 bytes each) built from the plan's examples, with about 4%
//! invalid records (the shared vectors' invalid payloads), 1% unknown event names and a few
//! calls that are not validated. The files are generated once into `target/audit-bench/` and
//! reused.
//!
//! `cargo bench -p trackplan-governance --bench audit` measures a 100 MB file five times and a
//! 1 GB file once, each with 1 and 2 worker threads, and prints MB/s (1 MB = 10^6 bytes), the
//! load average around each run and the process's peak RSS. Not a test: nothing is asserted.

#![allow(missing_docs)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Value, json};
use trackplan_governance::audit::{self, InputFormat, Report, Settings};
use trackplan_plan_model::Plan;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A small, seeded generator (xorshift64*), so the files are the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn globals(platform: &str) -> Value {
    json!({"app_version": "5.12.0", "platform": platform, "locale": "en-US", "session_id": "3f2c8a4e-9b1d-4c6f-8e2a-7d5b1c9e0f34"})
}

fn with_globals(payload: &Value, platform: &str) -> Value {
    let mut merged = payload.clone();
    if let (Value::Object(map), Value::Object(globals)) = (&mut merged, globals(platform)) {
        map.extend(globals);
    }
    merged
}

fn segment(name: &str, properties: Value, id: u64) -> Value {
    json!({
        "type": "track", "event": name, "userId": format!("user-{}", id % 100_000), "anonymousId": "anon-7f3a9c21",
        "properties": properties,
        "context": {"library": {"name": "analytics.js", "version": "4.1.0"}, "ip": "203.0.113.7",
                    "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15"},
        "timestamp": "2026-11-21T10:00:00.000Z", "receivedAt": "2026-11-21T10:00:00.120Z",
        "messageId": format!("ajs-next-{id:016x}")
    })
}

fn amplitude(name: &str, properties: Value, id: u64) -> Value {
    json!({
        "$insert_id": format!("{id:016x}-amp"), "amplitude_id": 9_000_000_000_u64 + id % 100_000, "app": 123456,
        "device_id": "C3D5E6F7-1A2B-4C5D-8E9F-0A1B2C3D4E5F", "user_id": format!("user-{}", id % 100_000),
        "event_time": "2026-11-21 10:00:00.000000", "event_type": name, "event_properties": properties,
        "user_properties": {"plan": "plus"}, "os_name": "ios", "platform": "iOS", "session_id": 1763719200000_u64,
        "uuid": "0b1c2d3e-4f50-4617-8899-aabbccddeeff"
    })
}

fn mixpanel(name: &str, properties: Value, id: u64) -> Value {
    let mut properties = properties;
    if let Value::Object(map) = &mut properties {
        let extra = json!({"time": 1763719200, "distinct_id": format!("user-{}", id % 100_000),
            "$insert_id": format!("{id:016x}"), "mp_processing_time_ms": 1763719201000_u64, "$os": "Mac OS X",
            "$browser": "Chrome", "$city": "Berlin", "mp_country_code": "DE", "mp_lib": "web"});
        if let Value::Object(extra) = extra {
            map.extend(extra);
        }
    }
    json!({"event": name, "properties": properties})
}

/// Distinct record lines to draw from: mostly valid examples, some invalid payloads, unknown
/// names and calls that are not validated.
fn pool(plan: &Plan) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("fixtures/vectors/ecommerce.json")).expect("vectors");
    let vectors: Value = serde_json::from_str(&text).expect("vectors JSON");
    let cases = vectors["cases"].as_array().expect("cases");
    let valid: Vec<(&str, &Value)> = cases
        .iter()
        .filter(|c| c["violations"].as_array().is_some_and(Vec::is_empty))
        .map(|c| (c["event"].as_str().expect("event"), &c["payload"]))
        .collect();
    let invalid: Vec<(&str, &Value)> = cases
        .iter()
        .filter(|c| c["violations"].as_array().is_some_and(|v| !v.is_empty()))
        .map(|c| (c["event"].as_str().expect("event"), &c["payload"]))
        .collect();
    assert!(plan.events.len() > 20);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut lines = Vec::new();
    for id in 0..20_000_u64 {
        let roll = rng.below(1000);
        let (name, payload) = if roll < 40 { invalid[rng.below(invalid.len())] } else { valid[rng.below(valid.len())] };
        let name = if (40..50).contains(&roll) { format!("{} (beta)", name) } else { name.to_owned() };
        let line = match rng.below(10) {
            0..=5 => segment(&name, with_globals(payload, "web"), id),
            6..=7 => amplitude(&name, with_globals(payload, "ios"), id),
            _ => mixpanel(&name, with_globals(payload, "web"), id),
        };
        let line = if roll == 999 {
            json!({"type": "identify", "userId": format!("user-{id}"), "traits": {"email": "ada@example.com"}, "messageId": format!("id-{id}")})
        } else {
            line
        };
        lines.push(serde_json::to_string(&line).expect("serializes"));
    }
    lines
}

/// The benchmark file of about `megabytes` MB, generated on first use.
fn file(plan: &Plan, megabytes: u64) -> PathBuf {
    let dir = root().join("target/audit-bench");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let path = dir.join(format!("events-{megabytes}mb.ndjson"));
    if std::fs::metadata(&path).is_ok_and(|m| m.len() >= megabytes * 1_000_000) {
        return path;
    }
    let started = Instant::now();
    let pool = pool(plan);
    let partial = path.with_extension("partial");
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&partial).expect("create"));
    let mut rng = Rng(42);
    let mut written = 0;
    while written < megabytes * 1_000_000 {
        let line = &pool[rng.below(pool.len())];
        out.write_all(line.as_bytes()).expect("write");
        out.write_all(b"\n").expect("write");
        written += line.len() as u64 + 1;
    }
    out.flush().expect("flush");
    drop(out);
    std::fs::rename(&partial, &path).expect("rename");
    eprintln!("generated {} ({written} bytes) in {:.1?}", path.display(), started.elapsed());
    path
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".to_owned())
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".to_owned())
}

/// CPU time (user and system, all threads) this process has used, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are 12th and 13th.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Wall-clock MB/s, MB per CPU-second (the per-core rate, whatever else shares the machine),
/// and the report.
fn measure(plan: &Plan, path: &Path, jobs: usize) -> (f64, f64, Report) {
    let bytes = std::fs::metadata(path).expect("file").len();
    let settings = Settings { format: InputFormat::Auto, jobs, samples: 5, chunk_bytes: 1 << 20 };
    let input = File::open(path).expect("open");
    let cpu = cpu_seconds();
    let started = Instant::now();
    let report = audit::audit(plan, &[path.display().to_string()], vec![input], &settings).expect("audit");
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = bytes as f64 / 1e6;
    (megabytes / seconds, megabytes / (cpu_seconds() - cpu).max(0.01), report)
}

fn main() {
    let plan = trackplan_plan_model::load(root().join("fixtures/ecommerce/tracking-plan.json")).expect("plan");
    let quick = std::env::args().any(|a| a == "--quick");
    let small = file(&plan, 100);
    let large = if quick { None } else { Some(file(&plan, 1000)) };
    for jobs in [1, 2] {
        let mut rates = Vec::new();
        let mut per_cpu = Vec::new();
        let before = load_average();
        let mut last = None;
        for _ in 0..5 {
            let (rate, cpu_rate, report) = measure(&plan, &small, jobs);
            rates.push(rate);
            per_cpu.push(cpu_rate);
            last = Some(report);
        }
        rates.sort_by(f64::total_cmp);
        per_cpu.sort_by(f64::total_cmp);
        let s = last.expect("ran").summary;
        println!(
            "100 MB, --jobs {jobs}: median {:.0} MB/s wall (min {:.0}, max {:.0}), median {:.0} MB per CPU-second, over 5 runs; load average {before} -> {}; {} records, {} invalid, {} unknown",
            rates[2],
            rates[0],
            rates[4],
            per_cpu[2],
            load_average(),
            s.records,
            s.invalid,
            s.unknown_events
        );
    }
    if let Some(large) = large {
        for jobs in [1, 2] {
            let before = load_average();
            let (rate, cpu_rate, report) = measure(&plan, &large, jobs);
            println!(
                "1 GB, --jobs {jobs}: {rate:.0} MB/s wall, {cpu_rate:.0} MB per CPU-second; load average {before} -> {}; {} records, {} invalid",
                load_average(),
                report.summary.records,
                report.summary.invalid
            );
        }
    }
    println!("peak RSS of this process: {}", peak_rss());
}
