//! Benchmarks of the TypeScript SDK, printed as JSON lines:
//! - generating TypeScript for `synthetic_plan(3000, 42)`, and quicktype-core (Typewriter's
//!   engine) on the same per-event JSON Schemas, same run;
//! - the generated validation of Order Completed vs ajv with a cached compiled schema;
//! - `trackOrderCompleted()` through the built-in transport vs `@segment/analytics-node`'s
//!   `track()` with a no-op HTTP client.
//!
//! Run with `cargo bench -p trackplan-generator --bench typescript` after
//! `scripts/toolchains.sh install typescript typescript-sdk`. `--skip-quicktype` leaves out the
//! slowest part.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use trackplan_generator::{Language, Options, generate, write_files};
use trackplan_plan_model::json_schema::{Draft, event_schema};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn toolchain_env() -> Vec<(String, String)> {
    let out = Command::new(repo().join("scripts/toolchains.sh")).arg("env").output().expect("toolchains.sh env");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix("export ")?.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect()
}

fn var(env: &[(String, String)], name: &str) -> PathBuf {
    let value = std::env::var(name).ok().or_else(|| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
    PathBuf::from(
        value.unwrap_or_else(|| {
            panic!("{name} is not set: run scripts/toolchains.sh install typescript typescript-sdk")
        }),
    )
}

fn node(dir: &Path, args: &[&str]) -> Value {
    let out = Command::new("node").current_dir(dir).args(args).output().expect("run node");
    assert!(out.status.success(), "node {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json from node")
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let skip_quicktype = std::env::args().any(|a| a == "--skip-quicktype");
    let env = toolchain_env();
    let modules = var(&env, "TRACKPLAN_TS_SDK_NODE_MODULES");
    let tsc = var(&env, "TRACKPLAN_TSC");
    let dir = std::env::temp_dir().join(format!("trackplan-ts-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::os::unix::fs::symlink(&modules, dir.join("node_modules")).expect("link node_modules");
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/typescript");
    for script in ["common.js", "validate.js", "track.js", "quicktype.js"] {
        std::fs::copy(scripts.join(script), dir.join(script)).expect("copy bench script");
    }

    // Generation for 3,000 events.
    let text = trackplan_plan_synth::synthetic_plan(3000, 42).to_string();
    let load_start = Instant::now();
    let plan = trackplan_plan_model::load_from_str("synthetic.json", text).expect("synthetic plan loads");
    let load = load_start.elapsed();
    let options = Options::default();
    let mut lines = 0;
    let generation = best_of(5, || {
        let files = generate(&plan, Language::TypeScript, &options).expect("generate");
        lines = files.iter().map(|f| f.contents.lines().count()).sum();
    });
    let mut report = json!({"events": plan.events.len(), "load_ms": load.as_secs_f64() * 1e3,
        "generate_ms": generation.as_secs_f64() * 1e3, "lines": lines});
    if !skip_quicktype {
        let schemas: Vec<Value> = plan
            .events
            .iter()
            .map(|e| json!({"name": e.type_name.typescript, "schema": event_schema(&plan, e, Draft::Draft07)}))
            .collect();
        std::fs::write(dir.join("schemas.json"), Value::Array(schemas).to_string()).expect("write schemas");
        let quicktype = node(&dir, &["quicktype.js", "schemas.json"]);
        let seconds = quicktype["quicktype"]["seconds"].as_f64().unwrap_or(f64::NAN);
        report["quicktype"] = quicktype["quicktype"].clone();
        report["speedup_vs_quicktype"] = json!(seconds / generation.as_secs_f64());
    }
    println!("{}", json!({"generation": report}));

    // The e-commerce SDK, compiled to CommonJS for Node.
    let ecommerce = trackplan_plan_model::load(repo().join("fixtures/ecommerce/tracking-plan.json")).expect("plan");
    let files = generate(&ecommerce, Language::TypeScript, &options).expect("generate");
    write_files(&dir.join("sdk"), &files).expect("write sdk");
    let config = json!({"compilerOptions": {"strict": true, "target": "ES2019", "module": "commonjs",
        "outDir": "build/sdk", "rootDir": "sdk", "lib": ["ES2019"], "types": []}, "include": ["sdk/**/*.ts"]});
    std::fs::write(dir.join("tsconfig.json"), config.to_string()).expect("write tsconfig");
    let out = Command::new(&tsc).current_dir(&dir).arg("-p").arg("tsconfig.json").output().expect("tsc");
    assert!(out.status.success(), "tsc: {}", String::from_utf8_lossy(&out.stdout));
    let order = ecommerce.event("Order Completed").expect("Order Completed");
    std::fs::write(
        dir.join("order-completed.schema.json"),
        event_schema(&ecommerce, order, Draft::Draft07).to_string(),
    )
    .expect("write schema");
    std::fs::write(dir.join("examples.json"), Value::Array(order.examples.clone()).to_string())
        .expect("write examples");
    let dir_arg = dir.to_str().expect("utf-8 temp dir");
    println!("{}", node(&dir, &["validate.js", dir_arg]));
    println!("{}", node(&dir, &["track.js", dir_arg]));
    let _ = std::fs::remove_dir_all(&dir);
}
