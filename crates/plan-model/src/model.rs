//! The resolved, validated plan that generators, the runtime and the CLI consume.
//!
//! References are expanded, property groups mixed in, identifiers computed once for every
//! target language, and every item keeps its wire name and the place in the plan it came from.
//! This is the language-neutral IR: generators print from it and never re-derive a name.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Number, Value};

use crate::json_path::JsonPath;
pub use crate::raw::{Casing, DestinationKind, Format, Priority, Status};
use crate::schemaver::SchemaVer;

/// A resolved tracking plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Human name of the plan.
    pub name: String,
    /// Plan version (semver).
    #[serde(serialize_with = "crate::model::serialize_display")]
    pub version: semver::Version,
    /// Reverse-domain vendor for Iglu URIs.
    pub vendor: String,
    /// Description of the plan.
    pub description: Option<String>,
    /// Format version of the root file.
    pub format_version: u32,
    /// Naming conventions used by lint.
    pub conventions: Conventions,
    /// Declared sources; empty when the plan does not restrict them.
    pub sources: Vec<String>,
    /// Declared destinations.
    pub destinations: Vec<Destination>,
    /// Properties sent with every track event, set once when the SDK starts.
    pub global_properties: Option<Call>,
    /// The identify call, when the plan defines one.
    pub identify: Option<Call>,
    /// The group call.
    pub group: Option<Call>,
    /// The page call.
    pub page: Option<Call>,
    /// The screen call.
    pub screen: Option<Call>,
    /// Every object and enum type that needs a declaration, shared and inline, in plan order.
    pub types: Vec<NamedType>,
    /// Every shared definition (`definitions`), in plan order, with its resolved type: scalar
    /// ones (a currency pattern, a price range) appear only here; object and enum ones are
    /// also declared in [`Plan::types`].
    pub definitions: Vec<Definition>,
    /// The events, in plan order (root file first, then includes depth-first).
    pub events: Vec<Event>,
    /// SHA-256 (hex) of the normalised plan content: key order and whitespace do not count.
    pub hash: String,
    /// Every file read to build the plan (root first); build scripts watch these.
    pub files: Vec<PathBuf>,
}

/// Naming conventions of the plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Conventions {
    /// Casing of event names.
    pub event_casing: Option<Casing>,
    /// Casing of property names.
    pub property_casing: Option<Casing>,
}

/// A destination events may be routed to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Destination {
    /// The name events use to refer to it.
    pub name: String,
    /// Which tool it is.
    pub kind: DestinationKind,
    /// Whether PII may be sent to it.
    pub pii: bool,
}

/// Where in the plan an item was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The file, as the loader was given it (root) or resolved (includes).
    pub file: Arc<PathBuf>,
    /// JSON path inside that file, e.g. `events[3].properties.total`.
    #[serde(serialize_with = "crate::model::serialize_display")]
    pub path: JsonPath,
}

/// Identifiers of one plan item in every target language, already escaped for that language
/// (`r#type` in Rust, `` `class` `` in Kotlin…), ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Idents {
    /// Rust identifier.
    pub rust: String,
    /// TypeScript identifier (for properties: the object key, quoted when it must be).
    pub typescript: String,
    /// Kotlin identifier.
    pub kotlin: String,
    /// Swift identifier.
    pub swift: String,
}

/// An event.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Wire name, never renamed.
    pub name: String,
    /// Name of the generated type holding the event's properties (UpperCamelCase).
    pub type_name: Idents,
    /// Name of the generated track function (`track_order_completed`, `trackOrderCompleted`).
    pub function_name: Idents,
    /// Name in snake_case, used for Iglu schema names and file names.
    pub snake_name: String,
    /// Description.
    pub description: Option<String>,
    /// Owners.
    pub owners: Vec<String>,
    /// Category.
    pub category: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Sources the event fires from.
    pub sources: Vec<String>,
    /// Priority.
    pub priority: Option<Priority>,
    /// SchemaVer of the event.
    #[serde(serialize_with = "crate::model::serialize_display")]
    pub version: SchemaVer,
    /// Status.
    pub status: Status,
    /// Deprecation note.
    pub deprecation: Option<String>,
    /// Destinations that receive it (all declared destinations when the plan did not say).
    pub destinations: Vec<String>,
    /// Property groups it mixes in, by name.
    pub property_groups: Vec<String>,
    /// All properties: its own first, then those of its groups in order.
    pub properties: Vec<Property>,
    /// Example payloads from the plan.
    pub examples: Vec<Value>,
    /// Earlier versions, oldest first, each below [`Event::version`].
    pub history: Vec<EventVersion>,
    /// Where the event is written.
    pub location: Location,
}

/// An earlier version of an event, as the plan records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventVersion {
    /// The version.
    #[serde(serialize_with = "crate::model::serialize_display")]
    pub version: SchemaVer,
    /// Release date as written (ISO 8601 date or date-time).
    pub date: Option<String>,
    /// What changed, in words.
    pub changes: Option<String>,
    /// JSON Schema of the properties object in that version, verbatim.
    pub schema: Option<serde_json::Map<String, Value>>,
}

/// The identify, group, page or screen call.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// Description.
    pub description: Option<String>,
    /// Name of the generated type holding its traits or properties.
    pub type_name: Idents,
    /// Traits (identify, group) or properties (page, screen).
    pub properties: Vec<Property>,
    /// Where the call is written.
    pub location: Location,
}

/// A property of an event, call, object or group.
#[derive(Debug, Clone, Serialize)]
pub struct Property {
    /// Wire name, never renamed.
    pub name: String,
    /// Field identifiers per language.
    pub field: Idents,
    /// Description (the use site's, else the definition's).
    pub description: Option<String>,
    /// The value type with its constraints.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Must be present.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Holds personally identifiable information.
    pub pii: bool,
    /// Example values.
    pub examples: Vec<Value>,
    /// Documented default value.
    pub default: Option<Value>,
    /// The shared definition its value comes from: its own `$ref`, else (for arrays) its
    /// elements' `$ref`. Scalar definitions (a currency pattern, a price range) leave no other
    /// trace in [`Type`], which holds only their constraints.
    pub definition: Option<String>,
    /// Where the property is written (for a mixed-in group: in the group).
    pub location: Location,
}

/// A value type with its constraints.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "lowercase")]
pub enum Type {
    /// Text.
    String(StringRules),
    /// 64-bit integer.
    Integer(NumberRules),
    /// Floating-point number.
    Number(NumberRules),
    /// Boolean.
    Boolean,
    /// List.
    Array(Box<ArrayType>),
    /// An object type declared in [`Plan::types`].
    Object(TypeId),
    /// A string enum declared in [`Plan::types`].
    Enum(TypeId),
}

impl Type {
    /// The plan keyword for this type ("string", "object"…); enums are "string".
    pub fn keyword(&self) -> &'static str {
        match self {
            Type::String(_) | Type::Enum(_) => "string",
            Type::Integer(_) => "integer",
            Type::Number(_) => "number",
            Type::Boolean => "boolean",
            Type::Array(_) => "array",
            Type::Object(_) => "object",
        }
    }
}

/// Index of a declared type in [`Plan::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TypeId(pub usize);

/// Constraints on a string.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StringRules {
    /// Minimum length in Unicode scalar values.
    pub min_length: Option<u64>,
    /// Maximum length in Unicode scalar values.
    pub max_length: Option<u64>,
    /// Regular expression (unanchored search, as in JSON Schema).
    pub pattern: Option<Pattern>,
    /// Well-known format.
    pub format: Option<Format>,
}

/// A `pattern` as written and in the forms each regex engine must compile so that all of
/// them accept exactly the same strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pattern {
    /// As written in the plan (shown in docs and violation messages).
    pub source: String,
    /// For ECMAScript (with the `u` flag), Rust's regex crate and JSON Schema: `\d`, `\w`,
    /// `\s` spelled out as ASCII classes, which is what they mean in ECMAScript.
    pub ecma: String,
    /// For java.util.regex (Kotlin) and ICU (Swift's NSRegularExpression): as `ecma`, with
    /// `$` written `\z`, since there `$` also matches before a final line break.
    pub java_icu: String,
}

/// Constraints on an integer or number.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NumberRules {
    /// Lower bound.
    pub minimum: Option<Bound>,
    /// Upper bound.
    pub maximum: Option<Bound>,
    /// Allowed values (integers only).
    pub allowed: Option<Vec<i64>>,
}

/// A numeric bound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bound {
    /// The bound as written in the plan.
    pub value: Number,
    /// Whether the bound itself is excluded.
    pub exclusive: bool,
}

impl Bound {
    /// The bound as `f64`, for comparisons.
    pub fn as_f64(&self) -> f64 {
        self.value.as_f64().unwrap_or(f64::NAN)
    }
}

/// An array type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArrayType {
    /// Element type.
    pub items: Type,
    /// Whether elements may be `null`.
    pub items_nullable: bool,
    /// Minimum number of elements.
    pub min_items: Option<u64>,
    /// Maximum number of elements.
    pub max_items: Option<u64>,
    /// Elements must be distinct.
    pub unique_items: bool,
}

/// A declared object or enum type.
#[derive(Debug, Clone, Serialize)]
pub struct NamedType {
    /// Its index in [`Plan::types`].
    pub id: TypeId,
    /// Type identifiers per language.
    pub name: Idents,
    /// The shared definition's name, when the type comes from `definitions`.
    pub definition: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Object or enum.
    pub kind: NamedKind,
    /// Where the type is written.
    pub location: Location,
}

/// A shared definition, referenced from properties with `$ref` (see [`Property::definition`]).
#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    /// Its name under `definitions`.
    pub name: String,
    /// Its own description.
    pub description: Option<String>,
    /// The value type with its constraints.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether it allows `null`.
    pub nullable: bool,
    /// Its example values.
    pub examples: Vec<Value>,
    /// Its documented default.
    pub default: Option<Value>,
    /// Where it is written.
    pub location: Location,
}

/// What a declared type is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum NamedKind {
    /// An object with properties.
    Object {
        /// Its properties.
        properties: Vec<Property>,
    },
    /// A string enum.
    Enum {
        /// Its values, in plan order.
        values: Vec<EnumValue>,
    },
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// Variant identifiers per language.
    pub variant: Idents,
}

impl Plan {
    /// The declared type with this id.
    pub fn ty(&self, id: TypeId) -> &NamedType {
        &self.types[id.0]
    }

    /// The shared definition with this name.
    pub fn definition(&self, name: &str) -> Option<&Definition> {
        self.definitions.iter().find(|definition| definition.name == name)
    }

    /// The event with this wire name.
    pub fn event(&self, name: &str) -> Option<&Event> {
        self.events.iter().find(|event| event.name == name)
    }

    /// Iglu schema URI of an event: `iglu:<vendor>/<snake name>/jsonschema/<M-R-A>`.
    pub fn iglu_uri(&self, event: &Event) -> String {
        format!("iglu:{}/{}/jsonschema/{}", self.vendor, event.snake_name, event.version)
    }
}

pub(crate) fn serialize_display<T: std::fmt::Display, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}
