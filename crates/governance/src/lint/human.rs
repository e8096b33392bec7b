//! The report for people: one block per finding with file:line:column, JSON path, help and
//! related places, then a summary line.

use std::fmt::Write;

use super::{Counts, Finding, LintReport, Severity};
use crate::source::{PlanSource, SourceSpan};

fn place(span: &SourceSpan) -> String {
    if span.start.line == 0 {
        format!("{} ({})", span.file.display(), span.path)
    } else {
        format!("{}:{}:{} ({})", span.file.display(), span.start.line, span.start.column, span.path)
    }
}

fn finding(out: &mut String, source: &PlanSource, finding: &Finding) {
    let info = finding.rule.info();
    let _ = writeln!(out, "{}[{} {}]: {}", finding.severity.as_str(), info.id, info.name, finding.message);
    let _ = writeln!(out, "  --> {}", place(&finding.span(source)));
    for related in &finding.related {
        let _ = writeln!(
            out,
            "  = note: {} at {}",
            related.message,
            place(&source.span(&related.location, related.on_key))
        );
    }
    if let Some(help) = &finding.help {
        let fix = if finding.fixable { " (fixable with --fix)" } else { "" };
        let _ = writeln!(out, "  = help: {help}{fix}");
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The summary line: "2 errors, 1 warning, 0 infos (2 fixable with --fix)".
pub fn summary(counts: &Counts) -> String {
    let mut line = format!(
        "{}, {}, {}",
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
        plural(counts.infos, "info", "infos")
    );
    if counts.fixable > 0 {
        let _ = write!(line, " ({} with --fix)", plural(counts.fixable, "fixable", "fixable"));
    }
    line
}

/// Render the whole report; `minimum` hides findings below that severity.
pub fn render(source: &PlanSource, report: &LintReport, minimum: Severity) -> String {
    let mut out = String::new();
    for item in report.findings.iter().filter(|f| f.severity >= minimum) {
        finding(&mut out, source, item);
        out.push('\n');
    }
    let plan = &source.plan;
    let _ = writeln!(
        out,
        "lint of {:?} {} ({} events): {}",
        plan.name,
        plan.version,
        plan.events.len(),
        summary(&report.counts())
    );
    out
}
