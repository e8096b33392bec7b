//! The audit's result as a stable document (the `--format json` output), built once from the
//! merged tally: suggestions for unknown names are computed here, once per distinct name.

use serde::Serialize;
use trackplan_plan_model::Plan;
use trackplan_plan_model::suggest;
use trackplan_runtime::Violation;

use super::shape::{InputFormat, Shape};
use super::tally::{Place, Problems, Tally};
use super::targets::{Kind, Target, Targets, fold};

/// The audit report. Field names and nesting are stable; see `docs/governance.md`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The plan audited against.
    pub plan: PlanInfo,
    /// The inputs, as named on the command line (`-` for standard input).
    pub inputs: Vec<String>,
    /// The record shape asked for.
    pub input_format: InputFormat,
    /// Totals.
    pub summary: Summary,
    /// Records read as each shape.
    pub shapes: Vec<ShapeCount>,
    /// Planned events and calls that occur, in plan order.
    pub events: Vec<EventReport>,
    /// Event names the plan does not define, in order of first appearance.
    pub unknown_events: Vec<UnknownEvent>,
    /// Records of further unknown names, beyond the first 1,000 distinct ones.
    pub unknown_events_not_listed: u64,
    /// Messages counted but not validated (alias, vendor-internal events, calls the plan does
    /// not define), by what they are.
    pub not_validated: Vec<NotValidated>,
    /// Lines that are JSON but no record of a known shape.
    pub unrecognized: ProblemReport,
    /// Lines that are not JSON.
    pub malformed: ProblemReport,
    /// Planned events no record mentions, in plan order.
    pub events_not_seen: Vec<String>,
}

/// Which plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanInfo {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// Totals over all inputs.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Records of a known shape.
    pub records: u64,
    /// Records of planned events and calls that break no rule.
    pub valid: u64,
    /// Records of planned events and calls that break rules.
    pub invalid: u64,
    /// Records of event names the plan does not define.
    pub unknown_events: u64,
    /// Records not validated.
    pub not_validated: u64,
    /// Lines of no known shape.
    pub unrecognized: u64,
    /// Lines that are not JSON.
    pub malformed: u64,
    /// Violations in all invalid records.
    pub violations: u64,
}

/// Records of one shape.
#[derive(Debug, Clone, Serialize)]
pub struct ShapeCount {
    /// The shape.
    pub shape: Shape,
    /// How many records.
    pub records: u64,
}

/// One planned event or call.
#[derive(Debug, Clone, Serialize)]
pub struct EventReport {
    /// Wire name of the event, or the call (`identify`…).
    pub event: String,
    /// `track` or the call.
    pub kind: Kind,
    /// Records.
    pub records: u64,
    /// Records that break no rule.
    pub valid: u64,
    /// Records that break rules.
    pub invalid: u64,
    /// Violations by rule and path, most frequent first.
    pub rules: Vec<RuleCount>,
    /// The first invalid records.
    pub samples: Vec<SampleReport>,
}

/// How often one rule at one path is broken.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCount {
    /// The path, array indexes written `[]`.
    pub path: String,
    /// The rule.
    pub rule: &'static str,
    /// Violations.
    pub count: u64,
    /// For an undeclared property whose name differs from a declared one only in case or
    /// separators: the declared name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrong_casing_of: Option<String>,
}

/// An invalid record.
#[derive(Debug, Clone, Serialize)]
pub struct SampleReport {
    /// The input, as named on the command line.
    pub input: String,
    /// Line number, from 1.
    pub line: u64,
    /// The record's id (`messageId`, `insert_id`, `$insert_id`…).
    pub id: Option<String>,
    /// Every broken rule, sorted by (path, rule).
    pub violations: Vec<ViolationReport>,
}

/// One broken rule, in the shape every runtime reports (`docs/validation.md`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ViolationReport {
    /// Path inside the properties.
    pub path: String,
    /// The rule.
    pub rule: &'static str,
    /// What the rule expects.
    pub expected: String,
    /// What the record holds.
    pub actual: String,
    /// As in [`RuleCount::wrong_casing_of`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrong_casing_of: Option<String>,
}

/// An event name the plan does not define.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnknownEvent {
    /// The name as recorded.
    pub event: String,
    /// Records.
    pub records: u64,
    /// The planned event it matches when case and separators are ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrong_casing_of: Option<String>,
    /// Otherwise the closest planned name, when close enough to be a typo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// The first records.
    pub samples: Vec<RecordRef>,
}

/// Where a record is.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRef {
    /// The input.
    pub input: String,
    /// Line number, from 1.
    pub line: u64,
    /// The record's id.
    pub id: Option<String>,
}

/// Messages not validated.
#[derive(Debug, Clone, Serialize)]
pub struct NotValidated {
    /// What they are: `alias`, `$identify`, `identify` (when the plan has no identify call)…
    pub what: String,
    /// Records.
    pub records: u64,
}

/// Counted problem lines.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProblemReport {
    /// How many lines.
    pub count: u64,
    /// The first ones.
    pub samples: Vec<ProblemLine>,
}

/// One problem line.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemLine {
    /// The input.
    pub input: String,
    /// Line number, from 1.
    pub line: u64,
    /// What is wrong.
    pub error: String,
}

impl Report {
    /// Whether every record is a valid message of the plan (exit code 0).
    pub fn is_clean(&self) -> bool {
        let s = &self.summary;
        s.invalid == 0 && s.unknown_events == 0 && s.unrecognized == 0 && s.malformed == 0
    }

    /// The report of a merged tally.
    pub fn build(plan: &Plan, targets: &Targets, inputs: &[String], format: InputFormat, tally: Tally) -> Report {
        let name = |place: Place| inputs.get(place.input).cloned().unwrap_or_default();
        let mut summary = Summary {
            lines: tally.lines,
            unrecognized: tally.unrecognized.count,
            malformed: tally.malformed.count,
            ..Summary::default()
        };
        let mut events = Vec::new();
        for (&id, counts) in &tally.targets {
            let target = &targets.list[id];
            let invalid = counts.records - counts.valid;
            summary.valid += counts.valid;
            summary.invalid += invalid;
            summary.violations += counts.rules.values().sum::<u64>();
            let mut rules: Vec<RuleCount> = counts
                .rules
                .iter()
                .map(|((path, rule), &count)| RuleCount {
                    path: path.clone(),
                    rule,
                    count,
                    wrong_casing_of: casing_hint(target, path, rule),
                })
                .collect();
            rules.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (&a.path, a.rule).cmp(&(&b.path, b.rule))));
            let samples = counts
                .samples
                .iter()
                .map(|sample| SampleReport {
                    input: name(sample.place),
                    line: sample.place.line,
                    id: sample.id.clone(),
                    violations: sample.violations.iter().map(|v| violation(target, v)).collect(),
                })
                .collect();
            events.push(EventReport {
                event: target.name.clone(),
                kind: target.kind,
                records: counts.records,
                valid: counts.valid,
                invalid,
                rules,
                samples,
            });
        }
        let planned = targets.event_names();
        let unknown_events: Vec<UnknownEvent> = tally
            .unknown
            .iter()
            .map(|unknown| {
                let wrong_casing_of = targets.event_folded(&unknown.name).map(|id| targets.list[id].name.clone());
                let did_you_mean = match wrong_casing_of {
                    Some(_) => None,
                    None => suggest::closest(&unknown.name, &planned).map(str::to_owned),
                };
                UnknownEvent {
                    event: unknown.name.clone(),
                    records: unknown.records,
                    wrong_casing_of,
                    did_you_mean,
                    samples: unknown
                        .samples
                        .iter()
                        .map(|(place, id)| RecordRef { input: name(*place), line: place.line, id: id.clone() })
                        .collect(),
                }
            })
            .collect();
        summary.unknown_events = unknown_events.iter().map(|u| u.records).sum::<u64>() + tally.unknown_overflow;
        summary.not_validated = tally.not_validated.values().sum();
        summary.records = summary.valid + summary.invalid + summary.unknown_events + summary.not_validated;
        let problems = |problems: &Problems| ProblemReport {
            count: problems.count,
            samples: problems
                .samples
                .iter()
                .map(|(place, error)| ProblemLine { input: name(*place), line: place.line, error: error.clone() })
                .collect(),
        };
        Report {
            plan: PlanInfo { name: plan.name.clone(), version: plan.version.to_string() },
            inputs: inputs.to_vec(),
            input_format: format,
            summary,
            shapes: tally.shapes.iter().map(|(&shape, &records)| ShapeCount { shape, records }).collect(),
            events_not_seen: targets
                .list
                .iter()
                .enumerate()
                .filter(|(id, t)| t.kind == Kind::Track && !tally.targets.contains_key(id))
                .map(|(_, t)| t.name.clone())
                .collect(),
            events,
            unknown_events,
            unknown_events_not_listed: tally.unknown_overflow,
            not_validated: tally
                .not_validated
                .iter()
                .map(|(what, &records)| NotValidated { what: what.clone(), records })
                .collect(),
            unrecognized: problems(&tally.unrecognized),
            malformed: problems(&tally.malformed),
        }
    }
}

fn violation(target: &Target, v: &Violation) -> ViolationReport {
    ViolationReport {
        path: v.path.clone(),
        rule: v.rule,
        expected: v.expected.clone(),
        actual: v.actual.clone(),
        wrong_casing_of: casing_hint(target, &v.path, v.rule),
    }
}

/// The declared top-level property an undeclared top-level key is a mis-cased spelling of.
fn casing_hint(target: &Target, path: &str, rule: &str) -> Option<String> {
    if rule != "additionalProperties" {
        return None;
    }
    let key = top_level_key(path)?;
    let folded = fold(&key);
    target.properties.iter().find(|name| **name != key && fold(name) == folded).cloned()
}

/// The key of a one-step path (`orderId`, `["Order Id"]`).
fn top_level_key(path: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    if !path.is_empty() && path != "$" && path.chars().all(plain) {
        return Some(path.to_owned());
    }
    let quoted = path.strip_prefix('[')?.strip_suffix(']')?;
    serde_json::from_str::<String>(quoted).ok()
}
