//! A directory of per-event JSON Schemas: each schema describes one event's properties
//! object; its `title` is the event name (else the file name) and `description` the event's.

use std::path::Path;

use serde_json::Value;
use trackplan_plan_model::raw::{EventSpec, PlanFile};

use super::files::{display, read_json, walk};
use super::{ImportError, Imported};
use crate::report::Report;
use crate::schema_in::{At, check_object_keywords, object_properties};

pub(super) fn import(dir: &Path) -> Result<Imported, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::Format {
            path: dir.to_path_buf(),
            message: "expected a directory of per-event JSON Schema files (*.json)".to_owned(),
        });
    }
    let files = walk(dir, &|path| path.extension().is_some_and(|ext| ext == "json"))?;
    let mut report = Report::default();
    let mut plan = PlanFile::default();
    for file in files {
        let schema = read_json(&file)?;
        let at = At::new(display(&file, dir));
        let fallback = file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        if let Some(event) = event(&schema, &fallback, &at, &mut report) {
            plan.events.push(event);
        }
    }
    Ok(Imported { plan, report })
}

/// An event from its properties-object schema.
pub(super) fn event(schema: &Value, fallback_name: &str, at: &At, report: &mut Report) -> Option<EventSpec> {
    let Some(map) = schema.as_object() else {
        report.unmapped(at.place(), "the schema is not a JSON object; skipped");
        return None;
    };
    if map.get("type").is_some_and(|ty| ty != "object") {
        report.unmapped(at.key("type").place(), "an event schema describes an object; skipped");
        return None;
    }
    check_object_keywords(map, at, &[], report);
    let name = map.get("title").and_then(Value::as_str).unwrap_or(fallback_name).to_owned();
    Some(EventSpec {
        name,
        identifier: None,
        description: map.get("description").and_then(Value::as_str).map(str::to_owned),
        owners: Vec::new(),
        category: None,
        tags: Vec::new(),
        sources: Vec::new(),
        priority: None,
        version: "1-0-0".to_owned(),
        status: Default::default(),
        deprecation: None,
        destinations: None,
        property_groups: Vec::new(),
        properties: object_properties(map, at, report),
        examples: Vec::new(),
        history: Vec::new(),
    })
}
