//! The generic validation path: any `serde_json::Value` against an event's JSON Schema, with
//! the `jsonschema` crate, reporting violations exactly as the typed path does.
//!
//! For dynamic events, audits of recorded data and cross-checks of the generated validators.
//! Generated code embeds each message's schema as [`Message::SCHEMA`]; the schema may carry
//! `x-trackplan-pattern` next to `pattern` to give the pattern as written in the plan, which
//! violations quote.

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
