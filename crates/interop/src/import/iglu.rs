//! An Iglu registry on disk: `schemas/<vendor>/<name>/jsonschema/<MODEL-REVISION-ADDITION>`,
//! each a self-describing schema whose `self` names it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use trackplan_plan_model::SchemaVer;
use trackplan_plan_model::raw::PlanFile;

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
    // Latest version of each (vendor, name), in path order.
    let mut latest: BTreeMap<(String, String), (SchemaVer, Value, At)> = BTreeMap::new();
    for file in files {
        let schema = read_json(&file)?;
        let at = At::new(display(&file, &root));
        let Some((vendor, name, version)) = self_key(&schema, &file, &at, &mut report) else { continue };
        match latest.get(&(vendor.clone(), name.clone())) {
            Some((kept, _, kept_at)) if *kept > version => {
                report.warn(
                    at.place(),
                    format!(
                        "version {version} superseded by {kept} ({}); a plan holds one version per event",
                        kept_at.file
                    ),
                );
            }
            Some((kept, _, kept_at)) => {
                report.warn(
                    kept_at.place(),
                    format!("version {kept} superseded by {version} ({}); a plan holds one version per event", at.file),
                );
                latest.insert((vendor, name), (version, schema, at));
            }
            None => {
                latest.insert((vendor, name), (version, schema, at));
            }
        }
    }
    let mut plan = PlanFile::default();
    for ((vendor, name), (version, schema, at)) in latest {
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
        let mut body = schema;
        if let Some(map) = body.as_object_mut() {
            map.remove("self");
        }
        if let Some(mut event) = super::jsonschema::event(&body, &name, &at, &mut report) {
            event.version = version.to_string();
            plan.events.push(event);
        }
    }
    Ok(Imported { plan, report })
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
