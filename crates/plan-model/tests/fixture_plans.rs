//! The bundled plans load, and their per-event JSON Schemas agree with the plan: every
//! example payload is valid, every payload in `payloads/invalid.json` is rejected, by an
//! independent validator (the `jsonschema` crate) and by the reference validator.

use std::path::{Path, PathBuf};

use serde_json::Value;
use trackplan_plan_model::json_schema::{Draft, event_schema, iglu_schema};
use trackplan_plan_model::validate::Validator;
use trackplan_plan_model::{Plan, load};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(path)
}

fn load_fixture(path: &str) -> Plan {
    load(fixture(path)).unwrap_or_else(|diagnostics| panic!("{path} does not load:\n{diagnostics}"))
}

fn compile(schema: &Value) -> jsonschema::Validator {
    jsonschema::options().should_validate_formats(true).build(schema).expect("the generated schema compiles")
}

/// A validator does not know the Iglu meta-schema; the body of a self-describing schema is
/// draft-04.
fn iglu_as_draft04(mut schema: Value) -> Value {
    let object = schema.as_object_mut().expect("schema object");
    object.remove("self");
    object.insert("$schema".into(), Draft::Draft04.uri().into());
    schema
}

#[test]
fn ecommerce_plan_loads_with_its_includes() {
    let plan = load_fixture("ecommerce/tracking-plan.json");
    assert!(plan.files.len() >= 4, "includes were read: {:?}", plan.files);
    for name in ["Products Searched", "Product Added", "Checkout Started", "Order Completed", "Order Refunded"] {
        assert!(plan.event(name).is_some(), "{name} is missing");
    }
    assert!(plan.identify.is_some() && plan.group.is_some() && plan.page.is_some() && plan.screen.is_some());
    assert!(plan.global_properties.is_some());
    assert_eq!(plan.hash.len(), 64);
}

#[test]
fn edge_plan_loads() {
    let plan = load_fixture("edge/tracking-plan.json");
    assert!(plan.events.len() > 50);
}

#[test]
fn history_plan_keeps_every_earlier_version_oldest_first() {
    let plan = load_fixture("history/tracking-plan.json");
    let invoice = plan.event("Invoice Paid").expect("Invoice Paid");
    let versions: Vec<String> = invoice.history.iter().map(|v| v.version.to_string()).collect();
    assert_eq!(versions, ["1-0-0", "1-1-0", "2-0-0"]);
    assert_eq!(invoice.version.to_string(), "2-1-0");
    let latest = invoice.history.last().expect("an earlier version");
    assert_eq!(latest.date.as_deref(), Some("2026-03-01T09:30:00Z"));
    let schema = latest.schema.as_ref().expect("schema kept");
    assert_eq!(schema["required"], serde_json::json!(["invoice_id", "amount", "currency"]));
    // Each kept schema is a JSON Schema a validator compiles.
    for version in plan.events.iter().flat_map(|event| &event.history) {
        if let Some(schema) = &version.schema {
            compile(&Value::Object(schema.clone()));
        }
    }
    let refund = plan.event("Refund Issued").expect("Refund Issued");
    assert_eq!((refund.history.len(), refund.history[0].schema.is_none()), (1, true));
    assert!(plan.event("Plan Changed").expect("Plan Changed").history.is_empty());
}

#[test]
fn properties_name_the_shared_definition_they_refer_to() {
    let plan = load_fixture("history/tracking-plan.json");
    let invoice = plan.event("Invoice Paid").expect("Invoice Paid");
    let definitions: Vec<(&str, Option<&str>)> =
        invoice.properties.iter().map(|p| (p.name.as_str(), p.definition.as_deref())).collect();
    assert_eq!(
        definitions,
        [("invoice_id", None), ("amount", Some("Price")), ("currency", Some("Currency")), ("method", None)]
    );
    // Scalar definitions are in the plan with their own documentation and rules.
    let names: Vec<&str> = plan.definitions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Currency", "Price"]);
    let price = plan.definition("Price").expect("Price");
    assert_eq!(price.description.as_deref(), Some("An amount in major units of the currency."));
    assert!(matches!(&price.ty, trackplan_plan_model::model::Type::Number(rules) if rules.maximum.is_some()));
    // Use-site descriptions override the definition's without losing the link to it.
    let refund = plan.event("Refund Issued").expect("Refund Issued");
    assert_eq!(refund.properties[1].description.as_deref(), Some("Amount refunded."));
    assert_eq!(refund.properties[1].definition.as_deref(), Some("Price"));
    // Arrays name the definition of their elements; every definition of the e-commerce plan
    // resolves, objects and enums included.
    let shop = load_fixture("ecommerce/tracking-plan.json");
    let products = shop.events.iter().flat_map(|e| &e.properties).find(|p| p.name == "products").expect("products");
    assert_eq!(products.definition.as_deref(), Some("Product"));
    assert!(shop.definitions.len() >= shop.types.iter().filter(|t| t.definition.is_some()).count());
}

#[test]
fn history_counts_in_the_plan_hash_only_when_present() {
    let text = std::fs::read_to_string(fixture("history/tracking-plan.json")).expect("read");
    let mut raw: Value = serde_json::from_str(&text).expect("json");
    let with_history = trackplan_plan_model::load_from_str("plan.json", text).expect("loads").hash;
    raw["events"][0]["history"][0]["changes"] = "Reworded.".into();
    let reworded = trackplan_plan_model::load_from_str("plan.json", raw.to_string()).expect("loads").hash;
    assert_ne!(with_history, reworded, "a history edit is a plan edit");
    // Plans without history hash as before the field existed (generated headers unchanged).
    for event in raw["events"].as_array_mut().expect("events") {
        event.as_object_mut().expect("event").remove("history");
    }
    let without = trackplan_plan_model::load_from_str("plan.json", raw.to_string()).expect("loads");
    let mut empty = raw.clone();
    empty["events"][0]["history"] = serde_json::json!([]);
    let with_empty = trackplan_plan_model::load_from_str("plan.json", empty.to_string()).expect("loads");
    assert_eq!(without.hash, with_empty.hash);
}

#[test]
fn loading_is_deterministic() {
    let first = load_fixture("ecommerce/tracking-plan.json");
    let second = load_fixture("ecommerce/tracking-plan.json");
    assert_eq!(first.hash, second.hash);
    assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&second).unwrap());
}

#[test]
fn every_example_is_valid_for_its_event_schema_in_every_draft() {
    for fixture_path in ["ecommerce/tracking-plan.json", "edge/tracking-plan.json"] {
        let plan = load_fixture(fixture_path);
        let mut checked = 0;
        for event in &plan.events {
            assert!(!event.examples.is_empty() || fixture_path.starts_with("edge"), "{} has no example", event.name);
            let schemas = [
                event_schema(&plan, event, Draft::Draft2020_12),
                event_schema(&plan, event, Draft::Draft07),
                iglu_as_draft04(iglu_schema(&plan, event)),
            ];
            for schema in &schemas {
                let validator = compile(schema);
                for example in &event.examples {
                    let errors: Vec<String> = validator.iter_errors(example).map(|e| e.to_string()).collect();
                    assert!(errors.is_empty(), "{}: example {example} rejected: {errors:?}", event.name);
                    checked += 1;
                }
            }
            for example in &event.examples {
                assert_eq!(Validator::new(&plan).object(&event.properties, example), vec![], "{}", event.name);
            }
        }
        assert!(checked > 0);
    }
}

#[test]
fn invalid_payloads_are_rejected_by_both_validators() {
    let plan = load_fixture("ecommerce/tracking-plan.json");
    let text = std::fs::read_to_string(fixture("ecommerce/payloads/invalid.json")).expect("invalid payloads");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("invalid.json parses");
    assert!(cases.len() >= 25);
    for case in &cases {
        let name = case["event"].as_str().expect("event name");
        let event = plan.event(name).unwrap_or_else(|| panic!("unknown event {name}"));
        let payload = &case["payload"];
        let validator = compile(&event_schema(&plan, event, Draft::Draft2020_12));
        assert!(!validator.is_valid(payload), "jsonschema accepted {name} {payload}: {}", case["why"]);
        let violations = Validator::new(&plan).object(&event.properties, payload);
        assert!(!violations.is_empty(), "reference validator accepted {name} {payload}: {}", case["why"]);
    }
}

#[test]
fn iglu_schema_is_self_describing() {
    let plan = load_fixture("ecommerce/tracking-plan.json");
    let event = plan.event("Order Completed").expect("Order Completed");
    let schema = iglu_schema(&plan, event);
    assert_eq!(schema["self"]["name"], "order_completed");
    assert_eq!(schema["self"]["format"], "jsonschema");
    assert_eq!(schema["self"]["version"], event.version.to_string());
    assert_eq!(plan.iglu_uri(event), format!("iglu:{}/order_completed/jsonschema/{}", plan.vendor, event.version));
}

#[test]
fn positions_of_plan_items_can_be_looked_up() {
    let plan = load_fixture("ecommerce/tracking-plan.json");
    let event = plan.event("Order Completed").expect("Order Completed");
    let positions = trackplan_plan_model::Positions::read(&event.location).expect("readable");
    let (line, column) = positions.line_column(&event.location.path.key("name"), false);
    let text = std::fs::read_to_string(event.location.file.as_ref()).unwrap();
    let line_text = text.lines().nth(line as usize - 1).unwrap();
    assert!(line_text[column as usize - 1..].starts_with("\"Order Completed\""), "{line_text}");
}
