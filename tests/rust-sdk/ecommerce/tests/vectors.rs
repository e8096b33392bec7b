//! The shared validation vectors (`fixtures/vectors/ecommerce.json`) replayed through both
//! paths: the generic path on the payload as JSON, and the typed path on the payload
//! deserialized into the generated struct. Both must report exactly the vector's violations;
//! a payload the struct cannot hold must be one whose violations the type system enforces.

mod common;

use serde_json::Value;
use trackplan_runtime::generic::SchemaValidator;
use trackplan_runtime::{Message, MessageVisitor};

type Tuples = Vec<(String, String, String, String)>;

struct Case {
    event: String,
    why: String,
    payload: Value,
    violations: Tuples,
}

#[derive(Default)]
struct Replay {
    cases: Vec<Case>,
    generic: usize,
    typed: usize,
    rejected_by_types: usize,
}

/// Rules the generated types enforce at compile time (and serde when deserializing).
const TYPE_RULES: &[&str] = &["type", "required", "additionalProperties", "enum"];

impl MessageVisitor for Replay {
    fn visit<M>(&mut self)
    where
        M: Message + serde::de::DeserializeOwned + Clone + std::fmt::Debug + 'static,
    {
        let validator = SchemaValidator::for_message::<M>().expect("embedded schema compiles");
        for case in self.cases.iter().filter(|c| c.event == M::NAME) {
            let generic = common::tuples(&validator.violations(&case.payload));
            assert_eq!(generic, case.violations, "generic path, {} ({}): {}", case.event, case.why, case.payload);
            self.generic += 1;
            match serde_json::from_value::<M>(case.payload.clone()) {
                Ok(typed) => {
                    let found = common::tuples(&typed.violations());
                    assert_eq!(found, case.violations, "typed path, {} ({}): {}", case.event, case.why, case.payload);
                    self.typed += 1;
                }
                Err(error) => {
                    assert!(
                        case.violations.iter().any(|v| TYPE_RULES.contains(&v.1.as_str())),
                        "{} ({}) does not deserialize ({error}) yet breaks no rule the types enforce: {:?}",
                        case.event,
                        case.why,
                        case.violations
                    );
                    self.rejected_by_types += 1;
                }
            }
        }
    }
}

#[test]
fn both_paths_report_exactly_the_shared_vectors() {
    let text = std::fs::read_to_string(common::fixture("vectors/ecommerce.json")).expect("vectors");
    let vectors: Value = serde_json::from_str(&text).expect("vectors JSON");
    let cases: Vec<Case> = vectors["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| Case {
            event: case["event"].as_str().expect("event").to_owned(),
            why: case["why"].as_str().unwrap_or_default().to_owned(),
            payload: case["payload"].clone(),
            violations: case["violations"]
                .as_array()
                .expect("violations")
                .iter()
                .map(|v| {
                    let field = |name: &str| v[name].as_str().expect("violation field").to_owned();
                    (field("path"), field("rule"), field("expected"), field("actual"))
                })
                .collect(),
        })
        .collect();
    let total = cases.len();
    let mut replay = Replay { cases, ..Replay::default() };
    trackplan_sdk_ecommerce::visit_messages(&mut replay);
    assert_eq!(replay.generic, total, "every vector names an event of the SDK");
    assert_eq!(replay.typed + replay.rejected_by_types, total);
    assert!(replay.typed > total / 2, "most vectors reach the typed validator: {} of {total}", replay.typed);
    eprintln!(
        "{total} vectors: {} through the typed path, {} rejected by the types",
        replay.typed, replay.rejected_by_types
    );
}
