//! The generic validation path: payloads of any event against the event's JSON Schema,
//! reporting violations exactly as the typed path does.
//!
//! Two validators share the violation format:
//! - [`SchemaValidator`] runs any JSON Schema through the `jsonschema` crate on a parsed
//!   `serde_json::Value`, for dynamic events and cross-checks of the generated validators.
//! - [`CompiledSchema`] compiles the schemas the plan model writes into a tree of checks that
//!   validates JSON text while parsing it (no `Value`, no allocation while the payload is
//!   valid) and builds violations only for invalid payloads; `codegen audit` uses it to check
//!   recorded events at hundreds of MB/s.
//!
//! Generated code embeds each message's schema as [`Message::SCHEMA`]; the schema may carry
//! `x-trackplan-pattern` next to `pattern` to give the pattern as written in the plan, which
//! violations quote.

mod compiled;
mod stream;

pub use compiled::Reserved;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, PatternOptions, ValidationError};
use serde_json::Value;

use crate::formats::Format;
use crate::json_text::{compact, js_number, json_equal};
use crate::message::Message;
use crate::path::Path;
use crate::violation::{Violation, sort};

/// The annotation keeping a pattern's plan spelling next to its compiled form.
pub const PATTERN_SOURCE_KEYWORD: &str = "x-trackplan-pattern";

/// Why a schema cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The schema text is not JSON.
    #[error("the schema is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The schema does not compile.
    #[error("the schema does not compile: {0}")]
    Compile(String),
}

/// A plan-model schema compiled for fast validation of JSON text (see the module docs).
#[derive(Debug)]
pub struct CompiledSchema {
    root: compiled::Node,
}

impl CompiledSchema {
    /// Compile `schema`, a schema as the plan model writes it (`json_schema::event_schema`,
    /// `wire_schema`, `object_schema`); other validation keywords are refused.
    pub fn compile(schema: &Value) -> Result<Self, SchemaError> {
        Ok(CompiledSchema { root: compiled::compile(schema, "")? })
    }

    /// The validator of a generated message's embedded schema.
    pub fn for_message<M: Message>() -> Result<Self, SchemaError> {
        CompiledSchema::compile(&serde_json::from_str(M::SCHEMA)?)
    }

    /// Whether the next value of `deserializer` is well-formed JSON that breaks no rule,
    /// checked while parsing it. `Err` means invalid, malformed, or not decidable without the
    /// detailed path: parse the value and call [`CompiledSchema::violations`] to know which.
    /// Undeclared top-level keys that `reserved` accepts are skipped.
    pub fn check_clean<'de, D: serde::Deserializer<'de>>(
        &self,
        deserializer: D,
        reserved: Option<Reserved>,
    ) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(stream::Clean { node: &self.root, reserved }, deserializer)
    }

    /// Whether `json` is valid, the fast way.
    pub fn is_clean(&self, json: &str) -> bool {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        self.check_clean(&mut deserializer, None).is_ok() && deserializer.end().is_ok()
    }

    /// Every broken rule of `payload`, sorted by (path, rule).
    pub fn violations(&self, payload: &Value) -> Vec<Violation> {
        self.violations_reserving(payload, None)
    }

    /// As [`CompiledSchema::violations`], skipping undeclared top-level keys that `reserved`
    /// accepts.
    pub fn violations_reserving(&self, payload: &Value, reserved: Option<Reserved>) -> Vec<Violation> {
        let mut found = Vec::new();
        compiled::check(&self.root, payload, &Path::Root, reserved, &mut found);
        sort(&mut found);
        found
    }
}

/// A compiled event schema.
pub struct SchemaValidator {
    schema: Value,
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for SchemaValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaValidator").field("schema", &self.schema).finish_non_exhaustive()
    }
}

impl SchemaValidator {
    /// Compile `schema` (a properties-object schema as the plan model writes it).
    pub fn new(schema: Value) -> Result<Self, SchemaError> {
        let mut options =
            jsonschema::options().should_validate_formats(true).with_pattern_options(PatternOptions::regex());
        for format in [Format::DateTime, Format::Date, Format::Email, Format::Uri, Format::Uuid] {
            options = options.with_format(format.as_str(), move |text: &str| format.is_valid(text));
        }
        let validator = options.build(&schema).map_err(|error| SchemaError::Compile(error.to_string()))?;
        Ok(SchemaValidator { schema, validator })
    }

    /// The validator of a generated message's embedded schema.
    pub fn for_message<M: Message>() -> Result<Self, SchemaError> {
        SchemaValidator::new(serde_json::from_str(M::SCHEMA)?)
    }

    /// Every broken rule of `payload`, sorted by (path, rule).
    pub fn violations(&self, payload: &Value) -> Vec<Violation> {
        let mut found: Vec<Violation> =
            self.validator.iter_errors(payload).flat_map(|error| self.translate(payload, &error)).collect();
        // A value of the wrong type gets only its `type` violation.
        let mistyped: Vec<String> = found.iter().filter(|v| v.rule == "type").map(|v| v.path.clone()).collect();
        found.retain(|v| v.rule == "type" || !mistyped.contains(&v.path));
        sort(&mut found);
        found.dedup();
        found
    }

    fn translate(&self, root: &Value, error: &ValidationError<'_>) -> Vec<Violation> {
        let segments = segments(root, error.instance_path.as_str());
        let path = render(&segments, &Path::Root);
        let instance: &Value = &error.instance;
        let one =
            |rule: &'static str, expected: String, actual: String| vec![Violation::new(&path, rule, expected, actual)];
        match &error.kind {
            ValidationErrorKind::Type { kind } => one("type", plan_type(kind), crate::json_type(instance).to_owned()),
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let mut member = segments.clone();
                member.push(Segment::Key(name.to_owned()));
                vec![Violation::new(render(&member, &Path::Root), "required", "present", "missing")]
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
                .iter()
                .map(|key| {
                    let mut member = segments.clone();
                    member.push(Segment::Key(key.clone()));
                    Violation::new(
                        render(&member, &Path::Root),
                        "additionalProperties",
                        "no undeclared properties",
                        "present",
                    )
                })
                .collect(),
            ValidationErrorKind::Enum { options } => {
                let allowed = match options {
                    Value::Array(values) => Value::Array(values.iter().filter(|v| !v.is_null()).cloned().collect()),
                    other => other.clone(),
                };
                one("enum", compact(&allowed), compact(instance))
            }
            ValidationErrorKind::Minimum { limit } => one("minimum", bound(">=", limit), compact(instance)),
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                one("exclusiveMinimum", bound(">", limit), compact(instance))
            }
            ValidationErrorKind::Maximum { limit } => one("maximum", bound("<=", limit), compact(instance)),
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                one("exclusiveMaximum", bound("<", limit), compact(instance))
            }
            ValidationErrorKind::MinLength { limit } => {
                one("minLength", format!("length >= {limit}"), length(instance))
            }
            ValidationErrorKind::MaxLength { limit } => {
                one("maxLength", format!("length <= {limit}"), length(instance))
            }
            ValidationErrorKind::Pattern { pattern } => {
                let source = self.pattern_source(error.schema_path.as_str()).unwrap_or(pattern);
                one("pattern", source.to_owned(), compact(instance))
            }
            ValidationErrorKind::Format { format } => one("format", format.clone(), compact(instance)),
            ValidationErrorKind::MinItems { limit } => one("minItems", format!("items >= {limit}"), items(instance)),
            ValidationErrorKind::MaxItems { limit } => one("maxItems", format!("items <= {limit}"), items(instance)),
            ValidationErrorKind::UniqueItems => {
                let repeat = first_repeat(instance).unwrap_or_default();
                one("uniqueItems", "unique items".to_owned(), format!("duplicate at [{repeat}]"))
            }
            other => one("schema", format!("{other:?}"), compact(instance)),
        }
    }

    /// The plan's spelling of the pattern whose `pattern` keyword is at `keyword_pointer`.
    fn pattern_source(&self, keyword_pointer: &str) -> Option<&str> {
        let parent = keyword_pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        self.schema.pointer(parent)?.get(PATTERN_SOURCE_KEYWORD)?.as_str()
    }
}

/// One step of an instance path.
#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

/// The steps of a JSON Pointer into `root`; a step into an array is an index.
fn segments(root: &Value, pointer: &str) -> Vec<Segment> {
    let mut current = Some(root);
    let mut out = Vec::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        match (current, token.parse::<usize>()) {
            (Some(Value::Array(items)), Ok(index)) => {
                current = items.get(index);
                out.push(Segment::Index(index));
            }
            (value, _) => {
                current = value.and_then(|v| v.get(&token));
                out.push(Segment::Key(token));
            }
        }
    }
    out
}

fn render(segments: &[Segment], parent: &Path<'_>) -> String {
    match segments.split_first() {
        None => parent.to_string(),
        Some((Segment::Key(key), rest)) => render(rest, &parent.key(key)),
        Some((Segment::Index(index), rest)) => render(rest, &parent.index(*index)),
    }
}

/// The plan type a `type` keyword stands for (`["string", "null"]` is a nullable string).
fn plan_type(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(single) => single.to_string(),
        TypeKind::Multiple(set) => {
            set.iter().find(|t| *t != JsonType::Null).map(|t| t.to_string()).unwrap_or_else(|| "null".to_owned())
        }
    }
}

fn bound(op: &str, limit: &Value) -> String {
    match limit {
        Value::Number(number) => format!("{op} {}", js_number(number)),
        other => format!("{op} {}", compact(other)),
    }
}

fn length(value: &Value) -> String {
    format!("length {}", value.as_str().map_or(0, |text| text.chars().count()))
}

fn items(value: &Value) -> String {
    format!("items {}", value.as_array().map_or(0, Vec::len))
}

/// Index of the first element equal (as JSON Schema defines it) to an earlier one.
fn first_repeat(value: &Value) -> Option<usize> {
    let items = value.as_array()?;
    (1..items.len()).find(|&j| items[..j].iter().any(|earlier| json_equal(earlier, &items[j])))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn compile(schema: Value) -> Result<CompiledSchema, SchemaError> {
        CompiledSchema::compile(&schema)
    }

    fn tuples(found: Vec<Violation>) -> Vec<(String, &'static str, String, String)> {
        found.into_iter().map(|v| (v.path, v.rule, v.expected, v.actual)).collect()
    }

    #[test]
    fn refuses_what_it_cannot_honour() {
        for (schema, message) in [
            (json!({"type": "object", "oneOf": []}), "keyword `oneOf` is not supported"),
            (json!({"type": ["string", "integer"]}), "one type, or one type and \"null\""),
            (json!({"properties": {}}), "`type` is required"),
            (json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["b"]}), "required"),
            (json!({"type": "string", "pattern": "("}), "pattern"),
            (json!({"type": "string", "format": "ipv4"}), "`format` must be"),
            (json!({"type": "array"}), "an array needs `items`"),
            (json!({"type": "integer", "minimum": 1, "exclusiveMinimum": 0}), "together are not supported"),
        ] {
            let error = compile(schema.clone()).expect_err(&schema.to_string()).to_string();
            assert!(error.contains(message), "{schema}: {error}");
        }
    }

    #[test]
    fn nullable_open_and_reserved_keys() {
        let schema = compile(json!({
            "type": "object",
            "properties": {
                "note": {"type": ["string", "null"], "maxLength": 3, "x-trackplan-pattern": "\\d"},
                "tags": {"type": "array", "items": {"type": "integer", "enum": [1, 2, null]}, "maxItems": 2},
                "meta": {"type": "object", "properties": {"a": {"type": "boolean"}}}
            },
            "required": ["note"],
            "additionalProperties": false
        }))
        .expect("compiles");
        let clean = json!({"note": null, "tags": [1, 2.0], "meta": {"a": true, "free": 1}});
        assert!(schema.violations(&clean).is_empty());
        assert!(schema.is_clean(&clean.to_string()));
        let broken = json!({"tags": [3, null, 1], "meta": {"a": 1}, "$os": "iOS"});
        assert_eq!(
            tuples(schema.violations(&broken)),
            [
                ("$os".to_owned(), "additionalProperties", "no undeclared properties".to_owned(), "present".to_owned()),
                ("meta.a".to_owned(), "type", "boolean".to_owned(), "integer".to_owned()),
                ("note".to_owned(), "required", "present".to_owned(), "missing".to_owned()),
                ("tags".to_owned(), "maxItems", "items <= 2".to_owned(), "items 3".to_owned()),
                ("tags[0]".to_owned(), "enum", "[1,2]".to_owned(), "3".to_owned()),
                ("tags[1]".to_owned(), "type", "integer".to_owned(), "null".to_owned()),
            ]
        );
        assert!(!schema.is_clean(&broken.to_string()));
        let vendor = json!({"note": "ab", "$os": "iOS"});
        let reserved: Reserved = |key| key.starts_with('$');
        assert!(schema.violations_reserving(&vendor, Some(reserved)).is_empty());
        assert_eq!(schema.violations(&vendor).len(), 1);
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"note": "ab", "$os": "iOS"}"#);
        assert!(schema.check_clean(&mut deserializer, Some(reserved)).is_ok());
    }
}
