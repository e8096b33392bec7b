//! A real delivery run audits clean: every example of the e-commerce plan (with the global
//! properties) is tracked through the runtime's delivery engine to the Segment, Amplitude and
//! Mixpanel emulators; what they received, dumped as emulator captures and as plain vendor
//! records, breaks no rule. A broken payload sent the same way is caught.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use trackplan_emulators::{Config as EmulatorConfig, Emulator, Vendor};
use trackplan_governance::audit::{self, InputFormat, Report, Settings};
use trackplan_runtime::delivery::{Client, Config, Message};
use trackplan_runtime::destinations::{Amplitude, Mixpanel, Segment};

fn plan() -> trackplan_plan_model::Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ecommerce/tracking-plan.json");
    trackplan_plan_model::load(path).expect("plan")
}

fn audit_lines(plan: &trackplan_plan_model::Plan, lines: &[String], format: InputFormat) -> Report {
    let text = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let settings = Settings { format, jobs: 2, samples: 5, chunk_bytes: 4096 };
    audit::audit(plan, &["capture".to_owned()], vec![text.as_bytes()], &settings).expect("audit")
}

#[test]
fn what_the_emulators_received_audits_clean() {
    let plan = plan();
    let emulators: Vec<Emulator> = [Vendor::Segment, Vendor::Amplitude, Vendor::Mixpanel]
        .into_iter()
        .map(|vendor| Emulator::start(vendor, EmulatorConfig::default()))
        .collect();
    let client = Client::start(
        Config { flush_interval: Duration::from_millis(20), ..Config::default() },
        vec![
            Box::new(Segment::new(trackplan_emulators::DEFAULT_WRITE_KEY).host(emulators[0].base_url())),
            Box::new(Amplitude::new(trackplan_emulators::DEFAULT_API_KEY).host(emulators[1].base_url())),
            Box::new(Mixpanel::new(trackplan_emulators::DEFAULT_TOKEN).host(emulators[2].base_url())),
        ],
    )
    .expect("client");
    let globals = json!({"app_version": "5.13.0-beta.2", "platform": "ios", "locale": "de", "session_id": "3f2c8a4e-9b1d-4c6f-8e2a-7d5b1c9e0f34"});
    let mut tracked = 0;
    for event in &plan.events {
        for example in &event.examples {
            let mut properties = example.clone();
            if let (Value::Object(map), Value::Object(globals)) = (&mut properties, globals.clone()) {
                map.extend(globals);
            }
            let raw = serde_json::value::to_raw_value(&properties).expect("raw");
            client.track(Message::track(event.name.clone(), raw).user_id("user-1001")).expect("tracked");
            tracked += 1;
        }
    }
    // One broken payload: `total` below its exclusive minimum.
    let broken =
        json!({"order_id": "ORD-004217", "total": 0, "currency": "EUR", "app_version": "5.13.0", "platform": "ios"});
    let raw = serde_json::value::to_raw_value(&broken).expect("raw");
    client.track(Message::track("Order Refunded", raw).user_id("user-1001")).expect("tracked");
    client.shutdown(Duration::from_secs(10)).expect("delivered");
    assert!(tracked > 40, "{tracked} examples");
    for emulator in &emulators {
        assert!(emulator.wait_for(tracked + 1, Duration::from_secs(10)), "{:?} received everything", emulator.vendor());
    }

    let captures: Vec<String> = emulators
        .iter()
        .flat_map(|e| e.received())
        .map(|received| serde_json::to_string(&received).expect("capture line"))
        .collect();
    for format in [InputFormat::Auto, InputFormat::Trackplan] {
        let report = audit_lines(&plan, &captures, format);
        let s = &report.summary;
        assert_eq!((s.records, s.valid, s.invalid), (3 * (tracked as u64 + 1), 3 * tracked as u64, 3), "{format:?}");
        assert_eq!((s.unknown_events, s.unrecognized, s.malformed, s.not_validated), (0, 0, 0, 0), "{format:?}");
        assert_eq!(report.shapes.len(), 1, "all read as captures");
        let refunded = report.events.iter().find(|e| e.event == "Order Refunded").expect("Order Refunded");
        assert_eq!(refunded.rules.len(), 1);
        assert_eq!((refunded.rules[0].rule, refunded.rules[0].count), ("exclusiveMinimum", 3));
        assert!(refunded.samples.iter().all(|sample| sample.id.is_some()), "ids of the samples");
    }

    // The same records as each vendor stores them, read by auto-detection and by their format.
    for (emulator, format) in
        emulators.iter().zip([InputFormat::Segment, InputFormat::Amplitude, InputFormat::Mixpanel])
    {
        let records: Vec<String> = emulator.received().iter().map(|r| r.json.to_string()).collect();
        for format in [InputFormat::Auto, format] {
            let report = audit_lines(&plan, &records, format);
            let s = &report.summary;
            assert_eq!((s.valid, s.invalid, s.records), (tracked as u64, 1, tracked as u64 + 1), "{format:?}");
        }
    }
}
