//! The report for people (a summary table) and for spreadsheets (CSV); JSON is the report
//! serialized as it is.

use std::fmt::Write;

use super::report::{EventReport, Report};

/// Rules listed per event in the human report; the JSON report has them all.
const RULES_SHOWN: usize = 10;

/// The summary table, violations by rule, unknown events and samples.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "Audit of {} against {} {}", report.inputs.join(", "), report.plan.name, report.plan.version);
    let shapes: Vec<String> = report.shapes.iter().map(|c| format!("{} {}", c.shape.as_str(), c.records)).collect();
    let _ = writeln!(
        out,
        "{} lines, {} records{}",
        s.lines,
        s.records,
        if shapes.is_empty() { String::new() } else { format!(" ({})", shapes.join(", ")) }
    );
    if !report.events.is_empty() {
        out.push('\n');
        table(&mut out, &report.events);
    }
    let with_rules: Vec<&EventReport> = report.events.iter().filter(|e| !e.rules.is_empty()).collect();
    if !with_rules.is_empty() {
        out.push_str("\nViolations by rule\n");
        for event in with_rules {
            let _ = writeln!(out, "  {}", event.event);
            for rule in event.rules.iter().take(RULES_SHOWN) {
                let hint =
                    rule.wrong_casing_of.as_ref().map(|n| format!("  (wrong casing of {n})")).unwrap_or_default();
                let _ = writeln!(out, "    {:>8}  {} {}{hint}", rule.count, rule.rule, rule.path);
            }
            if event.rules.len() > RULES_SHOWN {
                let _ = writeln!(out, "    … {} more (see --format json)", event.rules.len() - RULES_SHOWN);
            }
        }
    }
    if !report.unknown_events.is_empty() {
        out.push_str("\nUnknown events\n");
        for unknown in &report.unknown_events {
            let hint = match (&unknown.wrong_casing_of, &unknown.did_you_mean) {
                (Some(name), _) => format!("  wrong casing of \"{name}\""),
                (None, Some(name)) => format!("  did you mean \"{name}\"?"),
                (None, None) => String::new(),
            };
            let first =
                unknown.samples.first().map(|r| format!("  first at {}:{}", r.input, r.line)).unwrap_or_default();
            let _ = writeln!(out, "  {:>8}  {:?}{hint}{first}", unknown.records, unknown.event);
        }
        if report.unknown_events_not_listed > 0 {
            let _ = writeln!(out, "  {:>8}  records of further names", report.unknown_events_not_listed);
        }
    }
    if !report.not_validated.is_empty() {
        let listed: Vec<String> = report.not_validated.iter().map(|n| format!("{} {}", n.what, n.records)).collect();
        let _ = writeln!(out, "\nNot validated (the plan does not describe them): {}", listed.join(", "));
    }
    for (title, problems) in [("Malformed lines", &report.malformed), ("Unrecognized records", &report.unrecognized)] {
        if problems.count > 0 {
            let _ = writeln!(out, "\n{title}: {}", problems.count);
            for line in &problems.samples {
                let _ = writeln!(out, "  {}:{}: {}", line.input, line.line, line.error);
            }
        }
    }
    let sampled: Vec<&EventReport> = report.events.iter().filter(|e| !e.samples.is_empty()).collect();
    if !sampled.is_empty() {
        out.push_str("\nSamples\n");
        for event in sampled {
            for sample in &event.samples {
                let id = sample.id.as_ref().map(|id| format!(" (id {id})")).unwrap_or_default();
                let _ = writeln!(out, "  {}:{}{id} {}", sample.input, sample.line, event.event);
                for v in &sample.violations {
                    let text = trackplan_runtime::Violation::new(&v.path, v.rule, v.expected.clone(), v.actual.clone());
                    let hint =
                        v.wrong_casing_of.as_ref().map(|n| format!(" (wrong casing of {n})")).unwrap_or_default();
                    let _ = writeln!(out, "    {text}{hint}");
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{} valid, {} invalid ({} violations), {} of unknown events, {} not validated, {} unrecognized, {} malformed",
        s.valid, s.invalid, s.violations, s.unknown_events, s.not_validated, s.unrecognized, s.malformed
    );
    out
}

fn table(out: &mut String, events: &[EventReport]) {
    let width = events.iter().map(|e| e.event.chars().count()).max().unwrap_or(0).max("event".len());
    let _ = writeln!(out, "{:<width$}  {:>10}  {:>10}  {:>10}", "event", "records", "valid", "invalid");
    for event in events {
        let name = if event.kind.as_str() == "track" { event.event.clone() } else { format!("({})", event.event) };
        let _ = writeln!(out, "{name:<width$}  {:>10}  {:>10}  {:>10}", event.records, event.valid, event.invalid);
    }
}

/// One row per (event, rule, path) with the event's counts; an event without violations has
/// one row with empty rule and path. Unknown events, messages not validated, unrecognized and
/// malformed lines follow as rows of their own kind.
pub fn csv(report: &Report) -> String {
    let header = ["event", "kind", "records", "valid", "invalid", "rule", "path", "violations", "hint"];
    let mut rows: Vec<[String; 9]> = Vec::new();
    for event in &report.events {
        let counts = [event.records.to_string(), event.valid.to_string(), event.invalid.to_string()];
        let row = |rule: &str, path: &str, count: String, hint: String| {
            let [records, valid, invalid] = counts.clone();
            [
                event.event.clone(),
                event.kind.as_str().to_owned(),
                records,
                valid,
                invalid,
                rule.to_owned(),
                path.to_owned(),
                count,
                hint,
            ]
        };
        if event.rules.is_empty() {
            rows.push(row("", "", "0".to_owned(), String::new()));
        }
        for rule in &event.rules {
            let hint = rule.wrong_casing_of.as_ref().map(|n| format!("wrong casing of {n}")).unwrap_or_default();
            rows.push(row(rule.rule, &rule.path, rule.count.to_string(), hint));
        }
    }
    for unknown in &report.unknown_events {
        let hint = match (&unknown.wrong_casing_of, &unknown.did_you_mean) {
            (Some(name), _) => format!("wrong casing of {name}"),
            (None, Some(name)) => format!("did you mean {name}"),
            (None, None) => String::new(),
        };
        let records = unknown.records.to_string();
        rows.push([
            unknown.event.clone(),
            "unknown".to_owned(),
            records.clone(),
            "0".to_owned(),
            records,
            String::new(),
            String::new(),
            String::new(),
            hint,
        ]);
    }
    for other in &report.not_validated {
        let records = other.records.to_string();
        let row = [other.what.clone(), "not-validated".to_owned(), records, String::new(), String::new()];
        rows.push(extend(row));
    }
    for (kind, problems) in [("unrecognized", &report.unrecognized), ("malformed", &report.malformed)] {
        if problems.count > 0 {
            let row = [String::new(), kind.to_owned(), problems.count.to_string(), String::new(), String::new()];
            rows.push(extend(row));
        }
    }
    let write = || -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let mut writer = ::csv::Writer::from_writer(Vec::new());
        writer.write_record(header)?;
        for row in &rows {
            writer.write_record(row)?;
        }
        Ok(writer.into_inner()?)
    };
    // Writing to memory cannot fail.
    write().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

fn extend(row: [String; 5]) -> [String; 9] {
    let [a, b, c, d, e] = row;
    [a, b, c, d, e, String::new(), String::new(), String::new(), String::new()]
}
