//! The report for tools: one JSON document.

use serde_json::{Value, json};

use super::{Finding, LintReport, Rule};
use crate::source::{PlanSource, SourceSpan};

fn location(span: &SourceSpan) -> Value {
    json!({
        "file": span.file,
        "line": span.start.line,
        "column": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
        "path": span.path,
    })
}

fn finding(source: &PlanSource, finding: &Finding) -> Value {
    let info = finding.rule.info();
    let related: Vec<Value> = finding
        .related
        .iter()
        .map(|r| json!({"message": r.message, "location": location(&source.span(&r.location, r.on_key))}))
        .collect();
    json!({
        "ruleId": info.id,
        "rule": info.name,
        "severity": finding.severity,
        "message": finding.message,
        "help": finding.help,
        "fixable": finding.fixable,
        "location": location(&finding.span(source)),
        "related": related,
    })
}

/// The report as JSON: the plan, counts per severity, findings and the rule catalogue.
pub fn render(source: &PlanSource, report: &LintReport) -> Value {
    let plan = &source.plan;
    json!({
        "plan": {
            "name": plan.name,
            "version": plan.version.to_string(),
            "root": plan.files.first(),
            "events": plan.events.len(),
        },
        "summary": report.counts(),
        "findings": report.findings.iter().map(|f| finding(source, f)).collect::<Vec<_>>(),
        "rules": Rule::ALL.iter().map(|r| r.info()).collect::<Vec<_>>(),
    })
}
