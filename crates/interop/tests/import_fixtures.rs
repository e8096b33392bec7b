//! Every import format on fixtures written from the vendors' documentation, messy ones
//! included: what is imported, and that what is not is reported with its row or JSON path.

mod common;

use common::{findings, import_and_load, root};
use serde_json::json;
use trackplan_interop::import::{ColumnMap, Field, Source, Template};
use trackplan_plan_model::model::{NamedKind, Type};

fn fixture(path: &str) -> std::path::PathBuf {
    root().join("fixtures/import").join(path)
}

fn has(findings: &[String], needle: &str) -> bool {
    findings.iter().any(|finding| finding.contains(needle))
}

#[test]
fn avo_template_with_bom_crlf_quoted_newlines_continuations_and_duplicates() {
    let checked = import_and_load(&Source::Csv(ColumnMap::template(Template::Avo)), &fixture("csv/avo-messy.csv"));
    let plan = &checked.plan;
    let names: Vec<&str> = plan.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Order Completed", "Signed Up", "Newsletter Joined"]);
    let order = plan.event("Order Completed").unwrap();
    assert_eq!(order.description.as_deref(), Some("Fires once the payment is captured.\nNot on retries."));
    assert_eq!(order.sources, ["Web", "iOS"]);
    assert_eq!(order.owners, ["checkout-team"]);
    assert_eq!(order.tags, ["revenue", "funnel"]);
    let props: Vec<&str> = order.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        props,
        ["order_id", "total", "currency", "coupons"],
        "blank continuation rows belong to the event above"
    );
    let currency = &order.properties[2];
    assert!(currency.required);
    let Type::Enum(id) = currency.ty else { panic!("currency is an enum: {:?}", currency.ty) };
    let NamedKind::Enum { values } = &plan.ty(id).kind else { panic!() };
    assert_eq!(values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["USD", "EUR", "GBP"]);
    assert!(matches!(order.properties[3].ty, Type::Array(_)));
    let signed_up = plan.event("Signed Up").unwrap();
    assert_eq!(signed_up.sources, ["Web", "iOS"], "repeated event rows add their sources");
    let found = findings(&checked);
    assert!(has(&found, "avo-messy.csv:row 1: column \"Stakeholder Notes\" is not mapped"), "{found:#?}");
    assert!(has(&found, "avo-messy.csv:row 6: duplicate of row 3"), "{found:#?}");
    assert!(has(&found, "avo-messy.csv:row 10: \"method\" on \"Signed Up\" conflicts with row 8"), "{found:#?}");
    assert!(has(&found, "avo-messy.csv:row 11: property \"utm\": unknown type \"mystery-type\""), "{found:#?}");
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn amplitude_template_keeps_sample_values_as_examples() {
    let checked =
        import_and_load(&Source::Csv(ColumnMap::template(Template::Amplitude)), &fixture("csv/amplitude-template.csv"));
    let played = checked.plan.event("Song Played").unwrap();
    assert_eq!(played.description.as_deref(), Some("User presses play on a song"));
    assert_eq!(played.category.as_deref(), Some("Playback"));
    assert_eq!(played.properties[0].examples, [json!("s-123"), json!("s-456")]);
    assert_eq!(played.properties[1].examples, [json!(183.5), json!(240.0)]);
    assert_eq!(played.properties[2].examples, [json!(true)]);
    let found = findings(&checked);
    assert_eq!(
        found,
        [
            "warning: amplitude-template.csv:row 4: property \"is_offline\": sample value \"maybe\" is not a boolean; left out"
        ]
    );
}

#[test]
fn mixpanel_template_reads_its_data_types_and_blank_continuations() {
    let checked =
        import_and_load(&Source::Csv(ColumnMap::template(Template::Mixpanel)), &fixture("csv/mixpanel-template.csv"));
    let purchased = checked.plan.event("Item Purchased").unwrap();
    let kinds: Vec<&str> = purchased.properties.iter().map(|p| p.ty.keyword()).collect();
    assert_eq!(kinds, ["string", "number", "string", "boolean"]);
    let Type::String(rules) = &purchased.properties[2].ty else { panic!() };
    assert_eq!(rules.format.map(|f| f.as_str()), Some("date"));
    assert_eq!(
        findings(&checked),
        ["warning: mixpanel-template.csv:row 6: duplicate of row 2 (\"item_name\" on \"Item Purchased\"); merged"]
    );
}

#[test]
fn generic_sheet_through_a_column_mapping() {
    let columns = ColumnMap::custom([
        ("Action".to_owned(), Field::EventName),
        ("What it means".to_owned(), Field::EventDescription),
        ("Field".to_owned(), Field::PropertyName),
        ("field type".to_owned(), Field::PropertyType),
        ("Mandatory".to_owned(), Field::Required),
        ("Allowed".to_owned(), Field::Enum),
        ("Team".to_owned(), Field::Owners),
    ]);
    let checked = import_and_load(&Source::Csv(columns), &fixture("csv/generic-sheet.csv"));
    let started = checked.plan.event("Video Started").unwrap();
    assert!(started.properties[0].required);
    assert!(matches!(started.properties[1].ty, Type::Enum(_)));
    assert_eq!(checked.plan.event("Video Paused").unwrap().owners, ["media"]);
    assert!(checked.report.is_empty(), "{}", checked.report);
}

#[test]
fn a_sheet_without_an_event_column_is_refused_with_the_headers_found() {
    let error = trackplan_interop::import::import(
        &Source::Csv(ColumnMap::template(Template::Avo)),
        &fixture("csv/generic-sheet.csv"),
        &Default::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("no event name column"), "{error}");
    assert!(error.to_string().contains("\"Action\""), "{error}");
}

#[test]
fn segment_public_api_rules() {
    let checked = import_and_load(&Source::Segment, &fixture("segment/public-api-rules.json"));
    let plan = &checked.plan;
    let order = plan.event("Order Completed").unwrap();
    assert_eq!(order.version.to_string(), "2-0-0", "the newest version wins");
    // Version 1 is history, with its properties schema as written.
    let older: Vec<(String, Option<serde_json::Value>)> = order
        .history
        .iter()
        .map(|v| (v.version.to_string(), v.schema.clone().map(serde_json::Value::Object)))
        .collect();
    let schema = serde_json::json!({ "type": "object", "properties": { "order_id": { "type": "string" } } });
    assert_eq!(older, [("1-0-0".to_owned(), Some(schema))]);
    assert_eq!(order.description.as_deref(), Some("The payment was captured."));
    let props: Vec<&str> = order.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(props, ["order_id", "total", "coupon", "products", "gift_message"], "COMMON properties become global");
    assert!(order.properties[2].nullable);
    let globals = plan.global_properties.as_ref().unwrap();
    assert_eq!(globals.properties[0].name, "platform");
    assert_eq!(plan.identify.as_ref().unwrap().properties.len(), 2);
    let found = findings(&checked);
    assert!(
        has(
            &found,
            "public-api-rules.json#/data/rules/0/jsonSchema/properties/context: rules on the message's `context`"
        ),
        "{found:#?}"
    );
    assert!(
        has(&found, "#/data/rules/1/jsonSchema/properties/properties/properties/gift_message/not: keyword `not`"),
        "{found:#?}"
    );
    assert!(has(&found, "#/data/rules/4/type: unknown rule type \"ALIAS\""), "{found:#?}");
    assert!(
        has(&found, "#/data/rules/1/jsonSchema/labels/team: label team=\"checkout\" has no equivalent"),
        "{found:#?}"
    );
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn segment_rules_keep_every_version_whatever_their_order() {
    let rule = |version: u64, property: &str| {
        serde_json::json!({ "key": "Song Played", "type": "TRACK", "version": version, "jsonSchema": {
            "properties": { "properties": { "type": "object", "properties": { property: { "type": "string" } } } }
        }})
    };
    let dir = std::env::temp_dir().join(format!("trackplan-interop-{}-segment-versions", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rules.json");
    let rules = [rule(2, "b"), rule(10, "d"), rule(1, "a"), rule(3, "c"), rule(2, "again")];
    std::fs::write(&path, serde_json::json!({ "rules": rules }).to_string()).unwrap();
    let checked = import_and_load(&Source::Segment, &path);
    let song = checked.plan.event("Song Played").unwrap();
    assert_eq!(song.version.to_string(), "10-0-0", "versions compare as numbers");
    assert_eq!(song.properties[0].name, "d");
    let older: Vec<(String, String)> = song
        .history
        .iter()
        .map(|v| {
            let schema = v.schema.as_ref().unwrap();
            (v.version.to_string(), schema["properties"].as_object().unwrap().keys().next().unwrap().clone())
        })
        .collect();
    let expected = [("1-0-0", "a"), ("2-0-0", "b"), ("3-0-0", "c")].map(|(v, p)| (v.to_owned(), p.to_owned()));
    assert_eq!(older, expected);
    assert_eq!(
        findings(&checked),
        [
            "not mapped: rules.json#/rules/4/jsonSchema: \"Song Played\" version 2 is also in an earlier rule, which is kept; skipped"
        ]
    );
}

#[test]
fn segment_legacy_config_api_plan() {
    let checked = import_and_load(&Source::Segment, &fixture("segment/legacy-config-api.json"));
    assert_eq!(checked.plan.name, "workspaces/acme/tracking-plans/rs_1abc");
    let viewed = checked.plan.event("Product Viewed").unwrap();
    assert_eq!(viewed.description.as_deref(), Some("A product page was shown."));
    assert_eq!(viewed.properties.len(), 1);
    assert!(checked.plan.group.is_some() && checked.plan.identify.is_some());
    assert_eq!(
        findings(&checked),
        [
            "not mapped: legacy-config-api.json#/rules/events/0/rules/properties/properties/properties/price/type: union type [\"number\", \"string\"]; a plan property has one type"
        ]
    );
}

#[test]
fn json_schema_directory() {
    let checked = import_and_load(&Source::JsonSchema, &fixture("jsonschema"));
    let names: Vec<&str> = checked.plan.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["checkout_started", "Product Viewed"], "title, else the file name; sorted by path");
    let started = &checked.plan.events[0];
    let Type::String(rules) = &started.properties[0].ty else { panic!() };
    assert!(rules.pattern.is_none(), "the uuid pattern older drafts need is folded into the format");
    assert!(matches!(&started.properties[1].ty, Type::Integer(rules) if rules.allowed == Some(vec![1, 2, 3])));
    let found = findings(&checked);
    assert!(has(&found, "checkout/checkout_started.json#/patternProperties"), "{found:#?}");
    assert!(has(&found, "checkout/checkout_started.json#/properties/payment: no `type`"), "{found:#?}");
    assert!(has(&found, "checkout/checkout_started.json#/properties/host/format: format \"hostname\""), "{found:#?}");
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn iglu_registry_keeps_every_version_newest_as_the_event() {
    let checked = import_and_load(&Source::Iglu, &fixture("iglu"));
    assert_eq!(checked.plan.vendor, "com.acme");
    let order = checked.plan.event("order_completed").unwrap();
    assert_eq!(order.version.to_string(), "1-0-1");
    let total = &order.properties[1];
    assert!(total.nullable);
    let Type::Number(rules) = &total.ty else { panic!() };
    assert!(rules.maximum.as_ref().unwrap().exclusive, "draft-04 boolean exclusiveMaximum");
    // 1-0-0 is history, its schema verbatim without the self-describing envelope.
    let older: Vec<String> = order.history.iter().map(|v| v.version.to_string()).collect();
    assert_eq!(older, ["1-0-0"]);
    let file = std::fs::read_to_string(fixture("iglu/schemas/com.acme/order_completed/jsonschema/1-0-0")).unwrap();
    let mut expected: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&file).unwrap();
    expected.remove("self");
    expected.remove("$schema");
    assert_eq!(order.history[0].schema.as_ref(), Some(&expected));
    assert!(checked.plan.event("signed_up").unwrap().history.is_empty());
    assert_eq!(findings(&checked), Vec::<String>::new());
}

#[test]
fn iglu_registry_reports_a_version_written_twice() {
    let dir = std::env::temp_dir().join(format!("trackplan-interop-{}-iglu-twice", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let schema = |vendor_dir: &str| {
        let path = dir.join(format!("schemas/com.acme/{vendor_dir}/jsonschema/1-0-0"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let body = r#"{"self": {"vendor": "com.acme", "name": "a", "format": "jsonschema", "version": "1-0-0"},
                       "type": "object", "properties": {}}"#;
        std::fs::write(path, body).unwrap();
    };
    schema("a");
    // `self` wins over the path, so this is a second copy of com.acme/a/1-0-0.
    schema("b");
    let checked = import_and_load(&Source::Iglu, &dir);
    assert_eq!(checked.plan.events.len(), 1);
    let found = findings(&checked);
    assert!(
        has(&found, "not mapped: com.acme/b/jsonschema/1-0-0#: version 1-0-0 is also in com.acme/a/jsonschema/1-0-0"),
        "{found:#?}"
    );
}

/// A check standing in for lint: flags events without a description.
struct DescribedEvents;

impl trackplan_interop::PostImportCheck for DescribedEvents {
    fn name(&self) -> &str {
        "described-events"
    }

    fn check(&self, plan: &trackplan_plan_model::Plan, text: &str) -> Vec<trackplan_interop::Finding> {
        assert!(text.contains("\"formatVersion\""), "checks see the plan text about to be written");
        plan.events
            .iter()
            .filter(|event| event.description.is_none())
            .map(|event| trackplan_interop::Finding {
                severity: trackplan_interop::Severity::Warning,
                place: format!("{}#{}", event.location.file.display(), event.location.path),
                message: format!("event {:?} has no description", event.name),
            })
            .collect()
    }
}

#[test]
fn post_import_checks_report_on_the_loaded_plan() {
    let source = Source::Csv(ColumnMap::template(Template::Mixpanel));
    let input = fixture("csv/amplitude-template.csv");
    let imported = trackplan_interop::import::import(&source, &input, &Default::default()).unwrap();
    let checked =
        trackplan_interop::import::finish(imported, std::path::Path::new("plan.json"), &[&DescribedEvents]).unwrap();
    let found = findings(&checked);
    assert!(
        has(&found, "check: plan.json#events[0]: described-events: event \"Song Played\" has no description"),
        "the Amplitude sheet read with the Mixpanel columns has no event definitions: {found:#?}"
    );
}

#[test]
fn names_that_give_no_identifier_or_the_same_one_get_identifiers() {
    let dir = std::env::temp_dir().join(format!("trackplan-interop-{}-names", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sheet = dir.join("names.csv");
    let rows = "Event Name,Property Name,Property Value Type,Property Enumeration Options\n\
                Order Completed,orderId,string,\n,order_id,string,\n,status,string,\"open, Open, */\"\n\
                */,x,string,\n";
    std::fs::write(&sheet, rows).unwrap();
    let checked = import_and_load(&Source::Csv(ColumnMap::template(Template::Avo)), &sheet);
    let found = findings(&checked);
    assert!(
        has(&found, "imported plan#/events/0/properties/order_id: property \"orderId\" and property \"order_id\""),
        "{found:#?}"
    );
    assert!(has(&found, "imported plan#/events/0/properties/status/enum/1"), "{found:#?}");
    assert!(has(&found, "imported plan#/events/0/properties/status/enum/2"), "{found:#?}");
    assert!(has(&found, "imported plan#/events/1: "), "{found:#?}");
    assert_eq!(checked.plan.events[1].type_name.rust, "ImportedEvent3", "{found:#?}");
}
