//! `push` against the local emulators of the Amplitude Taxonomy API, the Mixpanel Lexicon
//! Schemas API and the Segment Public API: first push creates, a second changes nothing,
//! a failure is reported for its item only, and a dry run writes nothing.

mod common;

use common::ecommerce;
use trackplan_emulators::{Config, Emulator, Fault, ServiceAccount, Vendor};
use trackplan_interop::push::{self, Destination, Outcome, PushReport};
use trackplan_plan_model::Plan;

fn amplitude(emulator: &Emulator) -> Destination {
    Destination::Amplitude {
        base_url: emulator.base_url(),
        api_key: trackplan_emulators::DEFAULT_API_KEY.to_owned(),
        secret_key: trackplan_emulators::DEFAULT_SECRET_KEY.to_owned(),
    }
}

const PROJECT: &str = "31337";

fn mixpanel_emulator() -> Emulator {
    let account = ServiceAccount {
        username: "sa.push".to_owned(),
        secret: "sa-secret".to_owned(),
        project_id: PROJECT.to_owned(),
    };
    Emulator::start(Vendor::Mixpanel, Config { mixpanel_service_account: Some(account), ..Config::default() })
}

fn mixpanel(emulator: &Emulator) -> Destination {
    Destination::Mixpanel {
        base_url: emulator.base_url(),
        username: "sa.push".to_owned(),
        secret: "sa-secret".to_owned(),
        project_id: PROJECT.to_owned(),
    }
}

fn segment(emulator: &Emulator) -> Destination {
    Destination::Segment {
        base_url: emulator.base_url(),
        token: trackplan_emulators::DEFAULT_PUBLIC_API_TOKEN.to_owned(),
        tracking_plan_id: trackplan_emulators::DEFAULT_TRACKING_PLAN_ID.to_owned(),
    }
}

fn run(plan: &Plan, destination: &Destination) -> PushReport {
    push::push(plan, destination, false, &mut Vec::new()).unwrap()
}

fn count(report: &PushReport, outcome: &Outcome) -> usize {
    report.items.iter().filter(|item| item.outcome == *outcome).count()
}

fn writes(emulator: &Emulator) -> usize {
    emulator.requests().iter().filter(|r| r.method != "GET").count()
}

/// Creates everything, then a second push changes nothing and sends no write.
fn idempotent(emulator: &Emulator, destination: &Destination, expected_items: usize) {
    let plan = ecommerce();
    let first = run(&plan, destination);
    assert_eq!(first.items.len(), expected_items);
    assert_eq!(count(&first, &Outcome::Created), expected_items, "{:#?}", first.items);
    let changes = emulator.catalog().changes;
    let writes_before = writes(emulator);
    let second = run(&plan, destination);
    assert_eq!(count(&second, &Outcome::Unchanged), expected_items, "{:#?}", second.items);
    assert_eq!(emulator.catalog().changes, changes);
    assert_eq!(writes(emulator), writes_before, "an in-sync push sends no write");
}

/// Items: the categories, the events, and every event's properties.
fn amplitude_items(plan: &Plan) -> usize {
    let taxonomy = trackplan_interop::export::taxonomy(plan);
    taxonomy.categories.len() + taxonomy.events.len() + taxonomy.event_properties.len()
}

#[test]
fn amplitude_taxonomy_push_is_idempotent_and_matches_the_plan() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let plan = ecommerce();
    idempotent(&emulator, &amplitude(&emulator), amplitude_items(&plan));
    let catalog = emulator.catalog();
    let order = &catalog.amplitude_events["Order Completed"];
    assert_eq!(order["category"]["name"], plan.event("Order Completed").unwrap().category.as_deref().unwrap());
    let searched = &catalog.amplitude_event_properties["Products Searched"];
    assert_eq!(searched["search_type"]["type"], "enum");
    assert_eq!(searched["search_type"]["enum_values"], "typed,suggestion,voice,barcode");
    assert_eq!(searched["query"]["is_required"], true);
    // Owners and tags have no documented Taxonomy API field: listed as not synced, never
    // sent (the emulator refuses undocumented parameters).
    let with_owners = plan.events.iter().filter(|e| !e.owners.is_empty() || !e.tags.is_empty()).count();
    let report = run(&plan, &amplitude(&emulator));
    assert_eq!(report.not_synced.len(), with_owners);
    assert!(
        report.not_synced.contains(
            &"event \"Order Completed\": owners, tags (the Taxonomy API documents no field for them)".to_owned()
        ),
        "{:#?}",
        report.not_synced
    );
}

#[test]
fn amplitude_partial_failure_is_reported_per_item_and_recovers() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let plan = ecommerce();
    // The first event type created is refused; its properties cannot be added either.
    // Faults match by path: the first request there is the read, which passes.
    let events = "/api/2/taxonomy/event";
    emulator.push_faults([Fault::pass().on_path(events), Fault::status(500).on_path(events)]);
    let report = run(&plan, &amplitude(&emulator));
    let failed: Vec<&str> =
        report.items.iter().filter(|i| matches!(i.outcome, Outcome::Failed(_))).map(|i| i.item.as_str()).collect();
    let first = &plan.events[0];
    assert_eq!(failed.len(), 1 + first.properties.len(), "{failed:#?}");
    assert_eq!(failed[0], format!("event {:?}", first.name));
    assert_eq!(count(&report, &Outcome::Created), amplitude_items(&plan) - failed.len());
    let retry = run(&plan, &amplitude(&emulator));
    assert_eq!(count(&retry, &Outcome::Created), failed.len(), "{:#?}", retry.items);
    assert_eq!(retry.failed(), 0);
}

#[test]
fn amplitude_changed_descriptions_are_updated() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let plan = |description: &str| {
        let text = format!(
            r#"{{"formatVersion":1,"name":"P","version":"1.0.0","events":[{{"name":"Signed Up","category":"Account","description":"{description}","properties":{{"method":{{"type":"string","description":"{description}"}}}}}}]}}"#
        );
        trackplan_plan_model::load_from_str("plan.json", text).unwrap()
    };
    run(&plan("old"), &amplitude(&emulator));
    let report = run(&plan("new"), &amplitude(&emulator));
    assert_eq!(count(&report, &Outcome::Updated), 2, "{:#?}", report.items);
    assert_eq!(count(&report, &Outcome::Unchanged), 1);
    let catalog = emulator.catalog();
    assert_eq!(catalog.amplitude_events["Signed Up"]["description"], "new");
    assert_eq!(catalog.amplitude_event_properties["Signed Up"]["method"]["description"], "new");
}

#[test]
fn wrong_credentials_stop_the_push_before_any_write() {
    let emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let destination = Destination::Amplitude {
        base_url: emulator.base_url(),
        api_key: "test-api-key".into(),
        secret_key: "wrong".into(),
    };
    let error = push::push(&ecommerce(), &destination, false, &mut Vec::new()).unwrap_err();
    assert!(error.to_string().contains("HTTP 401: Invalid API key or secret key"), "{error}");
    assert_eq!(writes(&emulator), 0);
}

#[test]
fn mixpanel_lexicon_push_is_idempotent_and_carries_metadata() {
    let emulator = mixpanel_emulator();
    let plan = ecommerce();
    idempotent(&emulator, &mixpanel(&emulator), plan.events.len() + 1);
    let catalog = emulator.catalog();
    let schema = &catalog.mixpanel_schemas["event"]["Push Notification Opened"];
    let metadata = &schema["metadata"]["com.mixpanel"];
    assert_eq!(metadata["displayName"], "Push Notification Opened");
    assert_eq!(metadata["contacts"], serde_json::json!(["growth-team"]));
    assert_eq!(metadata["tags"], serde_json::json!(["push", "mobile", "crm"]));
    assert!(catalog.mixpanel_schemas["profile"].contains_key("$user"));
}

#[test]
fn mixpanel_keeps_metadata_set_in_lexicon_and_stays_idempotent() {
    let emulator = mixpanel_emulator();
    let plan = ecommerce();
    run(&plan, &mixpanel(&emulator));
    // Someone adds team contacts in Lexicon; the plan does not manage them, so a push
    // neither removes them nor counts them as a difference.
    let mut merged = emulator.catalog().mixpanel_schemas["event"]["Order Completed"].clone();
    merged["metadata"]["com.mixpanel"]["teamContacts"] = serde_json::json!(["Finance"]);
    let response =
        ureq::post(format!("{}/api/app/projects/{PROJECT}/schemas/event/Order%20Completed", emulator.base_url()))
            .header("Authorization", trackplan_emulators::basic_auth("sa.push", "sa-secret"))
            .header("Content-Type", "application/json")
            .send(merged.to_string())
            .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        emulator.catalog().mixpanel_schemas["event"]["Order Completed"]["metadata"]["com.mixpanel"]["teamContacts"],
        serde_json::json!(["Finance"])
    );
    let report = run(&plan, &mixpanel(&emulator));
    assert_eq!(report.changed(), 0, "{:#?}", report.items);
}

#[test]
fn mixpanel_partial_failure_is_reported_per_item() {
    let emulator = mixpanel_emulator();
    let plan = ecommerce();
    emulator
        .push_fault(Fault::status(503).on_path(format!("/api/app/projects/{PROJECT}/schemas/event/Order%20Completed")));
    let report = run(&plan, &mixpanel(&emulator));
    let failed: Vec<&str> =
        report.items.iter().filter(|i| matches!(i.outcome, Outcome::Failed(_))).map(|i| i.item.as_str()).collect();
    assert_eq!(failed, ["event \"Order Completed\""]);
    assert!(!emulator.catalog().mixpanel_schemas["event"].contains_key("Order Completed"));
    assert_eq!(run(&plan, &mixpanel(&emulator)).changed(), 1);
}

#[test]
fn segment_rules_push_is_idempotent_and_matches_the_export() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let plan = ecommerce();
    let rules = trackplan_interop::export::rules(&plan);
    idempotent(&emulator, &segment(&emulator), rules.len());
    let stored: Vec<serde_json::Value> =
        emulator.catalog().segment_rules.iter().map(|r| r["jsonSchema"].clone()).collect();
    let wanted: Vec<serde_json::Value> = rules.iter().map(|r| r["jsonSchema"].clone()).collect();
    assert_eq!(stored, wanted);
}

#[test]
fn segment_reads_every_page_of_rules() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let text = trackplan_plan_synth::synthetic_plan(450, 7).to_string();
    let plan = trackplan_plan_model::load_from_str("synthetic.json", text).unwrap();
    let first = run(&plan, &segment(&emulator));
    assert_eq!(first.failed(), 0);
    assert!(emulator.catalog().segment_rules.len() > 400);
    let second = run(&plan, &segment(&emulator));
    assert_eq!(second.changed(), 0, "a rule on a later page was missed");
    let pages = emulator.requests().iter().filter(|r| r.path.ends_with("/rules") && r.method == "GET").count();
    assert_eq!(pages, 1 + 3, "one empty page on the first push, three pages of 200 on the second");
}

#[test]
fn segment_partial_failure_and_unknown_plan() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    let plan = ecommerce();
    let rules = "/tracking-plans/tp_test/rules";
    emulator.push_faults([Fault::pass().on_path(rules), Fault::status(500).on_path(rules)]);
    let report = run(&plan, &segment(&emulator));
    assert_eq!(report.failed(), 1, "{:#?}", report.items);
    assert!(
        matches!(&report.items[0].outcome, Outcome::Failed(why) if why.starts_with("HTTP 500")),
        "{:#?}",
        report.items[0]
    );
    let missing = Destination::Segment {
        base_url: emulator.base_url(),
        token: "test-public-api-token".into(),
        tracking_plan_id: "tp_nope".into(),
    };
    let error = push::push(&plan, &missing, false, &mut Vec::new()).unwrap_err();
    assert!(error.to_string().contains("HTTP 404"), "{error}");
}

#[test]
fn dry_run_prints_the_writes_and_sends_none() {
    for vendor in [Vendor::Amplitude, Vendor::Mixpanel, Vendor::Segment] {
        let emulator =
            if vendor == Vendor::Mixpanel { mixpanel_emulator() } else { Emulator::start(vendor, Config::default()) };
        let destination = match vendor {
            Vendor::Amplitude => amplitude(&emulator),
            Vendor::Mixpanel => mixpanel(&emulator),
            Vendor::Segment => segment(&emulator),
        };
        let mut log = Vec::new();
        let report = push::push(&ecommerce(), &destination, true, &mut log).unwrap();
        let log = String::from_utf8(log).unwrap();
        assert_eq!(writes(&emulator), 0, "{vendor}: a dry run sends no write");
        assert_eq!(emulator.catalog().changes, 0);
        assert_eq!(count(&report, &Outcome::WouldCreate), report.items.len());
        let printed = log.lines().filter(|line| line.starts_with("POST ") || line.starts_with("PATCH ")).count();
        assert_eq!(printed, report.items.len(), "{vendor}: one printed request per item");
        assert!(log.contains("<redacted>") && !log.contains("secret"), "{vendor}: credentials are not printed");
    }
}

/// Short waits for tests: two retries, 10 ms doubling without `Retry-After`, at most 2 s.
const QUICK: push::Backoff = push::Backoff {
    max_retries: 2,
    initial: std::time::Duration::from_millis(10),
    max_wait: std::time::Duration::from_secs(2),
};

fn run_quick(plan: &Plan, destination: &Destination) -> PushReport {
    push::push_with_backoff(plan, destination, false, &mut Vec::new(), QUICK).unwrap()
}

/// Each vendor with its destination and the path of one write push sends for the e-commerce
/// plan (the read before it, on the same path for Amplitude and Segment, is let through).
fn vendors() -> Vec<(Emulator, Destination, String, bool)> {
    let amplitude_emulator = Emulator::start(Vendor::Amplitude, Config::default());
    let mixpanel_emulator = mixpanel_emulator();
    let segment_emulator = Emulator::start(Vendor::Segment, Config::default());
    vec![
        (amplitude(&amplitude_emulator), amplitude_emulator, "/api/2/taxonomy/event".to_owned(), true),
        (
            mixpanel(&mixpanel_emulator),
            mixpanel_emulator,
            format!("/api/app/projects/{PROJECT}/schemas/event/Order%20Completed"),
            false,
        ),
        (segment(&segment_emulator), segment_emulator, "/tracking-plans/tp_test/rules".to_owned(), true),
    ]
    .into_iter()
    .map(|(destination, emulator, path, read_first)| (emulator, destination, path, read_first))
    .collect()
}

#[test]
fn rate_limited_requests_wait_for_retry_after_and_go_through() {
    let plan = ecommerce();
    for (emulator, destination, _, _) in vendors() {
        // The push's first request is refused twice: once asking for 1 s, once without saying.
        emulator.push_faults([Fault::status(429).retry_after(1), Fault::status(429)]);
        let started = std::time::Instant::now();
        let report = run_quick(&plan, &destination);
        assert!(started.elapsed() >= std::time::Duration::from_secs(1), "Retry-After was not honoured");
        assert_eq!(report.failed(), 0, "{:#?}", report.items);
        assert_eq!(report.rate_limited, 2);
        let first = &emulator.requests()[..3];
        assert!(first.iter().all(|r| r.path == first[0].path), "the same request was retried: {first:#?}");
        assert_eq!(run_quick(&plan, &destination).changed(), 0, "the retried push synced everything");
    }
}

#[test]
fn a_write_still_rate_limited_after_every_retry_fails_its_item_only() {
    let plan = ecommerce();
    for (emulator, destination, path, read_first) in vendors() {
        let mut faults = Vec::new();
        if read_first {
            faults.push(Fault::pass().on_path(path.as_str()));
        }
        // One answer for the first try and one per retry.
        faults.extend((0..=QUICK.max_retries).map(|_| Fault::status(429).retry_after(0).on_path(path.as_str())));
        emulator.push_faults(faults);
        let report = run_quick(&plan, &destination);
        let failed: Vec<&push::ItemResult> =
            report.items.iter().filter(|i| matches!(i.outcome, Outcome::Failed(_))).collect();
        let first = &failed.first().expect("an item failed").outcome;
        assert!(
            matches!(first, Outcome::Failed(why) if why.starts_with("HTTP 429") && why.ends_with("(still rate limited after 2 retries)")),
            "{first:?}"
        );
        assert_eq!(report.rate_limited, 2);
        assert!(emulator.pending_faults().is_empty());
        assert!(report.changed() > 0, "the other items went through: {:#?}", report.items);
        // Amplitude also fails the event's properties; the rest is one item.
        if read_first && path.contains("taxonomy") {
            assert!(failed[1..].iter().all(|i| i.item.starts_with("property ")), "{failed:#?}");
        } else {
            assert_eq!(failed.len(), 1, "{failed:#?}");
        }
        assert_eq!(run_quick(&plan, &destination).failed(), 0, "a later push completes the sync");
    }
}

#[test]
fn a_read_still_rate_limited_stops_the_push_before_any_write() {
    let emulator = Emulator::start(Vendor::Segment, Config::default());
    emulator.push_faults((0..=QUICK.max_retries).map(|_| Fault::status(429)));
    let error = push::push_with_backoff(&ecommerce(), &segment(&emulator), false, &mut Vec::new(), QUICK).unwrap_err();
    assert!(error.to_string().contains("HTTP 429") && error.to_string().contains("still rate limited"), "{error}");
    assert_eq!(writes(&emulator), 0);
}

#[test]
fn backoff_honours_retry_after_doubles_without_it_and_stays_bounded() {
    let backoff = push::Backoff::default();
    let secs = std::time::Duration::from_secs;
    assert_eq!(backoff.wait(0, Some(secs(7))), secs(7));
    assert_eq!(backoff.wait(3, Some(secs(3600))), secs(60), "capped");
    let schedule: Vec<_> = (0..4).map(|retry| backoff.wait(retry, None)).collect();
    assert_eq!(schedule, [secs(1), secs(2), secs(4), secs(8)]);
    assert_eq!(backoff.wait(40, None), secs(60));
}
