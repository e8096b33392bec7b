//! The runtime's fast generic validator (`CompiledSchema`), as `codegen audit` compiles it,
//! reports exactly what the reference validator and the `jsonschema` generic path
//! (`SchemaValidator`) report: on the shared vectors, and on random payloads of every
//! e-commerce event; its fast verdict (checked while parsing) agrees with its detailed
//! violations.

use std::collections::HashMap;
use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use trackplan_governance::audit::targets::object_validator;
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::{Draft, PatternSources, object_schema};
use trackplan_plan_model::model::{NamedKind, Property, Type};
use trackplan_plan_model::validate::Validator;
use trackplan_runtime::generic::{CompiledSchema, SchemaValidator};

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

static PLAN: LazyLock<Plan> =
    LazyLock::new(|| trackplan_plan_model::load(root().join("fixtures/ecommerce/tracking-plan.json")).expect("plan"));

static VALIDATORS: LazyLock<HashMap<String, CompiledSchema>> = LazyLock::new(|| {
    PLAN.events
        .iter()
        .map(|event| (event.name.clone(), object_validator(&PLAN, &event.properties).expect("compiles")))
        .collect()
});

/// The `jsonschema` path on the same schemas (patterns annotated with their plan spelling).
static JSONSCHEMA: LazyLock<HashMap<String, SchemaValidator>> = LazyLock::new(|| {
    let sources = PatternSources::of(&PLAN);
    PLAN.events
        .iter()
        .map(|event| {
            let mut schema = Value::Object(object_schema(&PLAN, &event.properties, Draft::Draft2020_12));
            sources.annotate(&mut schema);
            (event.name.clone(), SchemaValidator::new(schema).expect("compiles"))
        })
        .collect()
});

type Tuple = (String, String, String, String);

fn jsonschema(name: &str, payload: &Value) -> Vec<Tuple> {
    JSONSCHEMA[name]
        .violations(payload)
        .into_iter()
        .map(|v| (v.path, v.rule.to_owned(), v.expected, v.actual))
        .collect()
}

fn compiled(name: &str, payload: &Value) -> Vec<Tuple> {
    VALIDATORS[name]
        .violations(payload)
        .into_iter()
        .map(|v| (v.path, v.rule.to_owned(), v.expected, v.actual))
        .collect()
}

fn reference(name: &str, payload: &Value) -> Vec<Tuple> {
    let event = PLAN.event(name).expect("event");
    let mut found: Vec<Tuple> = Validator::new(&PLAN)
        .object(&event.properties, payload)
        .into_iter()
        .map(|v| (v.path, v.rule, v.expected, v.actual))
        .collect();
    found.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    found
}

#[test]
fn vectors_replay_exactly() {
    let text = std::fs::read_to_string(root().join("fixtures/vectors/ecommerce.json")).expect("vectors");
    let vectors: Value = serde_json::from_str(&text).expect("JSON");
    let cases = vectors["cases"].as_array().expect("cases");
    assert!(cases.len() > 90, "{} cases", cases.len());
    for case in cases {
        let name = case["event"].as_str().expect("event");
        let payload = &case["payload"];
        let expected: Vec<Tuple> = case["violations"]
            .as_array()
            .expect("violations")
            .iter()
            .map(|v| {
                let field = |key: &str| v[key].as_str().expect("string").to_owned();
                (field("path"), field("rule"), field("expected"), field("actual"))
            })
            .collect();
        assert_eq!(compiled(name, payload), expected, "{name}: {}", case["why"]);
        assert_eq!(jsonschema(name, payload), expected, "jsonschema path, {name}: {}", case["why"]);
        let fast = VALIDATORS[name].is_clean(&payload.to_string());
        assert_eq!(fast, expected.is_empty(), "fast verdict of {name}: {}", case["why"]);
    }
}

#[test]
fn fast_verdict_reads_escapes_nulls_and_repeated_keys() {
    let validator = &VALIDATORS["Products Searched"];
    let valid = json!({"query": "shoes", "search_type": "typed", "results_count": 3});
    assert!(validator.is_clean(&valid.to_string()));
    assert!(validator.is_clean(r#"{"qu\u0065ry": "sh\"oes", "search_type": "typed", "results_count": 3.0}"#));
    assert!(!validator.is_clean(r#"{"query": "a", "query": "b", "search_type": "typed", "results_count": 3}"#));
    assert!(!validator.is_clean(r#"{"query": "shoes", "search_type": "typed", "results_count": 3"#), "truncated");
    assert!(!validator.is_clean(r#"{"query": "shoes", "search_type": "typed", "results_count": 3} x"#));
    assert!(!validator.is_clean("null"));
}

fn value(plan: &'static Plan, ty: &'static Type, nullable: bool) -> BoxedStrategy<Value> {
    let valid: BoxedStrategy<Value> = match ty {
        Type::String(rules) => {
            let mut options: Vec<BoxedStrategy<String>> =
                vec!["[a-zA-Z0-9 .:/@_-]{0,12}".boxed(), Just(String::new()).boxed(), "[é\u{1F600}a]{0,6}".boxed()];
            if let Some(pattern) = &rules.pattern {
                if let Ok(matching) = proptest::string::string_regex(&pattern.ecma) {
                    options.push(matching.boxed());
                }
            }
            for sample in [
                "2026-11-21T10:00:00Z",
                "2026-02-30",
                "a@b.co",
                "https://x.example/p",
                "3f2c8a4e-9b1d-4c6f-8e2a-7d5b1c9e0f34",
            ] {
                options.push(Just(sample.to_owned()).boxed());
            }
            proptest::strategy::Union::new(options).prop_map(Value::String).boxed()
        }
        Type::Integer(_) => prop_oneof![
            4 => (-3_i64..1003).prop_map(Value::from),
            1 => Just(json!(2.0)),
            1 => Just(json!(2.5)),
            1 => Just(json!(u64::MAX)),
        ]
        .boxed(),
        Type::Number(_) => {
            prop_oneof![(-5.0_f64..500.0).prop_map(Value::from), (-2_i64..3).prop_map(Value::from)].boxed()
        }
        Type::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Enum(id) => {
            let NamedKind::Enum { values } = &plan.ty(*id).kind else { unreachable!("enum type") };
            let mut names: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
            names.push("not-a-value".to_owned());
            proptest::sample::select(names).prop_map(Value::String).boxed()
        }
        Type::Array(array) => {
            let item = value(plan, &array.items, array.items_nullable);
            (proptest::collection::vec(item, 0..5), any::<bool>())
                .prop_map(|(mut items, repeat)| {
                    if repeat && !items.is_empty() {
                        items.push(items[0].clone());
                    }
                    Value::Array(items)
                })
                .boxed()
        }
        Type::Object(id) => {
            let NamedKind::Object { properties } = &plan.ty(*id).kind else { unreachable!("object type") };
            object(plan, properties)
        }
    };
    let wrong = prop_oneof![
        Just(Value::Null),
        Just(json!("text")),
        Just(json!(7)),
        Just(json!(7.5)),
        Just(json!({})),
        Just(json!([])),
        Just(json!(true))
    ];
    if nullable {
        prop_oneof![12 => valid, 2 => Just(Value::Null), 1 => wrong].boxed()
    } else {
        prop_oneof![12 => valid, 1 => wrong].boxed()
    }
}

fn object(plan: &'static Plan, properties: &'static [Property]) -> BoxedStrategy<Value> {
    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = properties
        .iter()
        .map(|property| {
            let name = property.name.clone();
            proptest::option::weighted(0.85, value(plan, &property.ty, property.nullable))
                .prop_map(move |value| value.map(|value| (name.clone(), value)))
                .boxed()
        })
        .collect();
    let extra = proptest::option::weighted(0.05, prop_oneof![Just("undeclared"), Just("order id"), Just("$os")]);
    (members, extra)
        .prop_map(|(members, extra)| {
            let extra = extra.map(|key| (key.to_owned(), json!(1)));
            Value::Object(members.into_iter().flatten().chain(extra).collect::<Map<_, _>>())
        })
        .boxed()
}

fn event_payload() -> BoxedStrategy<(String, Value)> {
    let plan: &'static Plan = &PLAN;
    let events: Vec<BoxedStrategy<(String, Value)>> = plan
        .events
        .iter()
        .map(|event| {
            let name = event.name.clone();
            object(plan, &event.properties).prop_map(move |payload| (name.clone(), payload)).boxed()
        })
        .collect();
    proptest::strategy::Union::new(events).boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn fast_detailed_and_reference_agree((name, payload) in event_payload()) {
        let expected = reference(&name, &payload);
        prop_assert_eq!(&compiled(&name, &payload), &expected, "{} {}", name, payload);
        prop_assert_eq!(&jsonschema(&name, &payload), &expected, "jsonschema path: {} {}", name, payload);
        let fast = VALIDATORS[name.as_str()].is_clean(&payload.to_string());
        prop_assert_eq!(fast, expected.is_empty(), "fast verdict of {} {}", name, payload);
    }
}
