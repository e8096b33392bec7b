//! plan → export → import → plan on the e-commerce plan. Formats that carry every rule give
//! back per-event schemas identical to the original's; the spreadsheets give back what their
//! columns hold; and every export lists what it could not carry.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{ecommerce, import_and_load, scratch};
use serde_json::Value;
use trackplan_interop::export::{self, Target};
use trackplan_interop::import::{ColumnMap, Source, Template};
use trackplan_plan_model::Plan;
use trackplan_plan_model::json_schema::{Draft, event_schema, object_schema};
use trackplan_plan_model::model::{Call, NamedKind, Property, Type};

fn export_to(plan: &Plan, target: Target, name: &str) -> (std::path::PathBuf, trackplan_interop::Report) {
    let dir = scratch(name);
    let exported = export::export(plan, target);
    trackplan_generator::write_files(&dir, &exported.files).unwrap();
    (dir, exported.losses)
}

/// Every event's JSON Schema (draft 2020-12), by name: all the rules a property carries.
fn event_schemas(plan: &Plan) -> BTreeMap<String, Value> {
    plan.events.iter().map(|event| (event.name.clone(), event_schema(plan, event, Draft::Draft2020_12))).collect()
}

fn call_schema(plan: &Plan, call: Option<&Call>) -> Option<(Option<String>, Value)> {
    call.map(|call| {
        (call.description.clone(), Value::Object(object_schema(plan, &call.properties, Draft::Draft2020_12)))
    })
}

fn assert_same_events(original: &Plan, back: &Plan) {
    let (left, right) = (event_schemas(original), event_schemas(back));
    assert_eq!(left.keys().collect::<Vec<_>>(), right.keys().collect::<Vec<_>>());
    for (name, schema) in &left {
        assert_eq!(schema, &right[name], "schema of {name:?} changed in the round trip");
    }
}

#[test]
fn json_schema_2020_12_and_draft07_carry_every_property_rule() {
    let plan = ecommerce();
    for (target, name) in
        [(Target::JsonSchema(Draft::Draft2020_12), "js2020"), (Target::JsonSchema(Draft::Draft07), "js07")]
    {
        let (dir, losses) = export_to(&plan, target, name);
        let back = import_and_load(&Source::JsonSchema, &dir);
        assert!(back.report.is_empty(), "{target}: {}", back.report);
        assert_same_events(&plan, &back.plan);
        // Event metadata and the calls are what a schema directory cannot hold, and the
        // export says so for each.
        assert!(losses.findings.iter().any(|f| f.message.contains("`identify` is left out")), "{losses}");
        let with_metadata = plan.events.iter().filter(|e| e.category.is_some()).count();
        assert!(losses.findings.len() >= with_metadata, "{losses}");
    }
}

#[test]
fn iglu_registry_carries_rules_names_and_versions() {
    let plan = ecommerce();
    let (dir, _) = export_to(&plan, Target::Iglu, "iglu");
    assert!(dir.join("schemas/com.acmeshop/push_notification_opened/jsonschema/1-1-0").is_file());
    let back = import_and_load(&Source::Iglu, &dir);
    assert!(back.report.is_empty(), "{}", back.report);
    assert_eq!(back.plan.vendor, plan.vendor);
    assert_same_events(&plan, &back.plan);
    let versions = |plan: &Plan| plan.events.iter().map(|e| (e.name.clone(), e.version)).collect::<BTreeMap<_, _>>();
    assert_eq!(versions(&plan), versions(&back.plan));
}

/// An earlier version and its schema.
type Versioned = (String, Option<serde_json::Map<String, Value>>);

/// Every earlier version with its schema, by event name.
fn histories(plan: &Plan) -> BTreeMap<String, Vec<Versioned>> {
    plan.events
        .iter()
        .map(|event| {
            let versions = event.history.iter().filter(|v| v.schema.is_some());
            (event.name.clone(), versions.map(|v| (v.version.to_string(), v.schema.clone())).collect())
        })
        .collect()
}

#[test]
fn iglu_registry_carries_every_version_of_an_event() {
    let plan = common::history();
    let (dir, losses) = export_to(&plan, Target::Iglu, "iglu-history");
    let versions = dir.join("schemas/com.acmebilling/invoice_paid/jsonschema");
    for version in ["1-0-0", "1-1-0", "2-0-0", "2-1-0"] {
        assert!(versions.join(version).is_file(), "{version}");
    }
    let back = import_and_load(&Source::Iglu, &dir);
    assert!(back.report.is_empty(), "{}", back.report);
    assert_same_events(&plan, &back.plan);
    assert_eq!(histories(&plan), histories(&back.plan));
    assert_eq!(histories(&plan)["Invoice Paid"].len(), 3);
    // Exporting the imported plan writes the same registry, byte for byte.
    let again = export::export(&back.plan, Target::Iglu).files;
    let text = |files: &[trackplan_generator::GeneratedFile]| {
        files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect::<BTreeMap<_, _>>()
    };
    assert_eq!(text(&export::export(&plan, Target::Iglu).files), text(&again));
    // Dates, change notes and versions without a schema are what the registry loses.
    let found: Vec<String> = losses.findings.iter().map(ToString::to_string).collect();
    let lost = |needle: &str| found.iter().any(|f| f.contains(needle));
    assert!(
        lost("events[0].history[0]: an Iglu registry has no place for version 1-0-0's date, changes"),
        "{found:#?}"
    );
    assert!(lost("events[1].history[0]: version 1-0-0 has no `schema`"), "{found:#?}");
}

#[test]
fn one_version_formats_list_the_history_they_leave_out() {
    let plan = common::history();
    for (_, target) in Target::NAMES.into_iter().filter(|(_, target)| *target != Target::Iglu) {
        let losses = export::export(&plan, target).losses;
        let found: Vec<String> = losses.findings.iter().map(ToString::to_string).collect();
        let message = format!(
            "events[0]: the {target} export holds the current version 2-1-0 only; earlier versions 1-0-0, 1-1-0, 2-0-0 (`history`) are left out"
        );
        assert!(found.iter().any(|f| f.contains(&message)), "{target}: {found:#?}");
    }
}

#[test]
fn segment_rules_carry_events_calls_and_global_properties() {
    let plan = ecommerce();
    let (dir, losses) = export_to(&plan, Target::Segment, "segment");
    let back = import_and_load(&Source::Segment, &dir.join("tracking-plan-rules.json"));
    assert!(back.report.is_empty(), "{}", back.report);
    assert_same_events(&plan, &back.plan);
    for (original, imported) in [
        (&plan.identify, &back.plan.identify),
        (&plan.group, &back.plan.group),
        (&plan.page, &back.plan.page),
        (&plan.screen, &back.plan.screen),
    ] {
        assert_eq!(call_schema(&plan, original.as_ref()), call_schema(&back.plan, imported.as_ref()));
    }
    let globals = |plan: &Plan| call_schema(plan, plan.global_properties.as_ref()).map(|(_, schema)| schema);
    assert_eq!(globals(&plan), globals(&back.plan));
    for event in &plan.events {
        let imported = back.plan.event(&event.name).unwrap();
        assert_eq!(event.description, imported.description);
        assert_eq!(event.version.model, imported.version.model);
        // Protocols labels carry the metadata.
        assert_eq!(
            (&event.category, &event.owners, &event.tags, &event.sources, event.priority, event.status),
            (
                &imported.category,
                &imported.owners,
                &imported.tags,
                &imported.sources,
                imported.priority,
                imported.status
            ),
            "{}",
            event.name
        );
    }
    // 1-1-0 has no Segment equivalent: the loss is listed.
    assert!(losses.findings.iter().any(|f| f.message.contains("1-1-0 is written as version 1")), "{losses}");
}

/// What a spreadsheet row can hold about a property.
#[derive(Debug, PartialEq)]
struct Cells {
    name: String,
    description: Option<String>,
    required: Option<bool>,
    element: &'static str,
    array: bool,
    allowed: Vec<String>,
}

fn cells(plan: &Plan, property: &Property, with_required: bool) -> Cells {
    let (element, array) = match &property.ty {
        Type::Array(array) => (&array.items, true),
        other => (other, false),
    };
    let allowed = match element {
        Type::Enum(id) => match &plan.ty(*id).kind {
            NamedKind::Enum { values } => values.iter().map(|v| v.value.clone()).collect(),
            NamedKind::Object { .. } => Vec::new(),
        },
        Type::Integer(rules) => rules.allowed.iter().flatten().map(i64::to_string).collect(),
        _ => Vec::new(),
    };
    Cells {
        name: property.name.clone(),
        description: property.description.clone(),
        required: with_required.then_some(property.required),
        element: element.keyword(),
        array,
        allowed: if with_required { allowed } else { Vec::new() },
    }
}

type EventCells = (String, Option<String>, Option<String>, Vec<String>, Vec<String>, Vec<String>, Vec<Cells>);

fn sheet_view(plan: &Plan, full: bool) -> Vec<EventCells> {
    plan.events
        .iter()
        .map(|event| {
            (
                event.name.clone(),
                event.description.clone(),
                event.category.clone(),
                event.sources.clone(),
                if full { event.owners.clone() } else { Vec::new() },
                if full { event.tags.clone() } else { Vec::new() },
                event.properties.iter().map(|p| cells(plan, p, full)).collect(),
            )
        })
        .collect()
}

fn sheet_round_trip(target: Target, template: Template, file: &str, full: bool) {
    let plan = ecommerce();
    let (dir, losses) = export_to(&plan, target, file);
    let back = import_and_load(&Source::Csv(ColumnMap::template(template)), &dir.join(file));
    assert_eq!(sheet_view(&plan, full), sheet_view(&back.plan, full));
    // Nested object properties are the one thing the import warns about: the sheet has no
    // rows for them, and the export listed that loss.
    for finding in &back.report.findings {
        assert!(finding.message.contains("nested properties are not in the sheet"), "{finding}");
    }
    assert!(losses.findings.iter().any(|f| f.message.contains("nested properties")), "{losses}");
    assert!(losses.findings.iter().any(|f| f.message.contains("format")), "{losses}");
}

#[test]
fn avo_csv_carries_what_its_columns_hold() {
    sheet_round_trip(Target::AvoCsv, Template::Avo, "avo-tracking-plan.csv", true);
}

#[test]
fn amplitude_csv_carries_what_its_columns_hold() {
    sheet_round_trip(Target::Amplitude, Template::Amplitude, "amplitude-tracking-plan.csv", false);
}

#[test]
fn exports_are_deterministic() {
    let plan = ecommerce();
    for (_, target) in Target::NAMES {
        let first = export::export(&plan, target).files;
        let second = export::export(&plan, target).files;
        let text = |files: &[trackplan_generator::GeneratedFile]| {
            files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect::<Vec<_>>()
        };
        assert_eq!(text(&first), text(&second), "{target}");
    }
}

#[test]
fn every_export_writes_files_that_parse() {
    let plan = ecommerce();
    for (_, target) in Target::NAMES {
        for file in export::export(&plan, target).files {
            let path: &Path = &file.path;
            match path.extension().and_then(|e| e.to_str()) {
                Some("csv") => {
                    let mut reader = csv::Reader::from_reader(file.contents.as_bytes());
                    assert!(reader.records().all(|r| r.is_ok()), "{}", path.display());
                }
                Some("yml") => assert!(file.contents.starts_with("version: 2\n")),
                _ => {
                    serde_json::from_str::<Value>(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                }
            }
        }
    }
}

#[test]
fn dbt_files_of_the_edge_plan_hold_only_characters_yaml_reads() {
    let plan = trackplan_plan_model::load(common::root().join("fixtures/edge/tracking-plan.json")).unwrap();
    for file in export::export(&plan, Target::Dbt).files {
        // YAML 1.2 printable: tab, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF, 0xE000-0xFFFD, astral.
        let refused = file.contents.chars().find(|c| {
            !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        });
        assert_eq!(refused, None, "{}", file.path.display());
        for line in file.contents.lines().filter(|line| line.contains(": ")) {
            let value = line.split_once(": ").unwrap().1;
            assert!(
                value.starts_with('"')
                    || value.parse::<f64>().is_ok()
                    || ["true", "false"].contains(&value)
                    || value.starts_with('['),
                "every scalar is quoted: {line}"
            );
        }
    }
}

#[test]
fn the_edge_plan_round_trips_through_the_schema_formats() {
    let plan = trackplan_plan_model::load(common::root().join("fixtures/edge/tracking-plan.json")).unwrap();
    for (target, name) in [
        (Target::JsonSchema(Draft::Draft2020_12), "edge-js"),
        (Target::Iglu, "edge-iglu"),
        (Target::Segment, "edge-segment"),
    ] {
        let (dir, _) = export_to(&plan, target, name);
        let (source, input) = match target {
            Target::Iglu => (Source::Iglu, dir),
            Target::Segment => (Source::Segment, dir.join("tracking-plan-rules.json")),
            _ => (Source::JsonSchema, dir),
        };
        // Identifier overrides are not carried; the import adds its own where names collide.
        let back = import_and_load(&source, &input);
        assert_same_events(&plan, &back.plan);
    }
}
