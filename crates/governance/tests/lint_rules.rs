//! Every lint rule has a fixture that fires (`fixtures/lint/<id>-<name>/fires.json`, with the
//! findings in `fires.expected`) and one that must not (`passes.json`). Each fixture runs with
//! only its rule enabled. `TRACKPLAN_ACCEPT=1` rewrites the expected files after review.

use std::path::{Path, PathBuf};

use trackplan_governance::lint::{self, Level, Rule, RuleSettings};
use trackplan_governance::source::PlanSource;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn only(rule: Rule) -> RuleSettings {
    let mut settings = RuleSettings::default();
    for other in Rule::ALL {
        if other != rule {
            settings.set(other, Level::Off);
        }
    }
    settings
}

fn run(root: &Path, plan: &Path, rule: Rule) -> (usize, String) {
    let source = PlanSource::load(plan).unwrap_or_else(|error| panic!("{} does not load: {error}", plan.display()));
    let report = lint::lint(&source, &only(rule));
    assert!(report.findings.iter().all(|f| f.rule == rule), "other rules ran");
    let text = lint::human::render(&source, &report, lint::Severity::Info);
    (report.findings.len(), text.replace(&format!("{}/", root.display()), ""))
}

#[test]
fn every_rule_fires_on_its_fixture_and_stays_quiet_on_the_other() {
    let root = workspace_root();
    let accept = std::env::var_os("TRACKPLAN_ACCEPT").is_some();
    let mut failures = Vec::new();
    for rule in Rule::ALL {
        let info = rule.info();
        let dir = root.join("fixtures/lint").join(format!("{}-{}", info.id, info.name));
        let (count, actual) = run(&root, &dir.join("fires.json"), rule);
        assert!(count > 0, "{} does not fire on {}", info.id, dir.display());
        let expected_path = dir.join("fires.expected");
        if accept {
            std::fs::write(&expected_path, &actual).expect("write expected file");
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if actual != expected {
                failures.push(format!("--- {}\n{expected}\n+++ actual\n{actual}", expected_path.display()));
            }
        }
        let (count, text) = run(&root, &dir.join("passes.json"), rule);
        assert_eq!(count, 0, "{} fires on its passing fixture:\n{text}", info.id);
    }
    assert!(failures.is_empty(), "findings differ (TRACKPLAN_ACCEPT=1 rewrites them):\n{}", failures.join("\n"));
}

#[test]
fn the_ecommerce_plan_has_no_naming_or_documentation_errors() {
    let root = workspace_root();
    let source = PlanSource::load(root.join("fixtures/ecommerce/tracking-plan.json")).expect("ecommerce plan loads");
    let report = lint::lint(&source, &RuleSettings::default());
    let counts = report.counts();
    assert_eq!(counts.errors, 0, "{}", lint::human::render(&source, &report, lint::Severity::Error));
    // Naming rules must not raise false alarms on a realistic, well-named plan.
    for rule in [
        Rule::EventCasing,
        Rule::PropertyCasing,
        Rule::NameWhitespace,
        Rule::NameTrailingPunctuation,
        Rule::EventObjectAction,
        Rule::EventNearDuplicate,
        Rule::PropertyNearDuplicate,
        Rule::EventDescriptionMissing,
        Rule::EventOwnerMissing,
        Rule::UnusedDefinition,
        Rule::UnusedPropertyGroup,
    ] {
        let found: Vec<&str> = report.of(rule).map(|f| f.message.as_str()).collect();
        assert!(found.is_empty(), "{} fires on the e-commerce plan: {found:?}", rule.info().id);
    }
    // What it does find is real: a type clash from the Segment spec ("position"), one name
    // with two vocabularies ("reason"), a deprecated event still routed, PII sent to
    // destinations marked `"pii": false`.
    let rules: Vec<&str> =
        report.findings.iter().filter(|f| f.severity == lint::Severity::Warning).map(|f| f.rule.info().id).collect();
    assert_eq!(rules, ["TP017", "TP017", "TP008", "TP016", "TP017", "TP017", "TP009"]);
}
