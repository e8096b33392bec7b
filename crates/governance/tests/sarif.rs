//! SARIF 2.1.0 output: validated against the standard's schema rules for every object written
//! (`sarif-2.1.0-subset.schema.json`), plus the cross-field rules a schema cannot state.

use std::path::{Path, PathBuf};

use serde_json::Value;
use trackplan_governance::lint::{self, RuleSettings};
use trackplan_governance::source::PlanSource;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn sarif_for(plan: &Path) -> Value {
    let source = PlanSource::load(plan).expect("plan loads");
    let settings = RuleSettings::default();
    let report = lint::lint(&source, &settings);
    assert!(!report.findings.is_empty(), "{} has no findings to check", plan.display());
    lint::sarif::render(&source, &report, &settings)
}

fn check_cross_field_rules(log: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for (index, result) in run["results"].as_array().expect("results").iter().enumerate() {
        let rule_index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        if rules.get(rule_index).map(|r| &r["id"]) != Some(&result["ruleId"]) {
            problems.push(format!("result {index}: ruleIndex does not point at ruleId {}", result["ruleId"]));
        }
        let locations = result["locations"].as_array().expect("locations");
        if locations.len() != 1 {
            problems.push(format!("result {index}: expected one location"));
        }
        let related = result["relatedLocations"].as_array().cloned().unwrap_or_default();
        for location in locations.iter().chain(&related) {
            let region = &location["physicalLocation"]["region"];
            let (start_line, end_line) = (region["startLine"].as_u64(), region["endLine"].as_u64());
            let (start_column, end_column) = (region["startColumn"].as_u64(), region["endColumn"].as_u64());
            match (start_line, end_line, start_column, end_column) {
                (Some(sl), Some(el), Some(sc), Some(ec)) if el > sl || (el == sl && ec > sc) => {}
                _ => problems.push(format!("result {index}: region is empty or reversed: {region}")),
            }
            let uri = location["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or("");
            if uri.contains('\\') || uri.starts_with('/') || uri.contains(' ') {
                problems.push(format!("result {index}: {uri:?} is not a relative URI reference"));
            }
        }
        let ids: Vec<&Value> = related.iter().map(|l| &l["id"]).collect();
        if ids.iter().enumerate().any(|(i, id)| ids[..i].contains(id)) {
            problems.push(format!("result {index}: related location ids repeat"));
        }
    }
    problems
}

#[test]
fn sarif_logs_follow_the_standard() {
    let root = workspace_root();
    let schema: Value = serde_json::from_str(include_str!("sarif-2.1.0-subset.schema.json")).expect("schema JSON");
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles");
    // Relative paths, as CI runs it from the repository root.
    std::env::set_current_dir(&root).expect("cd to the workspace root");
    let plans = [
        "fixtures/ecommerce/tracking-plan.json",
        "fixtures/edge/tracking-plan.json",
        "fixtures/lint/TP006-event-near-duplicate/fires.json",
        "fixtures/lint/TP017-pii-to-restricted-destination/fires.json",
    ];
    for plan in plans {
        let log = sarif_for(Path::new(plan));
        let errors: Vec<String> =
            validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{plan}: schema errors:\n{}", errors.join("\n"));
        let problems = check_cross_field_rules(&log);
        assert!(problems.is_empty(), "{plan}:\n{}", problems.join("\n"));
    }
}

#[test]
fn results_point_at_the_reported_text() {
    let root = workspace_root();
    std::env::set_current_dir(&root).expect("cd to the workspace root");
    let plan = "fixtures/lint/TP001-event-casing/fires.json";
    let log = sarif_for(Path::new(plan));
    let text = std::fs::read_to_string(plan).expect("read plan");
    let lines: Vec<&str> = text.lines().collect();
    for result in log["runs"][0]["results"].as_array().expect("results") {
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], plan);
        let region = &location["region"];
        let line = lines[region["startLine"].as_u64().expect("line") as usize - 1];
        let chars: Vec<char> = line.chars().collect();
        let (start, end) = (
            region["startColumn"].as_u64().expect("col") as usize - 1,
            region["endColumn"].as_u64().expect("col") as usize - 1,
        );
        let quoted: String = chars[start..end].iter().collect();
        let name: String = serde_json::from_str(&quoted).expect("region covers a JSON string");
        assert!(
            result["message"]["text"].as_str().expect("text").contains(&format!("{name:?}")),
            "{quoted} vs {}",
            result["message"]
        );
        let expected = if result["ruleId"] == "TP001" { "error" } else { "warning" };
        assert_eq!(result["level"], expected, "{result}");
    }
}

#[test]
fn uris_are_relative_references_or_file_uris() {
    assert_eq!(lint::sarif::path_uri(Path::new("./plans/my plan.json")), "plans/my%20plan.json");
    assert_eq!(lint::sarif::path_uri(Path::new("/srv/ä.json")), "file:///srv/%C3%A4.json");
}

/// A change that makes a valid log invalid.
type Breakage = fn(&mut Value);

#[test]
fn the_checks_reject_broken_logs() {
    let root = workspace_root();
    let schema: Value = serde_json::from_str(include_str!("sarif-2.1.0-subset.schema.json")).expect("schema JSON");
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles");
    let good = sarif_for(&root.join("fixtures/lint/TP001-event-casing/fires.json"));
    let breakages: [(&str, Breakage); 5] = [
        ("no version", |log| drop(log.as_object_mut().map(|o| o.remove("version")))),
        ("unknown level", |log| log["runs"][0]["results"][0]["level"] = "fatal".into()),
        ("no message", |log| drop(log["runs"][0]["results"][0].as_object_mut().map(|o| o.remove("message")))),
        ("line 0", |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into()
        }),
        ("no driver name", |log| drop(log["runs"][0]["tool"]["driver"].as_object_mut().map(|o| o.remove("name")))),
    ];
    for (what, breakage) in breakages {
        let mut log = good.clone();
        breakage(&mut log);
        assert!(validator.iter_errors(&log).next().is_some(), "{what} was accepted");
    }
    let mut log = good;
    log["runs"][0]["results"][0]["ruleIndex"] = 5.into();
    assert!(!check_cross_field_rules(&log).is_empty(), "a wrong ruleIndex was accepted");
}
