//! `codegen lint`: rules with stable ids over a loaded plan, human / JSON / SARIF reports, and
//! safe fixes applied to the plan files.
//!
//! ```no_run
//! use trackplan_governance::lint::{self, RuleSettings, Severity};
//! use trackplan_governance::source::PlanSource;
//!
//! let source = PlanSource::load("tracking-plan.json").expect("plan loads");
//! let report = lint::lint(&source, &RuleSettings::default());
//! for finding in &report.findings {
//!     println!("{} {}: {}", finding.rule.info().id, finding.severity.as_str(), finding.message);
//! }
//! assert!(!report.fails(Severity::Error));
//! ```

mod config;
mod consistency;
mod documentation;
mod duplicates;
mod fix;
pub mod human;
mod inventory;
pub mod json;
mod naming;
mod routing;
mod rules;
pub mod sarif;
mod unused;

use trackplan_plan_model::model::Location;

pub use config::{CONFIG_FILE_NAME, ConfigError, Level, LintSection, RuleSettings};
pub use fix::{FixError, FixOutcome, FixedFile, apply_fixes, plan_fixes};
pub use rules::{Rule, RuleInfo, Severity};

use crate::source::{PlanSource, SourceSpan};

/// One problem a rule found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// Its severity under the settings used.
    pub severity: Severity,
    /// What is wrong, naming the item.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The item.
    pub location: Location,
    /// Point at the item's key (a property name) rather than its value.
    pub on_key: bool,
    /// Other places involved: the other half of a near-duplicate, other uses of a name.
    pub related: Vec<Related>,
    /// Whether `--fix` fixes it.
    pub fixable: bool,
}

/// A second place a finding points at.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// What the place is.
    pub message: String,
    /// Where.
    pub location: Location,
    /// Point at the key.
    pub on_key: bool,
}

/// Everything lint found, ordered by file and position.
#[derive(Debug, Clone, Default)]
pub struct LintReport {
    /// The findings.
    pub findings: Vec<Finding>,
}

/// Number of findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Informational findings.
    pub infos: usize,
    /// Findings `--fix` would fix.
    pub fixable: usize,
}

impl LintReport {
    /// Findings per severity.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for finding in &self.findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
            counts.fixable += usize::from(finding.fixable);
        }
        counts
    }

    /// Whether any finding is at least as severe as `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|finding| finding.severity >= threshold)
    }

    /// Findings of one rule.
    pub fn of(&self, rule: Rule) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |finding| finding.rule == rule)
    }
}

/// Collects findings of enabled rules at their configured severity.
pub(crate) struct Sink<'s> {
    settings: &'s RuleSettings,
    findings: Vec<Finding>,
}

impl Sink<'_> {
    /// Whether `rule` runs: rules skip their work when it does not.
    pub fn enabled(&self, rule: Rule) -> bool {
        self.settings.enabled(rule)
    }

    /// Report a finding; ignored when the rule is off.
    pub fn report(&mut self, rule: Rule, location: &Location, on_key: bool, message: String) -> Option<&mut Finding> {
        let severity = self.settings.severity(rule)?;
        self.findings.push(Finding {
            rule,
            severity,
            message,
            help: None,
            location: location.clone(),
            on_key,
            related: Vec::new(),
            fixable: false,
        });
        self.findings.last_mut()
    }
}

impl Finding {
    /// Add how to fix it.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Add a related place.
    pub fn related(&mut self, message: impl Into<String>, location: &Location, on_key: bool) -> &mut Self {
        self.related.push(Related { message: message.into(), location: location.clone(), on_key });
        self
    }

    /// Mark it as fixed by `--fix`.
    pub fn fixable(&mut self) -> &mut Self {
        self.fixable = true;
        self
    }

    /// Where the finding points.
    pub fn span(&self, source: &PlanSource) -> SourceSpan {
        source.span(&self.location, self.on_key)
    }
}

/// Run every enabled rule over a loaded plan.
pub fn lint(source: &PlanSource, settings: &RuleSettings) -> LintReport {
    let mut sink = Sink { settings, findings: Vec::new() };
    let plan = &source.plan;
    let declared = inventory::declared_properties(plan);
    let deprecated = inventory::DeprecatedScopes::new(plan);
    naming::check(plan, &declared, &deprecated, &mut sink);
    duplicates::check(plan, &declared, &deprecated, &mut sink);
    consistency::check(plan, &mut sink);
    documentation::check(plan, &declared, &mut sink);
    unused::check(source, &mut sink);
    routing::check(plan, &mut sink);
    let mut findings = sink.findings;
    let mut keyed: Vec<((usize, usize, Rule), Finding)> = findings
        .drain(..)
        .map(|finding| {
            let span = finding.span(source);
            ((source.file_order(&span.file), span.offset, finding.rule), finding)
        })
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    LintReport { findings: keyed.into_iter().map(|(_, finding)| finding).collect() }
}
