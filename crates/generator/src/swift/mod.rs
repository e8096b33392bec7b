//! Swift back end: a Foundation-only SDK (Codable and Sendable structs, raw-value enums,
//! validation, delivery) rendered from askama templates under `templates/swift/`.
//!
//! Identifiers come from the plan model (`Idents::swift`, already backticked or suffixed);
//! plan text reaches the output only through [`literal::string`] and [`literal::docc`].
//! The module name is the build's (`swiftc -module-name`), so [`Options::package`] is unused.

mod literal;
mod schema;
mod view;

use std::path::PathBuf;

use askama::Template;

use crate::render::render;
use trackplan_plan_model::Plan;

use crate::GenerateError;
use crate::output::{GeneratedFile, header_lines};
use view::{EnumType, Struct};

/// Generate the Swift SDK: the module's files at the top level (they compile with
/// `swiftc -parse-as-library` alone) and one adapter per vendor SDK under `adapters/`, each to
/// be added only by apps that depend on that SDK.
pub fn generate(plan: &Plan) -> Result<Vec<GeneratedFile>, GenerateError> {
    let header = header(plan);
    let header = header.as_str();
    let views = view::build(plan);
    let mut files = Vec::new();
    let mut add = |path: &str, contents: String| files.push(GeneratedFile { path: PathBuf::from(path), contents });
    // Bytes per event of each plan-sized file, measured on the synthetic plans, so that the
    // buffers are allocated once.
    let events = plan.events.len() + plan.types.len();
    add("TrackplanRuntime.swift", render(&RuntimeFile { header }, 40_000));
    add("TrackplanHTTPDestination.swift", render(&HttpFile { header }, 12_000));
    add("Types.swift", render(&TypesFile { header, enums: &views.enums, structs: &views.types }, 1_000 * events));
    add("Events.swift", render(&EventsFile { header, structs: &views.events }, 4_000 * events));
    add(
        "TrackplanSchemas.swift",
        render(&SchemasFile { header, schemas: &views.schemas, events: &views.event_schemas }, 1_900 * events),
    );
    add("Analytics.swift", render(&AnalyticsFile { header, analytics: &views.analytics }, 600 * events));
    add("adapters/TrackplanSegmentDestination.swift", render(&SegmentFile { header }, 4_000));
    add("adapters/TrackplanAmplitudeDestination.swift", render(&AmplitudeFile { header }, 4_000));
    add("adapters/TrackplanMixpanelDestination.swift", render(&MixpanelFile { header }, 4_000));
    Ok(files)
}

fn header(plan: &Plan) -> String {
    header_lines(plan)
        .iter()
        .flat_map(|line| crate::text::comment_lines(line))
        .map(|line| format!("// {line}\n"))
        .collect()
}

#[derive(Template)]
#[template(path = "swift/runtime.swift", escape = "none")]
struct RuntimeFile<'a> {
    header: &'a str,
}

#[derive(Template)]
#[template(path = "swift/http.swift", escape = "none")]
struct HttpFile<'a> {
    header: &'a str,
}

#[derive(Template)]
#[template(path = "swift/types.swift", escape = "none")]
struct TypesFile<'a> {
    header: &'a str,
    enums: &'a [EnumType],
    structs: &'a [Struct],
}

#[derive(Template)]
#[template(path = "swift/events.swift", escape = "none")]
struct EventsFile<'a> {
    header: &'a str,
    structs: &'a [Struct],
}

#[derive(Template)]
#[template(path = "swift/schemas.swift", escape = "none")]
struct SchemasFile<'a> {
    header: &'a str,
    schemas: &'a [(String, &'static str, String)],
    events: &'a [(String, String)],
}

#[derive(Template)]
#[template(path = "swift/analytics.swift", escape = "none")]
struct AnalyticsFile<'a> {
    header: &'a str,
    analytics: &'a view::Analytics,
}

#[derive(Template)]
#[template(path = "swift/adapters/segment.swift", escape = "none")]
struct SegmentFile<'a> {
    header: &'a str,
}

#[derive(Template)]
#[template(path = "swift/adapters/amplitude.swift", escape = "none")]
struct AmplitudeFile<'a> {
    header: &'a str,
}

#[derive(Template)]
#[template(path = "swift/adapters/mixpanel.swift", escape = "none")]
struct MixpanelFile<'a> {
    header: &'a str,
}
