//! The page served instead of the site while the plan has errors (serve mode).

use askama::Template;
use trackplan_plan_model::Diagnostics;

use super::Chrome;

#[derive(Template)]
#[template(path = "docs/diagnostics.html")]
pub(crate) struct DiagnosticsPage<'a> {
    chrome: Chrome<'a>,
    count: usize,
    summary: &'a str,
    diagnostics: Vec<Problem>,
}

/// One problem, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) place: String,
    pub(crate) related: Vec<String>,
    pub(crate) help: Option<String>,
}

impl Problem {
    /// The problems of a plan that did not load.
    pub(crate) fn from_diagnostics(diagnostics: &Diagnostics) -> Vec<Problem> {
        diagnostics
            .iter()
            .map(|d| Problem {
                code: d.code.to_string(),
                message: d.message.clone(),
                place: d.span.to_string(),
                related: d.related.iter().map(|r| format!("{}: {}", r.label, r.span)).collect(),
                help: d.help.clone(),
            })
            .collect()
    }
}

pub(crate) fn page<'a>(chrome: Chrome<'a>, summary: &'a str, problems: Vec<Problem>) -> DiagnosticsPage<'a> {
    DiagnosticsPage { chrome, count: problems.len(), summary, diagnostics: problems }
}
