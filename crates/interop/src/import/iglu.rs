//! An Iglu registry on disk: `schemas/<vendor>/<name>/jsonschema/<MODEL-REVISION-ADDITION>`,
//! each a self-describing schema whose `self` names it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use trackplan_plan_model::SchemaVer;
use trackplan_plan_model::json_schema::IGLU_SELF_DESCRIBING;
use trackplan_plan_model::raw::{PlanFile, VersionSpec};

use super::files::{display, read_json, walk};
use super::{ImportError, Imported};
use crate::report::Report;
use crate::schema_in::At;

pub(super) fn import(input: &Path) -> Result<Imported, ImportError> {
    let nested = input.join("schemas");
    let root = if nested.is_dir() { nested } else { input.to_path_buf() };
    if !root.is_dir() {
        return Err(ImportError::Format {
            path: input.to_path_buf(),
            message: "expected an Iglu registry folder (schemas/<vendor>/<name>/jsonschema/<M-R-A>)".to_owned(),
        });
    }
    let files = walk(&root, &|path| {
        path.parent().and_then(Path::file_name).is_some_and(|format| format == "jsonschema")
            && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.parse::<SchemaVer>().is_ok())
    })?;
    let mut report = Report::default();
    // Every version of each (vendor, name), in path order within a version.
    let mut schemas: BTreeMap<(String, String), BTreeMap<SchemaVer, (Value, At)>> = BTreeMap::new();
    for file in files {
        let schema = read_json(&file)?;
        let at = At::new(display(&file, &root));
        let Some((vendor, name, version)) = self_key(&schema, &file, &at, &mut report) else { continue };
        let versions = schemas.entry((vendor, name)).or_default();
        if let Some((_, kept_at)) = versions.get(&version) {
            report
                .unmapped(at.place(), format!("version {version} is also in {}, which is kept; skipped", kept_at.file));
            continue;
        }
        versions.insert(version, (schema, at));
    }
    let mut plan = PlanFile::default();
    for ((vendor, name), mut versions) in schemas {
        let Some((version, (schema, at))) = versions.pop_last() else { continue };
        match &plan.vendor {
            None => plan.vendor = Some(vendor),
            Some(kept) if *kept != vendor => {
                report.warn(
                    at.key("self").key("vendor").place(),
                    format!("vendor {vendor:?} differs from the plan's {kept:?}; the plan has one vendor"),
                );
            }
            Some(_) => {}
        }
        if let Some(mut event) = super::jsonschema::event(&Value::Object(body(schema)), &name, &at, &mut report) {
            event.version = version.to_string();
            // Older versions are history, their schemas kept as written.
            event.history = versions
                .into_iter()
                .map(|(version, (schema, _))| VersionSpec {
                    version: version.to_string(),
                    date: None,
                    changes: None,
                    schema: Some(body(schema)),
                })
                .collect();
            plan.events.push(event);
        }
    }
    Ok(Imported { plan, report })
}

/// A self-describing schema without its envelope: `self`, and `$schema` when it names the
/// Iglu meta-schema (the export puts both back).
fn body(schema: Value) -> Map<String, Value> {
    let Value::Object(mut map) = schema else { return Map::new() };
    map.shift_remove("self");
    if map.get("$schema").and_then(Value::as_str) == Some(IGLU_SELF_DESCRIBING) {
        map.shift_remove("$schema");
    }
    map
}

/// `(vendor, name, version)` from the schema's `self`, checked against its path.
fn self_key(schema: &Value, file: &Path, at: &At, report: &mut Report) -> Option<(String, String, SchemaVer)> {
    let own = schema.get("self");
    let field = |key: &str| own.and_then(|own| own.get(key)).and_then(Value::as_str).map(str::to_owned);
    let (Some(vendor), Some(name), Some(version)) = (field("vendor"), field("name"), field("version")) else {
        report.unmapped(
            at.key("self").place(),
            "not self-describing: `self` needs vendor, name, format and version; skipped",
        );
        return None;
    };
    let Ok(version) = version.parse::<SchemaVer>() else {
        report.unmapped(
            at.key("self").key("version").place(),
            format!("{version:?} is not MODEL-REVISION-ADDITION; skipped"),
        );
        return None;
    };
    let parts: Vec<String> = file.iter().rev().take(4).map(|part| part.to_string_lossy().into_owned()).collect();
    if parts.len() == 4 && (parts[3] != vendor || parts[2] != name || parts[0] != version.to_string()) {
        report.warn(
            at.key("self").place(),
            format!(
                "`self` says {vendor}/{name}/{version} but the file lives at {}/{}/jsonschema/{}; `self` wins",
                parts[3], parts[2], parts[0]
            ),
        );
    }
    Some((vendor, name, version))
}
