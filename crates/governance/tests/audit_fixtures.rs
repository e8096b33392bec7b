//! `audit` over the fixture exports of `fixtures/audit/` (Segment, Amplitude, Mixpanel, each
//! with malformed lines, CRLF or a missing final line break, unknown events, wrong casing and
//! every violation kind): exact counts, the JSON report golden (`TRACKPLAN_ACCEPT=1` rewrites
//! it), the same report for any number of threads and chunk size, the fast path agreeing with
//! the detailed one on every line, and forced input formats.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde_json::Value;
use trackplan_governance::audit::{self, InputFormat, Report, Settings, Targets, check, render};
use trackplan_plan_model::Plan;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

static PLAN: LazyLock<Plan> =
    LazyLock::new(|| trackplan_plan_model::load(root().join("fixtures/ecommerce/tracking-plan.json")).expect("plan"));

const FIXTURES: [&str; 3] = ["segment", "amplitude", "mixpanel"];

fn settings(format: InputFormat, jobs: usize, chunk_bytes: usize) -> Settings {
    Settings { format, jobs, samples: 5, chunk_bytes }
}

/// Audits fixture files, named in the report as in the repository.
fn run(names: &[&str], settings: &Settings) -> Report {
    let names: Vec<String> = names.iter().map(|n| format!("fixtures/audit/{n}.ndjson")).collect();
    let inputs: Vec<std::fs::File> =
        names.iter().map(|n| std::fs::File::open(root().join(n)).expect("fixture")).collect();
    audit::audit(&PLAN, &names, inputs, settings).expect("audit runs")
}

fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("serializes") + "\n"
}

#[test]
fn reports_match_their_goldens() {
    let accept = std::env::var_os("TRACKPLAN_ACCEPT").is_some();
    let mut failures = Vec::new();
    for name in FIXTURES {
        let report = json(&run(&[name], &settings(InputFormat::Auto, 1, 1 << 20)));
        let path = root().join(format!("fixtures/audit/{name}.report.json"));
        if accept {
            std::fs::write(&path, &report).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&path).expect("golden (TRACKPLAN_ACCEPT=1 writes it)");
        if expected != report {
            failures.push(format!("{}:\n{report}", path.display()));
        }
    }
    assert!(failures.is_empty(), "reports differ (TRACKPLAN_ACCEPT=1 rewrites them):\n{}", failures.join("\n"));
}

fn summary(report: &Report) -> [u64; 9] {
    let s = &report.summary;
    [
        s.lines,
        s.records,
        s.valid,
        s.invalid,
        s.violations,
        s.unknown_events,
        s.not_validated,
        s.unrecognized,
        s.malformed,
    ]
}

#[test]
fn counts_are_exact() {
    let auto = settings(InputFormat::Auto, 1, 1 << 20);
    // lines, records, valid, invalid, violations, unknown, not validated, unrecognized, malformed
    let segment = run(&["segment"], &auto);
    assert_eq!(summary(&segment), [32, 29, 6, 19, 22, 3, 1, 1, 1]);
    let amplitude = run(&["amplitude"], &auto);
    assert_eq!(summary(&amplitude), [13, 12, 3, 6, 7, 1, 2, 0, 1]);
    let mixpanel = run(&["mixpanel"], &auto);
    assert_eq!(summary(&mixpanel), [10, 9, 3, 4, 4, 1, 1, 1, 0]);

    let order = segment.events.iter().find(|e| e.event == "Order Completed").expect("Order Completed");
    assert_eq!((order.records, order.valid, order.invalid), (6, 1, 5));
    let casing = order.rules.iter().find(|r| r.path == "orderId").expect("orderId");
    assert_eq!((casing.rule, casing.wrong_casing_of.as_deref()), ("additionalProperties", Some("order_id")));
    assert!(order.rules.iter().any(|r| r.path == "products[].colour"), "nested paths count with [] for indexes");
    let identify = segment.events.iter().find(|e| e.event == "identify").expect("identify call");
    assert_eq!((identify.records, identify.invalid), (2, 1));

    let unknown: Vec<(&str, Option<&str>, Option<&str>)> = segment
        .unknown_events
        .iter()
        .map(|u| (u.event.as_str(), u.wrong_casing_of.as_deref(), u.did_you_mean.as_deref()))
        .collect();
    assert_eq!(
        unknown,
        [
            ("order completed", Some("Order Completed"), None),
            ("Ordr Completed", None, Some("Order Completed")),
            ("Banana Split", None, None)
        ]
    );
    assert_eq!(segment.malformed.samples[0].line, 29);
    assert_eq!(segment.unknown_events[0].samples[0].id.as_deref(), Some("seg-0022"));
    assert_eq!(amplitude.unknown_events[0].wrong_casing_of.as_deref(), Some("Order Completed"));
    assert_eq!(mixpanel.unknown_events[0].wrong_casing_of.as_deref(), Some("Product Viewed"));
    let mixpanel_sample = &mixpanel.events.iter().find(|e| e.event == "Coupon Denied").expect("event").samples[0];
    assert_eq!((mixpanel_sample.line, mixpanel_sample.id.as_deref()), (3, Some("mp0003x9f3a")));

    let rules: BTreeSet<&str> = [&segment, &amplitude, &mixpanel]
        .iter()
        .flat_map(|r| &r.events)
        .flat_map(|e| &e.rules)
        .map(|r| r.rule)
        .collect();
    let every_rule = [
        "additionalProperties",
        "enum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "format",
        "maxItems",
        "maxLength",
        "maximum",
        "minItems",
        "minLength",
        "minimum",
        "pattern",
        "required",
        "type",
        "uniqueItems",
    ];
    assert_eq!(rules, every_rule.into_iter().collect(), "the fixtures break every rule");
}

#[test]
fn threads_and_chunk_sizes_do_not_change_the_report() {
    let names = ["segment", "amplitude", "mixpanel"];
    let one = json(&run(&names, &settings(InputFormat::Auto, 1, 1 << 20)));
    for (jobs, chunk) in [(1, 1), (4, 1 << 20), (4, 64), (2, 7), (3, 1)] {
        let other = json(&run(&names, &settings(InputFormat::Auto, jobs, chunk)));
        assert_eq!(one, other, "--jobs {jobs}, chunks of {chunk} bytes");
    }
    // Fewer samples than examples: still the first ones, in input order.
    let few = |jobs| run(&names, &Settings { samples: 1, ..settings(InputFormat::Auto, jobs, 16) });
    assert_eq!(json(&few(1)), json(&few(4)));
}

#[test]
fn fast_path_agrees_with_the_detailed_path_on_every_line() {
    let targets = Targets::compile(&PLAN).expect("compiles");
    let formats = [
        InputFormat::Auto,
        InputFormat::Segment,
        InputFormat::Amplitude,
        InputFormat::Mixpanel,
        InputFormat::Trackplan,
    ];
    let mut lines = 0;
    for name in FIXTURES {
        let text = std::fs::read(root().join(format!("fixtures/audit/{name}.ndjson"))).expect("fixture");
        for line in text.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            for format in formats {
                assert_eq!(
                    check::line(line, &targets, format),
                    check::detailed(line, &targets, format),
                    "{format:?}: {}",
                    String::from_utf8_lossy(line)
                );
            }
            lines += 1;
        }
    }
    assert!(lines > 50);
}

#[test]
fn forced_formats_read_only_their_shape() {
    let segment_as_amplitude = run(&["segment"], &settings(InputFormat::Amplitude, 1, 1 << 20));
    // Every non-blank JSON line is unrecognized, the truncated one is malformed.
    assert_eq!(segment_as_amplitude.summary.records, 0);
    assert_eq!(segment_as_amplitude.summary.unrecognized, 30);
    assert!(segment_as_amplitude.unrecognized.samples[0].error.starts_with("not a Amplitude record"));
    let mixpanel = run(&["mixpanel"], &settings(InputFormat::Mixpanel, 1, 1 << 20));
    assert_eq!(summary(&mixpanel), summary(&run(&["mixpanel"], &settings(InputFormat::Auto, 1, 1 << 20))));
    let trackplan = run(&["segment"], &settings(InputFormat::Trackplan, 1, 1 << 20));
    assert_eq!(trackplan.shapes.len(), 1);
    assert_eq!(trackplan.summary.valid, 6);
}

#[test]
fn csv_has_a_row_per_event_and_rule() {
    let report = run(&["segment"], &settings(InputFormat::Auto, 1, 1 << 20));
    let csv = render::csv(&report);
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("event,kind,records,valid,invalid,rule,path,violations,hint"));
    let rows: Vec<&str> = rows.collect();
    assert!(rows.contains(&"Order Completed,track,6,1,5,additionalProperties,orderId,1,wrong casing of order_id"));
    assert!(rows.contains(&"Cart Viewed,track,1,1,0,,,0,"));
    assert!(rows.contains(&"order completed,unknown,1,0,1,,,,wrong casing of Order Completed"));
    assert!(rows.contains(&",malformed,1,,,,,,"));
    let violations: u64 = rows
        .iter()
        .filter(|row| row.contains(",track,") || row.contains(",identify,"))
        .map(|row| row.rsplit(',').nth(1).expect("column").parse::<u64>().expect("count"))
        .sum();
    assert_eq!(violations, report.summary.violations);
}

#[test]
fn the_json_report_is_documented_shape() {
    let report: Value =
        serde_json::from_str(&json(&run(&["amplitude"], &settings(InputFormat::Auto, 1, 1 << 20)))).expect("JSON");
    for key in [
        "plan",
        "inputs",
        "inputFormat",
        "summary",
        "shapes",
        "events",
        "unknownEvents",
        "unknownEventsNotListed",
        "notValidated",
        "unrecognized",
        "malformed",
        "eventsNotSeen",
    ] {
        assert!(report.get(key).is_some(), "{key}");
    }
    let sample = &report["events"][0]["samples"][0];
    assert_eq!(sample["violations"][0]["rule"], "format");
    assert_eq!(sample["id"], "amp-ins-0007");
}

#[test]
fn unknown_names_are_capped_the_same_way_for_any_split() {
    let mut text = String::new();
    for index in 0..1_100 {
        text.push_str(&format!("{{\"type\":\"track\",\"event\":\"Unplanned {index}\",\"properties\":{{}}}}\n"));
    }
    for index in (0..1_100).rev() {
        text.push_str(&format!("{{\"type\":\"track\",\"event\":\"Unplanned {index}\",\"properties\":{{}}}}\n"));
    }
    let report = |jobs, chunk_bytes| {
        let settings = settings(InputFormat::Auto, jobs, chunk_bytes);
        json(&audit::audit(&PLAN, &["generated".to_owned()], vec![text.as_bytes()], &settings).expect("audit"))
    };
    let one = report(1, 1 << 20);
    for (jobs, chunk) in [(4, 64), (2, 4096), (3, 1)] {
        assert_eq!(one, report(jobs, chunk), "--jobs {jobs}, chunks of {chunk} bytes");
    }
    let parsed: Report =
        audit::audit(&PLAN, &["generated".to_owned()], vec![text.as_bytes()], &settings(InputFormat::Auto, 4, 64))
            .expect("audit");
    assert_eq!(parsed.unknown_events.len(), 1_000);
    assert!(parsed.unknown_events.iter().all(|u| u.records == 2), "a kept name counts all its records");
    assert_eq!(parsed.unknown_events_not_listed, 200);
    assert_eq!(parsed.summary.unknown_events, 2_200);
    assert!(!parsed.is_clean());
}

#[test]
fn trackplan_envelopes_keep_traits_in_properties() {
    let lines = [
        r#"{"type":"identify","event":"identify","properties":{"email":"ada@example.com"},"userId":"u-1","timestamp":"2026-11-21T10:00:00.000Z","messageId":"m-1","context":{},"destinations":[]}"#,
        r#"{"type":"identify","event":"identify","properties":{"email":"not-an-address"},"userId":"u-1","timestamp":"2026-11-21T10:00:00.000Z","messageId":"m-2","context":{},"destinations":[]}"#,
        r#"{"type":"track","event":"Cart Emptied","version":"1-0-0","properties":{"app_version":"5.12.0","platform":"web"},"userId":"u-1","timestamp":"2026-11-21T10:00:00.000Z","messageId":"m-3","context":{},"destinations":["segment"]}"#,
    ];
    let text = lines.join("\n");
    let targets = Targets::compile(&PLAN).expect("compiles");
    for line in lines {
        assert_eq!(
            check::line(line.as_bytes(), &targets, InputFormat::Trackplan),
            check::detailed(line.as_bytes(), &targets, InputFormat::Trackplan)
        );
    }
    let settings = settings(InputFormat::Trackplan, 1, 1 << 20);
    let report = audit::audit(&PLAN, &["envelopes".to_owned()], vec![text.as_bytes()], &settings).expect("audit");
    assert_eq!((report.summary.valid, report.summary.invalid), (2, 1));
    let identify = report.events.iter().find(|e| e.event == "identify").expect("identify");
    assert_eq!(identify.samples[0].violations[0].path, "email");
    assert_eq!(identify.samples[0].id.as_deref(), Some("m-2"));
}

#[test]
fn awkward_lines_never_stop_the_audit() {
    let long = format!(
        r#"{{"type":"track","event":"Products Searched","properties":{{"query":"{}","search_type":"typed","app_version":"5.12.0","platform":"web"}}}}"#,
        "x".repeat(3_000_000)
    );
    let mut text = Vec::new();
    text.extend_from_slice(b"{\"type\":\"track\",\"event\":\"Caf\xff\"}\n");
    text.extend_from_slice(b"   \t\n");
    text.extend_from_slice(long.as_bytes());
    text.extend_from_slice(b"\r\n\r\n");
    text.extend_from_slice(b"{\"type\":\"track\",\"event\":\"Cart Emptied\",\"properties\":{\"app_version\":\"5.12.0\",\"platform\":\"web\"}}");
    for (jobs, chunk) in [(1, 1 << 20), (2, 1024)] {
        let settings = settings(InputFormat::Auto, jobs, chunk);
        let report = audit::audit(&PLAN, &["awkward".to_owned()], vec![text.as_slice()], &settings).expect("audit");
        assert_eq!(summary(&report), [5, 2, 1, 1, 1, 0, 0, 0, 1], "--jobs {jobs}");
        assert_eq!(report.malformed.samples[0].line, 1, "invalid UTF-8");
        let searched = report.events.iter().find(|e| e.event == "Products Searched").expect("long line");
        assert_eq!(searched.samples[0].line, 3);
        assert_eq!(searched.samples[0].violations[0].actual, "length 3000000");
    }
}

#[test]
fn distinct_rule_paths_are_capped() {
    let mut text = String::new();
    for index in 0..1_500 {
        text.push_str(&format!(
            "{{\"type\":\"track\",\"event\":\"Cart Emptied\",\"properties\":{{\"app_version\":\"5.12.0\",\"platform\":\"web\",\"item_{index}\":1}}}}\n"
        ));
        text.push_str(&format!("{{\"type\":\"weird-{index}\"}}\n"));
    }
    let run = |jobs| {
        let settings = settings(InputFormat::Auto, jobs, 4096);
        audit::audit(&PLAN, &["ids".to_owned()], vec![text.as_bytes()], &settings).expect("audit")
    };
    let report = run(4);
    assert_eq!(json(&report), json(&run(1)));
    let emptied = report.events.iter().find(|e| e.event == "Cart Emptied").expect("event");
    assert!(emptied.rules.len() <= 1_001, "{} rule rows", emptied.rules.len());
    assert_eq!(emptied.rules.iter().map(|r| r.count).sum::<u64>(), 1_500);
    assert!(emptied.rules.iter().any(|r| r.path == "(others)" && r.rule == "additionalProperties"));
    assert!(report.not_validated.len() <= 1_001);
    assert_eq!(report.not_validated.iter().map(|n| n.records).sum::<u64>(), 1_500);
}
