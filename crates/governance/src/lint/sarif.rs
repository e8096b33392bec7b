//! SARIF 2.1.0, the static-analysis format code hosts read to annotate pull requests.
//!
//! One run; the driver lists every rule with its default level; each result names its rule
//! by id and index, its level, a message, and a physical location (artifact URI relative to
//! the working directory, region in lines and Unicode-code-point columns) plus the JSON path
//! as a logical location. Related places become `relatedLocations`.

use std::path::Path;

use serde_json::{Value, json};

use super::{Finding, LintReport, Rule, RuleSettings, Severity};
use crate::source::{PlanSource, SourceSpan};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The schema of that version.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A URI reference for a path: relative paths stay relative with `/` separators and
/// percent-encoding; absolute ones become `file://` URIs.
pub fn path_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if path.is_absolute() { format!("file://{encoded}") } else { encoded.trim_start_matches("./").to_owned() }
}

fn location(span: &SourceSpan, id: Option<usize>, message: Option<&str>) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": path_uri(&span.file)}});
    if span.start.line > 0 {
        physical["region"] = json!({
            "startLine": span.start.line,
            "startColumn": span.start.column,
            "endLine": span.end.line,
            "endColumn": span.end.column,
        });
    }
    let mut location = json!({
        "physicalLocation": physical,
        "logicalLocations": [{"fullyQualifiedName": span.path, "kind": "member"}],
    });
    if let Some(id) = id {
        location["id"] = json!(id);
    }
    if let Some(message) = message {
        location["message"] = json!({"text": message});
    }
    location
}

fn result(source: &PlanSource, finding: &Finding) -> Value {
    let info = finding.rule.info();
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push_str(". ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": info.id,
        "ruleIndex": finding.rule.index(),
        "level": level(finding.severity),
        "message": {"text": text},
        "locations": [location(&finding.span(source), None, None)],
    });
    if !finding.related.is_empty() {
        let related: Vec<Value> = finding
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| location(&source.span(&r.location, r.on_key), Some(i + 1), Some(&r.message)))
            .collect();
        result["relatedLocations"] = json!(related);
    }
    result
}

fn rule(rule: Rule, settings: &RuleSettings) -> Value {
    let info = rule.info();
    let configured = settings.severity(rule);
    json!({
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "defaultConfiguration": {
            "level": level(configured.unwrap_or(info.default_severity)),
            "enabled": configured.is_some(),
        },
        "properties": {"fixable": info.fixable},
    })
}

/// The report as a SARIF 2.1.0 log.
pub fn render(source: &PlanSource, report: &LintReport, settings: &RuleSettings) -> Value {
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "trackplan",
                "fullName": "Trackplan codegen lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": Rule::ALL.iter().map(|r| rule(*r, settings)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": report.findings.iter().map(|f| result(source, f)).collect::<Vec<_>>(),
        }],
    })
}
