//! `build::rust_outputs`: what a crate's build.rs gets from codegen.json and the lock.

use std::path::Path;

use trackplan_workflow::build::rust_outputs;

fn copy_ecommerce(dir: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ecommerce");
    for name in [
        "tracking-plan.json",
        "events/browsing.json",
        "events/checkout.json",
        "events/coupons.json",
        "events/orders.json",
    ] {
        let target = dir.join(name);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(source.join(name), &target).expect("copy");
    }
}

#[test]
fn a_crate_gets_its_own_rust_outputs_with_their_selection_from_the_monorepo_config() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    copy_ecommerce(&root.join("plan"));
    std::fs::create_dir_all(root.join("crates/shop")).expect("mkdir");
    let config = serde_json::json!({"plans": [{
        "source": {"path": "plan/tracking-plan.json"},
        "outputs": [
            {"language": "rust", "path": "crates/shop/src/tracking", "events": {"tags": ["coupons"]}, "classPrefix": "Tp",
             "validation": "skip-on-invalid", "destinations": ["segment"]},
            {"language": "rust", "path": "crates/other/src/tracking"},
            {"language": "typescript", "path": "crates/shop/web"}
        ]
    }]});
    std::fs::write(root.join("codegen.json"), config.to_string()).expect("config");

    // Before any pull: the local plan, and its files are watched.
    let inputs = rust_outputs(&root.join("crates/shop")).expect("inputs");
    assert_eq!(inputs.outputs.len(), 1, "only the rust output inside this crate");
    let output = &inputs.outputs[0];
    assert_eq!(output.path, Path::new("src/tracking"));
    assert_eq!(output.options.class_prefix.as_deref(), Some("Tp"));
    assert_eq!(output.options.default_policy.as_deref(), Some("skip-on-invalid"));
    assert_eq!(output.plan.events.len(), 4);
    assert!(output.plan.events.iter().all(|e| e.tags.iter().any(|t| t == "coupons")), "selection applied");
    assert!(output.plan.destinations.iter().all(|d| d.name == "segment"));
    assert!(inputs.watch.iter().any(|p| p.ends_with("codegen.json")));
    assert!(inputs.watch.iter().any(|p| p.ends_with("events/orders.json")), "{:?}", inputs.watch);

    // After a pull: the lock, and only the lock, pins the plan.
    let project = trackplan_workflow::Project::discover(root).expect("project");
    let plan_config = project.config.plans[0].clone();
    let mut without_outputs = plan_config.clone();
    without_outputs.outputs.clear();
    project.pull(&without_outputs, &Default::default(), &mut |_| {}).expect("pull");
    std::fs::write(root.join("plan/tracking-plan.json"), "{ broken").expect("break the local plan");
    let inputs = rust_outputs(&root.join("crates/shop")).expect("inputs from the lock");
    assert!(inputs.watch.iter().any(|p| p.ends_with("tracking-plan.lock.json")));
    assert!(!inputs.outputs[0].plan.events.is_empty());

    // A crate without rust outputs gets none, and no error.
    std::fs::create_dir_all(root.join("crates/empty")).expect("mkdir");
    assert!(rust_outputs(&root.join("crates/empty")).expect("inputs").outputs.is_empty());
}

#[test]
fn generate_rust_outputs_writes_into_out_dir_or_names_the_output_that_failed() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    copy_ecommerce(root);
    std::fs::create_dir_all(root.join("app")).expect("mkdir");
    let config = serde_json::json!({"plans": [{"source": {"path": "tracking-plan.json"},
        "outputs": [{"language": "rust", "path": "app/src/tracking"}]}]});
    std::fs::write(root.join("codegen.json"), config.to_string()).expect("config");
    let out_dir = root.join("out");
    let rust_available = !matches!(
        trackplan_generator::generate(
            &trackplan_plan_model::load(root.join("tracking-plan.json")).expect("plan"),
            trackplan_generator::Language::Rust,
            &Default::default()
        ),
        Err(trackplan_generator::GenerateError::Unavailable(_))
    );
    match trackplan_workflow::build::generate_rust_outputs(&root.join("app"), &out_dir) {
        Ok(written) => {
            assert!(rust_available);
            assert_eq!(written, [out_dir.join("src/tracking")]);
            assert!(std::fs::read_dir(&written[0]).expect("written").next().is_some());
        }
        Err(error) => {
            assert!(!rust_available, "{error}");
            assert!(error.to_string().contains("rust output src/tracking"), "{error}");
            assert!(!out_dir.exists());
        }
    }
}
