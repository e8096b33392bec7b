//! `codegen status`: which planned events the source code calls, where, and which it does not.
//!
//! Source files are parsed for real (Rust with syn, TypeScript / JavaScript, Kotlin and Swift
//! with tree-sitter grammars), so comments and strings never count. A planned event counts as
//! instrumented when its generated track function (`event.function_name.<language>`) is
//! called through any receiver (`tracker.trackOrderCompleted(…)`, `t.trackOrderCompleted(…)`
//! after `const t = tracker`, `track_order_completed(&client, …)`) or passed on as a value
//! (`onClick={tracker.trackOrderCompleted}`). Calls such as `analytics.track("Order
//! Completed", …)` with a string literal bypass the SDK's types and validation and are
//! reported as warnings.
//!
//! Directories are walked honouring `.gitignore`, `.ignore` and hidden-file conventions, and
//! files carrying the generated-code marker are skipped: the SDK's own code is not usage.

mod language;
mod rust;
mod tree;
mod walk;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Priority, Status};

pub use language::Language;

/// Method and function names of analytics libraries' untyped track calls.
pub const RAW_TRACK_METHODS: &[&str] = &["track", "trackEvent", "track_event", "logEvent", "log_event"];

/// A place in source code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SourcePlace {
    /// The file.
    pub file: PathBuf,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

/// How the source uses a generated track function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UseKind {
    /// Called.
    Call,
    /// Passed on or stored as a value, to be called elsewhere.
    Reference,
}

/// One use of a generated track function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Use {
    /// Where.
    pub place: SourcePlace,
    /// The language of the file.
    pub language: Language,
    /// The function name found.
    pub function: String,
    /// Call or reference.
    pub kind: UseKind,
}

/// An untyped track call with a string literal event name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawCall {
    /// Where.
    pub place: SourcePlace,
    /// The language of the file.
    pub language: Language,
    /// The method or function called (`track`, `logEvent`…).
    pub method: String,
    /// The event name in the literal.
    pub event: String,
    /// The generated function to call instead, when the name is a planned event.
    pub use_instead: Option<String>,
}

/// What one file's parse found: uses of generated functions and raw calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Found {
    pub uses: Vec<(String, SourcePlace, UseKind)>,
    pub raw: Vec<(String, String, SourcePlace)>,
}

/// A file that could not be read or parsed completely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanProblem {
    /// The file.
    pub file: PathBuf,
    /// What went wrong; for tree-sitter files, the rest of the file was still searched.
    pub message: String,
}

/// A directory tree (or files) scanned for one source of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRoot {
    /// The plan source it instruments (`web`, `ios`…); `None` expects every event.
    pub source: Option<String>,
    /// Files or directories.
    pub paths: Vec<PathBuf>,
}

/// One planned event in one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventStatus {
    /// Wire name.
    pub name: String,
    /// Priority.
    pub priority: Option<Priority>,
    /// Whether the event is deprecated (then it is not expected, and a use is a warning).
    pub deprecated: bool,
    /// Whether this source should send it (active, and fired from this source).
    pub expected: bool,
    /// Where the generated function is used.
    pub uses: Vec<Use>,
}

impl EventStatus {
    /// Whether any use was found.
    pub fn instrumented(&self) -> bool {
        !self.uses.is_empty()
    }
}

/// The status of one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    /// The plan source, `None` for an unlabelled scan.
    pub source: Option<String>,
    /// What was scanned.
    pub paths: Vec<PathBuf>,
    /// Source files parsed.
    pub files_scanned: usize,
    /// Every event of the plan, in plan order.
    pub events: Vec<EventStatus>,
    /// Untyped track calls.
    pub raw_calls: Vec<RawCall>,
    /// Files that could not be read or parsed completely.
    pub problems: Vec<ScanProblem>,
}

impl SourceStatus {
    /// Expected events without any use.
    pub fn missing(&self) -> impl Iterator<Item = &EventStatus> {
        self.events.iter().filter(|e| e.expected && !e.instrumented())
    }
}

/// The instrumentation status of every scanned source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    /// Plan name.
    pub plan: String,
    /// Plan version.
    pub version: String,
    /// One entry per source root.
    pub sources: Vec<SourceStatus>,
}

/// Which missing events make `codegen status` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingThreshold {
    /// Never fail.
    None,
    /// Missing expected events of this priority or a higher one (P0 is the highest).
    AtLeast(Priority),
    /// Any missing expected event, with or without a priority.
    Any,
}

impl StatusReport {
    /// Missing events that fail a run at `threshold`, with their source.
    pub fn failing(&self, threshold: MissingThreshold) -> Vec<(&SourceStatus, &EventStatus)> {
        let counts = |event: &EventStatus| match threshold {
            MissingThreshold::None => false,
            MissingThreshold::Any => true,
            MissingThreshold::AtLeast(level) => event.priority.is_some_and(|p| p <= level),
        };
        self.sources.iter().flat_map(|s| s.missing().filter(|e| counts(e)).map(move |e| (s, e))).collect()
    }
}

/// Generated function names per language, to event index.
struct Lookup {
    by_language: HashMap<Language, HashMap<String, usize>>,
    by_wire_name: HashMap<String, usize>,
}

impl Lookup {
    fn new(plan: &Plan) -> Self {
        let mut by_language: HashMap<Language, HashMap<String, usize>> = HashMap::new();
        for (index, event) in plan.events.iter().enumerate() {
            for language in Language::ALL {
                let name = language.function_name(&event.function_name);
                by_language.entry(language).or_default().insert(name, index);
            }
        }
        let by_wire_name = plan.events.iter().enumerate().map(|(i, e)| (e.name.clone(), i)).collect();
        Lookup { by_language, by_wire_name }
    }

    /// The event whose generated function in `language` is `name`.
    fn event(&self, language: Language, name: &str) -> Option<usize> {
        self.by_language.get(&language)?.get(name).copied()
    }
}

/// Scan every root and report each planned event's status.
pub fn scan(plan: &Plan, roots: &[SourceRoot]) -> StatusReport {
    let lookup = Lookup::new(plan);
    let sources = roots.iter().map(|root| scan_root(plan, &lookup, root)).collect();
    StatusReport { plan: plan.name.clone(), version: plan.version.to_string(), sources }
}

fn scan_root(plan: &Plan, lookup: &Lookup, root: &SourceRoot) -> SourceStatus {
    let mut events: Vec<EventStatus> = plan
        .events
        .iter()
        .map(|event| {
            let fires_here = match &root.source {
                None => true,
                Some(source) => event.sources.is_empty() || event.sources.contains(source),
            };
            EventStatus {
                name: event.name.clone(),
                priority: event.priority,
                deprecated: event.status == Status::Deprecated,
                expected: fires_here && event.status == Status::Active,
                uses: Vec::new(),
            }
        })
        .collect();
    let mut raw_calls = Vec::new();
    let mut problems = Vec::new();
    let files = walk::source_files(&root.paths, &mut problems);
    let files_scanned = files.len();
    for (path, language) in files {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                problems.push(ScanProblem { file: path, message: format!("cannot read: {error}") });
                continue;
            }
        };
        if walk::is_generated(&text) {
            continue;
        }
        let tracked = |name: &str| lookup.event(language, name).is_some();
        let (found, problem) = match language {
            Language::Rust => match rust::find(&text, &path, &tracked) {
                Ok(found) => (found, None),
                Err(problem) => (Found::default(), Some(problem)),
            },
            other => tree::find(other, &text, &path, &tracked),
        };
        problems.extend(problem);
        for (function, place, kind) in found.uses {
            if let Some(index) = lookup.event(language, &function) {
                events[index].uses.push(Use { place, language, function, kind });
            }
        }
        for (method, event, place) in found.raw {
            let use_instead =
                lookup.by_wire_name.get(&event).map(|&i| language.function_name(&plan.events[i].function_name));
            raw_calls.push(RawCall { place, language, method, event, use_instead });
        }
    }
    for event in &mut events {
        event.uses.sort();
    }
    raw_calls.sort_by(|a, b| a.place.cmp(&b.place));
    SourceStatus { source: root.source.clone(), paths: root.paths.clone(), files_scanned, events, raw_calls, problems }
}
