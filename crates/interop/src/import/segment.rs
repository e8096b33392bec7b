//! Segment Protocols tracking plans: the Public API's rules (`key`, `type`
//! TRACK/IDENTIFY/GROUP/PAGE/SCREEN/COMMON, `version`, `jsonSchema` of the whole message) and
//! the legacy Config API shape (`rules.events[]` with `name`, `version`, `rules`, plus
//! `rules.global`, `rules.identify`, `rules.group`).

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};
use trackplan_plan_model::SchemaVer;
use trackplan_plan_model::raw::{
    EventSpec, PageCall, PlanFile, Priority, PropertyMap, Status, TraitsCall, VersionSpec,
};

use super::files::read_json;
use super::{ImportError, Imported};
use crate::export::segment::{LABEL_CATEGORY, LABEL_OWNERS, LABEL_PRIORITY, LABEL_SOURCES, LABEL_STATUS, LABEL_TAGS};
use crate::report::Report;
use crate::schema_in::{At, check_object_keywords, object_properties};

pub(super) fn import(path: &Path) -> Result<Imported, ImportError> {
    let document = read_json(path)?;
    let file = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let mut importer =
        Importer { plan: PlanFile::default(), report: Report::default(), current_schemas: HashMap::new() };
    let root = At::new(file);
    let (plan_object, at) = unwrap_envelope(&document, &root);
    if let Some(name) = plan_object.get("name").or_else(|| plan_object.get("display_name")).and_then(Value::as_str) {
        importer.plan.name = name.to_owned();
    }
    if let Some(description) = plan_object.get("description").and_then(Value::as_str) {
        importer.plan.description = Some(description.to_owned());
    }
    match plan_object.get("rules").or(document.as_array().map(|_| &document)) {
        Some(Value::Array(rules)) => importer.public_rules(rules, &at.key("rules")),
        Some(Value::Object(rules)) => importer.legacy_rules(rules, &at.key("rules")),
        _ => {
            return Err(ImportError::Format {
                path: path.to_path_buf(),
                message: "no `rules`: expected a Segment tracking plan (Public API `{\"rules\": [...]}` or legacy Config API `{\"rules\": {\"events\": [...]}}`)".to_owned(),
            });
        }
    }
    importer.split_globals();
    Ok(Imported { plan: importer.plan, report: importer.report })
}

/// The tracking plan inside the API envelopes (`data.trackingPlan`, `data`, `trackingPlan`).
fn unwrap_envelope<'a>(document: &'a Value, at: &At) -> (&'a Map<String, Value>, At) {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    let mut current = document;
    let mut at = at.clone();
    for key in ["data", "trackingPlan", "tracking_plan"] {
        if let Some(inner) = current.get(key).filter(|inner| inner.is_object()) {
            current = inner;
            at = at.key(key);
        }
    }
    (current.as_object().unwrap_or_else(|| EMPTY.get_or_init(Map::new)), at)
}

struct Importer {
    plan: PlanFile,
    report: Report,
    /// The properties part of each event's current rule, as written, for when a newer
    /// version turns it into history.
    current_schemas: HashMap<String, Option<Map<String, Value>>>,
}

impl Importer {
    /// TRACK rules repeat the COMMON properties (a closed schema must list everything the
    /// event carries); the plan lists them once, as global properties.
    fn split_globals(&mut self) {
        let globals = &self.plan.global_properties;
        for event in &mut self.plan.events {
            for (name, global) in globals {
                match event.properties.get(name) {
                    Some(own) if own == global => {
                        event.properties.shift_remove(name);
                    }
                    Some(_) => self.report.warn(
                        format!("event {:?}", event.name),
                        format!("property {name:?} differs from the COMMON rule's; kept on the event, which the plan will refuse"),
                    ),
                    None => {}
                }
            }
        }
    }

    fn public_rules(&mut self, rules: &[Value], at: &At) {
        for (index, rule) in rules.iter().enumerate() {
            let at = at.key(&index.to_string());
            let kind = rule.get("type").and_then(Value::as_str).unwrap_or_default();
            let key = rule.get("key").and_then(Value::as_str).unwrap_or_default();
            let version = rule.get("version").and_then(Value::as_u64).unwrap_or(1);
            let Some(schema) = rule.get("jsonSchema").and_then(Value::as_object) else {
                self.report.unmapped(at.key("jsonSchema").place(), "rule without a `jsonSchema` object; skipped");
                continue;
            };
            let schema_at = at.key("jsonSchema");
            match kind {
                "TRACK" => self.track(key, version, schema, &schema_at),
                "IDENTIFY" => self.identify(schema, &schema_at, "traits"),
                "GROUP" => self.group(schema, &schema_at, "traits"),
                "PAGE" | "SCREEN" => {
                    if !key.is_empty() {
                        self.report.warn(
                            at.key("key").place(),
                            format!(
                                "{kind} rule for {key:?}: the plan has one {} call for every name",
                                kind.to_lowercase()
                            ),
                        );
                    }
                    let call = PageCall {
                        description: description(schema),
                        properties: self.message_part(schema, &schema_at, "properties", false),
                    };
                    let slot = if kind == "PAGE" { &mut self.plan.page } else { &mut self.plan.screen };
                    *slot = Some(call);
                }
                "COMMON" => {
                    self.plan.global_properties = self.message_part(schema, &schema_at, "properties", false);
                }
                other => self.report.unmapped(at.key("type").place(), format!("unknown rule type {other:?}; skipped")),
            }
        }
    }

    fn legacy_rules(&mut self, rules: &Map<String, Value>, at: &At) {
        for (key, value) in rules {
            let here = at.key(key);
            match (key.as_str(), value) {
                ("events", Value::Array(events)) => {
                    for (index, event) in events.iter().enumerate() {
                        let event_at = here.key(&index.to_string());
                        let name = event.get("name").and_then(Value::as_str).unwrap_or_default();
                        let version = event.get("version").and_then(Value::as_u64).unwrap_or(1);
                        let Some(schema) = event.get("rules").and_then(Value::as_object) else {
                            self.report.unmapped(event_at.key("rules").place(), "event without `rules`; skipped");
                            continue;
                        };
                        let mut schema = schema.clone();
                        if let Some(text) = event.get("description").filter(|_| !schema.contains_key("description")) {
                            schema.insert("description".into(), text.clone());
                        }
                        self.track(name, version, &schema, &event_at.key("rules"));
                    }
                }
                ("global", Value::Object(schema)) => {
                    self.plan.global_properties = self.message_part(schema, &here, "properties", false);
                }
                ("identify" | "identify_traits", Value::Object(schema)) => self.identify(schema, &here, "traits"),
                ("group" | "group_traits", Value::Object(schema)) => self.group(schema, &here, "traits"),
                (_, Value::Array(list)) if list.is_empty() => {}
                _ => self
                    .report
                    .unmapped(here.place(), format!("legacy rule section `{key}` is not understood; skipped")),
            }
        }
    }

    fn track(&mut self, name: &str, version: u64, schema: &Map<String, Value>, at: &At) {
        if name.is_empty() {
            self.report.unmapped(at.place(), "TRACK rule without an event name (`key`); skipped");
            return;
        }
        let version = SchemaVer { model: u32::try_from(version).unwrap_or(u32::MAX).max(1), revision: 0, addition: 0 };
        let verbatim = properties_part(schema);
        let kept = self.plan.events.iter().position(|kept| kept.name == name);
        if let Some(index) = kept {
            let kept_version = self.plan.events[index].version.parse::<SchemaVer>().unwrap_or(SchemaVer::INITIAL);
            let known = kept_version == version
                || self.plan.events[index].history.iter().any(|v| v.version == version.to_string());
            if known {
                self.report.unmapped(
                    at.place(),
                    format!("{name:?} version {} is also in an earlier rule, which is kept; skipped", version.model),
                );
                return;
            }
            if version < kept_version {
                // An older version is history, kept as written.
                let history = &mut self.plan.events[index].history;
                history.push(VersionSpec { version: version.to_string(), date: None, changes: None, schema: verbatim });
                history.sort_by_key(|v| v.version.parse::<SchemaVer>().unwrap_or(SchemaVer::INITIAL));
                return;
            }
        }
        let properties = self.message_part(schema, at, "properties", true);
        let mut event = EventSpec {
            name: name.to_owned(),
            identifier: None,
            description: description(schema),
            owners: Vec::new(),
            category: None,
            tags: Vec::new(),
            sources: Vec::new(),
            priority: None,
            version: version.to_string(),
            status: Default::default(),
            deprecation: None,
            destinations: None,
            property_groups: Vec::new(),
            properties,
            examples: Vec::new(),
            history: Vec::new(),
        };
        if let Some(labels) = schema.get("labels") {
            self.labels(labels, &mut event, &at.key("labels"));
        }
        let Some(index) = kept else {
            self.current_schemas.insert(name.to_owned(), verbatim);
            self.plan.events.push(event);
            return;
        };
        // A newer version: the one read before becomes history.
        let older = std::mem::replace(&mut self.plan.events[index], event);
        let older_schema = self.current_schemas.insert(name.to_owned(), verbatim).flatten();
        let history = &mut self.plan.events[index].history;
        *history = older.history;
        history.push(VersionSpec { version: older.version, date: None, changes: None, schema: older_schema });
    }

    /// Protocols labels: the ones the export writes become event metadata; others are
    /// reported.
    fn labels(&mut self, labels: &Value, event: &mut EventSpec, at: &At) {
        let Some(labels) = labels.as_object() else {
            self.report.unmapped(at.place(), "`labels` is not an object");
            return;
        };
        let list = |text: &str| text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        for (key, value) in labels {
            let Some(text) = value.as_str() else {
                self.report.unmapped(at.key(key).place(), "label value is not a string");
                continue;
            };
            match key.as_str() {
                LABEL_CATEGORY => event.category = Some(text.to_owned()),
                LABEL_OWNERS => event.owners = list(text),
                LABEL_TAGS => event.tags = list(text),
                LABEL_SOURCES => event.sources = list(text),
                LABEL_PRIORITY => match text {
                    "P0" => event.priority = Some(Priority::P0),
                    "P1" => event.priority = Some(Priority::P1),
                    "P2" => event.priority = Some(Priority::P2),
                    other => {
                        self.report.unmapped(at.key(key).place(), format!("priority {other:?} is not P0, P1 or P2"))
                    }
                },
                LABEL_STATUS if text == "deprecated" => event.status = Status::Deprecated,
                _ => self.report.unmapped(
                    at.key(key).place(),
                    format!("label {key}={text:?} has no equivalent in a tracking plan"),
                ),
            }
        }
    }

    fn identify(&mut self, schema: &Map<String, Value>, at: &At, part: &str) {
        let traits = self.message_part(schema, at, part, false);
        self.plan.identify = Some(TraitsCall { description: description(schema), traits });
    }

    fn group(&mut self, schema: &Map<String, Value>, at: &At, part: &str) {
        let traits = self.message_part(schema, at, part, false);
        self.plan.group = Some(TraitsCall { description: description(schema), traits });
    }

    /// The properties of one part of the message schema (`properties.properties`,
    /// `properties.traits`); rules on the other parts (`context`…) are reported.
    fn message_part(&mut self, schema: &Map<String, Value>, at: &At, wanted: &str, wanted_labels: bool) -> PropertyMap {
        // TRACK rules' labels are read by `labels`; elsewhere only empty ones are harmless.
        let labels_known =
            wanted_labels || schema.get("labels").is_none_or(|l| l.as_object().is_some_and(Map::is_empty));
        let known: &[&str] = if labels_known { &["labels"] } else { &[] };
        check_object_keywords(schema, at, known, &mut self.report);
        let mut found = PropertyMap::new();
        let Some(parts) = schema.get("properties").and_then(Value::as_object) else { return found };
        for (part, part_schema) in parts {
            let part_at = at.key("properties").key(part);
            let Some(part_schema) = part_schema.as_object() else { continue };
            if part == wanted {
                check_object_keywords(part_schema, &part_at, &[], &mut self.report);
                found = object_properties(part_schema, &part_at, &mut self.report);
            } else if has_rules(part_schema) {
                self.report.unmapped(
                    part_at.place(),
                    format!("rules on the message's `{part}` have no equivalent in a tracking plan"),
                );
            }
        }
        found
    }
}

/// The schema of the event's properties object (`properties.properties`), as written.
fn properties_part(schema: &Map<String, Value>) -> Option<Map<String, Value>> {
    schema.get("properties")?.get("properties")?.as_object().cloned()
}

fn description(schema: &Map<String, Value>) -> Option<String> {
    schema.get("description").and_then(Value::as_str).filter(|text| !text.is_empty()).map(str::to_owned)
}

/// Whether a part schema says more than "an object".
fn has_rules(schema: &Map<String, Value>) -> bool {
    schema.iter().any(|(key, value)| !(key == "type" && value == "object"))
}
