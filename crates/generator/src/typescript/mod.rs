//! The TypeScript back end: an ES module SDK (entry `index.ts`) rendered from the askama
//! templates under `templates/typescript/`.
//!
//! Everything printed is computed here, from the plan model's TypeScript identifiers: type
//! labels, object keys, string literals and doc lines (through [`escape`]). Templates only
//! print. The output is a small folder: the plan-specific `index.ts`, the plan-independent
//! `runtime.ts` (validation helpers, policy, hand-off), the built-in `transport.ts`, the
//! `recording.ts` test client and one adapter per vendor SDK under `adapters/`.

mod checks;
mod docs;
pub mod escape;
mod fixed;
mod templates;

use askama::Template;
use trackplan_plan_model::model::{Call, Event, NamedKind, NamedType, Plan, Property, Type};

use crate::output::{GeneratedFile, header_lines};
use crate::{GenerateError, Options};
use checks::{Checks, checker_name};
use escape::string_literal;
use templates::*;

/// Generate the TypeScript SDK of `plan`.
pub fn generate(plan: &Plan, options: &Options) -> Result<Vec<GeneratedFile>, GenerateError> {
    let _ = options;
    let header = header_lines(plan);
    let mut files = vec![file("index.ts", render(&index(plan, header.clone())))];
    let statics: [(&str, String); 7] = [
        ("runtime.ts", render(&Runtime { header: &header })),
        ("transport.ts", render(&Transport { header: &header })),
        ("recording.ts", render(&Recording { header: &header })),
        ("adapters/segment.ts", render(&SegmentAdapter { header: &header })),
        ("adapters/amplitude.ts", render(&AmplitudeAdapter { header: &header })),
        ("adapters/mixpanel.ts", render(&MixpanelAdapter { header: &header })),
        ("README.md", readme(plan)),
    ];
    files.extend(statics.into_iter().map(|(path, contents)| file(path, contents)));
    Ok(files)
}

fn file(path: &str, contents: String) -> GeneratedFile {
    GeneratedFile { path: path.into(), contents }
}

/// Renders a template; the templates are compiled with the crate, so rendering cannot fail
/// except on a formatter error, which `String` never raises.
fn render(template: &impl Template) -> String {
    template.render().unwrap_or_else(|error| unreachable!("rendering into a String failed: {error}"))
}

fn readme(plan: &Plan) -> String {
    let mut out = String::new();
    for line in header_lines(plan) {
        out.push_str(&format!("<!-- {} -->\n", line.replace("--", "- -")));
    }
    out.push_str(concat!(
        "\n# Tracking SDK\n\n",
        "`import { init, trackOrderCompleted } from \"./index.js\"` — one typed function per event.\n",
        "Call `init({ client, globals })` once: `client` is the built-in transport\n",
        "(`segmentTransport`, `amplitudeTransport`, `mixpanelTransport` or `createTransport`\n",
        "in `transport.ts`), an adapter for the vendor SDK you already use\n",
        "(`adapters/`), or a `RecordingClient` (`recording.ts`) in unit tests.\n",
    ));
    out
}

/// The entry file: every declaration of the plan, in plan order.
fn index(plan: &Plan, header: Vec<String>) -> Index {
    let mut checks = Checks::new(plan);
    let mut declarations = Vec::new();
    for named in &plan.types {
        declarations.push(named_type(plan, named, &mut checks));
    }
    let check_globals = match &plan.global_properties {
        Some(globals) => {
            let (declaration, check) = call_types(plan, globals, &mut checks);
            declarations.push(declaration);
            check
        }
        None => "() => {}".to_owned(),
    };
    let calls = [("identify", &plan.identify), ("group", &plan.group), ("page", &plan.page), ("screen", &plan.screen)];
    for (kind, call) in calls {
        if let Some(call) = call {
            let (declaration, check) = call_types(plan, call, &mut checks);
            declarations.push(declaration);
            declarations.push(render(&call_function(kind, call, check)));
        }
    }
    let mut entries = Vec::new();
    for event in &plan.events {
        let (declaration, check) = event_declarations(plan, event, &mut checks);
        declarations.push(declaration);
        entries.push((string_literal(&event.name), check));
    }
    let options_type = match &plan.global_properties {
        Some(globals) => format!("$.AnalyticsOptions<{}>", globals.type_name.typescript),
        None => "Omit<$.AnalyticsOptions<undefined>, \"globals\">".to_owned(),
    };
    let mut sections =
        vec![render(&Constants { constants: &checks.constants.declared, functions: &checks.constants.functions })];
    sections.extend(declarations);
    sections.push(render(&Init { options_type, check: check_globals }));
    sections.push(render(&Registry { entries }));
    Index { header, sections }
}

fn named_type(plan: &Plan, named: &NamedType, checks: &mut Checks<'_>) -> String {
    let name = &named.name.typescript;
    let doc = docs::block(&docs::named(named), "");
    match &named.kind {
        NamedKind::Enum { values } => {
            let values: Vec<String> = values.iter().map(|v| string_literal(&v.value)).collect();
            render(&EnumDecl { doc, name, values: values.join(", ") })
        }
        NamedKind::Object { properties } => {
            let mut out = render(&interface(plan, name, doc, properties));
            if let Some(declaration) = checks.object_declaration(named.id) {
                out.push('\n');
                out.push_str(&declaration);
                out.push('\n');
            }
            out
        }
    }
}

fn interface(plan: &Plan, name: &str, doc: String, properties: &[Property]) -> Interface {
    let fields = properties
        .iter()
        .map(|property| Field {
            doc: docs::block(&docs::property(plan, property), "  "),
            key: property.field.typescript.clone(),
            optional: if property.required { "" } else { "?" },
            label: format!("{}{}", type_label(plan, &property.ty), if property.nullable { " | null" } else { "" }),
        })
        .collect();
    Interface { doc, name: name.to_owned(), fields }
}

/// The check function of an event or call's properties, and its declaration followed by a
/// blank line when it does not share an earlier one.
fn body_check(type_name: &str, properties: &[Property], checks: &mut Checks<'_>) -> (String, String) {
    let (name, declaration) = checks.function(&checker_name(type_name), properties);
    (name, declaration.map(|d| d + "\n").unwrap_or_default())
}

fn event_declarations(plan: &Plan, event: &Event, checks: &mut Checks<'_>) -> (String, String) {
    let type_name = &event.type_name.typescript;
    let doc = docs::block(&docs::event(plan, event), "");
    let mut out = render(&interface(plan, type_name, doc.clone(), &event.properties));
    out.push('\n');
    let (check, declaration) = body_check(type_name, &event.properties, checks);
    out.push_str(&declaration);
    out.push_str(&render(&EventFunction {
        doc,
        function: event.function_name.typescript.clone(),
        type_name: type_name.clone(),
        optional: if event.properties.iter().any(|p| p.required) { "" } else { "?" },
        wire: string_literal(&event.name),
        check: check.clone(),
    }));
    (out, check)
}

/// The payload interface of a call (or the global properties) and its check function's name.
fn call_types(plan: &Plan, call: &Call, checks: &mut Checks<'_>) -> (String, String) {
    let type_name = &call.type_name.typescript;
    let doc = docs::block(&docs::call(call), "");
    let mut out = render(&interface(plan, type_name, doc, &call.properties));
    let (check, declaration) = body_check(type_name, &call.properties, checks);
    if !declaration.is_empty() {
        out.push('\n');
        out.push_str(declaration.trim_end());
        out.push('\n');
    }
    (out, check)
}

fn call_function(kind: &'static str, call: &Call, check: String) -> CallFunction {
    let type_name = call.type_name.typescript.clone();
    let (subject, subject_type, payload, runtime, runtime_args) = match kind {
        "identify" => ("userId", "string", "traits", "identify", ""),
        "group" => ("groupId", "string", "traits", "group", ""),
        "page" => ("name", "string | undefined", "properties", "view", "\"page\", "),
        _ => ("name", "string | undefined", "properties", "view", "\"screen\", "),
    };
    let mut lines = docs::call(call);
    if lines.is_empty() {
        lines.push(format!("Sends {kind} call."));
    }
    CallFunction {
        doc: docs::block(&lines, ""),
        function: kind,
        subject,
        subject_type,
        payload,
        optional: if call.properties.iter().any(|p| p.required) { "" } else { "?" },
        runtime,
        runtime_args,
        check,
        type_name,
    }
}

/// The TypeScript type of a value (without `| null`).
fn type_label(plan: &Plan, ty: &Type) -> String {
    match ty {
        Type::String(_) => "string".to_owned(),
        Type::Integer(_) | Type::Number(_) => "number".to_owned(),
        Type::Boolean => "boolean".to_owned(),
        Type::Enum(id) | Type::Object(id) => plan.ty(*id).name.typescript.clone(),
        Type::Array(array) => {
            let item = type_label(plan, &array.items);
            match (array.items_nullable, matches!(array.items, Type::Array(_))) {
                (true, _) => format!("readonly ({item} | null)[]"),
                (false, true) => format!("readonly ({item})[]"),
                (false, false) => format!("readonly {item}[]"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(events: &str) -> Plan {
        let text = format!(
            r#"{{"formatVersion": 1, "name": "Test */ plan", "version": "1.0.0", "vendor": "com.example", "events": {events}}}"#
        );
        trackplan_plan_model::load_from_str("plan.json", text).unwrap_or_else(|d| panic!("{d}"))
    }

    fn index_of(plan: &Plan) -> String {
        let files = generate(plan, &Options::default()).expect("generate");
        files.into_iter().find(|f| f.path == std::path::Path::new("index.ts")).expect("index.ts").contents
    }

    #[test]
    fn wire_names_come_out_byte_exact_without_html_escaping() {
        let plan = plan(
            r#"[{"name": "Quote \"<b>\" & 'c'", "identifier": "QuoteEvent", "description": "Ends */ here <script>",
                "properties": {"x<y>&\"'": {"type": "string", "enum": ["<a>&\"'", "b"]}}}]"#,
        );
        let index = index_of(&plan);
        assert!(index.contains(r#"$.tracker("Quote \"<b>\" & 'c'", "#), "{index}");
        assert!(index.contains(r#"x = v[(k = "x<y>&\"'")];"#), "{index}");
        assert!(index.contains("if (!ONE_OF0(x)) $.notOneOf(x, QuoteEventXY, k);"), "{index}");
        assert!(index.contains(r#"case "<a>&\"'": case "b":"#), "{index}");
        assert!(index.contains(r#"["<a>&\"'", "b"] as const"#), "{index}");
        assert!(index.contains("Ends *\\/ here <script>"), "{index}");
        assert!(!index.contains("&lt;") && !index.contains("&amp;") && !index.contains("&#"), "{index}");
    }

    #[test]
    fn output_is_deterministic_and_carries_the_header() {
        let plan =
            plan(r#"[{"name": "Order Completed", "properties": {"total": {"type": "number", "required": true}}}]"#);
        let first = generate(&plan, &Options::default()).expect("generate");
        let second = generate(&plan, &Options::default()).expect("generate");
        assert_eq!(first, second);
        for file in first.iter().filter(|f| f.path.extension().is_some_and(|e| e == "ts")) {
            assert!(
                file.contents.starts_with("// Generated by Trackplan — do not edit.\n// Plan: Test * / plan 1.0.0\n")
            );
        }
        assert_eq!(first.len(), 8);
    }

    #[test]
    fn check_functions_are_straight_line_and_share_patterns() {
        let plan = plan(
            r#"[{"name": "Order Completed", "properties": {
                "order_id": {"type": "string", "required": true, "pattern": "^ORD-[0-9]{6}$"},
                "refund_of": {"type": "string", "pattern": "^ORD-[0-9]{6}$"},
                "country": {"type": "string", "pattern": "^[A-Z]{2}(-[A-Z]{2})?$"},
                "region": {"type": "string", "pattern": "^[A-Z]{2}(-[A-Z]{2})?$"},
                "codes": {"type": "array", "items": {"type": "integer", "minimum": 1}, "maxItems": 3}}}]"#,
        );
        let index = index_of(&plan);
        let start = index.find("function checkOrderCompleted(").expect("check function");
        let body = &index[start..start + index[start..].find("\n}\n").expect("end")];
        // No closure, allocation or rule table on the happy path: inline tests, guards, rule
        // helpers and loops.
        assert!(!body.contains("=>") && !body.contains("new "), "{body}");
        assert!(body.contains("for (let i1 = 0; i1 < x.length; i1++)"), "{body}");
        assert!(body.contains("if ($.isInteger(x1, i1)) {") && body.contains("$.minimum(x1, 1, i1);"), "{body}");
        assert!(body.contains("$.maxItems(x, 3, k);"), "{body}");
        // A required property is counted up front and reported missing by its guard.
        assert!(body.contains("  x = v[(k = \"order_id\")];\n  n++;\n  if ($.isString(x, k)) {"), "{body}");
        assert!(body.ends_with("  return n;"), "{body}");
        // A simple pattern becomes one char-code test function, any other one regex.
        assert_eq!(index.matches("function MATCH").count(), 1, "{index}");
        assert_eq!(body.matches("if (!MATCH1(x)) $.pattern(x, PATTERN0, k);").count(), 2, "{body}");
        assert_eq!(index.matches("new RegExp(").count(), 1, "{index}");
        assert_eq!(body.matches("if (!REGEX3.test(x)) $.pattern(x, PATTERN2, k);").count(), 2, "{body}");
    }

    #[test]
    fn events_with_identical_properties_share_one_body() {
        let plan = plan(
            r#"[{"name": "Product Added", "properties": {"sku": {"type": "string"}}},
                {"name": "Product Removed", "properties": {"sku": {"type": "string"}}}]"#,
        );
        let index = index_of(&plan);
        assert_eq!(index.matches("function checkProduct").count(), 1, "{index}");
        assert!(index.contains("$.tracker(\"Product Removed\", checkProductAdded);"), "{index}");
        assert!(index.contains("  [\"Product Removed\", checkProductAdded],"), "{index}");
    }
}
