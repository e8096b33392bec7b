//! Kotlin back end: a stdlib-only SDK (data classes, enum classes, a generated JSON encoding,
//! validation, delivery) rendered from askama templates under `templates/kotlin/`.
//!
//! Identifiers come from the plan model (`Idents::kotlin`, already backticked or suffixed);
//! plan text reaches the output only through [`literal::string`] and [`literal::kdoc`].

mod literal;
mod schema;
mod view;

use std::path::PathBuf;

use askama::Template;

use crate::render::render;
use trackplan_plan_model::Plan;

use crate::output::{GeneratedFile, header_lines};
use crate::{GenerateError, Options};
use view::{DataClass, EnumClass, SchemaChunk};

/// Package used when the options name none.
pub const DEFAULT_PACKAGE: &str = "tracking";

/// Generate the Kotlin SDK: the package's files at the top level (they compile with
/// `kotlinc` alone) and one adapter per vendor SDK under `adapters/`, each to be added only
/// by apps that depend on that SDK.
pub fn generate(plan: &Plan, options: &Options) -> Result<Vec<GeneratedFile>, GenerateError> {
    let package = package_name(options)?;
    let header = header(plan);
    let common = Common { header: &header, package: &package };
    let views = view::build(plan);
    let mut files = Vec::new();
    let mut add = |path: &str, contents: String| files.push(GeneratedFile { path: PathBuf::from(path), contents });
    // Bytes per event of each plan-sized file, measured on the synthetic plans, so that the
    // buffers are allocated once.
    let events = plan.events.len() + plan.types.len();
    add("TrackplanRuntime.kt", render(&RuntimeFile { common }, 40_000));
    add("TrackplanHttpDestination.kt", render(&HttpFile { common }, 12_000));
    add("Types.kt", render(&TypesFile { common, enums: &views.enums, classes: &views.types }, 700 * events));
    add("Events.kt", render(&EventsFile { common, classes: &views.events }, 2_000 * events));
    add("TrackplanSchemas.kt", render(&SchemasFile { common, chunks: &views.chunks }, 1_800 * events));
    add("Analytics.kt", render(&AnalyticsFile { common, analytics: &views.analytics }, 600 * events));
    add("adapters/TrackplanSegmentDestination.kt", render(&SegmentFile { common }, 4_000));
    add("adapters/TrackplanAmplitudeDestination.kt", render(&AmplitudeFile { common }, 4_000));
    add("adapters/TrackplanMixpanelDestination.kt", render(&MixpanelFile { common }, 4_000));
    Ok(files)
}

/// The package from the options, checked: dot-separated Kotlin identifiers, no keywords.
fn package_name(options: &Options) -> Result<String, GenerateError> {
    let Some(package) = &options.package else { return Ok(DEFAULT_PACKAGE.to_owned()) };
    let valid = package.split('.').all(|segment| {
        let mut chars = segment.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !trackplan_plan_model::naming::KOTLIN_HARD_KEYWORDS.contains(&segment)
    });
    if valid {
        Ok(package.clone())
    } else {
        Err(GenerateError::InvalidOption {
            option: "package",
            reason: format!(
                "`{package}` is not a Kotlin package name: use dot-separated identifiers that are not keywords, e.g. com.example.tracking"
            ),
        })
    }
}

fn header(plan: &Plan) -> String {
    header_lines(plan)
        .iter()
        .flat_map(|line| crate::text::comment_lines(line))
        .map(|line| format!("// {line}\n"))
        .collect()
}

/// What every file starts with.
#[derive(Clone, Copy)]
struct Common<'a> {
    header: &'a str,
    package: &'a str,
}

#[derive(Template)]
#[template(path = "kotlin/runtime.kt", escape = "none")]
struct RuntimeFile<'a> {
    common: Common<'a>,
}

#[derive(Template)]
#[template(path = "kotlin/http.kt", escape = "none")]
struct HttpFile<'a> {
    common: Common<'a>,
}

#[derive(Template)]
#[template(path = "kotlin/types.kt", escape = "none")]
struct TypesFile<'a> {
    common: Common<'a>,
    enums: &'a [EnumClass],
    classes: &'a [DataClass],
}

#[derive(Template)]
#[template(path = "kotlin/events.kt", escape = "none")]
struct EventsFile<'a> {
    common: Common<'a>,
    classes: &'a [DataClass],
}

#[derive(Template)]
#[template(path = "kotlin/schemas.kt", escape = "none")]
struct SchemasFile<'a> {
    common: Common<'a>,
    chunks: &'a [SchemaChunk],
}

#[derive(Template)]
#[template(path = "kotlin/analytics.kt", escape = "none")]
struct AnalyticsFile<'a> {
    common: Common<'a>,
    analytics: &'a view::Analytics,
}

#[derive(Template)]
#[template(path = "kotlin/adapters/segment.kt", escape = "none")]
struct SegmentFile<'a> {
    common: Common<'a>,
}

#[derive(Template)]
#[template(path = "kotlin/adapters/amplitude.kt", escape = "none")]
struct AmplitudeFile<'a> {
    common: Common<'a>,
}

#[derive(Template)]
#[template(path = "kotlin/adapters/mixpanel.kt", escape = "none")]
struct MixpanelFile<'a> {
    common: Common<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_checked() {
        let mut options = Options::default();
        assert_eq!(package_name(&options).expect("default"), "tracking");
        options.package = Some("com.example.tracking".into());
        assert_eq!(package_name(&options).expect("valid"), "com.example.tracking");
        for bad in ["com..x", "com.class", "1abc", "a-b", ""] {
            options.package = Some(bad.into());
            assert!(package_name(&options).is_err(), "{bad}");
        }
    }
}
