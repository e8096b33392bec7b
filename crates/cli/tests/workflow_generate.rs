//! `codegen generate` / `check` / `completions` / `--help` and codegen.json handling, as real
//! processes in temp projects. The end-to-end test covers every language whose back end is
//! part of this build: init → pull → generate → check, check fails after a manual edit and
//! passes after generate, stale generated files go, hand-written files stay.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::*;

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("TRACKPLAN_ACCEPT").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden {}: run with TRACKPLAN_ACCEPT=1", path.display()));
    assert_eq!(actual, expected, "{} changed: review, then rewrite with TRACKPLAN_ACCEPT=1", path.display());
}

#[test]
fn help_outputs_match_their_goldens() {
    let temp = tempfile::tempdir().expect("temp");
    for command in [
        &["--help"][..],
        &["init", "--help"],
        &["pull", "--help"],
        &["generate", "--help"],
        &["check", "--help"],
        &["completions", "--help"],
        &["audit", "--help"],
    ] {
        let output = run(&mut codegen(temp.path(), command), 0);
        let name = if command.len() == 1 { "codegen".to_owned() } else { command[0].to_owned() };
        golden(&format!("help/{name}.txt"), &String::from_utf8_lossy(&output.stdout));
    }
}

#[test]
fn completions_are_valid_scripts_naming_every_workflow_command() {
    let temp = tempfile::tempdir().expect("temp");
    for shell in ["bash", "zsh", "fish"] {
        let output = run(&mut codegen(temp.path(), &["completions", shell]), 0);
        let script = String::from_utf8_lossy(&output.stdout).into_owned();
        for word in ["init", "pull", "generate", "check", "plan-name", "format"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        if shell == "bash" {
            let path = temp.path().join("codegen.bash");
            std::fs::write(&path, &script).expect("write");
            let syntax = std::process::Command::new("bash").arg("-n").arg(&path).output().expect("bash");
            assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
        }
    }
    run(&mut codegen(temp.path(), &["completions", "tcsh"]), 2);
}

#[test]
fn the_published_config_schema_is_current_and_checks_configs() {
    let temp = tempfile::tempdir().expect("temp");
    let output = run(&mut codegen(temp.path(), &["schema", "--config"]), 0);
    golden("../../../../schema/codegen.schema.json", &String::from_utf8_lossy(&output.stdout));
    let schema: Value = serde_json::from_slice(&output.stdout).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let good = json!({"plans": [
        {"name": "web", "source": {"path": "plans/web.json"}, "lock": "web.lock.json",
         "outputs": [{"language": "typescript", "path": "web/src/analytics", "classPrefix": "Tp",
                      "events": {"tags": ["web"]}, "destinations": ["segment"], "validation": "track-on-invalid"}]},
        {"name": "apps", "source": {"git": "https://example.com/plans.git", "ref": "v3", "path": "apps.json"}, "version": "^3",
         "lock": "apps.lock.json", "outputs": [{"language": "swift", "path": "ios/Analytics", "package": "Analytics"},
                                               {"language": "kotlin", "path": "android/analytics"}]},
        {"name": "segment", "source": {"segment": {"trackingPlanId": "tp_1", "tokenEnv": "SEGMENT_TOKEN"}}, "lock": "segment.lock.json"},
        {"name": "http", "source": {"url": "https://plans.example.com/p.json", "tokenEnv": "PLAN_TOKEN"}, "lock": "http.lock.json"}
    ]});
    assert!(validator.is_valid(&good), "{:?}", validator.iter_errors(&good).map(|e| e.to_string()).collect::<Vec<_>>());
    for bad in [
        json!({"plans": [{"source": {"path": "p.json"}, "outputs": [{"language": "cobol", "path": "x"}]}]}),
        json!({"plans": [{"source": {"path": "p.json", "url": "https://x"}}]}),
        json!({"plans": [{"source": {"path": "p.json"}, "outputs": [{"language": "rust", "path": "x", "validation": "lenient"}]}]}),
    ] {
        assert!(!validator.is_valid(&bad), "schema accepted {bad}");
    }
    // And codegen accepts the example the schema accepts.
    write_config(temp.path(), &good);
    let listed = run(&mut codegen(temp.path(), &["check", "--plan-name", "web"]), 2);
    assert!(text(&listed).contains("plans/web.json"), "{}", text(&listed));
}

#[test]
fn configuration_errors_name_the_file_the_place_and_the_fix() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let cases = [
        (
            json!({"plans": [{"source": {"path": "p.json"}, "outputs": [{"lang": "rust", "path": "x"}]}]}),
            "plans[0].outputs[0]",
        ),
        (json!({"plans": [{"source": {"path": "p.json", "typo": 1}}]}), "write one of {\"path\": …}"),
        (
            json!({"plans": [{"source": {"path": "a.json"}}, {"source": {"path": "b.json"}}]}),
            "give each plan its own `lock`",
        ),
        (json!({"plans": [{"source": {"path": "a.json"}, "version": "three"}]}), "not a semver requirement"),
        (
            json!({"plans": [{"source": {"path": "a.json"}, "outputs": [{"language": "rust", "path": "../elsewhere"}]}]}),
            "stay inside the project",
        ),
        (json!({"plans": []}), "`plans` is empty"),
    ];
    for (config, expect) in cases {
        write_config(dir, &config);
        let output = run(&mut codegen(dir, &["generate"]), 2);
        let shown = text(&output);
        assert!(shown.contains("codegen.json") && shown.contains(expect), "expected {expect:?} in {shown}");
    }
    std::fs::remove_file(dir.join("codegen.json")).expect("remove");
    let output = run(&mut codegen(dir, &["check"]), 2);
    assert!(text(&output).contains("run `codegen init`"), "{}", text(&output));
}

#[test]
fn generate_and_check_need_no_network_and_say_when_there_is_no_lock() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    write_config(
        dir,
        &json!({"plans": [{"source": {"url": "http://127.0.0.1:9/plan.json", "tokenEnv": "T"}, "outputs": []}]}),
    );
    for command in ["generate", "check"] {
        let output = run(&mut codegen(dir, &[command]), 2);
        assert!(
            text(&output).contains("tracking-plan.lock.json: no lock file yet: run `codegen pull`"),
            "{}",
            text(&output)
        );
    }
    let json_output = run(&mut codegen(dir, &["check", "--format", "json"]), 2);
    let document: Value = serde_json::from_slice(&json_output.stdout).expect("json");
    assert_eq!(document["ok"], false);
    assert_eq!(document["exitCode"], 2);
}

#[test]
fn quiet_color_and_progress_follow_the_flags_and_the_terminal() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    copy_ecommerce(dir);
    write_config(dir, &json!({"plans": [{"source": {"path": "tracking-plan.json"}}]}));
    let quiet = run(&mut codegen(dir, &["pull", "--quiet"]), 0);
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty(), "{}", text(&quiet));
    edit_json(&dir.join("events/orders.json"), |plan| {
        plan["events"].as_array_mut().expect("events").pop();
    });
    let piped = run(&mut codegen(dir, &["pull", "--check"]), 1);
    assert!(!text(&piped).contains('\x1b'), "no colour or progress when piped");
    assert!(piped.stderr.is_empty(), "no progress when piped: {}", String::from_utf8_lossy(&piped.stderr));
    let colored = run(&mut codegen(dir, &["pull", "--check", "--color", "always"]), 1);
    assert!(text(&colored).contains("\x1b[31m"), "{}", text(&colored));
    let never = run(codegen(dir, &["pull", "--check", "--color", "never"]).env("NO_COLOR", "1"), 1);
    assert!(!text(&never).contains('\x1b'));
}

#[test]
fn several_plans_each_with_its_own_lock_and_plan_name_selection() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    copy_ecommerce(&dir.join("web"));
    copy_ecommerce(&dir.join("apps"));
    edit_json(&dir.join("apps/tracking-plan.json"), |plan| plan["name"] = json!("Acme Apps"));
    write_config(
        dir,
        &json!({"plans": [
            {"name": "web", "source": {"path": "web/tracking-plan.json"}, "lock": "web/tracking-plan.lock.json"},
            {"name": "apps", "source": {"path": "apps/tracking-plan.json"}, "lock": "apps/tracking-plan.lock.json"}
        ]}),
    );
    run(&mut codegen(dir, &["pull", "--plan-name", "apps"]), 0);
    assert!(dir.join("apps/tracking-plan.lock.json").is_file());
    assert!(!dir.join("web/tracking-plan.lock.json").exists());
    let unknown = run(&mut codegen(dir, &["pull", "--plan-name", "ios"]), 2);
    assert!(text(&unknown).contains("the plans are web, apps"), "{}", text(&unknown));
    // One broken plan stops the pull of every plan before anything is written.
    let apps_plan = std::fs::read(dir.join("apps/tracking-plan.json")).expect("read");
    std::fs::write(dir.join("apps/tracking-plan.json"), "{ not json").expect("break");
    let before = snapshot(dir);
    run(&mut codegen(dir, &["pull"]), 1);
    assert_eq!(snapshot(dir), before, "the web plan was not locked although the apps plan failed");
    std::fs::write(dir.join("apps/tracking-plan.json"), apps_plan).expect("restore");
    run(&mut codegen(&dir.join("web"), &["pull"]), 0);
    assert!(dir.join("web/tracking-plan.lock.json").is_file(), "codegen.json is found from a subdirectory");
    run(&mut codegen(dir, &["check"]), 0);
}

/// init → pull → generate → check for all four languages and every kind of source.
#[test]
fn end_to_end_for_every_language_and_source() {
    let languages = available_languages();
    assert_eq!(languages.len(), 4, "every language back end is part of the build: {languages:?}");
    let temp = tempfile::tempdir().expect("temp");
    let served = temp.path().join("served");
    copy_ecommerce(&served);
    git(&served, &["init", "--quiet"]);
    git(&served, &["add", "."]);
    git(&served, &["commit", "--quiet", "-m", "plan"]);
    let http = Server::start(file_handler(served.clone()));
    let rules = vec![
        track_rule(
            "Order Completed",
            2,
            json!({"order_id": {"type": "string"}, "total": {"type": "number"}}),
            &["order_id"],
        ),
        track_rule("Cart Viewed", 1, json!({"cart_id": {"type": ["string", "null"]}}), &[]),
    ];
    let segment = Server::start(segment_handler("tp_1", "Acme Segment", rules, 1));
    let url = format!("{}/plans/tracking-plan.json", http.base);
    let sources: [(&str, Vec<String>); 4] = [
        ("file", vec!["--example".into()]),
        ("http", vec!["--url".into(), url, "--token-env".into(), "PLAN_TOKEN".into()]),
        ("git", vec!["--git".into(), served.display().to_string(), "--ref".into(), "main".into()]),
        ("segment", vec!["--segment".into(), "tp_1".into(), "--segment-api-url".into(), segment.base.clone()]),
    ];
    for language in languages {
        for (kind, flags) in &sources {
            let dir = temp.path().join(format!("{language}-{kind}"));
            std::fs::create_dir_all(&dir).expect("mkdir");
            let out = format!("{language}-out");
            let mut init: Vec<String> =
                vec!["init".into(), "--no-input".into(), "--output".into(), format!("{language}={out}")];
            init.extend(flags.iter().cloned());
            let init: Vec<&str> = init.iter().map(String::as_str).collect();
            run(&mut codegen(&dir, &init), 0);
            if *kind == "file" {
                // Before the first pull, generate works from the plan in the repository.
                run(&mut codegen(&dir, &["generate"]), 0);
                run(&mut codegen(&dir, &["check"]), 0);
            }
            std::fs::create_dir_all(dir.join(&out)).expect("mkdir");
            std::fs::write(dir.join(&out).join("NOTES.md"), "hand-written").expect("write");
            let pulled = run(codegen(&dir, &["pull"]).env("PLAN_TOKEN", SECRET).env("SEGMENT_TOKEN", SECRET), 0);
            assert!(text(&pulled).contains(&format!("{language} {out}")), "{}", text(&pulled));
            // CI needs no credentials.
            run(codegen(&dir, &["check"]).env_remove("PLAN_TOKEN").env_remove("SEGMENT_TOKEN"), 0);
            run(&mut codegen(&dir, &["generate", "--check"]), 0);

            let files = snapshot(&dir.join(&out));
            let (edited, _) = files.iter().find(|(path, _)| path.as_os_str() != "NOTES.md").expect("a generated file");
            let edited = dir.join(&out).join(edited);
            let mut text_now = std::fs::read_to_string(&edited).expect("read");
            text_now.push_str("\n// manual edit\n");
            std::fs::write(&edited, text_now).expect("edit");
            let stale = dir.join(&out).join("stale/Old.generated");
            std::fs::create_dir_all(stale.parent().expect("parent")).expect("mkdir");
            std::fs::write(&stale, format!("// {}\n", trackplan_generator::output::GENERATED_MARKER)).expect("write");
            let failed = run(&mut codegen(&dir, &["check"]), 1);
            let shown = text(&failed);
            assert!(shown.contains("(differs)") && shown.contains("stale/Old.generated (stale)"), "{shown}");
            run(&mut codegen(&dir, &["generate"]), 0);
            run(&mut codegen(&dir, &["check"]), 0);
            assert!(!stale.exists() && !stale.parent().expect("parent").exists(), "stale generated file removed");
            assert_eq!(std::fs::read_to_string(dir.join(&out).join("NOTES.md")).expect("notes"), "hand-written");
            assert_eq!(snapshot(&dir.join(&out)), files, "{language} from {kind}: regenerated identically");
            if *kind == "file" {
                // A hand-written file where a generated one must go stops the pull before
                // the lock or any output is written.
                let (taken, _) =
                    files.iter().find(|(path, _)| path.as_os_str() != "NOTES.md").expect("a generated file");
                std::fs::write(dir.join(&out).join(taken), "hand-written, no header").expect("write");
                edit_json(&dir.join("tracking-plan.json"), |plan| plan["version"] = json!("3.3.0"));
                let before = snapshot(&dir);
                let refused = run(&mut codegen(&dir, &["pull"]), 2);
                assert!(text(&refused).contains("not generated by Trackplan"), "{}", text(&refused));
                assert_eq!(snapshot(&dir), before, "{language}: a refused pull changed files");
            }
            if *kind == "http" {
                // A failing source leaves the lock and the generated SDK byte-identical.
                let before = snapshot(&dir);
                http.set(|_| Reply::status(503, "{}"));
                run(codegen(&dir, &["pull"]).env("PLAN_TOKEN", SECRET), 3);
                assert_eq!(snapshot(&dir), before, "{language}: a failed pull changed files");
                http.set(file_handler(served.clone()));
            }
        }
    }
}

#[test]
fn one_off_generate_keeps_its_flags_and_needs_no_config() {
    let temp = tempfile::tempdir().expect("temp");
    let dir = temp.path();
    let plan = repo().join("fixtures/ecommerce/tracking-plan.json");
    let plan = plan.to_str().expect("utf-8 path");
    let usage = run(&mut codegen(dir, &["generate", "--lang", "rust"]), 2);
    assert!(text(&usage).contains("--plan"), "{}", text(&usage));
    let available = available_languages();
    for language in trackplan_generator::Language::ALL {
        let out = format!("{language}-sdk");
        let args = ["generate", "--plan", plan, "--lang", language.name(), "--out", &out];
        if available.contains(&language) {
            let output = run(&mut codegen(dir, &args), 0);
            assert!(text(&output).contains(&format!("{language} file")), "{}", text(&output));
            assert!(dir.join(&out).is_dir());
        } else {
            let output = run(&mut codegen(dir, &args), 2);
            assert!(text(&output).contains("not available"), "{}", text(&output));
            assert!(!dir.join(&out).exists(), "nothing written when generation fails");
        }
    }
    assert!(!dir.join("codegen.json").exists());
}
