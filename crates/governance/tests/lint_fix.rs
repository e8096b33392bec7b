//! `--fix` renames names in place: minimal edits (compared with reviewed goldens under
//! `fixtures/lint/fix/expected/`), property keys renamed in examples too, the fixed plan loads
//! and lints clean for the fixed rules, deprecated events stay untouched, and fixes that would
//! break the plan write nothing.

use std::path::{Path, PathBuf};

use trackplan_governance::lint::{self, FixError, Rule, RuleSettings};
use trackplan_governance::source::PlanSource;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// A copy of a fixture directory in a fresh temporary directory.
fn copy_dir(from: &Path, name: &str) -> PathBuf {
    let to = std::env::temp_dir().join(format!("trackplan-fix-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        std::fs::create_dir_all(to.join(&relative)).expect("create dir");
        for entry in std::fs::read_dir(from.join(&relative)).expect("read dir") {
            let entry = entry.expect("entry");
            let path = relative.join(entry.file_name());
            if entry.file_type().expect("file type").is_dir() {
                pending.push(path);
            } else {
                std::fs::copy(from.join(&path), to.join(&path)).expect("copy file");
            }
        }
    }
    to
}

#[test]
fn fixes_names_and_example_keys_with_minimal_edits() {
    let root = workspace_root();
    let fixture = root.join("fixtures/lint/fix");
    let dir = copy_dir(&fixture.join("plan"), "names");
    let plan = dir.join("tracking-plan.json");
    let settings = RuleSettings::default();

    let source = PlanSource::load(&plan).expect("fixture loads");
    let before = lint::lint(&source, &settings);
    let fixable = before.findings.iter().filter(|f| f.fixable).count();
    assert_eq!(fixable, 6, "{}", lint::human::render(&source, &before, lint::Severity::Info));

    let outcome = lint::plan_fixes(&source, &settings).expect("fixes verify");
    let renames: Vec<(&str, &str)> = outcome.renames.iter().map(|r| (r.from.as_str(), r.to.as_str())).collect();
    assert_eq!(
        renames,
        [
            (" Cart  Viewed", "Cart Viewed"),
            ("order completed", "Order Completed"),
            ("cart id", "cart_id"),
            ("Order Id", "order_id"),
            ("orderTotal", "order_total"),
            ("unitPrice", "unit_price"),
        ]
    );
    lint::apply_fixes(&outcome).expect("write fixes");

    let accept = std::env::var_os("TRACKPLAN_ACCEPT").is_some();
    for file in ["tracking-plan.json", "events/orders.json"] {
        let actual = std::fs::read_to_string(dir.join(file)).expect("fixed file");
        let expected_path = fixture.join("expected").join(file);
        if accept {
            std::fs::create_dir_all(expected_path.parent().expect("parent")).expect("create expected dir");
            std::fs::write(&expected_path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).expect("expected file (TRACKPLAN_ACCEPT=1 writes it)");
        assert_eq!(actual, expected, "{file} differs from {}", expected_path.display());
        // Only lines naming a renamed item change.
        let original = std::fs::read_to_string(fixture.join("plan").join(file)).expect("original");
        assert_eq!(original.lines().count(), actual.lines().count(), "{file}: line count changed");
    }

    let fixed = PlanSource::load(&plan).expect("the fixed plan loads");
    let after = lint::lint(&fixed, &settings);
    for rule in [Rule::EventCasing, Rule::PropertyCasing, Rule::NameWhitespace] {
        assert_eq!(after.of(rule).count(), 0, "{} still fires after --fix", rule.info().id);
    }
    assert!(fixed.plan.event("order_placed").is_some(), "the deprecated event was renamed");
    assert!(lint::plan_fixes(&fixed, &settings).expect("second run").files.is_empty(), "fixes are not idempotent");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fixes_that_would_break_the_plan_write_nothing() {
    let root = workspace_root();
    let dir = copy_dir(&root.join("fixtures/lint/fix"), "collision");
    let plan = dir.join("collision.json");
    let original = std::fs::read_to_string(&plan).expect("read");
    let source = PlanSource::load(&plan).expect("loads");
    match lint::plan_fixes(&source, &RuleSettings::default()) {
        Err(FixError::WouldBreak(why)) => {
            assert!(why.contains("\"Order Completed\" is declared twice"), "{why}");
            assert!(why.contains(&plan.display().to_string()), "diagnostics name the real file: {why}");
        }
        other => panic!("expected WouldBreak, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&plan).expect("read"), original);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn switched_off_rules_are_not_fixed() {
    let root = workspace_root();
    let source = PlanSource::load(root.join("fixtures/lint/fix/plan/tracking-plan.json")).expect("loads");
    let mut settings = RuleSettings::default();
    settings.set(Rule::EventCasing, lint::Level::Off);
    settings.set(Rule::PropertyCasing, lint::Level::Off);
    let outcome = lint::plan_fixes(&source, &settings).expect("fixes verify");
    let renames: Vec<(&str, &str)> = outcome.renames.iter().map(|r| (r.from.as_str(), r.to.as_str())).collect();
    assert_eq!(renames, [(" Cart  Viewed", "Cart Viewed")]);
}
