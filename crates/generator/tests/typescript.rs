//! The generated TypeScript SDK, compiled with the pinned `tsc --strict` and run under Node:
//! type checks for every loadable fixture plan, type errors the SDK must reject, the shared
//! validation vectors, every policy, and delivery of every e-commerce example to the local
//! vendor emulators through the built-in transport and the official Segment and Amplitude
//! Node SDKs. Needs `scripts/toolchains.sh install typescript typescript-sdk`; skips loudly
//! with TRACKPLAN_SKIP_TOOLCHAINS=1 (refused under CI=true).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use trackplan_emulators::{Config, Emulator, Fault, Vendor};
use trackplan_generator::{Language, Options, generate, write_files};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Paths of the pinned toolchain, from the environment or `scripts/toolchains.sh env`.
struct Toolchain {
    tsc: PathBuf,
    sdk_modules: PathBuf,
}

fn toolchain() -> Option<Toolchain> {
    let skip = std::env::var("TRACKPLAN_SKIP_TOOLCHAINS").is_ok_and(|v| v == "1");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if skip && !ci {
        eprintln!("######## TYPESCRIPT TOOLCHAIN TESTS SKIPPED (TRACKPLAN_SKIP_TOOLCHAINS=1) ########");
        return None;
    }
    let mut tsc = std::env::var_os("TRACKPLAN_TSC").map(PathBuf::from);
    let mut modules = std::env::var_os("TRACKPLAN_TS_SDK_NODE_MODULES").map(PathBuf::from);
    if tsc.is_none() || modules.is_none() {
        let out =
            Command::new(repo().join("scripts/toolchains.sh")).arg("env").output().expect("run toolchains.sh env");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Some((name, value)) = line.strip_prefix("export ").and_then(|l| l.split_once('=')) else { continue };
            match name {
                "TRACKPLAN_TSC" => tsc = tsc.or_else(|| Some(PathBuf::from(value))),
                "TRACKPLAN_TS_SDK_NODE_MODULES" => modules = modules.or_else(|| Some(PathBuf::from(value))),
                _ => {}
            }
        }
    }
    match (tsc, modules) {
        (Some(tsc), Some(sdk_modules)) => Some(Toolchain { tsc, sdk_modules }),
        _ => panic!(
            "the TypeScript toolchain is not installed: run `scripts/toolchains.sh install typescript typescript-sdk` \
             (or set TRACKPLAN_SKIP_TOOLCHAINS=1 to skip these tests locally)"
        ),
    }
}

/// A temporary directory with the generated SDKs and the test programs, compiled once.
struct Workspace {
    dir: PathBuf,
    /// Output of the strict type check of every generated SDK; empty when it passed.
    sdk_errors: String,
    /// Output of compiling the harness, the negative file and the vendor type check.
    build_errors: String,
}

fn run(command: &mut Command) -> (bool, String) {
    let out = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn generate_into(plan: &Path, dir: &Path) {
    let plan = trackplan_plan_model::load(plan).unwrap_or_else(|d| panic!("{d}"));
    let files = generate(&plan, Language::TypeScript, &Options::default()).expect("generate");
    write_files(dir, &files).expect("write");
}

/// Every fixture plan that loads: the e-commerce and edge plans (fixtures/invalid must not load).
const PLANS: [(&str, &str); 2] =
    [("sdk", "fixtures/ecommerce/tracking-plan.json"), ("edge", "fixtures/edge/tracking-plan.json")];

fn workspace() -> Option<&'static Workspace> {
    static WORKSPACE: OnceLock<Option<Workspace>> = OnceLock::new();
    WORKSPACE
        .get_or_init(|| {
            let toolchain = toolchain()?;
            let dir = std::env::temp_dir().join(format!("trackplan-ts-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("temp dir");
            for (name, plan) in PLANS {
                generate_into(&repo().join(plan), &dir.join(name));
            }
            let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/typescript");
            for file in ["harness.ts", "negative.ts", "vendor_types.ts", "size.js"] {
                std::fs::copy(tests.join(file), dir.join(file)).expect("copy test file");
            }
            std::os::unix::fs::symlink(&toolchain.sdk_modules, dir.join("node_modules")).expect("link node_modules");
            // The SDKs alone, as strict as a careful project would be, with no DOM or Node
            // typings: they must compile for browsers, Node and React Native alike.
            let sdk_config = json!({"compilerOptions": {
                "strict": true, "noEmit": true, "target": "ES2019", "module": "ES2020", "moduleResolution": "bundler",
                "noUnusedLocals": true, "noUnusedParameters": true, "noImplicitReturns": true,
                "noFallthroughCasesInSwitch": true, "noImplicitOverride": true, "isolatedModules": true,
                "lib": ["ES2019"], "types": []},
                "include": PLANS.iter().map(|(name, _)| format!("{name}/**/*.ts")).collect::<Vec<_>>()});
            std::fs::write(dir.join("tsconfig.sdk.json"), sdk_config.to_string()).expect("write tsconfig");
            let build_config = json!({"compilerOptions": {
                "strict": true, "target": "ES2019", "module": "commonjs", "esModuleInterop": true, "outDir": "build",
                "lib": ["ES2019"], "types": ["node"], "skipLibCheck": true},
                "files": ["harness.ts", "negative.ts", "vendor_types.ts"]});
            std::fs::write(dir.join("tsconfig.json"), build_config.to_string()).expect("write tsconfig");
            let (sdk_ok, sdk_out) = run(Command::new(&toolchain.tsc).arg("-p").arg(dir.join("tsconfig.sdk.json")));
            let (build_ok, build_out) = run(Command::new(&toolchain.tsc).arg("-p").arg(dir.join("tsconfig.json")));
            Some(Workspace {
                dir,
                sdk_errors: if sdk_ok { String::new() } else { sdk_out },
                build_errors: if build_ok { String::new() } else { build_out },
            })
        })
        .as_ref()
}

/// The compiled harness, or None when toolchains are skipped.
fn harness() -> Option<&'static Workspace> {
    let ws = workspace()?;
    assert!(ws.build_errors.is_empty(), "the harness did not compile:\n{}", ws.build_errors);
    Some(ws)
}

fn node(ws: &Workspace, args: &[&str]) -> String {
    let (ok, out) =
        run(Command::new("node").current_dir(&ws.dir).arg("build/harness.js").args(args).env_remove("NODE_ENV"));
    assert!(ok, "node harness {args:?} failed:\n{out}");
    out
}

#[test]
fn every_fixture_sdk_type_checks_strictly() {
    let Some(ws) = workspace() else { return };
    assert!(ws.sdk_errors.is_empty(), "tsc --strict rejected a generated SDK:\n{}", ws.sdk_errors);
}

#[test]
fn type_errors_are_rejected_and_adapters_fit_the_vendor_sdks() {
    // negative.ts holds one `@ts-expect-error` per mistake (wrong event name, missing required
    // property, wrong type, wrong enum value, …): tsc fails on any that type-checks.
    // vendor_types.ts passes the real vendor clients to the adapters.
    let Some(ws) = workspace() else { return };
    assert!(ws.build_errors.is_empty(), "{}", ws.build_errors);
    let negative = std::fs::read_to_string(ws.dir.join("negative.ts")).expect("read");
    assert!(negative.matches("@ts-expect-error").count() >= 8);
}

#[test]
fn validators_replay_the_shared_vectors_exactly() {
    let Some(ws) = harness() else { return };
    let path = repo().join("fixtures/vectors/ecommerce.json");
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read vectors")).expect("json");
    let verdicts: Vec<Vec<Value>> =
        serde_json::from_str(&node(ws, &["vectors", path.to_str().expect("utf-8")])).expect("json");
    let cases = vectors["cases"].as_array().expect("cases");
    assert_eq!(verdicts.len(), cases.len());
    let sorted = |list: &[Value]| {
        let mut list = list.to_vec();
        list.sort_by_key(|v| {
            (v["path"].as_str().unwrap_or("").to_owned(), v["rule"].as_str().unwrap_or("").to_owned())
        });
        list
    };
    let mut invalid = 0;
    for (case, got) in cases.iter().zip(&verdicts) {
        let expected = sorted(case["violations"].as_array().expect("violations"));
        invalid += usize::from(!expected.is_empty());
        assert_eq!(sorted(got), expected, "{} ({})", case["event"], case["why"]);
    }
    assert!(invalid > 40, "the vectors should hold the invalid payloads too");
}

/// Property names `Object.prototype` also has (`__proto__`, `constructor`, `toString`…) are
/// read from the payload's own keys: present or absent, wrongly typed or not, the edge plan's
/// validator agrees with the reference validator.
#[test]
fn inherited_names_are_read_from_the_payload_itself() {
    let Some(ws) = harness() else { return };
    let plan = trackplan_plan_model::load(repo().join("fixtures/edge/tracking-plan.json")).expect("edge plan");
    let event = plan.event("class").expect("the reserved-words event");
    let required = json!({"class": "c", "__proto__": true});
    let payloads = [
        event.examples[0].clone(),
        required.clone(),
        json!({"class": "c"}),
        json!({"class": "c", "__proto__": {}}),
        json!({"class": "c", "__proto__": true, "constructor": "x", "toString": 1.5, "valueOf": 1, "hasOwnProperty": 2}),
        json!({"class": "c", "__proto__": true, "__defineGetter__": 1, "propertyIsEnumerable": null}),
        // An undeclared key makes the validator list the declared ones: inherited names too.
        json!({"class": "c", "__proto__": true, "constructor": 1, "toString": 2, "undeclared": 1}),
    ];
    let sorted = |list: Value| {
        let mut list = list.as_array().expect("list").clone();
        list.sort_by_key(|v| {
            (v["path"].as_str().unwrap_or("").to_owned(), v["rule"].as_str().unwrap_or("").to_owned())
        });
        list
    };
    let mut validator = trackplan_plan_model::validate::Validator::new(&plan);
    let expected: Vec<Vec<Value>> = payloads
        .iter()
        .map(|payload| sorted(serde_json::to_value(validator.object(&event.properties, payload)).expect("json")))
        .collect();
    assert!(expected[1].is_empty() && expected[2].len() == 1 && expected[4].len() == 4 && expected[6].len() == 1);
    let cases: Vec<Value> = payloads.iter().map(|payload| json!({"event": "class", "payload": payload})).collect();
    let file = ws.dir.join("inherited-names.json");
    std::fs::write(&file, json!({ "cases": cases }).to_string()).expect("write cases");
    let verdicts: Vec<Value> =
        serde_json::from_str(&node(ws, &["vectors", file.to_str().expect("utf-8"), "edge"])).expect("json");
    assert_eq!(verdicts.len(), payloads.len());
    for ((payload, got), expected) in payloads.iter().zip(verdicts).zip(&expected) {
        assert_eq!(&sorted(got), expected, "{payload}");
    }
}

#[test]
fn every_policy_behaves_as_documented() {
    let Some(ws) = harness() else { return };
    assert_eq!(node(ws, &["policies"]), "ok");
}

/// `YYYY-MM-DDTHH:MM:SS.000Z` of a Unix time in seconds.
fn iso(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z", rest / 3600, rest / 60 % 60, rest % 60)
}

/// One fired example: what the harness sends and what the emulator must receive.
struct Case {
    event: String,
    properties: Value,
    message_id: String,
    timestamp: String,
    millis: u64,
}

const USER: &str = "user-12345";

fn globals() -> Value {
    json!({"app_version": "5.12.0", "platform": "web", "locale": "en-US", "session_id": "3f2c8a4e-9b1d-4c6f-8e2a-7d5b1c9e0f34"})
}

/// Every example of every e-commerce event, written for the harness.
fn cases(ws: &Workspace, name: &str) -> (PathBuf, Vec<Case>) {
    let plan = trackplan_plan_model::load(repo().join(PLANS[0].1)).expect("plan");
    let start = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs() - 3_600;
    let mut cases = Vec::new();
    let mut fired = Vec::new();
    for event in &plan.events {
        for example in &event.examples {
            let index = cases.len() as u64;
            let case = Case {
                event: event.name.clone(),
                properties: {
                    let mut merged = globals();
                    merged.as_object_mut().expect("object").extend(example.as_object().expect("object").clone());
                    numbers(merged)
                },
                message_id: format!("00000000-0000-4000-8000-{index:012}"),
                timestamp: iso(start + index),
                millis: (start + index) * 1000,
            };
            fired.push(json!({"function": event.function_name.typescript, "payload": example,
                "messageId": case.message_id, "timestamp": case.timestamp}));
            cases.push(case);
        }
    }
    assert!(cases.len() >= plan.events.len(), "every event has examples");
    let path = ws.dir.join(format!("cases-{name}.json"));
    std::fs::write(&path, json!({"globals": globals(), "userId": USER, "events": fired}).to_string()).expect("write");
    (path, cases)
}

/// Fires every example through `client` at a fresh emulator; returns what it received, by id.
fn deliver(vendor: Vendor, client: &str, faults: Vec<Fault>) -> Option<(Emulator, Vec<Case>)> {
    let ws = harness()?;
    let emulator = Emulator::start(vendor, Config::default());
    emulator.push_faults(faults);
    let (file, cases) = cases(ws, client);
    node(ws, &["deliver", client, &emulator.base_url(), file.to_str().expect("utf-8")]);
    assert!(emulator.wait_for(cases.len(), Duration::from_secs(20)), "{client}: not every event arrived");
    assert!(emulator.rejected().is_empty(), "{client}: rejected {:?}", emulator.rejected());
    Some((emulator, cases))
}

fn by_id(emulator: &Emulator) -> std::collections::HashMap<String, Value> {
    emulator.received().into_iter().filter_map(|e| Some((e.id?, numbers(e.json)))).collect()
}

/// The value with whole numbers as integers: the plan writes `119.0`, JSON.stringify `119`.
fn numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 9e15 => json!(x as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(numbers).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, numbers(v))).collect()),
        other => other,
    }
}

#[test]
fn builtin_transport_sends_exact_segment_json() {
    let Some((emulator, cases)) = deliver(Vendor::Segment, "segment", vec![]) else { return };
    let received = by_id(&emulator);
    assert_eq!(received.len(), cases.len());
    for case in &cases {
        let expected = json!({"messageId": case.message_id, "timestamp": case.timestamp, "userId": USER,
            "type": "track", "event": case.event, "properties": case.properties,
            "context": {"library": {"name": "trackplan", "version": "1"}}});
        assert_eq!(received[&case.message_id], expected, "{}", case.event);
    }
    let request = &emulator.requests()[0];
    assert!(request.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("authorization")));
}

#[test]
fn builtin_transport_sends_exact_amplitude_json() {
    let Some((emulator, cases)) = deliver(Vendor::Amplitude, "amplitude", vec![]) else { return };
    let received = by_id(&emulator);
    for case in &cases {
        let expected = json!({"user_id": USER, "time": case.millis, "insert_id": case.message_id,
            "library": "trackplan/1", "event_type": case.event, "event_properties": case.properties});
        assert_eq!(received[&case.message_id], expected, "{}", case.event);
    }
}

#[test]
fn builtin_transport_sends_exact_mixpanel_json() {
    let Some((emulator, cases)) = deliver(Vendor::Mixpanel, "mixpanel", vec![]) else { return };
    let received = by_id(&emulator);
    for case in &cases {
        let mut properties = case.properties.clone();
        properties.as_object_mut().expect("object").extend(
            json!({"time": case.millis, "distinct_id": USER, "$insert_id": case.message_id, "$user_id": USER,
                "mp_lib": "trackplan"})
            .as_object()
            .expect("object")
            .clone(),
        );
        assert_eq!(
            received[&case.message_id],
            json!({"event": case.event, "properties": properties}),
            "{}",
            case.event
        );
    }
}

#[test]
fn builtin_transport_retries_with_the_same_ids_and_honours_retry_after() {
    // A 503 with Retry-After, then a reset after the batch was ingested: the batch is sent
    // three times, always with the same ids, so the vendor can deduplicate.
    let faults = vec![Fault::status(503).retry_after(1), Fault::reset().ingested()];
    let Some((emulator, cases)) = deliver(Vendor::Segment, "any-segment", faults) else { return };
    let counts = emulator.count_by_id();
    assert_eq!(counts.len(), cases.len(), "every id arrives, none is invented");
    assert!(counts.values().all(|&n| n == 2), "ingested twice (before the reset and on retry): {counts:?}");
    let requests = emulator.requests();
    assert!(requests.len() >= 3, "{} requests", requests.len());
    assert_eq!(requests[0].status, Some(503));
}

#[test]
fn official_segment_node_sdk_delivers_the_same_events() {
    let Some((emulator, cases)) = deliver(Vendor::Segment, "segment-node", vec![]) else { return };
    let received = by_id(&emulator);
    for case in &cases {
        let got = &received[&case.message_id];
        assert_eq!(got["type"], "track");
        assert_eq!(got["event"], case.event.as_str());
        assert_eq!(got["properties"], case.properties, "{}", case.event);
        assert_eq!(got["userId"], USER);
        assert_eq!(got["timestamp"], case.timestamp.as_str());
    }
}

#[test]
fn official_amplitude_node_sdk_delivers_the_same_events() {
    let Some((emulator, cases)) = deliver(Vendor::Amplitude, "amplitude-node", vec![]) else { return };
    let received = by_id(&emulator);
    for case in &cases {
        let got = &received[&case.message_id];
        assert_eq!(got["event_type"], case.event.as_str());
        assert_eq!(got["event_properties"], case.properties, "{}", case.event);
        assert_eq!(got["user_id"], USER);
        assert_eq!(got["time"], case.millis);
    }
}

#[test]
fn generated_sdk_is_small() {
    let Some(ws) = harness() else { return };
    let (ok, out) = run(Command::new("node").current_dir(&ws.dir).arg("size.js").arg(ws.dir.join("sdk")));
    assert!(ok, "{out}");
    let sizes: Value = serde_json::from_str(&out).expect("json");
    eprintln!("generated e-commerce SDK, minified + gzipped: {sizes}");
    // Budgets just above the measured figures (see docs/typescript.md): they fail on growth.
    // `sdk` is every generated module but the adapters; the 4 KB is not met.
    for (what, budget) in [("sdk", 9_550), ("app", 8_600), ("app_segment", 7_990), ("index_and_runtime", 6_650)] {
        let gzip = sizes[what]["gzip"].as_u64().expect("size");
        assert!(gzip < budget, "{what} is {gzip} bytes min+gzip, over its budget of {budget}");
    }
}
