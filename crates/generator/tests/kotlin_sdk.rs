//! The generated Kotlin SDK, compiled with the real kotlinc (`-Werror`) and run on the JVM:
//! the e-commerce and edge plans compile together with the vendor adapters (against stubs of
//! the vendor SDKs); a harness fires every e-commerce example through the typed API, replays
//! the shared validation vectors, exercises every policy and global properties, and delivers
//! through the built-in HttpURLConnection transport to the local Segment, Amplitude and
//! Mixpanel emulators. Misuse of the typed API must not compile.
//!
//! kotlinc is slow to start, so each test compiles everything it needs in one invocation.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use trackplan_emulators::{Config, Emulator, Fault, Vendor};
use trackplan_generator::Language;
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::Idents;

struct Kotlin;

fn kotlin_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("\\$"),
            c if (c as u32) < 0x20 || c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Syntax for Kotlin {
    fn ident<'a>(&self, idents: &'a Idents) -> &'a str {
        &idents.kotlin
    }
    fn string(&self, text: &str) -> String {
        kotlin_string(text)
    }
    fn integer(&self, value: i64) -> String {
        format!("{value}L")
    }
    fn number(&self, value: f64) -> String {
        let text = format!("{value:?}");
        if text.contains(['.', 'e']) { text } else { format!("{text}.0") }
    }
    fn list(&self, items: Vec<String>) -> String {
        if items.is_empty() { "emptyList()".to_owned() } else { format!("listOf({})", items.join(", ")) }
    }
    fn null(&self) -> String {
        "null".to_owned()
    }
    fn explicit_null(&self) -> String {
        "TrackplanNullable(null)".to_owned()
    }
    fn present(&self, value: String) -> String {
        format!("TrackplanNullable({value})")
    }
    fn variant(&self, type_name: &str, variant: &str) -> String {
        format!("{type_name}.{variant}")
    }
    fn construct(&self, callee: &str, args: &[(String, String)]) -> String {
        let args: Vec<String> = args.iter().map(|(name, value)| format!("{name} = {value}")).collect();
        format!("{callee}({})", args.join(", "))
    }
}

fn call_type(plan: &Plan, call: &trackplan_plan_model::model::Call, value: &serde_json::Value) -> String {
    let args = args(plan, &Kotlin, &call.properties, value).expect("typeable call");
    Kotlin.construct(&call.type_name.kotlin, &args)
}

/// The harness: prints one JSON line per result, read back by [`check_harness`].
fn harness(plan: &Plan, typed: &[(usize, String)]) -> String {
    let globals_type = plan.global_properties.as_ref().expect("globals");
    let globals = call_type(plan, globals_type, &globals());
    let invalid_globals = call_type(plan, globals_type, &invalid_globals());
    let identify = call_type(plan, plan.identify.as_ref().expect("identify"), &identify_traits());
    let screen = call_type(plan, plan.screen.as_ref().expect("screen"), &screen_properties());
    let example_calls: Vec<String> = examples(plan)
        .iter()
        .map(|(event, payload)| {
            let call = track_call(plan, &Kotlin, "analytics", event, payload).expect("examples are typeable");
            format!("    {call}\n")
        })
        .collect();
    let example_calls = example_calls.concat();
    let (first_event, first_example) = &examples(plan)[0];
    let first_call = track_call(plan, &Kotlin, "analytics", first_event, first_example).expect("typeable");
    let policy_calls: String =
        typed.iter().map(|(case, call)| format!("        policy(p, {case}) {{ analytics -> {call} }}\n")).collect();
    format!(
        r#"@file:Suppress("DEPRECATION") // The plan's deprecated events are fired too.

import shop.tracking.*
import java.io.File

private fun emit(vararg members: Pair<String, TrackplanJson>) {{
    println(TrackplanJson.JObject(linkedMapOf(*members)).encode())
}}

private fun str(text: String) = TrackplanJson.JString(text)

private fun list(violations: List<Violation>?): TrackplanJson =
    violations?.let {{ found -> TrackplanJson.JArray(found.map {{ it.toJson() }}) }} ?: TrackplanJson.JNull

private fun globals() = {globals}

private fun fireExamples(analytics: Analytics) {{
{example_calls}}}

private fun examples() {{
    val recorder = RecordingClient()
    fireExamples(Analytics(recorder, globals(), AnalyticsOptions(policy = ValidationPolicy.ERROR_ON_INVALID)))
    for (e in recorder.envelopes) emit("kind" to str("example"), "event" to str(e.name ?: ""), "properties" to e.properties)
}}

private fun policy(policy: ValidationPolicy, case: Int, fire: (Analytics) -> Unit) {{
    val recorder = RecordingClient()
    val reported = ArrayList<Violation>()
    val analytics = Analytics(recorder, globals(), AnalyticsOptions(policy = policy, onViolations = {{ _, found -> reported.addAll(found) }}))
    var thrown: List<Violation>? = null
    try {{
        fire(analytics)
    }} catch (error: ValidationError) {{
        thrown = error.violations
    }}
    emit(
        "kind" to str("policy"), "policy" to str(policy.name), "case" to TrackplanJson.JInteger(case.toLong()),
        "sent" to TrackplanJson.JBool(recorder.envelopes.isNotEmpty()), "reported" to list(reported), "thrown" to list(thrown),
    )
}}

private fun policies() {{
    for (p in ValidationPolicy.entries) {{
{policy_calls}    }}
}}

private fun vectors(path: String) {{
    val root = TrackplanJson.parse(File(path).readText()) as TrackplanJson.JObject
    val cases = root.members["cases"] as TrackplanJson.JArray
    for (case in cases.items) {{
        val members = (case as TrackplanJson.JObject).members
        val event = (members["event"] as TrackplanJson.JString).value
        emit("kind" to str("vector"), "violations" to list(Analytics.validate(event, members["payload"] ?: TrackplanJson.JNull)))
    }}
}}

private fun globalProperties() {{
    try {{
        Analytics(RecordingClient(), {invalid_globals}, AnalyticsOptions(policy = ValidationPolicy.ERROR_ON_INVALID))
        emit("kind" to str("globals-error"), "thrown" to TrackplanJson.JNull)
    }} catch (error: ValidationError) {{
        emit("kind" to str("globals-error"), "thrown" to list(error.violations))
    }}
    val recorder = RecordingClient()
    val reported = ArrayList<Violation>()
    val analytics = Analytics(
        recorder, {invalid_globals},
        AnalyticsOptions(policy = ValidationPolicy.SKIP_ON_INVALID, onViolations = {{ _, found -> reported.addAll(found) }}),
    )
    {first_call}
    val sent = recorder.envelopes.single()
    emit("kind" to str("globals-skip"), "event" to str(sent.name ?: ""), "properties" to sent.properties, "reported" to list(reported))
}}

private fun delivery(vendor: TrackplanHttpDestination.Vendor, key: String, url: String) {{
    val errors = ArrayList<String>()
    val destination = TrackplanHttpDestination(vendor, key, url, batchSize = 4, maxAttempts = 4, retryDelayMillis = 20, onError = {{ synchronized(errors) {{ errors.add(it) }} }})
    val analytics = Analytics(destination, globals())
    analytics.identify("user-12345", {identify})
    fireExamples(analytics)
    analytics.screen("Cart", {screen})
    destination.close()
    emit("kind" to str("delivery"), "vendor" to str(vendor.name), "pending" to TrackplanJson.JInteger(destination.pending.toLong()), "errors" to TrackplanJson.JArray(errors.map {{ str(it) }}))
}}

fun main(args: Array<String>) {{
    examples()
    policies()
    vectors(args[0])
    globalProperties()
    delivery(TrackplanHttpDestination.Vendor.SEGMENT, args[1], args[2])
    delivery(TrackplanHttpDestination.Vendor.AMPLITUDE, args[3], args[4])
    delivery(TrackplanHttpDestination.Vendor.MIXPANEL, args[5], args[6])
}}
"#
    )
}

fn kotlin_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "kt"))
        .collect();
    files.sort();
    files
}

fn kotlinc(env: &std::collections::HashMap<String, String>) -> PathBuf {
    PathBuf::from(env.get("TRACKPLAN_KOTLINC").expect("TRACKPLAN_KOTLINC set by toolchains.sh"))
}

fn stdlib(kotlinc: &Path) -> PathBuf {
    let home = std::fs::canonicalize(kotlinc).expect("kotlinc path");
    home.parent().and_then(Path::parent).expect("kotlin home").join("lib/kotlin-stdlib.jar")
}

#[test]
fn kotlin_sdks_compile_and_behave_like_the_reference() {
    let Some(env) = toolchain("kotlin", "kotlin_sdks_compile_and_behave_like_the_reference") else { return };
    let dir = scratch("kotlin-sdk");
    let shop = ecommerce();
    let edge = edge();
    let mut sources = Vec::new();
    for (plan, package, sub) in [(&shop, "shop.tracking", "shop"), (&edge, "edge.tracking", "edge")] {
        let files = generate(plan, Language::Kotlin, Some(package));
        write(&dir.join(sub), &files);
        sources.extend(kotlin_files(&dir.join(sub)));
        sources.extend(kotlin_files(&dir.join(sub).join("adapters")));
    }
    sources.extend(kotlin_files(&repo().join("crates/generator/tests/stubs/kotlin")));
    let cases = vectors();
    let typed = typed_invalid(&shop, &Kotlin, &cases);
    std::fs::write(dir.join("Harness.kt"), harness(&shop, &typed)).expect("write harness");
    sources.push(dir.join("Harness.kt"));

    let kotlinc = kotlinc(&env);
    let started = std::time::Instant::now();
    let output = run(Command::new(&kotlinc).arg("-Werror").arg("-d").arg(dir.join("classes")).args(&sources));
    expect_success("kotlinc -Werror (e-commerce + edge SDKs, adapters, harness)", &output);
    eprintln!("kotlinc: {} files in {:.1}s", sources.len(), started.elapsed().as_secs_f64());

    let segment = Emulator::start(Vendor::Segment, Config::default());
    let amplitude = Emulator::start(Vendor::Amplitude, Config::default());
    let mixpanel = Emulator::start(Vendor::Mixpanel, Config::default());
    // Each transport must retry through a failure without losing or duplicating a call.
    segment.push_fault(Fault::status(503));
    amplitude.push_fault(Fault::reset());
    mixpanel.push_fault(Fault::status(429));

    let classpath = format!("{}:{}", dir.join("classes").display(), stdlib(&kotlinc).display());
    let output = run(Command::new("java")
        .arg("-cp")
        .arg(classpath)
        .arg("HarnessKt")
        .arg(repo().join("fixtures/vectors/ecommerce.json"))
        .args([trackplan_emulators::DEFAULT_WRITE_KEY, &segment.base_url()])
        .args([trackplan_emulators::DEFAULT_API_KEY, &amplitude.base_url()])
        .args([trackplan_emulators::DEFAULT_TOKEN, &mixpanel.base_url()]));
    expect_success("Kotlin harness", &output);
    let lines = lines(&output.stdout);
    let counts = check_harness(&shop, &lines, &typed);
    for line in lines.iter().filter(|l| l["kind"] == "delivery") {
        assert_eq!(line["pending"], 0, "{line}");
    }
    let delivered: usize = [&segment, &amplitude, &mixpanel].iter().map(|e| check_delivery(&shop, e)).sum();
    eprintln!("kotlin checks: {counts:?}, delivered {delivered} calls to three emulators");
}

#[test]
fn kotlin_misuse_does_not_compile() {
    let Some(env) = toolchain("kotlin", "kotlin_misuse_does_not_compile") else { return };
    let dir = scratch("kotlin-negative");
    let shop = ecommerce();
    write(&dir.join("shop"), &generate(&shop, Language::Kotlin, Some("shop.tracking")));
    let mut sources = kotlin_files(&dir.join("shop"));
    let event = shop.event("Order Completed").expect("Order Completed");
    let example = &event.examples[0];
    let mut args = args(&shop, &Kotlin, &event.properties, example).expect("typeable");
    let function = &event.function_name.kotlin;
    let valid = Kotlin.construct(&format!("analytics.{function}"), &args);
    let total = args.iter().position(|(name, _)| name == "total").expect("total");
    let mut wrong_type = args.clone();
    wrong_type[total].1 = "\"12.5\"".to_owned();
    args.remove(total);
    let programs = [
        (
            "MissingRequired",
            Kotlin.construct(&format!("analytics.{function}"), &args),
            "No value passed for parameter 'total'",
        ),
        ("WrongType", Kotlin.construct(&format!("analytics.{function}"), &wrong_type), "mismatch"),
        (
            "UnknownEvent",
            valid.replacen(function.as_str(), "trackOrderComplete", 1),
            "Unresolved reference 'trackOrderComplete'",
        ),
        ("Valid", valid.clone(), ""),
    ];
    for (name, call, _) in &programs {
        let text = format!("import shop.tracking.*\n\nfun use{name}(analytics: Analytics) {{\n    {call}\n}}\n");
        std::fs::write(dir.join(format!("{name}.kt")), text).expect("write program");
        sources.push(dir.join(format!("{name}.kt")));
    }
    let output = run(Command::new(kotlinc(&env)).arg("-d").arg(dir.join("classes")).args(&sources));
    assert!(!output.status.success(), "misuse compiled");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    for (name, _, message) in &programs {
        let file_errors: Vec<&&str> = errors.iter().filter(|l| l.contains(&format!("{name}.kt"))).collect();
        if message.is_empty() {
            assert!(file_errors.is_empty(), "the valid call must compile: {file_errors:?}");
        } else {
            assert!(
                file_errors.iter().any(|l| l.to_lowercase().contains(&message.to_lowercase())),
                "{name}: expected `{message}` in:\n{stderr}"
            );
        }
    }
    assert_eq!(errors.len(), 3, "exactly one error per misuse, none in the SDK:\n{stderr}");
}
