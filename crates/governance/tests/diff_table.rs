//! One row per kind of change with its expected SchemaVer classification; then event-level
//! and plan-level changes, version checks and renames.

use serde_json::{Value, json};
use trackplan_governance::diff::{self, Bump, ChangeKind, Impact, Presence};
use trackplan_plan_model::{Plan, SchemaVer};

fn plan_with(version: &str, events: Value) -> Plan {
    let plan = json!({
        "formatVersion": 1,
        "name": "Diff table",
        "version": version,
        "destinations": {"segment": {"type": "segment", "pii": true}, "amplitude": {"type": "amplitude"}},
        "events": events,
    });
    trackplan_plan_model::load_from_str("diff-table.json", plan.to_string())
        .unwrap_or_else(|d| panic!("plan does not load:\n{d}\n{plan:#}"))
}

fn event(properties: Value) -> Value {
    json!([{"name": "Order Completed", "description": "d", "owners": ["o"], "properties": properties}])
}

/// The changes between two property maps of one event, as (path, kind, bump).
fn classify(old: Value, new: Value) -> Vec<(String, ChangeKind, Bump)> {
    let result = diff::diff(&plan_with("1.0.0", event(old)), &plan_with("1.0.0", event(new)), "old", "new");
    result.events.iter().flat_map(|e| &e.changes).map(|c| (c.path.clone(), c.kind, c.bump)).collect()
}

/// A label, the old and new property maps, and the expected (path, kind, level) of each change.
type Row = (&'static str, Value, Value, Vec<(&'static str, ChangeKind, Bump)>);

#[test]
fn every_change_kind_is_classified() {
    use Bump::{Addition, Model, None as NoBump, Revision};
    use ChangeKind::*;
    let s = |extra: Value| {
        let mut spec = json!({"type": "string"});
        spec.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        spec
    };
    let rows: Vec<Row> = vec![
        ("optional property added", json!({}), json!({"x": s(json!({}))}), vec![("x", PropertyAdded, Addition)]),
        (
            "required property added",
            json!({}),
            json!({"x": s(json!({"required": true}))}),
            vec![("x", PropertyAdded, Model)],
        ),
        ("optional property removed", json!({"x": s(json!({}))}), json!({}), vec![("x", PropertyRemoved, Model)]),
        (
            "required property removed",
            json!({"x": s(json!({"required": true}))}),
            json!({}),
            vec![("x", PropertyRemoved, Model)],
        ),
        (
            "property renamed",
            json!({"order_id": s(json!({}))}),
            json!({"orderId": s(json!({}))}),
            vec![("order_id", PropertyRemoved, Model), ("orderId", PropertyAdded, Addition)],
        ),
        (
            "type changed",
            json!({"x": s(json!({}))}),
            json!({"x": {"type": "integer"}}),
            vec![("x", TypeChanged, Model)],
        ),
        (
            "integer widened to number",
            json!({"x": {"type": "integer"}}),
            json!({"x": {"type": "number"}}),
            vec![("x", TypeWidened, Revision)],
        ),
        (
            "number narrowed to integer",
            json!({"x": {"type": "number"}}),
            json!({"x": {"type": "integer"}}),
            vec![("x", TypeChanged, Model)],
        ),
        (
            "optional to required",
            json!({"x": s(json!({}))}),
            json!({"x": s(json!({"required": true}))}),
            vec![("x", RequiredAdded, Model)],
        ),
        (
            "required to optional",
            json!({"x": s(json!({"required": true}))}),
            json!({"x": s(json!({}))}),
            vec![("x", RequiredRemoved, Revision)],
        ),
        (
            "nullable added",
            json!({"x": s(json!({}))}),
            json!({"x": s(json!({"nullable": true}))}),
            vec![("x", NullableAdded, Revision)],
        ),
        (
            "nullable removed",
            json!({"x": s(json!({"nullable": true}))}),
            json!({"x": s(json!({}))}),
            vec![("x", NullableRemoved, Model)],
        ),
        (
            "enum value added",
            json!({"x": s(json!({"enum": ["a"]}))}),
            json!({"x": s(json!({"enum": ["a", "b"]}))}),
            vec![("x", EnumValuesAdded, Addition)],
        ),
        (
            "enum value removed",
            json!({"x": s(json!({"enum": ["a", "b"]}))}),
            json!({"x": s(json!({"enum": ["a"]}))}),
            vec![("x", EnumValuesRemoved, Model)],
        ),
        (
            "enum value replaced",
            json!({"x": s(json!({"enum": ["a", "b"]}))}),
            json!({"x": s(json!({"enum": ["a", "c"]}))}),
            vec![("x", EnumValuesRemoved, Model), ("x", EnumValuesAdded, Addition)],
        ),
        (
            "string became enum",
            json!({"x": s(json!({}))}),
            json!({"x": s(json!({"enum": ["a"]}))}),
            vec![("x", EnumIntroduced, Model)],
        ),
        (
            "enum became string",
            json!({"x": s(json!({"enum": ["a"]}))}),
            json!({"x": s(json!({}))}),
            vec![("x", EnumDropped, Revision)],
        ),
        (
            "enum became constrained string",
            json!({"x": s(json!({"enum": ["a"]}))}),
            json!({"x": s(json!({"maxLength": 3}))}),
            vec![("x", ConstraintChanged, Model)],
        ),
        (
            "integer values added",
            json!({"x": {"type": "integer", "enum": [1]}}),
            json!({"x": {"type": "integer", "enum": [1, 2]}}),
            vec![("x", EnumValuesAdded, Addition)],
        ),
        (
            "integer values removed",
            json!({"x": {"type": "integer", "enum": [1, 2]}}),
            json!({"x": {"type": "integer", "enum": [1]}}),
            vec![("x", EnumValuesRemoved, Model)],
        ),
        (
            "minimum raised",
            json!({"x": {"type": "number", "minimum": 0}}),
            json!({"x": {"type": "number", "minimum": 1}}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "minimum lowered",
            json!({"x": {"type": "number", "minimum": 1}}),
            json!({"x": {"type": "number", "minimum": 0}}),
            vec![("x", ConstraintWidened, Addition)],
        ),
        (
            "minimum added",
            json!({"x": {"type": "number"}}),
            json!({"x": {"type": "number", "minimum": 0}}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "minimum removed",
            json!({"x": {"type": "number", "minimum": 0}}),
            json!({"x": {"type": "number"}}),
            vec![("x", ConstraintWidened, Addition)],
        ),
        (
            "minimum made exclusive",
            json!({"x": {"type": "number", "minimum": 0}}),
            json!({"x": {"type": "number", "exclusiveMinimum": 0}}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "maximum made inclusive",
            json!({"x": {"type": "number", "exclusiveMaximum": 9}}),
            json!({"x": {"type": "number", "maximum": 9}}),
            vec![("x", ConstraintWidened, Addition)],
        ),
        (
            "maximum lowered",
            json!({"x": {"type": "integer", "maximum": 9}}),
            json!({"x": {"type": "integer", "maximum": 5}}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "maxLength raised",
            json!({"x": s(json!({"maxLength": 5}))}),
            json!({"x": s(json!({"maxLength": 9}))}),
            vec![("x", ConstraintWidened, Addition)],
        ),
        (
            "minLength raised",
            json!({"x": s(json!({"minLength": 1}))}),
            json!({"x": s(json!({"minLength": 2}))}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "pattern added",
            json!({"x": s(json!({}))}),
            json!({"x": s(json!({"pattern": "^a"}))}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "pattern removed",
            json!({"x": s(json!({"pattern": "^a"}))}),
            json!({"x": s(json!({}))}),
            vec![("x", ConstraintWidened, Addition)],
        ),
        (
            "pattern changed",
            json!({"x": s(json!({"pattern": "^a"}))}),
            json!({"x": s(json!({"pattern": "^[ab]"}))}),
            vec![("x", ConstraintChanged, Model)],
        ),
        (
            "format added",
            json!({"x": s(json!({}))}),
            json!({"x": s(json!({"format": "uuid"}))}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "format changed",
            json!({"x": s(json!({"format": "date"}))}),
            json!({"x": s(json!({"format": "date-time"}))}),
            vec![("x", ConstraintChanged, Model)],
        ),
        (
            "minItems raised",
            json!({"x": {"type": "array", "items": {"type": "string"}}}),
            json!({"x": {"type": "array", "items": {"type": "string"}, "minItems": 1}}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "maxItems raised",
            json!({"x": {"type": "array", "items": {"type": "string"}, "maxItems": 1}}),
            json!({"x": {"type": "array", "items": {"type": "string"}, "maxItems": 2}}),
            vec![("x", ConstraintWidened, Addition)],
        ),
        (
            "uniqueItems added",
            json!({"x": {"type": "array", "items": {"type": "string"}}}),
            json!({"x": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}}),
            vec![("x", ConstraintNarrowed, Model)],
        ),
        (
            "array items may be null",
            json!({"x": {"type": "array", "items": {"type": "string"}}}),
            json!({"x": {"type": "array", "items": {"type": "string", "nullable": true}}}),
            vec![("x", ItemsNullableAdded, Revision)],
        ),
        (
            "array element type changed",
            json!({"x": {"type": "array", "items": {"type": "string"}}}),
            json!({"x": {"type": "array", "items": {"type": "boolean"}}}),
            vec![("x[]", TypeChanged, Model)],
        ),
        (
            "nested optional property added",
            json!({"o": {"type": "object", "properties": {"a": s(json!({}))}}}),
            json!({"o": {"type": "object", "properties": {"a": s(json!({})), "b": s(json!({}))}}}),
            vec![("o.b", PropertyAdded, Addition)],
        ),
        (
            "nested required property added",
            json!({"o": {"type": "object", "properties": {"a": s(json!({}))}}}),
            json!({"o": {"type": "object", "properties": {"a": s(json!({})), "b": s(json!({"required": true}))}}}),
            vec![("o.b", PropertyAdded, Model)],
        ),
        (
            "nested in array narrowed",
            json!({"l": {"type": "array", "items": {"type": "object", "properties": {"p": {"type": "number"}}}}}),
            json!({"l": {"type": "array", "items": {"type": "object", "properties": {"p": {"type": "number", "minimum": 0}}}}}),
            vec![("l[].p", ConstraintNarrowed, Model)],
        ),
        (
            "description changed",
            json!({"x": s(json!({"description": "a"}))}),
            json!({"x": s(json!({"description": "b"}))}),
            vec![("x", DescriptionChanged, NoBump)],
        ),
        (
            "examples changed",
            json!({"x": s(json!({"examples": ["a"]}))}),
            json!({"x": s(json!({"examples": ["b"]}))}),
            vec![("x", ExamplesChanged, NoBump)],
        ),
        (
            "PII flag added",
            json!({"x": s(json!({}))}),
            json!({"x": s(json!({"pii": true}))}),
            vec![("x", PiiChanged, NoBump)],
        ),
    ];
    let mut failures = Vec::new();
    for (label, old, new, expected) in rows {
        let actual = classify(old, new);
        let expected: Vec<(String, ChangeKind, Bump)> =
            expected.into_iter().map(|(p, k, b)| (p.to_owned(), k, b)).collect();
        if actual != expected {
            failures.push(format!("{label}: expected {expected:?}, got {actual:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn event_metadata_needs_no_new_version() {
    let base = json!({"name": "Order Completed", "description": "d", "owners": ["o"], "properties": {}});
    let mut changed = base.clone();
    changed["description"] = "new".into();
    changed["owners"] = json!(["p"]);
    changed["destinations"] = json!(["segment"]);
    changed["status"] = "deprecated".into();
    changed["deprecation"] = "Use Order Placed.".into();
    let result = diff::diff(&plan_with("1.0.0", json!([base])), &plan_with("1.1.0", json!([changed])), "a", "b");
    let event = &result.events[0];
    let kinds: Vec<ChangeKind> = event.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::DescriptionChanged,
            ChangeKind::MetadataChanged,
            ChangeKind::DestinationsChanged,
            ChangeKind::Deprecated
        ]
    );
    assert_eq!(event.bump, Bump::None);
    assert!(event.version_ok);
    // Deprecating is a minor change of the plan.
    assert_eq!(result.impact, Impact::Minor);
    assert!(result.version_ok);
}

#[test]
fn versions_are_checked_and_suggested() {
    let old = json!([{"name": "Order Completed", "version": "2-1-3", "properties": {"a": {"type": "string"}}}]);
    let cases = [
        // (new property spec, declared version, required version, ok)
        (json!({"a": {"type": "string"}, "b": {"type": "string"}}), "2-1-3", "2-1-4", false),
        (json!({"a": {"type": "string"}, "b": {"type": "string"}}), "2-1-4", "2-1-4", true),
        (json!({"a": {"type": "string"}, "b": {"type": "string"}}), "2-2-0", "2-1-4", true),
        (json!({"a": {"type": "string", "nullable": true}}), "2-1-4", "2-2-0", false),
        (json!({"a": {"type": "string", "nullable": true}}), "2-2-0", "2-2-0", true),
        (json!({"a": {"type": "integer"}}), "2-2-0", "3-0-0", false),
        (json!({"a": {"type": "integer"}}), "3-0-0", "3-0-0", true),
        (json!({"a": {"type": "string"}}), "2-1-2", "2-1-3", false),
    ];
    for (properties, declared, required, ok) in cases {
        let new = json!([{"name": "Order Completed", "version": declared, "properties": properties}]);
        let result = diff::diff(&plan_with("1.0.0", old.clone()), &plan_with("1.0.0", new), "a", "b");
        let event = &result.events[0];
        assert_eq!(event.required_version, Some(required.parse::<SchemaVer>().unwrap()), "{properties} {declared}");
        assert_eq!(event.version_ok, ok, "{properties} declared {declared}");
        assert_eq!(result.version_problems().count(), usize::from(!ok));
    }
}

#[test]
fn plan_impact_follows_semver() {
    let one = json!([{"name": "Order Completed", "properties": {"a": {"type": "string"}}}]);
    let two = json!([
        {"name": "Order Completed", "properties": {"a": {"type": "string"}}},
        {"name": "Order Refunded"}
    ]);
    let added = diff::diff(&plan_with("1.4.2", one.clone()), &plan_with("1.4.3", two.clone()), "a", "b");
    assert_eq!(added.impact, Impact::Minor);
    assert_eq!(added.required_version, "1.5.0");
    assert!(!added.version_ok);
    assert_eq!(added.events[0].presence, Presence::Added);

    let removed = diff::diff(&plan_with("1.4.2", two), &plan_with("2.0.0", one.clone()), "a", "b");
    assert_eq!(removed.impact, Impact::Major);
    assert!(removed.version_ok);

    let unchanged = diff::diff(&plan_with("1.4.2", one.clone()), &plan_with("1.4.2", one.clone()), "a", "b");
    assert!(unchanged.is_empty());
    assert!(unchanged.version_ok);

    // 0.x: a breaking change needs a minor bump.
    let breaking = json!([{"name": "Order Completed", "properties": {"a": {"type": "integer"}}}]);
    let zero = diff::diff(&plan_with("0.3.1", one), &plan_with("0.4.0", breaking), "a", "b");
    assert_eq!(zero.impact, Impact::Major);
    assert_eq!(zero.required_version, "0.4.0");
    assert!(zero.version_ok);
}

#[test]
fn renamed_events_and_properties_are_hinted() {
    let old = json!([{"name": "order_completed", "properties": {"total": {"type": "number", "description": "Sum."}}}]);
    let new = json!([{"name": "Order Completed", "properties": {"amount": {"type": "number", "description": "Sum."}}}]);
    let result = diff::diff(&plan_with("1.0.0", old), &plan_with("2.0.0", new), "a", "b");
    let renamed: Vec<(&str, Option<&str>)> =
        result.events.iter().map(|e| (e.name.as_str(), e.possibly_renamed.as_deref())).collect();
    assert_eq!(renamed, [("order_completed", Some("Order Completed")), ("Order Completed", Some("order_completed"))]);

    let old = json!([{"name": "Order Completed", "properties": {"total": {"type": "number", "description": "Sum."}}}]);
    let new = json!([{"name": "Order Completed", "properties": {"amount": {"type": "number", "description": "Sum."}}}]);
    let result = diff::diff(&plan_with("1.0.0", old), &plan_with("2.0.0", new), "a", "b");
    assert!(
        result.events[0].changes[1].detail.contains("possibly renamed from \"total\""),
        "{:?}",
        result.events[0].changes
    );
}

#[test]
fn markdown_escapes_plan_text() {
    let old = json!([{"name": "A | *b* <script>", "properties": {}}]);
    let result = diff::diff(&plan_with("1.0.0", json!([])), &plan_with("1.1.0", old), "a", "b");
    let markdown = diff::render::markdown(&result);
    assert!(markdown.contains("| A \\| \\*b\\* &lt;script&gt; | added |"), "{markdown}");
}

#[test]
fn destination_order_is_not_a_change() {
    let base = json!({"name": "Order Completed", "destinations": ["segment", "amplitude"], "properties": {}});
    let mut reordered = base.clone();
    reordered["destinations"] = json!(["amplitude", "segment"]);
    let result = diff::diff(&plan_with("1.0.0", json!([base])), &plan_with("1.0.0", json!([reordered])), "a", "b");
    assert!(result.is_empty(), "{:?}", result.events);
}
