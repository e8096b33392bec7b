//! What an import could not carry over, and the checks run on its result.

use std::fmt;

use trackplan_plan_model::Plan;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something was carried over in a changed or partial form (an unknown type read as a
    /// string, a duplicate row merged).
    Warning,
    /// Something could not be carried over at all.
    Unmapped,
    /// A post-import check (lint) found a problem in the imported plan.
    Check,
}

/// One thing an import could not map faithfully, and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// Where in the input: `file:row N` for spreadsheets, `file#/json/path` for JSON.
    pub place: String,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Unmapped => "not mapped",
            Severity::Check => "check",
        };
        write!(f, "{label}: {}: {}", self.place, self.message)
    }
}

/// Everything an import or a post-import check has to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Findings, in input order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Records something carried over in a changed form.
    pub fn warn(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.findings.push(Finding { severity: Severity::Warning, place: place.into(), message: message.into() });
    }

    /// Records something that could not be carried over.
    pub fn unmapped(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.findings.push(Finding { severity: Severity::Unmapped, place: place.into(), message: message.into() });
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// The findings of one severity.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |finding| finding.severity == severity)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        Ok(())
    }
}

/// A check run on every imported plan once it loads, e.g. `codegen lint`. Its findings are
/// appended to the import's report (severity [`Severity::Check`], message prefixed with the
/// check's name) so the user sees why the imported plan is not clean.
pub trait PostImportCheck {
    /// A short name shown with the findings ("lint").
    fn name(&self) -> &str;
    /// Problems found in the plan, each with its place in the plan file and a message.
    /// `text` is the plan file about to be written (`plan.files[0]` names it), for checks
    /// that report lines and columns.
    fn check(&self, plan: &Plan, text: &str) -> Vec<Finding>;
}
