//! The plan file exactly as it is written on disk (format version 1).
//!
//! These types mirror the JSON; they know nothing of target languages. The loader turns them
//! into the resolved [`crate::model`] after checking them. Every struct denies unknown fields so
//! that a JSON Schema keyword Trackplan cannot honour is an error at load time, never silently
//! dropped.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

/// Properties keyed by their wire name, in the order the plan lists them.
pub type PropertyMap = IndexMap<String, PropertySpec>;

/// The root file of a tracking plan (`tracking-plan.json` by convention).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "Trackplan tracking plan")]
pub struct PlanFile {
    /// Optional link to this JSON Schema, for editor completion.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Version of the plan file format. The only version today is `1`.
    pub format_version: u32,
    /// Human name of the plan, e.g. "Acme Shop".
    pub name: String,
    /// Version of the plan itself, in semver form ("2.3.0").
    pub version: String,
    /// Reverse-domain vendor used for Iglu schema URIs, e.g. "com.acme".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// What the plan covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Naming conventions that `codegen lint` enforces.
    #[serde(default, skip_serializing_if = "Conventions::is_empty")]
    pub conventions: Conventions,
    /// Sources (platforms) events may fire from. When set, events may only name these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Destinations events may be routed to, keyed by a name events refer to.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub destinations: IndexMap<String, DestinationSpec>,
    /// Further plan files (paths relative to this file) whose events, definitions and
    /// property groups are merged into this plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Properties sent with every track event (set once when the SDK is initialised).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub global_properties: PropertyMap,
    /// The identify call and its user traits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identify: Option<TraitsCall>,
    /// The group call and its group traits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<TraitsCall>,
    /// The page call (web) and its properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageCall>,
    /// The screen call (mobile) and its properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen: Option<PageCall>,
    /// Shared property definitions, referenced with `"$ref": "#/definitions/<Name>"`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub definitions: IndexMap<String, PropertySpec>,
    /// Named sets of properties mixed into events through their `propertyGroups`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub property_groups: IndexMap<String, PropertyGroup>,
    /// The events of the plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventSpec>,
}

/// A file included by the root plan: more events, definitions and property groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanFragment {
    /// Optional link to a JSON Schema, for editor completion.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Further files, relative to this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Shared property definitions.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub definitions: IndexMap<String, PropertySpec>,
    /// Named property groups.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub property_groups: IndexMap<String, PropertyGroup>,
    /// Events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventSpec>,
}

/// Naming conventions of the plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Conventions {
    /// Casing of event names, e.g. "Title Case" for "Order Completed".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_casing: Option<Casing>,
    /// Casing of property names, e.g. "snake_case" for "order_id".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_casing: Option<Casing>,
}

impl Conventions {
    fn is_empty(&self) -> bool {
        self.event_casing.is_none() && self.property_casing.is_none()
    }
}

/// A casing style for names on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Casing {
    /// "Order Completed"
    #[serde(rename = "Title Case")]
    Title,
    /// "Order completed"
    #[serde(rename = "Sentence case")]
    Sentence,
    /// "order completed"
    #[serde(rename = "lower case")]
    Lower,
    /// "order_completed"
    #[serde(rename = "snake_case")]
    Snake,
    /// "ORDER_COMPLETED"
    #[serde(rename = "SCREAMING_SNAKE_CASE")]
    ScreamingSnake,
    /// "orderCompleted"
    #[serde(rename = "camelCase")]
    Camel,
    /// "OrderCompleted"
    #[serde(rename = "PascalCase")]
    Pascal,
    /// "order-completed"
    #[serde(rename = "kebab-case")]
    Kebab,
}

/// A destination events can be routed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DestinationSpec {
    /// Which tool this destination is.
    #[serde(rename = "type")]
    pub kind: DestinationKind,
    /// Whether properties flagged `pii` may be sent to it.
    #[serde(default)]
    pub pii: bool,
    /// Notes about the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The tools Trackplan delivers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DestinationKind {
    /// Segment HTTP Tracking API.
    Segment,
    /// Amplitude HTTP V2 API.
    Amplitude,
    /// Mixpanel ingestion API.
    Mixpanel,
    /// A destination the application implements itself.
    Custom,
}

/// An event of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EventSpec {
    /// The wire name, exactly as analytics tools receive it ("Order Completed").
    pub name: String,
    /// Overrides the identifier derived from the name (UpperCamelCase, e.g. "OrderDone").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// What the event means and when it fires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// People or teams who own the event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Category, e.g. "Checkout".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Free-form tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Sources or platforms the event fires from (web, ios, android, server…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Business priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Event version in Iglu SchemaVer form, MODEL-REVISION-ADDITION ("1-0-0").
    #[serde(default = "default_event_version")]
    pub version: String,
    /// Lifecycle status.
    #[serde(default, skip_serializing_if = "Status::is_active")]
    pub status: Status,
    /// Why the event is deprecated and what replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<String>,
    /// Destinations that receive the event; all destinations when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<String>>,
    /// Property groups mixed into this event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub property_groups: Vec<String>,
    /// The event's own properties.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: PropertyMap,
    /// Example payloads (the properties object); checked against the event's rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Value>,
    /// Earlier versions of the event, oldest first, each below `version`. Documentation and
    /// interchange only: generated SDKs implement the current version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<VersionSpec>,
}

/// An earlier version of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VersionSpec {
    /// The version in SchemaVer form ("1-0-0"); below the event's current `version`.
    pub version: String,
    /// When the version was released: an ISO 8601 date ("2026-03-01") or date-time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// What changed in this version, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<String>,
    /// JSON Schema of the event's properties object in this version, kept verbatim (for
    /// Iglu: the schema without its self-describing envelope, `$schema` and `self`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Map<String, Value>>,
}

fn default_event_version() -> String {
    "1-0-0".to_owned()
}

/// Business priority of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum Priority {
    /// Business critical.
    P0,
    /// Important.
    P1,
    /// Nice to have.
    P2,
}

/// Lifecycle status of an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Tracked today.
    #[default]
    Active,
    /// Still accepted but on its way out; generated code marks it deprecated.
    Deprecated,
}

impl Status {
    fn is_active(&self) -> bool {
        *self == Status::Active
    }
}

/// The identify or group call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TraitsCall {
    /// What the call is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The traits, keyed by wire name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub traits: PropertyMap,
}

/// The page or screen call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PageCall {
    /// What the call is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The properties, keyed by wire name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: PropertyMap,
}

/// A named set of properties mixed into several events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PropertyGroup {
    /// What the group is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The properties, keyed by wire name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: PropertyMap,
}

/// A property: its type, constraints and documentation. The keywords follow JSON Schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PropertySpec {
    /// Reference to a shared definition: `"#/definitions/<Name>"`. Cannot be combined with
    /// type or constraint keywords; documentation keywords override the definition's.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The value type; required unless `$ref` is given.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<PropertyType>,
    /// Overrides the identifier derived from the name, in snake_case (e.g. "order_ref").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// What the property holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the property must be present (default: optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Whether `null` is an allowed value (distinct from being absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Whether the property holds personally identifiable information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pii: Option<bool>,
    /// Example values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Value>,
    /// Default value documented for the property; must satisfy its own constraints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Allowed values: all strings or all integers.
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<Value>>,
    /// Identifiers for enum values whose derived identifiers would collide, keyed by value.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub enum_identifiers: IndexMap<String, String>,
    /// Inclusive lower bound (integer, number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    /// Inclusive upper bound (integer, number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
    /// Exclusive lower bound (integer, number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<Number>,
    /// Exclusive upper bound (integer, number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<Number>,
    /// Minimum length in characters (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length in characters (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Regular expression the whole string must match somewhere (string). Use the portable
    /// subset shared by ECMAScript, Java, Swift and Rust: no look-around, back-references,
    /// inline flags or POSIX classes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Well-known string format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Type of the elements (array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<PropertySpec>>,
    /// Minimum number of elements (array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Maximum number of elements (array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Whether elements must be distinct (array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_items: Option<bool>,
    /// Nested properties (object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<PropertyMap>,
}

/// Value types a property can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PropertyType {
    /// Text.
    String,
    /// A whole number (64-bit).
    Integer,
    /// A floating-point number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of `items`.
    Array,
    /// An object with nested `properties`.
    Object,
}

impl PropertyType {
    /// The keyword as written in the plan.
    pub fn as_str(self) -> &'static str {
        match self {
            PropertyType::String => "string",
            PropertyType::Integer => "integer",
            PropertyType::Number => "number",
            PropertyType::Boolean => "boolean",
            PropertyType::Array => "array",
            PropertyType::Object => "object",
        }
    }
}

/// String formats every target language can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Format {
    /// RFC 3339 date and time, e.g. "2026-11-21T10:00:00Z".
    #[serde(rename = "date-time")]
    DateTime,
    /// RFC 3339 full date, e.g. "2026-11-21".
    #[serde(rename = "date")]
    Date,
    /// An e-mail address.
    #[serde(rename = "email")]
    Email,
    /// An absolute URI with a scheme.
    #[serde(rename = "uri")]
    Uri,
    /// An RFC 4122 UUID in its hyphenated form.
    #[serde(rename = "uuid")]
    Uuid,
}

impl Format {
    /// The keyword value as written in the plan and in JSON Schema.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Email => "email",
            Format::Uri => "uri",
            Format::Uuid => "uuid",
        }
    }
}
