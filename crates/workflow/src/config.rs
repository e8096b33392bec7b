//! `codegen.json`: where each plan comes from, where its lock lives and which SDKs to generate.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use trackplan_generator::Language;

use crate::error::{Error, Result};

/// The configuration file's name, looked up from the working directory upwards.
pub const CONFIG_FILE: &str = "codegen.json";

/// The lock file's default name, next to the configuration file.
pub const DEFAULT_LOCK_FILE: &str = "tracking-plan.lock.json";

/// The public address of the configuration's JSON Schema, for `"$schema"`.
pub const SCHEMA_URL: &str = "https://raw.githubusercontent.com/trackplan/trackplan/main/schema/codegen.schema.json";

/// The whole configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "Trackplan codegen configuration")]
pub struct Config {
    /// Optional link to this JSON Schema, for editor completion.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The tracking plans of this repository, each with its source, lock file and outputs.
    pub plans: Vec<PlanConfig>,
}

/// One tracking plan: its source, the lock file pinning it and the SDKs generated from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanConfig {
    /// Short name used by `--plan` to pick this plan when there are several ("web", "mobile").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where `codegen pull` fetches the plan from.
    pub source: SourceConfig,
    /// Semantic-version requirement the fetched plan must satisfy, e.g. "^2.1" (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Lock file path relative to the configuration file (default "tracking-plan.lock.json";
    /// each plan needs its own when there are several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<PathBuf>,
    /// The SDKs generated from this plan.
    #[serde(default)]
    pub outputs: Vec<OutputConfig>,
}

/// Where a plan comes from: exactly one of the forms below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SourceConfig {
    /// A plan file in a git repository, read at a branch, tag or commit.
    Git(GitSource),
    /// A Segment Protocols tracking plan, read through the Segment Public API.
    Segment(SegmentWrapper),
    /// A plan file served over HTTP(S); relative includes are fetched from the same base URL.
    Url(UrlSource),
    /// A plan file in this repository (its includes are read from next to it).
    Path(PathSource),
}

/// `{"path": …}`: a plan file in this repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathSource {
    /// The root plan file, relative to the configuration file.
    pub path: PathBuf,
}

/// `{"url": …, "tokenEnv": …}`: a plan file served over HTTP(S).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UrlSource {
    /// The root plan file's URL.
    pub url: String,
    /// Name of the environment variable holding a bearer token (never the token itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_env: Option<String>,
}

/// `{"git": …, "ref": …, "path": …}`: a plan file in a git repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GitSource {
    /// Anything `git clone` accepts: https URL, ssh, or a local path (relative to this file).
    pub git: String,
    /// Branch, tag or commit to read (default "HEAD").
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Path of the root plan file inside the repository (default "tracking-plan.json").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// `{"segment": {…}}`: a Segment Protocols tracking plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentWrapper {
    /// The Segment tracking plan.
    pub segment: SegmentSource,
}

/// A Segment Public API tracking plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SegmentSource {
    /// The tracking plan's id (as in `/tracking-plans/{id}`).
    pub tracking_plan_id: String,
    /// Name of the environment variable holding the Public API token.
    pub token_env: String,
    /// API base URL (default `https://api.segmentapis.com`; `https://eu1.api.segmentapis.com` in the EU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
}

/// The Segment Public API's default base URL.
pub const SEGMENT_API_URL: &str = "https://api.segmentapis.com";

/// One generated SDK.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutputConfig {
    /// Target language.
    pub language: LanguageName,
    /// Output directory relative to the configuration file. Trackplan only writes, and only
    /// removes, files carrying its generated header here.
    pub path: PathBuf,
    /// Package or module name (Kotlin package, Swift module, TypeScript package, Rust module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Prefix for generated type names, to avoid clashes with other SDKs' types ("Tp").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_prefix: Option<String>,
    /// Which events this SDK includes (all when absent).
    #[serde(default, skip_serializing_if = "EventSelection::is_all")]
    pub events: EventSelection,
    /// Destinations this SDK delivers to, by the plan's destination names (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<String>>,
    /// Default validation policy of the generated SDK (applications can still override it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<ValidationPolicy>,
}

/// The languages, as written in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LanguageName {
    /// Rust.
    Rust,
    /// TypeScript.
    Typescript,
    /// Kotlin.
    Kotlin,
    /// Swift.
    Swift,
}

impl From<LanguageName> for Language {
    fn from(name: LanguageName) -> Self {
        match name {
            LanguageName::Rust => Language::Rust,
            LanguageName::Typescript => Language::TypeScript,
            LanguageName::Kotlin => Language::Kotlin,
            LanguageName::Swift => Language::Swift,
        }
    }
}

impl From<Language> for LanguageName {
    fn from(language: Language) -> Self {
        match language {
            Language::Rust => LanguageName::Rust,
            Language::TypeScript => LanguageName::Typescript,
            Language::Kotlin => LanguageName::Kotlin,
            Language::Swift => LanguageName::Swift,
        }
    }
}

/// What a generated SDK does with an invalid payload by default (the runtime's `Policy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ValidationPolicy {
    /// Do not validate.
    Disabled,
    /// Send the event and report the violations.
    TrackOnInvalid,
    /// Drop the event and report the violations.
    SkipOnInvalid,
    /// Return an error to the caller.
    ErrorOnInvalid,
}

impl ValidationPolicy {
    /// The policy's name, as in the configuration and `trackplan_generator::Options`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationPolicy::Disabled => "disabled",
            ValidationPolicy::TrackOnInvalid => "track-on-invalid",
            ValidationPolicy::SkipOnInvalid => "skip-on-invalid",
            ValidationPolicy::ErrorOnInvalid => "error-on-invalid",
        }
    }
}

/// Events picked by name, tag or source; an event is included when it matches any list.
/// Empty lists select everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EventSelection {
    /// Event names, exactly as on the wire ("Order Completed").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Event tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Event sources (web, ios, android, server…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl EventSelection {
    /// Whether this selection keeps every event.
    pub fn is_all(&self) -> bool {
        self.names.is_empty() && self.tags.is_empty() && self.sources.is_empty()
    }

    /// Whether an event with this name, tags and sources is selected.
    pub fn matches(&self, name: &str, tags: &[String], sources: &[String]) -> bool {
        self.is_all()
            || self.names.iter().any(|n| n == name)
            || self.tags.iter().any(|t| tags.contains(t))
            || self.sources.iter().any(|s| sources.contains(s))
    }
}

impl Config {
    /// Parse and check a configuration; `path` names the file in errors.
    pub fn from_str(path: &Path, text: &str) -> Result<Config> {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(deserializer)
            .map_err(|error| Error::Config { path: path.to_path_buf(), message: explain(&error) })?;
        config.check(path)?;
        Ok(config)
    }

    /// Read and check the configuration file at `path`.
    pub fn read(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|error| Error::Config {
            path: path.to_path_buf(),
            message: format!("cannot read it: {error}; run `codegen init` to create one"),
        })?;
        Config::from_str(path, &text)
    }

    fn check(&self, path: &Path) -> Result<()> {
        let fail = |message: String| Err(Error::Config { path: path.to_path_buf(), message });
        if self.plans.is_empty() {
            return fail("`plans` is empty: add a plan with a `source`".to_owned());
        }
        let mut locks = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for (index, plan) in self.plans.iter().enumerate() {
            if !locks.insert(plan.lock_path()) {
                return fail(format!(
                    "plans[{index}] uses the lock file {} of another plan: give each plan its own `lock`",
                    plan.lock_path().display()
                ));
            }
            if let Some(name) = &plan.name
                && !names.insert(name.clone())
            {
                return fail(format!("plans[{index}]: the name {name:?} is used twice: names must be unique"));
            }
            if let Some(requirement) = &plan.version
                && let Err(error) = semver::VersionReq::parse(requirement)
            {
                return fail(format!(
                    "plans[{index}].version {requirement:?} is not a semver requirement ({error}): write e.g. \"^2.1\""
                ));
            }
            for (o, output) in plan.outputs.iter().enumerate() {
                if output.path.is_absolute() || output.path.components().any(|c| c == std::path::Component::ParentDir) {
                    return fail(format!(
                        "plans[{index}].outputs[{o}].path {} must be relative and stay inside the project",
                        output.path.display()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The JSON Schema of this file format (published as `schema/codegen.schema.json`).
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Config)).unwrap_or_default()
    }
}

impl PlanConfig {
    /// The lock file path, relative to the configuration file.
    pub fn lock_path(&self) -> PathBuf {
        self.lock.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_LOCK_FILE))
    }

    /// A name for messages: the plan's name, or its lock file.
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.lock_path().display().to_string())
    }
}

/// A parse error with its JSON path, and a usable message for a `source` matching no form.
fn explain(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = error.path().to_string();
    let inner = error.inner().to_string();
    if inner.contains("untagged enum SourceConfig") {
        return format!(
            "at `{path}`: write one of {{\"path\": …}}, {{\"url\": …, \"tokenEnv\": …}}, {{\"git\": …, \"ref\": …, \"path\": …}} \
             or {{\"segment\": {{\"trackingPlanId\": …, \"tokenEnv\": …}}}} (see the codegen.json schema)"
        );
    }
    format!("at `{path}`: {inner}")
}

/// Find `codegen.json` in `start` or the nearest directory above it.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(CONFIG_FILE)).find(|candidate| candidate.is_file())
}
