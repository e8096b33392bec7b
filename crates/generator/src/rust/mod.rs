//! The Rust back end: one file of Rust (structs, enums, typed validation and the `Analytics`
//! facade) built as token streams with quote, parsed into a `syn::File` and printed with
//! prettyplease. Items follow plan order, so the same plan always gives the same bytes.
//!
//! The output depends only on `trackplan_runtime` and `serde`, and has no inner attributes so
//! that it can be `include!`d (e.g. from a build script's `OUT_DIR`).

mod anchored;
mod checks;
mod docs;
mod facade;
mod items;
mod rules;
mod schema;
mod types;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::quote;
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Call, Event, NamedKind, NamedType};

use crate::GenerateError;
use crate::output::{GeneratedFile, header_lines};
use checks::Patterns;
use docs::{Doc, inline};
use items::MessageFacts;
use schema::PatternSources;

/// Items per unit of work handed to a thread.
const BATCH: usize = 32;

/// Name of the generated file.
pub const FILE_NAME: &str = "tracking.rs";

/// The Rust SDK of `plan`.
pub fn generate(plan: &Plan) -> Result<Vec<GeneratedFile>, GenerateError> {
    let contents = render(plan)?;
    Ok(vec![GeneratedFile { path: FILE_NAME.into(), contents }])
}

/// One top-level item to generate.
enum Job<'p> {
    Type(&'p NamedType),
    Globals(&'p Call),
    Call(&'static str, &'p Call),
    Event(&'p Event),
    Facade,
    Visit,
}

/// The generated source text.
///
/// Items are printed one at a time (tokens → `syn::File` → prettyplease → text) so that only one
/// item's syntax tree is alive per thread: memory stays flat however large the plan. Batches of
/// items are taken in turn by one thread per core and joined in plan order, so the output does
/// not depend on the number of threads or on which thread printed what.
pub fn render(plan: &Plan) -> Result<String, GenerateError> {
    let sources = PatternSources::of(plan);
    let calls = [("Identify", &plan.identify), ("Group", &plan.group), ("Page", &plan.page), ("Screen", &plan.screen)];
    let calls: Vec<(&'static str, &Call)> =
        calls.into_iter().filter_map(|(kind, call)| call.as_ref().map(|call| (kind, call))).collect();

    let mut jobs: Vec<Job<'_>> = plan.types.iter().map(Job::Type).collect();
    jobs.extend(plan.global_properties.as_ref().map(Job::Globals));
    jobs.extend(calls.iter().map(|&(kind, call)| Job::Call(kind, call)));
    jobs.extend(plan.events.iter().map(Job::Event));
    jobs.extend([Job::Facade, Job::Visit]);

    let mut patterns = Patterns::default();
    for job in &jobs {
        match job {
            Job::Type(NamedType { kind: NamedKind::Object { properties }, .. }) => patterns.register(properties),
            Job::Globals(call) | Job::Call(_, call) => patterns.register(&call.properties),
            Job::Event(event) => patterns.register(&event.properties),
            Job::Type(_) | Job::Facade | Job::Visit => {}
        }
    }

    // Workers take batches of items in turn (so a worker slowed by other load does less of
    // the work); each batch's text lands in its slot, and the slots are joined in plan order.
    let batches: Vec<&[Job<'_>]> = jobs.chunks(BATCH).collect();
    let slots: Vec<OnceLock<Result<String, GenerateError>>> = batches.iter().map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(batches.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let mut patterns = patterns.clone();
            let (sources, batches, slots, next) = (&sources, &batches, &slots, &next);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(batch) = batches.get(index) else { break };
                    let mut text = String::new();
                    let printed = batch
                        .iter()
                        .try_for_each(|job| print(job_tokens(plan, job, sources, &mut patterns), &mut text));
                    let _ = slots[index].set(printed.map(|()| text));
                }
            });
        }
    });
    let parts: Vec<Result<String, GenerateError>> = slots
        .into_iter()
        .map(|slot| {
            slot.into_inner().unwrap_or_else(|| Err(GenerateError::Internal("a generator thread panicked".into())))
        })
        .collect();

    let mut out = String::new();
    for line in header_lines(plan) {
        out.push_str("// ");
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
    print(patterns.statics(), &mut out)?;
    for part in parts {
        out.push_str(&part?);
    }
    Ok(out)
}

fn job_tokens(plan: &Plan, job: &Job<'_>, sources: &PatternSources, patterns: &mut Patterns) -> TokenStream {
    match job {
        Job::Type(ty) => named_type(plan, ty, patterns),
        Job::Globals(globals) => {
            let facts = MessageFacts {
                kind: "Track",
                name: "global properties".to_owned(),
                version: String::new(),
                destinations: Vec::new(),
                schema: schema::object(plan, &globals.properties, sources),
            };
            let mut doc = call_doc(globals);
            doc.paragraph().line("Sent with every track event; set once when the `Analytics` facade is created.");
            items::object(plan, &globals.type_name.rust, &doc, &globals.properties, Some(&facts), patterns)
        }
        Job::Call(kind, call) => {
            let facts = MessageFacts {
                kind,
                name: kind.to_lowercase(),
                version: String::new(),
                destinations: Vec::new(),
                schema: schema::object(plan, &call.properties, sources),
            };
            let mut doc = call_doc(call);
            let what = if matches!(*kind, "Identify" | "Group") { "Traits" } else { "Properties" };
            doc.paragraph().line(format!("{what} of the {} call.", kind.to_lowercase()));
            items::object(plan, &call.type_name.rust, &doc, &call.properties, Some(&facts), patterns)
        }
        Job::Event(event) => event_struct(plan, event, sources, patterns),
        Job::Facade => facade::analytics(plan),
        Job::Visit => visit_messages(plan),
    }
}

/// Print the items of `tokens` onto `out`.
fn print(tokens: TokenStream, out: &mut String) -> Result<(), GenerateError> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|error| GenerateError::Internal(format!("generated Rust does not parse: {error}")))?;
    out.push_str(&prettyplease::unparse(&file));
    Ok(())
}

fn named_type(plan: &Plan, ty: &NamedType, patterns: &mut Patterns) -> TokenStream {
    let mut doc = Doc::default();
    if let Some(description) = &ty.description {
        doc.text(description);
    }
    match &ty.definition {
        Some(definition) => doc.paragraph().line(format!("Shared definition “{}” of the plan.", inline(definition))),
        None => doc.paragraph().line(format!("Declared in the plan at {}.", inline(&ty.location.path.to_string()))),
    };
    match &ty.kind {
        NamedKind::Enum { values } => items::enumeration(&ty.name.rust, &doc, values),
        NamedKind::Object { properties } => items::object(plan, &ty.name.rust, &doc, properties, None, patterns),
    }
}

fn call_doc(call: &Call) -> Doc {
    let mut doc = Doc::default();
    if let Some(description) = &call.description {
        doc.text(description);
    }
    doc
}

fn event_struct(plan: &Plan, event: &Event, sources: &PatternSources, patterns: &mut Patterns) -> TokenStream {
    let mut doc = Doc::default();
    if let Some(description) = &event.description {
        doc.text(description).paragraph();
    }
    doc.line(format!("- Event: “{}”, version {}", inline(&event.name), event.version));
    let lists = [
        ("Owners", &event.owners),
        ("Tags", &event.tags),
        ("Sources", &event.sources),
        ("Destinations", &event.destinations),
    ];
    if let Some(category) = &event.category {
        doc.line(format!("- Category: {}", inline(category)));
    }
    for (label, values) in lists.into_iter().filter(|(_, values)| !values.is_empty()) {
        doc.line(format!("- {label}: {}", values.iter().map(|v| inline(v)).collect::<Vec<_>>().join(", ")));
    }
    if let Some(priority) = &event.priority {
        doc.line(format!("- Priority: {priority:?}"));
    }
    if let Some(deprecation) = &event.deprecation {
        doc.line(format!("- Deprecated: {}", inline(deprecation)));
    }
    let facts = MessageFacts {
        kind: "Track",
        name: event.name.clone(),
        version: event.version.to_string(),
        destinations: event.destinations.clone(),
        schema: schema::event(plan, event, sources),
    };
    items::object(plan, &event.type_name.rust, &doc, &event.properties, Some(&facts), patterns)
}

/// `visit_messages`: the global properties, the calls, then the events, in plan order.
fn visit_messages(plan: &Plan) -> TokenStream {
    let calls = [&plan.global_properties, &plan.identify, &plan.group, &plan.page, &plan.screen];
    let names = calls
        .into_iter()
        .flatten()
        .map(|call| &call.type_name.rust)
        .chain(plan.events.iter().map(|event| &event.type_name.rust))
        .map(|name| types::ident(name));
    quote! {
        /// Calls `visitor.visit::<T>()` for every message type of the plan: the global
        /// properties, the identify, group, page and screen calls, then every event, in plan order.
        pub fn visit_messages(visitor: &mut impl ::trackplan_runtime::MessageVisitor) {
            #(visitor.visit::<#names>();)*
        }
    }
}
