//! Shared by the tests of the generated e-commerce SDK.
#![allow(dead_code, missing_docs)]

use std::path::PathBuf;

use serde_json::Value;
use trackplan_plan_model::Plan;

pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures").join(path)
}

pub fn plan() -> Plan {
    trackplan_plan_model::load(fixture("ecommerce/tracking-plan.json")).unwrap_or_else(|d| panic!("{d}"))
}

/// Violations as comparable tuples, sorted by (path, rule).
pub fn tuples(violations: &[trackplan_runtime::Violation]) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> =
        violations.iter().map(|v| (v.path.clone(), v.rule.to_owned(), v.expected.clone(), v.actual.clone())).collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

/// The reference validator's verdict, in the same form.
pub fn reference(plan: &Plan, event: &str, payload: &Value) -> Vec<(String, String, String, String)> {
    let properties = &plan.event(event).unwrap_or_else(|| panic!("no event {event}")).properties;
    let mut out: Vec<_> = trackplan_plan_model::validate::Validator::new(plan)
        .object(properties, payload)
        .into_iter()
        .map(|v| (v.path, v.rule, v.expected, v.actual))
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}
