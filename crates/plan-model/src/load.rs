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
use crate::raw::{EventSpec, PlanFile, PlanFragment, PropertyGroup, PropertyMap, PropertySpec};
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
    /// The root file without its events, definitions and property groups (those are below).
    pub root: PlanFile,
    pub events: Vec<Located<EventSpec>>,
    pub definitions: IndexMap<String, Located<PropertySpec>>,
    pub groups: IndexMap<String, Located<PropertyGroup>>,
    /// Definitions and groups whose shape was wrong: already reported, so references to them
    /// are not reported again as dangling.
    pub broken: HashSet<String>,
}

/// The items of one file that are collected one by one.
#[derive(Default)]
struct Sections {
    events: Vec<(usize, Option<EventSpec>)>,
    definitions: Vec<(String, Option<PropertySpec>)>,
    groups: Vec<(String, Option<PropertyGroup>)>,
}

/// A file shape with events, definitions and property groups (root or fragment).
trait FileShape: DeserializeOwned + Default {
    fn take_sections(&mut self) -> Sections;
}

fn typed_sections(
    events: Vec<EventSpec>,
    definitions: IndexMap<String, PropertySpec>,
    groups: IndexMap<String, PropertyGroup>,
) -> Sections {
    Sections {
        events: events.into_iter().map(Some).enumerate().collect(),
        definitions: definitions.into_iter().map(|(name, spec)| (name, Some(spec))).collect(),
        groups: groups.into_iter().map(|(name, group)| (name, Some(group))).collect(),
    }
}

impl FileShape for PlanFile {
    fn take_sections(&mut self) -> Sections {
        typed_sections(
            std::mem::take(&mut self.events),
            std::mem::take(&mut self.definitions),
            std::mem::take(&mut self.property_groups),
        )
    }
}

impl FileShape for PlanFragment {
    fn take_sections(&mut self) -> Sections {
        typed_sections(
            std::mem::take(&mut self.events),
            std::mem::take(&mut self.definitions),
            std::mem::take(&mut self.property_groups),
        )
    }
}

/// Read `path` and everything it includes. Returns `None` when the root itself is unusable.
pub(crate) fn gather(reporter: &mut Reporter, path: &Path, text: String) -> Option<Gathered> {
    let root_id = reporter.add_file(Arc::new(path.to_path_buf()), text);
    let root_at = At::new(root_id, JsonPath::root());
    let (root, sections) = read::<PlanFile>(reporter, root_id);
    let root = root?;
    if root.format_version != FORMAT_VERSION {
        reporter
            .error(Code::E0005, root_at.key("formatVersion"), format!("format version {} is not supported", root.format_version))
            .help(format!("this Trackplan reads format version {FORMAT_VERSION}; set `\"formatVersion\": {FORMAT_VERSION}` or upgrade Trackplan"));
        return None;
    }
    let mut gathered = Gathered { root, ..Gathered::default() };
    collect(reporter, root_id, sections, &mut gathered);
    let includes = gathered.root.include.clone();
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
        let chain: Vec<String> =
            stack[position..].iter().chain([&canonical]).map(|p| p.display().to_string()).collect();
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
    let (fragment, sections) = read::<PlanFragment>(reporter, file);
    collect(reporter, file, sections, gathered);
    let Some(fragment) = fragment else { return };
    let file_at = At::new(file, JsonPath::root());
    stack.push(canonical);
    for (index, nested) in fragment.include.iter().enumerate() {
        include_file(reporter, &file_at.key("include").index(index), &path, nested, stack, gathered);
    }
    stack.pop();
}

/// Read one file. Well-formed files take one typed pass; a file with any problem is read
/// again item by item so that every problem is reported with its place.
fn read<T: FileShape>(reporter: &mut Reporter, file: FileId) -> (Option<T>, Sections) {
    report_duplicate_keys(reporter, file);
    if let Ok(mut whole) = serde_json::from_str::<T>(reporter.text(file)) {
        let sections = whole.take_sections();
        return (Some(whole), sections);
    }
    let mut value = match serde_json::from_str::<Value>(reporter.text(file)) {
        Ok(value) => value,
        Err(error) => {
            // serde_json counts columns from 0 at the start of a line.
            let (line, column) = (error.line(), error.column().max(1));
            let message = strip_position(&error.to_string());
            let message = if message.starts_with("control character") {
                "a string contains a raw control character: a closing quote is probably missing (write line breaks inside strings as \\n)".to_owned()
            } else {
                message
            };
            reporter
                .error_at_line(Code::E0002, file, line, column, format!("invalid JSON: {message}"))
                .help("fix the JSON syntax at this position (a missing comma, quote or bracket is the usual cause)");
            return (None, Sections::default());
        }
    };
    if !value.is_object() {
        let found = crate::validate::json_type(&value);
        reporter
            .error(
                Code::E0004,
                At::new(file, JsonPath::root()),
                format!("a plan file must be a JSON object, found {found}"),
            )
            .help(
                "write the plan as an object: `{\"formatVersion\": 1, \"name\": …, \"version\": …, \"events\": […]}`",
            );
        return (None, Sections::default());
    }
    let root = At::new(file, JsonPath::root());
    let mut sections = Sections::default();
    if let Some(object) = value.as_object_mut() {
        if let Some(events) = object.shift_remove("events") {
            match events {
                Value::Array(items) => {
                    for (index, item) in items.into_iter().enumerate() {
                        sections
                            .events
                            .push((index, deserialize_event(reporter, &root.key("events").index(index), item)));
                    }
                }
                other => type_mismatch(reporter, root.key("events"), &other, "an array of events"),
            }
        }
        if let Some(definitions) = object.shift_remove("definitions") {
            sections.definitions =
                pieces(reporter, root.key("definitions"), definitions, "definitions", deserialize_property);
        }
        if let Some(groups) = object.shift_remove("propertyGroups") {
            sections.groups =
                pieces(reporter, root.key("propertyGroups"), groups, "property groups", deserialize_group);
        }
    }
    (deserialize(reporter, &root, value), sections)
}

/// Deserialise each member of an object on its own with `item`.
fn pieces<T>(
    reporter: &mut Reporter,
    at: At,
    value: Value,
    what: &str,
    item: fn(&mut Reporter, &At, Value) -> Option<T>,
) -> Vec<(String, Option<T>)> {
    let Value::Object(members) = value else {
        type_mismatch(reporter, at, &value, &format!("an object of {what} keyed by name"));
        return Vec::new();
    };
    members
        .into_iter()
        .map(|(name, member)| {
            let parsed = item(reporter, &at.key(&name), member);
            (name, parsed)
        })
        .collect()
}

// The item-by-item pass goes down to every property, so that shape errors in different
// properties of one event are all reported.

fn deserialize_event(reporter: &mut Reporter, at: &At, mut value: Value) -> Option<EventSpec> {
    let properties = value.as_object_mut().and_then(|object| object.shift_remove("properties"));
    let event: Option<EventSpec> = deserialize(reporter, at, value);
    let properties = properties.map(|map| property_map(reporter, &at.key("properties"), map));
    let mut event = event?;
    if let Some(properties) = properties {
        event.properties = properties?;
    }
    Some(event)
}

fn deserialize_group(reporter: &mut Reporter, at: &At, mut value: Value) -> Option<PropertyGroup> {
    let properties = value.as_object_mut().and_then(|object| object.shift_remove("properties"));
    let group: Option<PropertyGroup> = deserialize(reporter, at, value);
    let properties = properties.map(|map| property_map(reporter, &at.key("properties"), map));
    let mut group = group?;
    if let Some(properties) = properties {
        group.properties = properties?;
    }
    Some(group)
}

fn property_map(reporter: &mut Reporter, at: &At, value: Value) -> Option<PropertyMap> {
    let pieces = pieces(reporter, at.clone(), value, "properties", deserialize_property);
    let mut map = PropertyMap::with_capacity(pieces.len());
    let mut ok = true;
    for (name, spec) in pieces {
        match spec {
            Some(spec) => {
                map.insert(name, spec);
            }
            None => ok = false,
        }
    }
    ok.then_some(map)
}

fn deserialize_property(reporter: &mut Reporter, at: &At, mut value: Value) -> Option<PropertySpec> {
    let (nested, items) = match value.as_object_mut() {
        Some(object) => (object.shift_remove("properties"), object.shift_remove("items")),
        None => (None, None),
    };
    let spec: Option<PropertySpec> = deserialize(reporter, at, value);
    let nested = nested.map(|map| property_map(reporter, &at.key("properties"), map));
    let items = items.map(|item| deserialize_property(reporter, &at.key("items"), item));
    let mut spec = spec?;
    if let Some(nested) = nested {
        spec.properties = Some(nested?);
    }
    if let Some(items) = items {
        spec.items = Some(Box::new(items?));
    }
    Some(spec)
}

/// Add one file's items to the plan, reporting definitions and groups declared twice.
fn collect(reporter: &mut Reporter, file: FileId, sections: Sections, gathered: &mut Gathered) {
    let root = At::new(file, JsonPath::root());
    for (index, event) in sections.events {
        if let Some(event) = event {
            gathered.events.push(Located { value: event, at: root.key("events").index(index) });
        }
    }
    collect_named(
        reporter,
        root.key("definitions"),
        sections.definitions,
        "definition",
        &mut gathered.definitions,
        &mut gathered.broken,
    );
    collect_named(
        reporter,
        root.key("propertyGroups"),
        sections.groups,
        "property group",
        &mut gathered.groups,
        &mut gathered.broken,
    );
}

fn collect_named<T>(
    reporter: &mut Reporter,
    at: At,
    items: Vec<(String, Option<T>)>,
    what: &str,
    into: &mut IndexMap<String, Located<T>>,
    broken: &mut HashSet<String>,
) {
    for (name, item) in items {
        let member_at = at.key(&name);
        let Some(item) = item else {
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

fn canonical_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Keys written twice in one object: serde_json would keep one of them silently.
fn report_duplicate_keys(reporter: &mut Reporter, file: FileId) {
    let duplicates = crate::source_map::duplicate_keys(reporter.text(file));
    for duplicate in duplicates {
        let key = match duplicate.path.last() {
            Some(Segment::Key(key)) => key.clone(),
            _ => String::new(),
        };
        reporter
            .error_at_offset(
                Code::E0003,
                file,
                duplicate.offset,
                duplicate.path.clone(),
                format!("key `{key}` appears twice in one object"),
            )
            .related_offset("first written here", file, duplicate.first_offset, duplicate.path)
            .help("JSON readers keep only one of the two silently; remove or rename one of them");
    }
}

/// serde_json appends " at line L column C"; the diagnostic prints the position itself.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
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
    reporter
        .error(Code::E0004, at, format!("expected {expected}, found {kind}"))
        .help(format!("write {expected} here"));
}

/// Deserialise one item, reporting the exact JSON path of a shape error.
fn deserialize<T: DeserializeOwned>(reporter: &mut Reporter, at: &At, value: Value) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(item) => Some(item),
        Err(error) => {
            let mut path = at.path.clone();
            for segment in error.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => path = path.index(*index),
                    serde_path_to_error::Segment::Map { key } => path = path.key(key),
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
        // serde_path_to_error may already end the path with the field.
        if !matches!(path.last(), Some(Segment::Key(last)) if last == field) {
            *path = path.key(field);
        }
        let expected = expected.trim_start_matches(", ").trim_start_matches("expected ").trim_start_matches("one of ");
        let known: Vec<&str> = expected.split(", ").map(|k| k.trim_matches('`')).collect();
        let help = if expected.is_empty() {
            "remove it".to_owned()
        } else if let Some(close) = crate::suggest::closest(field, &known) {
            format!("did you mean `{close}`?")
        } else {
            format!(
                "remove it, or use one of the supported keys: {expected}. Keywords Trackplan cannot honour in every target language are refused rather than ignored"
            )
        };
        return (format!("unknown field `{field}`"), help, true);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (format!("missing field `{field}`"), format!("add `\"{field}\"` to this object"), false);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (variant, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", ").trim_start_matches("expected ").trim_start_matches("one of ");
        let known: Vec<&str> = expected.split(", ").map(|k| k.trim_matches('`')).collect();
        let help = match crate::suggest::closest(variant, &known) {
            Some(close) => format!("did you mean `{close}`? Allowed: {expected}"),
            None => format!("use one of {expected}"),
        };
        return (format!("`{variant}` is not an allowed value"), help, false);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let expected = plain_type_name(expected);
        return (format!("expected {expected}, found {found}"), format!("write {expected} here"), false);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
        let expected = plain_type_name(expected);
        return (format!("expected {expected}, found {found}"), format!("write {expected} here"), false);
    }
    (
        message.to_owned(),
        "see the plan format reference in README.md, or check the file against `codegen schema`".to_owned(),
        false,
    )
}

/// serde names Rust types ("u32", "a sequence"); plan authors think in JSON.
fn plain_type_name(expected: &str) -> String {
    match expected {
        "u32" | "u64" | "usize" | "u16" | "u8" => "a whole number (0 or more)".to_owned(),
        "i64" | "i32" => "a whole number".to_owned(),
        "f64" | "f32" => "a number".to_owned(),
        "a sequence" => "an array".to_owned(),
        "a map" => "an object".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        other if other.starts_with("struct ") => "an object".to_owned(),
        other => other.to_owned(),
    }
}
