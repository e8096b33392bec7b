//! Reading plan files: the root, its includes, JSON syntax, duplicate keys and the file format.
//!
//! Each event, definition and property group is deserialised on its own so that one mistake
//! does not hide the others: all problems are collected, none stops the walk.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::Code;
use crate::json_path::{JsonPath, Segment};
use crate::raw::{EventSpec, PlanFile, PlanFragment, PropertyGroup, PropertySpec};
use crate::report::{At, FileId, Reporter};

/// The only plan format version this loader reads.
pub const FORMAT_VERSION: u32 = 1;

/// A value read from the plan together with where it was written.
#[derive(Debug, Clone)]
pub(crate) struct Located<T> {
    pub value: T,
    pub at: At,
}

/// Everything read from the root file and its includes, before resolution.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    pub root: PlanFile,
    pub events: Vec<Located<EventSpec>>,
    pub definitions: IndexMap<String, Located<PropertySpec>>,
    pub groups: IndexMap<String, Located<PropertyGroup>>,
    /// Definitions and groups whose shape was wrong: already reported, so references to them
    /// are not reported again as dangling.
    pub broken: HashSet<String>,
    /// Canonical JSON of every file, in load order, for the content hash.
    pub canonical: Vec<u8>,
}

/// Read `path` and everything it includes. Returns `None` when the root itself is unusable.
pub(crate) fn gather(reporter: &mut Reporter, path: &Path, text: String) -> Option<Gathered> {
    let root_id = reporter.add_file(Arc::new(path.to_path_buf()), text);
    let mut root_value = parse(reporter, root_id)?;
    let mut gathered = Gathered::default();
    canonical_json(&root_value, &mut gathered.canonical);

    let sections = take_sections(&mut root_value);
    let root_at = At::new(root_id, JsonPath::root());
    let root: PlanFile = deserialize(reporter, &root_at, root_value)?;
    if root.format_version != FORMAT_VERSION {
        reporter
            .error(Code::E0005, root_at.key("formatVersion"), format!("format version {} is not supported", root.format_version))
            .help(format!("this Trackplan reads format version {FORMAT_VERSION}; set `\"formatVersion\": {FORMAT_VERSION}` or upgrade Trackplan"));
        return None;
    }
    let includes = root.include.clone();
    gathered.root = root;
    collect_sections(reporter, root_id, sections, &mut gathered);

    let mut stack = vec![canonical_path(path)];
    for (index, include) in includes.iter().enumerate() {
        include_file(reporter, &root_at.key("include").index(index), path, include, &mut stack, &mut gathered);
    }
    Some(gathered)
}

fn include_file(
    reporter: &mut Reporter,
    at: &At,
    including: &Path,
    include: &str,
    stack: &mut Vec<PathBuf>,
    gathered: &mut Gathered,
) {
    let path = including.parent().unwrap_or(Path::new("")).join(include);
    let canonical = canonical_path(&path);
    if let Some(position) = stack.iter().position(|p| *p == canonical) {
        let chain: Vec<String> = stack[position..].iter().chain([&canonical]).map(|p| p.display().to_string()).collect();
        reporter
            .error(Code::E0006, at.clone(), format!("include cycle: {}", chain.join(" -> ")))
            .help("remove one of these includes; a file may be included only once along any chain");
        return;
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            reporter
                .error(Code::E0001, at.clone(), format!("cannot read included file {}: {error}", path.display()))
                .help("include paths are relative to the file that includes them; fix the path or create the file");
            return;
        }
    };
    let file = reporter.add_file(Arc::new(path.clone()), text);
    let Some(mut value) = parse(reporter, file) else { return };
    canonical_json(&value, &mut gathered.canonical);
    let sections = take_sections(&mut value);
    let file_at = At::new(file, JsonPath::root());
    let Some(fragment) = deserialize::<PlanFragment>(reporter, &file_at, value) else { return };
    collect_sections(reporter, file, sections, gathered);
    stack.push(canonical);
    for (index, nested) in fragment.include.iter().enumerate() {
        include_file(reporter, &file_at.key("include").index(index), &path, nested, stack, gathered);
    }
    stack.pop();
}

fn canonical_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Parse JSON text, reporting syntax errors and repeated keys.
fn parse(reporter: &mut Reporter, file: FileId) -> Option<Value> {
    let text = reporter.text(file);
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(error) => {
            let (line, column) = (error.line(), error.column());
            let message = strip_position(&error.to_string());
            reporter
                .error_at_line(Code::E0002, file, line, column, format!("invalid JSON: {message}"))
                .help("fix the JSON syntax at this position (a missing comma, quote or bracket is the usual cause)");
            return None;
        }
    };
    let duplicates = crate::source_map::duplicate_keys(reporter.text(file));
    for duplicate in duplicates {
        let key = match duplicate.path.segments().last() {
            Some(Segment::Key(key)) => key.clone(),
            _ => String::new(),
        };
        reporter
            .error_at_offset(Code::E0003, file, duplicate.offset, duplicate.path.clone(), format!("key `{key}` appears twice in one object"))
            .related_offset("first written here", file, duplicate.first_offset, duplicate.path)
            .help("JSON readers keep only one of the two silently; remove or rename one of them");
    }
    Some(value)
}

/// serde_json appends " at line L column C"; the diagnostic prints the position itself.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// The sections deserialised item by item, taken out of a file's top-level object.
struct Sections {
    events: Option<Value>,
    definitions: Option<Value>,
    groups: Option<Value>,
}

fn take_sections(value: &mut Value) -> Sections {
    match value.as_object_mut() {
        Some(object) => Sections {
            events: object.shift_remove("events"),
            definitions: object.shift_remove("definitions"),
            groups: object.shift_remove("propertyGroups"),
        },
        None => Sections { events: None, definitions: None, groups: None },
    }
}

fn collect_sections(reporter: &mut Reporter, file: FileId, sections: Sections, gathered: &mut Gathered) {
    let root = At::new(file, JsonPath::root());
    if let Some(events) = sections.events {
        let at = root.key("events");
        match events {
            Value::Array(items) => {
                for (index, item) in items.into_iter().enumerate() {
                    let at = at.index(index);
                    if let Some(event) = deserialize::<EventSpec>(reporter, &at, item) {
                        gathered.events.push(Located { value: event, at });
                    }
                }
            }
            other => type_mismatch(reporter, at, &other, "an array of events"),
        }
    }
    if let Some(definitions) = sections.definitions {
        collect_map(reporter, root.key("definitions"), definitions, "definition", &mut gathered.definitions, &mut gathered.broken);
    }
    if let Some(groups) = sections.groups {
        collect_map(reporter, root.key("propertyGroups"), groups, "property group", &mut gathered.groups, &mut gathered.broken);
    }
}

fn collect_map<T: DeserializeOwned>(
    reporter: &mut Reporter,
    at: At,
    value: Value,
    what: &str,
    into: &mut IndexMap<String, Located<T>>,
    broken: &mut HashSet<String>,
) {
    let Value::Object(members) = value else {
        return type_mismatch(reporter, at, &value, &format!("an object of {what}s keyed by name"));
    };
    for (name, member) in members {
        let member_at = at.key(&name);
        let Some(item) = deserialize::<T>(reporter, &member_at, member) else {
            broken.insert(name);
            continue;
        };
        if let Some(first) = into.get(&name) {
            let first_at = first.at.clone();
            reporter
                .error_key(Code::E0109, member_at, format!("{what} `{name}` is declared twice"))
                .related("first declared here", first_at)
                .help(format!("rename or remove one of the two; a {what} name must be unique across all plan files"));
            continue;
        }
        into.insert(name, Located { value: item, at: member_at });
    }
}

fn type_mismatch(reporter: &mut Reporter, at: At, found: &Value, expected: &str) {
    let kind = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    reporter.error(Code::E0004, at, format!("expected {expected}, found {kind}")).help(format!("write {expected} here"));
}

/// Deserialise one item, reporting the exact JSON path of a shape error.
fn deserialize<T: DeserializeOwned>(reporter: &mut Reporter, at: &At, value: Value) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(item) => Some(item),
        Err(error) => {
            let mut path = at.path.clone();
            for segment in error.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => path.push(Segment::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => path.push(Segment::Key(key.clone())),
                    serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
                }
            }
            let message = error.inner().to_string();
            let (message, help, on_key) = explain_shape_error(&message, &mut path);
            let at = At { file: at.file, path, key: on_key };
            reporter.error(Code::E0004, at, message).help(help);
            None
        }
    }
}

/// Turn serde's wording into a diagnostic message, help text, and whether it points at a key.
fn explain_shape_error(message: &str, path: &mut JsonPath) -> (String, String, bool) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        path.push(Segment::Key(field.to_owned()));
        let expected = expected.trim_start_matches(", ").trim_start_matches("expected ");
        let help = if expected.is_empty() {
            "remove it".to_owned()
        } else {
            format!("remove it or use one of the supported keys: {expected}. Keywords Trackplan cannot honour in every target language are refused rather than ignored")
        };
        return (format!("unknown field `{field}`"), help, true);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (format!("missing field `{field}`"), format!("add `\"{field}\"` to this object"), false);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (variant, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", ").trim_start_matches("expected ");
        return (format!("`{variant}` is not an allowed value"), format!("use {expected}"), false);
    }
    (message.to_owned(), "see the plan format reference in README.md, or check the file against `codegen schema`".to_owned(), false)
}

/// Write `value` as JSON with object keys sorted, so formatting and key order do not change
/// the plan hash.
pub(crate) fn canonical_json(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            out.push(b'{');
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for (position, key) in keys.into_iter().enumerate() {
                if position > 0 {
                    out.push(b',');
                }
                write_scalar(&Value::String(key.clone()), out);
                out.push(b':');
                canonical_json(&map[key], out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push(b',');
                }
                canonical_json(item, out);
            }
            out.push(b']');
        }
        scalar => write_scalar(scalar, out),
    }
}

fn write_scalar(value: &Value, out: &mut Vec<u8>) {
    // Writing a scalar Value into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}
