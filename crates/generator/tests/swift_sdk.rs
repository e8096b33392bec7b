//! The generated Swift SDK, compiled with the real swiftc (`-warnings-as-errors`) inside the
//! project's Swift chroot and run: the e-commerce SDK builds as a library
//! (`-parse-as-library`), both fixture plans compile with the vendor adapters (against stub
//! modules of analytics-swift, Amplitude-Swift and Mixpanel-swift), and a harness executable
//! fires every e-commerce example through the typed API, replays the shared validation
//! vectors, exercises every policy and global properties, and delivers through the built-in
//! URLSession transport to the local Segment, Amplitude and Mixpanel emulators. Misuse of the
//! typed API must not compile.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

use common::*;
use trackplan_emulators::{Config, Emulator, Fault, Vendor};
use trackplan_generator::Language;
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Idents, Status};

struct Swift;

fn swift_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Syntax for Swift {
    fn ident<'a>(&self, idents: &'a Idents) -> &'a str {
        &idents.swift
    }
    fn string(&self, text: &str) -> String {
        swift_string(text)
    }
    fn integer(&self, value: i64) -> String {
        value.to_string()
    }
    fn number(&self, value: f64) -> String {
        let text = format!("{value:?}");
        if text.contains(['.', 'e']) { text } else { format!("{text}.0") }
    }
    fn list(&self, items: Vec<String>) -> String {
        format!("[{}]", items.join(", "))
    }
    fn null(&self) -> String {
        "nil".to_owned()
    }
    fn explicit_null(&self) -> String {
        ".some(nil)".to_owned()
    }
    fn present(&self, value: String) -> String {
        value
    }
    fn variant(&self, type_name: &str, variant: &str) -> String {
        format!("{type_name}.{variant}")
    }
    fn construct(&self, callee: &str, args: &[(String, String)]) -> String {
        let args: Vec<String> =
            args.iter().map(|(name, value)| format!("{}: {value}", name.trim_matches('`'))).collect();
        format!("{callee}({})", args.join(", "))
    }
}

/// `try analytics.trackX(…)`; deprecated events go through `track(_:)` with their struct, since
/// calling the deprecated function would warn (and `-warnings-as-errors` fail the harness).
fn swift_track(plan: &Plan, event: &str, payload: &serde_json::Value) -> Option<String> {
    let definition = plan.event(event).expect("event");
    if definition.status == Status::Deprecated {
        let args = args(plan, &Swift, &definition.properties, payload)?;
        return Some(format!("try analytics.track({})", Swift.construct(&definition.type_name.swift, &args)));
    }
    track_call(plan, &Swift, "analytics", event, payload).map(|call| format!("try {call}"))
}

fn call_type(plan: &Plan, call: &trackplan_plan_model::model::Call, value: &serde_json::Value) -> String {
    let args = args(plan, &Swift, &call.properties, value).expect("typeable call");
    Swift.construct(&call.type_name.swift, &args)
}

fn harness(plan: &Plan, typed: &[(usize, String)]) -> String {
    let globals_type = plan.global_properties.as_ref().expect("globals");
    let globals = call_type(plan, globals_type, &globals());
    let invalid_globals = call_type(plan, globals_type, &invalid_globals());
    let identify = call_type(plan, plan.identify.as_ref().expect("identify"), &identify_traits());
    let screen = call_type(plan, plan.screen.as_ref().expect("screen"), &screen_properties());
    let example_calls: String = examples(plan)
        .iter()
        .map(|(event, payload)| format!("    {}\n", swift_track(plan, event, payload).expect("typeable")))
        .collect();
    let (first_event, first_example) = &examples(plan)[0];
    let first_call = swift_track(plan, first_event, first_example).expect("typeable");
    let policy_calls: String = typed
        .iter()
        .map(|(case, call)| format!("    try policy(p, name, {case}) {{ analytics in {call} }}\n"))
        .collect();
    format!(
        r#"import Foundation
import ShopTracking

func emit(_ members: [(String, TrackplanJSON)]) {{
    var object = TrackplanObject()
    for (key, value) in members {{ object[key] = value }}
    print(TrackplanJSON.object(object).encoded())
}}

func list(_ violations: [Violation]?) -> TrackplanJSON {{
    violations.map {{ found in TrackplanJSON.array(found.map {{ $0.json }}) }} ?? TrackplanJSON.null
}}

final class Collected: @unchecked Sendable {{
    var violations: [Violation] = []
    var errors: [String] = []
}}

func globals() -> {globals_type_name} {{
    {globals}
}}

func fireExamples(_ analytics: Analytics) throws {{
{example_calls}}}

func examples() throws {{
    let recorder = RecordingClient()
    try fireExamples(try Analytics(destination: recorder, globalProperties: globals(), options: AnalyticsOptions(policy: .errorOnInvalid)))
    for e in recorder.envelopes {{
        emit([("kind", .string("example")), ("event", .string(e.name ?? "")), ("properties", .object(e.properties))])
    }}
}}

func policy(_ policy: ValidationPolicy, _ name: String, _ index: Int, _ fire: (Analytics) throws -> Void) throws {{
    let recorder = RecordingClient()
    let reported = Collected()
    let analytics = try Analytics(destination: recorder, globalProperties: globals(), options: AnalyticsOptions(policy: policy, onViolations: {{ _, found in reported.violations += found }}))
    var thrown: [Violation]? = nil
    do {{
        try fire(analytics)
    }} catch let error as ValidationError {{
        thrown = error.violations
    }}
    emit([("kind", .string("policy")), ("policy", .string(name)), ("case", .integer(index)),
          ("sent", .bool(!recorder.envelopes.isEmpty)), ("reported", list(reported.violations)), ("thrown", list(thrown))])
}}

func policies() throws {{
    for (p, name) in [(ValidationPolicy.disabled, "DISABLED"), (.trackOnInvalid, "TRACK_ON_INVALID"), (.skipOnInvalid, "SKIP_ON_INVALID"), (.errorOnInvalid, "ERROR_ON_INVALID")] {{
{policy_calls}    }}
}}

func vectors(_ path: String) throws {{
    let json = try TrackplanJSON.parse(try String(contentsOfFile: path, encoding: .utf8))
    guard case .object(let root) = json, case .array(let cases)? = root["cases"] else {{ fatalError("bad vectors") }}
    for item in cases {{
        guard case .object(let members) = item, case .string(let event)? = members["event"] else {{ fatalError("bad case") }}
        emit([("kind", .string("vector")), ("violations", list(Analytics.validate(event: event, properties: members["payload"] ?? .null)))])
    }}
}}

func globalProperties() throws {{
    do {{
        _ = try Analytics(destination: RecordingClient(), globalProperties: {invalid_globals}, options: AnalyticsOptions(policy: .errorOnInvalid))
        emit([("kind", .string("globals-error")), ("thrown", .null)])
    }} catch let error as ValidationError {{
        emit([("kind", .string("globals-error")), ("thrown", list(error.violations))])
    }}
    let recorder = RecordingClient()
    let reported = Collected()
    let analytics = try Analytics(destination: recorder, globalProperties: {invalid_globals}, options: AnalyticsOptions(policy: .skipOnInvalid, onViolations: {{ _, found in reported.violations += found }}))
    {first_call}
    let sent = recorder.envelopes
    precondition(sent.count == 1, "one event sent")
    emit([("kind", .string("globals-skip")), ("event", .string(sent[0].name ?? "")), ("properties", .object(sent[0].properties)), ("reported", list(reported.violations))])
}}

func delivery(_ vendor: TrackplanHTTPDestination.Vendor, _ key: String, _ url: String) throws {{
    let collected = Collected()
    let destination = TrackplanHTTPDestination(vendor: vendor, key: key, baseURL: url, batchSize: 4, maxAttempts: 4, retryDelay: 0.02, onError: {{ collected.errors.append($0) }})
    let analytics = try Analytics(destination: destination, globalProperties: globals())
    try analytics.identify(userId: "user-12345", traits: {identify})
    try fireExamples(analytics)
    try analytics.screen(name: "Cart", properties: {screen})
    analytics.flush()
    emit([("kind", .string("delivery")), ("vendor", .string(vendor.rawValue)), ("pending", .integer(destination.pending)), ("errors", .array(collected.errors.map {{ .string($0) }}))])
}}

let arguments = CommandLine.arguments
try examples()
try policies()
try vectors(arguments[1])
try globalProperties()
try delivery(.segment, arguments[2], arguments[3])
try delivery(.amplitude, arguments[4], arguments[5])
try delivery(.mixpanel, arguments[6], arguments[7])
"#,
        globals_type_name = globals_type.type_name.swift,
    )
}

/// Runs `args` in the Swift chroot (found through `TRACKPLAN_SWIFT_ROOT` in `env`) with
/// `dir` as the working directory.
fn chroot(env: &HashMap<String, String>, dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(repo().join("scripts/swiftc-chroot"));
    if let Some(root) = env.get("TRACKPLAN_SWIFT_ROOT") {
        command.env("TRACKPLAN_SWIFT_ROOT", root);
    }
    run(command.arg(dir).arg("--").args(args))
}

fn swift_files(dir: &Path, relative: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir.join(relative))
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".swift"))
        .map(|name| format!("{relative}/{name}"))
        .collect();
    files.sort();
    files
}

/// Builds stub modules of the vendor SDKs under `dir/stubs`.
fn build_stubs(env: &HashMap<String, String>, dir: &Path) {
    let stubs = dir.join("stubs");
    std::fs::create_dir_all(&stubs).expect("stubs dir");
    for module in ["Segment", "AmplitudeSwift", "Mixpanel"] {
        let source = repo().join(format!("crates/generator/tests/stubs/swift/{module}.swift"));
        std::fs::copy(&source, stubs.join(format!("{module}.swift"))).expect("copy stub");
        let output = chroot(
            env,
            dir,
            &[
                "swiftc",
                "-parse-as-library",
                "-emit-module",
                "-module-name",
                module,
                "-emit-module-path",
                &format!("stubs/{module}.swiftmodule"),
                &format!("stubs/{module}.swift"),
            ],
        );
        expect_success(&format!("stub module {module}"), &output);
    }
}

fn compile_objects(env: &HashMap<String, String>, dir: &Path, module: &str, sources: &[String]) {
    let mut args = vec!["swiftc", "-warnings-as-errors", "-parse-as-library", "-wmo", "-c", "-I", "stubs"];
    let object = format!("{module}.o");
    args.extend(["-module-name", module, "-o", &object]);
    args.extend(sources.iter().map(String::as_str));
    let output = chroot(env, dir, &args);
    expect_success(&format!("swiftc -warnings-as-errors ({module} with adapters)"), &output);
}

#[test]
fn swift_sdks_compile_and_behave_like_the_reference() {
    let Some(env) = toolchain("swift", "swift_sdks_compile_and_behave_like_the_reference") else { return };
    let dir = scratch("swift-sdk");
    let shop = ecommerce();
    let edge = edge();
    write(&dir.join("shop"), &generate(&shop, Language::Swift, None));
    write(&dir.join("edge"), &generate(&edge, Language::Swift, None));
    build_stubs(&env, &dir);
    for (module, sub) in [("ShopAdapters", "shop"), ("EdgeTracking", "edge")] {
        let mut sources = swift_files(&dir, sub);
        sources.extend(swift_files(&dir, &format!("{sub}/adapters")));
        compile_objects(&env, &dir, module, &sources);
    }

    let started = std::time::Instant::now();
    let mut args = vec![
        "swiftc",
        "-warnings-as-errors",
        "-parse-as-library",
        "-emit-library",
        "-emit-module",
        "-module-name",
        "ShopTracking",
        "-o",
        "libShopTracking.so",
    ];
    let library_sources = swift_files(&dir, "shop");
    args.extend(library_sources.iter().map(String::as_str));
    let output = chroot(&env, &dir, &args);
    expect_success("swiftc -parse-as-library (e-commerce SDK library)", &output);
    eprintln!("swiftc: e-commerce SDK library in {:.1}s", started.elapsed().as_secs_f64());

    let cases = vectors();
    let typed: Vec<(usize, String)> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.violations.is_empty())
        .filter_map(|(i, c)| swift_track(&shop, &c.event, &c.payload).map(|call| (i, call)))
        .collect();
    std::fs::write(dir.join("main.swift"), harness(&shop, &typed)).expect("write harness");
    std::fs::copy(repo().join("fixtures/vectors/ecommerce.json"), dir.join("vectors.json")).expect("copy vectors");
    let output = chroot(
        &env,
        &dir,
        &["swiftc", "-warnings-as-errors", "-I", ".", "-L", ".", "-lShopTracking", "-o", "harness", "main.swift"],
    );
    expect_success("swiftc harness", &output);

    let segment = Emulator::start(Vendor::Segment, Config::default());
    let amplitude = Emulator::start(Vendor::Amplitude, Config::default());
    let mixpanel = Emulator::start(Vendor::Mixpanel, Config::default());
    segment.push_fault(Fault::status(503));
    amplitude.push_fault(Fault::reset());
    mixpanel.push_fault(Fault::status(429));
    let (segment_url, amplitude_url, mixpanel_url) = (segment.base_url(), amplitude.base_url(), mixpanel.base_url());
    let output = chroot(
        &env,
        &dir,
        &[
            "env",
            "LD_LIBRARY_PATH=/build",
            "./harness",
            "vectors.json",
            trackplan_emulators::DEFAULT_WRITE_KEY,
            &segment_url,
            trackplan_emulators::DEFAULT_API_KEY,
            &amplitude_url,
            trackplan_emulators::DEFAULT_TOKEN,
            &mixpanel_url,
        ],
    );
    expect_success("Swift harness", &output);
    let lines = lines(&output.stdout);
    // The harness's policy lines name cases by vector index; check them like Kotlin's.
    let counts = check_harness(&shop, &lines, &typed);
    for line in lines.iter().filter(|l| l["kind"] == "delivery") {
        assert_eq!(line["pending"], 0, "{line}");
    }
    let delivered: usize = [&segment, &amplitude, &mixpanel].iter().map(|e| check_delivery(&shop, e)).sum();
    eprintln!("swift checks: {counts:?}, delivered {delivered} calls to three emulators");
}

#[test]
fn swift_misuse_does_not_compile() {
    let Some(env) = toolchain("swift", "swift_misuse_does_not_compile") else { return };
    let dir = scratch("swift-negative");
    let shop = ecommerce();
    write(&dir.join("shop"), &generate(&shop, Language::Swift, None));
    let mut args = vec!["swiftc", "-parse-as-library", "-emit-module", "-module-name", "ShopTracking"];
    let sources = swift_files(&dir, "shop");
    args.extend(sources.iter().map(String::as_str));
    expect_success("swiftc -emit-module", &chroot(&env, &dir, &args));

    let event = shop.event("Order Completed").expect("Order Completed");
    let mut call_args = common::args(&shop, &Swift, &event.properties, &event.examples[0]).expect("typeable");
    let function = &event.function_name.swift;
    let callee = format!("analytics.{function}");
    let valid = Swift.construct(&callee, &call_args);
    let total = call_args.iter().position(|(name, _)| name == "total").expect("total");
    let mut wrong_type = call_args.clone();
    wrong_type[total].1 = "\"12.5\"".to_owned();
    call_args.remove(total);
    let programs = [
        ("MissingRequired", Swift.construct(&callee, &call_args), Some("missing argument for parameter 'total'")),
        (
            "WrongType",
            Swift.construct(&callee, &wrong_type),
            Some("cannot convert value of type 'String' to expected argument type 'Double'"),
        ),
        (
            "UnknownEvent",
            valid.replacen(function.as_str(), "trackOrderComplete", 1),
            Some("has no member 'trackOrderComplete'"),
        ),
        ("Valid", valid.clone(), None),
    ];
    for (name, call, message) in programs {
        let file = format!("{name}.swift");
        let text =
            format!("import ShopTracking\n\nfunc use{name}(_ analytics: Analytics) throws {{\n    try {call}\n}}\n");
        std::fs::write(dir.join(&file), text).expect("write program");
        let output = chroot(&env, &dir, &["swiftc", "-parse-as-library", "-typecheck", "-I", ".", &file]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        match message {
            None => expect_success("the valid call", &output),
            Some(message) => {
                assert!(!output.status.success(), "{name} compiled");
                assert!(stderr.contains(message), "{name}: expected `{message}` in:\n{stderr}");
                let errors = stderr.lines().filter(|l| l.contains(": error:")).count();
                assert_eq!(errors, 1, "{name}: exactly one error:\n{stderr}");
            }
        }
    }
}
