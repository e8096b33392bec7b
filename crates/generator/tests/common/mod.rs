//! Helpers shared by the Kotlin and Swift SDK tests: toolchains (with the loud skip), the
//! fixture plans and vectors, canonical JSON, and building typed calls from example payloads.

#![allow(dead_code)] // Each test binary uses its own subset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Map, Value};
use trackplan_generator::{GeneratedFile, Language, Options};
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Idents, NamedKind, Property, Type};
use trackplan_plan_model::validate::js_number;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

pub fn load(relative: &str) -> Plan {
    trackplan_plan_model::load(repo().join(relative)).unwrap_or_else(|d| panic!("{relative} loads: {d}"))
}

pub fn ecommerce() -> Plan {
    load("fixtures/ecommerce/tracking-plan.json")
}

pub fn edge() -> Plan {
    load("fixtures/edge/tracking-plan.json")
}

pub fn generate(plan: &Plan, language: Language, package: Option<&str>) -> Vec<GeneratedFile> {
    let mut options = Options::default();
    options.package = package.map(str::to_owned);
    trackplan_generator::generate(plan, language, &options).expect("generates")
}

/// Writes `files` under `dir`, returning the top-level (non-adapter) source paths.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> Vec<PathBuf> {
    trackplan_generator::write_files(dir, files).expect("write generated files");
    files.iter().filter(|f| f.path.parent() == Some(Path::new(""))).map(|f| dir.join(&f.path)).collect()
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = repo().join("target").join("sdk-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The toolchain environment (`TRACKPLAN_KOTLINC`, `TRACKPLAN_SWIFT_ROOT`…), installing
/// `toolchain` through the project's script when the variables are not set. `None` means
/// skip: only when `TRACKPLAN_SKIP_TOOLCHAINS=1`, never under `CI=true`, always loudly.
pub fn toolchain(toolchain: &str, test: &str) -> Option<HashMap<String, String>> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if std::env::var("TRACKPLAN_SKIP_TOOLCHAINS").is_ok_and(|v| v == "1") {
        assert!(
            !ci,
            "TRACKPLAN_SKIP_TOOLCHAINS=1 is refused under CI=true: CI must compile the generated {toolchain} SDK"
        );
        // Written to the stream itself: libtest would capture (and hide) `eprintln!`.
        let banner = "#".repeat(70);
        let message = format!(
            "{banner}\n## SKIPPED {test}: TRACKPLAN_SKIP_TOOLCHAINS=1, generated {toolchain} NOT compiled\n{banner}\n"
        );
        let _ = std::io::Write::write_all(&mut std::io::stderr(), message.as_bytes());
        return None;
    }
    let script = repo().join("scripts/toolchains.sh");
    let status = Command::new("bash").arg(&script).args(["install", toolchain]).status().expect("run toolchains.sh");
    assert!(status.success(), "scripts/toolchains.sh install {toolchain} failed");
    let output = Command::new("bash").arg(&script).arg("env").output().expect("toolchains.sh env");
    assert!(output.status.success(), "scripts/toolchains.sh env failed");
    let mut env: HashMap<String, String> = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some((key, value)) = line.strip_prefix("export ").and_then(|l| l.split_once('=')) {
            env.insert(key.to_owned(), value.trim_matches(|c| c == '\'' || c == '"').to_owned());
        }
    }
    for (key, value) in std::env::vars().filter(|(k, _)| k.starts_with("TRACKPLAN_")) {
        env.insert(key, value);
    }
    Some(env)
}

/// Runs `command`, returning its output; panics with both streams when it cannot start.
pub fn run(command: &mut Command) -> Output {
    command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

pub fn expect_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// JSON with object keys sorted and numbers printed as ECMAScript prints them, so that
/// `119.0` and `119` compare equal as they do on the wire.
pub fn canonical(value: &Value) -> String {
    match value {
        Value::Number(number) => js_number(number),
        Value::Array(items) => format!("[{}]", items.iter().map(canonical).collect::<Vec<_>>().join(",")),
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", serde_json::to_string(k).expect("key"), canonical(&members[*k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        other => serde_json::to_string(other).expect("scalar"),
    }
}

/// `a` with `b`'s members added.
pub fn merged(a: &Value, b: &Value) -> Value {
    let mut out: Map<String, Value> = a.as_object().cloned().unwrap_or_default();
    for (k, v) in b.as_object().into_iter().flatten() {
        out.insert(k.clone(), v.clone());
    }
    Value::Object(out)
}

/// One case of `fixtures/vectors/ecommerce.json`.
pub struct Case {
    pub event: String,
    pub payload: Value,
    pub violations: Vec<Value>,
}

pub fn vectors() -> Vec<Case> {
    let text = std::fs::read_to_string(repo().join("fixtures/vectors/ecommerce.json")).expect("vectors");
    let json: Value = serde_json::from_str(&text).expect("vectors parse");
    json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| Case {
            event: c["event"].as_str().expect("event").to_owned(),
            payload: c["payload"].clone(),
            violations: c["violations"].as_array().expect("violations").clone(),
        })
        .collect()
}

/// Violations as a list sorted by (path, rule, expected, actual), for comparison.
pub fn sorted(violations: &Value) -> Vec<Value> {
    let mut list = violations.as_array().cloned().unwrap_or_default();
    list.sort_by_key(|v| ["path", "rule", "expected", "actual"].map(|k| v[k].as_str().unwrap_or_default().to_owned()));
    list
}

/// How one language spells values and calls.
pub trait Syntax {
    fn ident<'a>(&self, idents: &'a Idents) -> &'a str;
    fn string(&self, text: &str) -> String;
    fn integer(&self, value: i64) -> String;
    fn number(&self, value: f64) -> String;
    fn list(&self, items: Vec<String>) -> String;
    fn null(&self) -> String;
    /// An optional nullable property sent as `null` / with a value.
    fn explicit_null(&self) -> String;
    fn present(&self, value: String) -> String;
    fn variant(&self, type_name: &str, variant: &str) -> String;
    /// `Type(a = x)` / `Type(a: x)`; arguments in declaration order.
    fn construct(&self, callee: &str, args: &[(String, String)]) -> String;
}

/// The expression of `value` as type `ty`, or `None` when the typed API cannot express it
/// (wrong type, unknown enum value, missing required or undeclared property).
pub fn value_expr(plan: &Plan, syntax: &dyn Syntax, ty: &Type, nullable: bool, value: &Value) -> Option<String> {
    if value.is_null() {
        return nullable.then(|| syntax.null());
    }
    match (ty, value) {
        (Type::String(_), Value::String(text)) => Some(syntax.string(text)),
        (Type::Integer(_), Value::Number(n)) => {
            let x = n.as_f64()?;
            (x.fract() == 0.0 && x.abs() < 9.0e15).then(|| syntax.integer(x as i64))
        }
        (Type::Number(_), Value::Number(n)) => Some(syntax.number(n.as_f64()?)),
        (Type::Boolean, Value::Bool(b)) => Some(b.to_string()),
        (Type::Enum(id), Value::String(text)) => {
            let named = plan.ty(*id);
            let NamedKind::Enum { values } = &named.kind else { return None };
            let variant = values.iter().find(|v| v.value == *text)?;
            Some(syntax.variant(syntax.ident(&named.name), syntax.ident(&variant.variant)))
        }
        (Type::Object(id), Value::Object(_)) => {
            let named = plan.ty(*id);
            let NamedKind::Object { properties } = &named.kind else { return None };
            let args = args(plan, syntax, properties, value)?;
            Some(syntax.construct(syntax.ident(&named.name), &args))
        }
        (Type::Array(array), Value::Array(items)) => {
            let items: Option<Vec<String>> =
                items.iter().map(|item| value_expr(plan, syntax, &array.items, array.items_nullable, item)).collect();
            Some(syntax.list(items?))
        }
        _ => None,
    }
}

/// Named arguments building an object with `properties` from `value`.
pub fn args(plan: &Plan, syntax: &dyn Syntax, properties: &[Property], value: &Value) -> Option<Vec<(String, String)>> {
    let members = value.as_object()?;
    if members.keys().any(|k| !properties.iter().any(|p| p.name == *k)) {
        return None;
    }
    let mut args = Vec::new();
    for property in properties {
        let field = syntax.ident(&property.field).to_owned();
        match members.get(&property.name) {
            None if property.required => return None,
            None => {}
            Some(Value::Null) if !property.required && property.nullable => args.push((field, syntax.explicit_null())),
            Some(member) if !property.required && property.nullable => {
                let inner = value_expr(plan, syntax, &property.ty, false, member)?;
                args.push((field, syntax.present(inner)));
            }
            Some(member) => args.push((field, value_expr(plan, syntax, &property.ty, property.nullable, member)?)),
        }
    }
    Some(args)
}

/// `analytics.trackX(…)` firing `payload` as the event named `event`, when typeable.
pub fn track_call(plan: &Plan, syntax: &dyn Syntax, receiver: &str, event: &str, payload: &Value) -> Option<String> {
    let event = plan.event(event).expect("event exists");
    let args = args(plan, syntax, &event.properties, payload)?;
    Some(syntax.construct(&format!("{receiver}.{}", syntax.ident(&event.function_name)), &args))
}

/// Plan examples as `(event, payload)`, every one of them.
pub fn examples(plan: &Plan) -> Vec<(String, Value)> {
    plan.events.iter().flat_map(|e| e.examples.iter().map(|x| (e.name.clone(), x.clone()))).collect()
}

/// Global properties the harnesses start with.
pub fn globals() -> Value {
    serde_json::json!({"app_version": "5.12.0", "platform": "android", "locale": "en-US"})
}

/// Global properties that break the plan (`app_version` pattern).
pub fn invalid_globals() -> Value {
    serde_json::json!({"app_version": "five", "platform": "android"})
}

pub fn identify_traits() -> Value {
    serde_json::json!({"email": "ada.lovelace@example.com", "plan": "plus", "lifetime_orders": 3})
}

pub fn screen_properties() -> Value {
    serde_json::json!({"name": "Cart", "previous_screen": null})
}

/// Typed invalid cases: vector indexes whose payload the typed API can express (only rule
/// violations the type system cannot rule out).
pub fn typed_invalid(plan: &Plan, syntax: &dyn Syntax, cases: &[Case]) -> Vec<(usize, String)> {
    cases
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.violations.is_empty())
        .filter_map(|(i, c)| track_call(plan, syntax, "analytics", &c.event, &c.payload).map(|call| (i, call)))
        .collect()
}

/// Parses JSON lines printed by a harness.
pub fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("harness printed bad JSON ({e}): {l}")))
        .collect()
}

/// Checks everything the harness printed against the reference: examples, vectors,
/// policies, global properties. Returns how many checks passed, per kind.
pub fn check_harness(plan: &Plan, output: &[Value], typed: &[(usize, String)]) -> HashMap<&'static str, usize> {
    let cases = vectors();
    let mut counts = HashMap::new();
    let globals = globals();

    let produced: Vec<&Value> = output.iter().filter(|l| l["kind"] == "example").collect();
    let examples = examples(plan);
    assert_eq!(produced.len(), examples.len(), "one envelope per plan example");
    for ((event, example), line) in examples.iter().zip(&produced) {
        assert_eq!(line["event"], Value::String(event.clone()));
        assert_eq!(
            canonical(&line["properties"]),
            canonical(&merged(example, &globals)),
            "{event}: JSON sent differs from the plan example merged with the global properties"
        );
    }
    counts.insert("examples", produced.len());

    let produced: Vec<&Value> = output.iter().filter(|l| l["kind"] == "vector").collect();
    assert_eq!(produced.len(), cases.len(), "one verdict per vector case");
    for (case, line) in cases.iter().zip(&produced) {
        assert_eq!(
            sorted(&line["violations"]),
            sorted(&Value::Array(case.violations.clone())),
            "{}: violations differ for payload {}",
            case.event,
            case.payload
        );
    }
    counts.insert("vectors", produced.len());

    let produced: Vec<&Value> = output.iter().filter(|l| l["kind"] == "policy").collect();
    assert_eq!(produced.len(), typed.len() * 4, "every typed invalid case under every policy");
    assert!(typed.len() >= 10, "at least ten invalid payloads are expressible through the typed API");
    for line in &produced {
        let case = &cases[line["case"].as_u64().expect("case") as usize];
        let expected = sorted(&Value::Array(case.violations.clone()));
        let policy = line["policy"].as_str().expect("policy").to_ascii_lowercase().replace('_', "");
        let (sent, reported, thrown) = match policy.as_str() {
            "disabled" => (true, vec![], None),
            "trackoninvalid" => (true, expected.clone(), None),
            "skiponinvalid" => (false, expected.clone(), None),
            "erroroninvalid" => (false, expected.clone(), Some(expected.clone())),
            other => panic!("unknown policy {other}"),
        };
        assert_eq!(line["sent"], Value::Bool(sent), "{policy}: sent? {line}");
        assert_eq!(sorted(&line["reported"]), reported, "{policy}: reported violations {line}");
        assert_eq!(line["thrown"].as_array().map(|_| sorted(&line["thrown"])), thrown, "{policy}: thrown {line}");
    }
    counts.insert("policies", produced.len());

    let global_props = &plan.global_properties.as_ref().expect("globals").properties;
    let mut validator = trackplan_plan_model::validate::Validator::new(plan);
    let mut expected: Vec<Value> = validator
        .object(global_props, &invalid_globals())
        .into_iter()
        .map(|v| serde_json::to_value(v).expect("violation"))
        .collect();
    expected = sorted(&Value::Array(expected));
    assert!(!expected.is_empty());
    let line = output.iter().find(|l| l["kind"] == "globals-error").expect("globals-error line");
    assert_eq!(sorted(&line["thrown"]), expected, "invalid global properties throw under error-on-invalid");
    let line = output.iter().find(|l| l["kind"] == "globals-skip").expect("globals-skip line");
    let (event, example) = &examples[0];
    assert_eq!(line["event"], Value::String(event.clone()));
    assert_eq!(canonical(&line["properties"]), canonical(example), "skipped globals are left out, the event is sent");
    assert_eq!(sorted(&line["reported"]), expected);
    counts.insert("globals", 2);
    counts
}

/// Checks what one emulator received from a harness's built-in transport.
pub fn check_delivery(plan: &Plan, emulator: &trackplan_emulators::Emulator) -> usize {
    use trackplan_emulators::Vendor;
    let examples = examples(plan);
    let globals = globals();
    // identify + every example + screen.
    let expected_count = examples.len() + 2;
    assert!(
        emulator.wait_for(expected_count, std::time::Duration::from_secs(30)),
        "{:?} received {} of {expected_count} calls",
        emulator.vendor(),
        emulator.received().len()
    );
    assert!(emulator.duplicate_ids().is_empty(), "exactly once: {:?}", emulator.duplicate_ids());
    assert!(emulator.rejected().is_empty(), "nothing refused: {:?}", emulator.rejected());
    assert!(emulator.dropped().is_empty(), "nothing dropped");
    let received = emulator.received();
    let tracks: Vec<(String, Value)> = received
        .iter()
        .filter_map(|r| match emulator.vendor() {
            Vendor::Segment => {
                let name = r.json["event"].as_str().filter(|_| r.json["type"] == "track")?;
                Some((name.to_owned(), r.json["properties"].clone()))
            }
            Vendor::Amplitude => {
                let name = r.json["event_type"].as_str()?;
                (plan.event(name).is_some()).then(|| (name.to_owned(), r.json["event_properties"].clone()))
            }
            Vendor::Mixpanel => {
                let name = r.json["event"].as_str()?;
                let mut properties = r.json["properties"].as_object()?.clone();
                for meta in ["time", "distinct_id", "$insert_id"] {
                    properties.remove(meta);
                }
                (plan.event(name).is_some()).then(|| (name.to_owned(), Value::Object(properties)))
            }
        })
        .collect();
    let mut got: Vec<String> = tracks.iter().map(|(e, p)| format!("{e} {}", canonical(p))).collect();
    let mut want: Vec<String> =
        examples.iter().map(|(e, x)| format!("{e} {}", canonical(&merged(x, &globals)))).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "{:?}: tracked events as received", emulator.vendor());
    received.len()
}
