//! The exported schemas reject the same bad data as the plan: every example of the
//! e-commerce plan passes and every payload of `payloads/invalid.json` fails, checked by an
//! independent validator (the `jsonschema` crate) on the files as exported — JSON Schema
//! 2020-12 and draft-07, Iglu (draft-04), and Segment Protocols rules (whole messages).

mod common;

use common::{ecommerce, root};
use serde_json::{Value, json};
use trackplan_interop::export::{self, Target};
use trackplan_plan_model::json_schema::Draft;

fn compile(schema: &Value, draft: jsonschema::Draft) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .build(schema)
        .expect("the exported schema compiles")
}

fn invalid_payloads() -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(root().join("fixtures/ecommerce/payloads/invalid.json")).unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    cases.into_iter().map(|case| (case["event"].as_str().unwrap().to_owned(), case["payload"].clone())).collect()
}

/// Exported file contents by path.
fn files(target: Target) -> std::collections::BTreeMap<String, Value> {
    export::export(&ecommerce(), target)
        .files
        .into_iter()
        .map(|file| (file.path.to_string_lossy().into_owned(), serde_json::from_str(&file.contents).unwrap()))
        .collect()
}

#[test]
fn json_schema_and_iglu_exports_accept_examples_and_reject_invalid_payloads() {
    let plan = ecommerce();
    let cases = [
        (Target::JsonSchema(Draft::Draft2020_12), jsonschema::Draft::Draft202012),
        (Target::JsonSchema(Draft::Draft07), jsonschema::Draft::Draft7),
        (Target::Iglu, jsonschema::Draft::Draft4),
    ];
    for (target, draft) in cases {
        let exported = files(target);
        let schema_of = |name: &str| {
            let event = plan.event(name).unwrap();
            let path = match target {
                Target::Iglu => format!("schemas/{}/{}/jsonschema/{}", plan.vendor, event.snake_name, event.version),
                _ => format!("{}.json", event.snake_name),
            };
            let mut schema = exported[&path].clone();
            if target == Target::Iglu {
                // The `$schema` of a self-describing schema names the Iglu meta-schema; the
                // body is draft-04, which is how Snowplow validates data against it.
                schema.as_object_mut().unwrap().remove("$schema");
            }
            compile(&schema, draft)
        };
        for event in &plan.events {
            let validator = schema_of(&event.name);
            for example in &event.examples {
                assert!(validator.is_valid(example), "{target}: {} example rejected: {example}", event.name);
            }
        }
        for (name, payload) in invalid_payloads() {
            assert!(!schema_of(&name).is_valid(&payload), "{target}: accepted invalid {name} {payload}");
        }
    }
}

#[test]
fn segment_rules_accept_examples_and_reject_invalid_payloads_as_whole_messages() {
    let plan = ecommerce();
    let document = &files(Target::Segment)["tracking-plan-rules.json"];
    let rules = document["rules"].as_array().unwrap();
    let rule = |kind: &str, key: Option<&str>| {
        let found = rules.iter().find(|r| r["type"] == kind && r.get("key").and_then(Value::as_str) == key).unwrap();
        compile(&found["jsonSchema"], jsonschema::Draft::Draft7)
    };
    // The global properties every track call carries.
    let globals = json!({"app_version": "5.12.0", "platform": "web"});
    let message = |payload: &Value| {
        let mut properties = globals.as_object().unwrap().clone();
        properties.extend(payload.as_object().unwrap().clone());
        json!({"type": "track", "properties": properties, "context": {"library": {"name": "x"}}, "traits": {}})
    };
    let common = rule("COMMON", None);
    for event in &plan.events {
        let validator = rule("TRACK", Some(&event.name));
        for example in &event.examples {
            assert!(validator.is_valid(&message(example)), "{} example rejected: {example}", event.name);
            assert!(common.is_valid(&message(example)));
        }
    }
    for (name, payload) in invalid_payloads() {
        assert!(!rule("TRACK", Some(&name)).is_valid(&message(&payload)), "accepted invalid {name} {payload}");
    }
    assert!(!common.is_valid(&json!({"properties": {"app_version": "5.12.0"}})), "COMMON requires the platform");
}
