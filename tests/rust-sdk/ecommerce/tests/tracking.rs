//! The generated `Analytics` facade over the runtime: envelopes, global properties, calls,
//! routing, validation policies and the violation callback, and the recorder's assertions.

use std::sync::{Arc, Mutex};

use serde_json::json;
use trackplan_runtime::testing::Recorder;
use trackplan_runtime::{Client, Destination, DestinationError, Envelope, Kind, Policy, TrackError, User, Violation};
use trackplan_sdk_ecommerce::*;

fn globals() -> GlobalProperties {
    GlobalProperties::new("5.12.0", GlobalPropertiesPlatform::Web).with_locale("en-US")
}

fn order(total: f64) -> OrderCompleted {
    let product = |id: &str, price: f64| Product::new(id).with_price(price).with_quantity(1).with_sku("TR2-BLU-42");
    OrderCompleted::new(
        "ORD-004217",
        vec![product("p-1", 10.0), product("p-2", 12.5), product("p-3", 20.0)],
        total,
        Currency::Eur,
    )
    .with_coupon(Some("SUMMER25".to_owned()))
}

fn analytics(policy: Policy) -> (Analytics, Recorder, Arc<Mutex<Vec<Violation>>>) {
    let recorder = Recorder::new();
    let reported = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&reported);
    let client = Client::builder()
        .policy(policy)
        .shared_destination(recorder.destination())
        .on_violation(move |report| sink.lock().expect("lock").extend(report.violations.iter().cloned()))
        .build();
    (Analytics::new(client, globals()).expect("valid globals"), recorder, reported)
}

#[test]
fn a_tracked_order_carries_its_properties_globals_and_envelope() {
    let (analytics, recorder, reported) = analytics(Policy::ErrorOnInvalid);
    let user = User::id("user-42").with_anonymous_id("anon-7");
    analytics.track_order_completed(&user, order(42.5)).expect("tracked");
    analytics.track_order_completed(&user, order(12.0)).expect("tracked");

    let properties = recorder.assert_tracked("Order Completed", json!({"total": 42.5, "currency": "EUR"}));
    assert_eq!(properties["app_version"], "5.12.0", "global properties are merged in");
    assert_eq!(properties["platform"], "web");
    assert_eq!(properties["coupon"], "SUMMER25");
    assert_eq!(properties["products"].as_array().map(Vec::len), Some(3));
    recorder.assert_count("Order Completed", 2);
    recorder.assert_not_tracked("Order Refunded");
    assert!(reported.lock().expect("lock").is_empty());

    let envelopes = recorder.envelopes();
    let first = &envelopes[0];
    assert_eq!(first.kind, Kind::Track);
    assert_eq!(first.event, "Order Completed");
    assert_eq!(first.version, "2-1-0");
    assert_eq!(first.destinations, ["segment", "amplitude", "mixpanel"]);
    assert_eq!(first.user.user_id.as_deref(), Some("user-42"));
    assert_eq!(first.user.anonymous_id.as_deref(), Some("anon-7"));
    assert_ne!(first.message_id, envelopes[1].message_id, "each message has its own id");
    let wire = serde_json::to_value(first.as_ref()).expect("envelope serializes");
    assert_eq!(wire["messageId"], first.message_id.to_string());
    assert_eq!(wire["properties"]["total"], 42.5);
    assert_eq!(wire["context"]["library"]["name"], "trackplan-rust");
    assert!(trackplan_runtime::formats::is_date_time(wire["timestamp"].as_str().expect("timestamp")));
}

#[test]
#[should_panic(expected = "expected \"Order Completed\" to be tracked with {\"total\":99.0}")]
fn the_recorder_assertion_names_what_was_recorded() {
    let (analytics, recorder, _) = analytics(Policy::ErrorOnInvalid);
    analytics.track_order_completed(&User::anonymous("a"), order(42.5)).expect("tracked");
    recorder.assert_tracked("Order Completed", json!({"total": 99.0}));
}

#[test]
fn identify_group_page_and_screen_are_typed_calls() {
    let (analytics, recorder, _) = analytics(Policy::ErrorOnInvalid);
    let user = User::id("user-42");
    analytics
        .identify(&user, IdentifyTraits::new().with_email("ada@example.com").with_plan(IdentifyTraitsPlan::Plus))
        .expect("identify");
    analytics.group(&user, "acct-1", GroupTraits::new().with_name("Initech GmbH")).expect("group");
    analytics
        .page(&user, PageProperties::new("/p/1", "https://www.acmeshop.com/p/1").with_referrer(None))
        .expect("page");
    analytics.screen(&user, ScreenProperties::new("Cart")).expect("screen");
    let envelopes = recorder.envelopes();
    let kinds: Vec<Kind> = envelopes.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [Kind::Identify, Kind::Group, Kind::Page, Kind::Screen]);
    assert_eq!(envelopes[0].properties.to_value(), json!({"email": "ada@example.com", "plan": "plus"}));
    assert_eq!(envelopes[1].group_id.as_deref(), Some("acct-1"));
    assert_eq!(
        envelopes[2].properties.to_value(),
        json!({"path": "/p/1", "url": "https://www.acmeshop.com/p/1", "referrer": null})
    );
    assert!(envelopes[3].properties.to_value().get("app_version").is_none(), "globals go with track events only");
}

#[test]
fn error_on_invalid_returns_the_violations_and_sends_nothing() {
    let (analytics, recorder, reported) = analytics(Policy::ErrorOnInvalid);
    let mut bad = order(-1.0);
    bad.order_id = "4217".to_owned();
    let error = analytics.track_order_completed(&User::anonymous("a"), bad).expect_err("invalid");
    let TrackError::Invalid { event, violations } = &error else { panic!("unexpected {error}") };
    assert_eq!(event, "Order Completed");
    let mut rules: Vec<(&str, &str)> = violations.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    rules.sort();
    assert_eq!(rules, [("order_id", "pattern"), ("total", "minimum")]);
    assert!(error.to_string().contains("total: `minimum` expects >= 0, found -1"), "{error}");
    recorder.assert_not_tracked("Order Completed");
    assert_eq!(reported.lock().expect("lock").len(), 2, "the callback saw them too");
}

#[test]
fn skip_on_invalid_drops_and_reports() {
    let (analytics, recorder, reported) = analytics(Policy::SkipOnInvalid);
    analytics.track_order_completed(&User::anonymous("a"), order(-1.0)).expect("skipping is not an error");
    recorder.assert_not_tracked("Order Completed");
    assert_eq!(reported.lock().expect("lock").as_slice(), [Violation::new("total", "minimum", ">= 0", "-1")]);
}

#[test]
fn track_on_invalid_sends_and_reports() {
    let (analytics, recorder, reported) = analytics(Policy::TrackOnInvalid);
    analytics.track_order_completed(&User::anonymous("a"), order(-1.0)).expect("tracked");
    recorder.assert_tracked("Order Completed", json!({"total": -1}));
    assert_eq!(reported.lock().expect("lock").len(), 1);
}

#[test]
fn disabled_neither_validates_nor_reports() {
    let (analytics, recorder, reported) = analytics(Policy::Disabled);
    analytics.track_order_completed(&User::anonymous("a"), order(-1.0)).expect("tracked");
    recorder.assert_count("Order Completed", 1);
    assert!(reported.lock().expect("lock").is_empty());
}

#[test]
fn invalid_global_properties_are_refused_up_front() {
    let client = Client::builder().policy(Policy::ErrorOnInvalid).build();
    let error =
        Analytics::new(client, GlobalProperties::new("five", GlobalPropertiesPlatform::Ios)).expect_err("invalid");
    assert!(matches!(&error, TrackError::Invalid { violations, .. } if violations[0].path == "app_version"), "{error}");
}

/// A destination that only takes what the plan routes to its name, failing on demand.
struct Named {
    name: &'static str,
    fail: bool,
    got: Mutex<Vec<String>>,
}

impl Destination for Named {
    fn name(&self) -> &str {
        self.name
    }
    fn send(&self, envelope: Arc<Envelope>) -> Result<(), DestinationError> {
        if self.fail {
            return Err(DestinationError::QueueFull { destination: self.name.to_owned(), capacity: 0 });
        }
        self.got.lock().expect("lock").push(envelope.event.to_string());
        Ok(())
    }
}

#[test]
fn messages_go_to_the_destinations_the_plan_names_and_one_failure_does_not_stop_the_others() {
    let segment = Arc::new(Named { name: "segment", fail: true, got: Mutex::new(Vec::new()) });
    let other = Arc::new(Named { name: "warehouse", fail: false, got: Mutex::new(Vec::new()) });
    let recorder = Recorder::new();
    let client = Client::builder()
        .shared_destination(segment.clone())
        .shared_destination(other.clone())
        .shared_destination(recorder.destination())
        .build();
    let analytics = Analytics::new(client, globals()).expect("valid globals");
    let error = analytics.track_order_completed(&User::anonymous("a"), order(1.0)).expect_err("segment fails");
    assert!(matches!(error, TrackError::Destination(DestinationError::QueueFull { .. })));
    recorder.assert_count("Order Completed", 1);
    assert!(other.got.lock().expect("lock").is_empty(), "the plan does not route Order Completed to `warehouse`");
}
