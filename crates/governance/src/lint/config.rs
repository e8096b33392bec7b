//! Which rules run and how severe their findings are: the `lint` section of `codegen.json`.
//!
//! ```json
//! {
//!   "lint": {
//!     "rules": {
//!       "TP011": "off",
//!       "event-object-action": "error",
//!       "pii-to-restricted-destination": "info"
//!     }
//!   }
//! }
//! ```
//!
//! Rules are named by id or name; levels are `error`, `warning`, `info` or `off`. Other
//! top-level keys of `codegen.json` belong to other commands and are left alone here.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use super::rules::{Rule, Severity};

/// The configuration file looked for next to the plan's root file.
pub const CONFIG_FILE_NAME: &str = "codegen.json";

/// A rule's level in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Findings are informational.
    Info,
    /// Findings are warnings.
    Warning,
    /// Findings are errors.
    Error,
}

/// The `lint` section as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintSection {
    /// Levels by rule id or name.
    #[serde(default)]
    pub rules: IndexMap<String, Level>,
}

/// Why a configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not valid JSON or the `lint` section has the wrong shape.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the fix.
        message: String,
    },
}

/// The effective level of every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSettings {
    levels: [Option<Severity>; Rule::ALL.len()],
}

impl Default for RuleSettings {
    /// Every rule at its default severity.
    fn default() -> Self {
        RuleSettings { levels: Rule::ALL.map(|rule| Some(rule.info().default_severity)) }
    }
}

impl RuleSettings {
    /// The severity of `rule`'s findings, `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.levels[rule.index()]
    }

    /// Whether `rule` runs.
    pub fn enabled(&self, rule: Rule) -> bool {
        self.severity(rule).is_some()
    }

    /// Set `rule`'s level.
    pub fn set(&mut self, rule: Rule, level: Level) {
        self.levels[rule.index()] = match level {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        };
    }

    /// Defaults changed by a `lint` section; `path` names the file in errors.
    pub fn from_section(section: &LintSection, path: &Path) -> Result<Self, ConfigError> {
        let mut settings = RuleSettings::default();
        for (key, level) in &section.rules {
            let Some(rule) = Rule::find(key) else {
                let known: Vec<String> =
                    Rule::ALL.iter().map(|r| format!("{} ({})", r.info().id, r.info().name)).collect();
                return Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!("lint.rules: unknown rule `{key}`; rules are {}", known.join(", ")),
                });
            };
            settings.set(rule, *level);
        }
        Ok(settings)
    }

    /// Read the `lint` section of a configuration file; a file without one gives the defaults.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Io { path: path.to_path_buf(), source })?;
        Self::from_text(&text, path)
    }

    /// Parse the `lint` section of a configuration document.
    pub fn from_text(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { path: path.to_path_buf(), message };
        let document: serde_json::Value =
            serde_json::from_str(text).map_err(|error| invalid(format!("invalid JSON: {error}")))?;
        let Some(section) = document.get("lint") else {
            return Ok(RuleSettings::default());
        };
        let section = LintSection::deserialize(section).map_err(|error| {
            invalid(format!(
                "lint: {error}; expected {{\"rules\": {{\"<rule id or name>\": \"error\" | \"warning\" | \"info\" | \"off\"}}}}"
            ))
        })?;
        Self::from_section(&section, path)
    }

    /// The settings for a plan: `explicit` when given, else `codegen.json` next to the plan's
    /// root file when it exists, else the defaults. Returns the file used, if any.
    pub fn discover(plan_root: &Path, explicit: Option<&Path>) -> Result<(Self, Option<PathBuf>), ConfigError> {
        if let Some(path) = explicit {
            return Ok((Self::from_file(path)?, Some(path.to_path_buf())));
        }
        let candidate = plan_root.parent().unwrap_or(Path::new("")).join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Ok((Self::from_file(&candidate)?, Some(candidate)));
        }
        Ok((RuleSettings::default(), None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_id_or_name() {
        let text = r#"{"output": "x", "lint": {"rules": {"TP011": "off", "event-object-action": "error"}}}"#;
        let settings = RuleSettings::from_text(text, Path::new("codegen.json")).unwrap();
        assert_eq!(settings.severity(Rule::PropertyDescriptionMissing), None);
        assert_eq!(settings.severity(Rule::EventObjectAction), Some(Severity::Error));
        assert_eq!(settings.severity(Rule::EventCasing), Some(Severity::Error));
    }

    #[test]
    fn rejects_unknown_rules_and_levels() {
        let error =
            RuleSettings::from_text(r#"{"lint": {"rules": {"TP999": "off"}}}"#, Path::new("c.json")).unwrap_err();
        assert!(error.to_string().contains("unknown rule `TP999`"), "{error}");
        let error =
            RuleSettings::from_text(r#"{"lint": {"rules": {"TP001": "fatal"}}}"#, Path::new("c.json")).unwrap_err();
        assert!(error.to_string().contains("unknown variant `fatal`"), "{error}");
        let error = RuleSettings::from_text(r#"{"lint": {"rule": {}}}"#, Path::new("c.json")).unwrap_err();
        assert!(error.to_string().contains("unknown field `rule`"), "{error}");
    }

    #[test]
    fn no_lint_section_means_defaults() {
        assert_eq!(RuleSettings::from_text("{}", Path::new("c.json")).unwrap(), RuleSettings::default());
    }
}
