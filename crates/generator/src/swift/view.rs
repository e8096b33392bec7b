//! The Swift view of a plan: what the templates print, every identifier taken from the plan
//! model and every piece of plan text already escaped.

use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Call, NamedKind, Property, Status, Type};

use super::literal::{docc, string};
use super::schema;

/// Everything the templates need.
pub(crate) struct Views {
    pub enums: Vec<EnumType>,
    pub types: Vec<Struct>,
    pub events: Vec<Struct>,
    /// `(name, Swift type, expression)` of every schema value.
    pub schemas: Vec<(String, &'static str, String)>,
    /// `(wire literal, value name)` of every event.
    pub event_schemas: Vec<(String, String)>,
    pub analytics: Analytics,
}

/// A string enum with raw values.
pub(crate) struct EnumType {
    pub doc: String,
    pub name: String,
    /// `case usd = "USD"` bodies: `usd = "USD"`.
    pub cases: Vec<String>,
}

/// A struct of an event, call or object type.
pub(crate) struct Struct {
    pub doc: String,
    pub name: String,
    pub fields: Vec<Field>,
    /// Whether `Codable` is written out: swiftc's synthesised coding leaves out nil optionals,
    /// which is right unless a property may be sent as an explicit `null`.
    pub custom_codable: bool,
    /// The event's wire name as a literal, for event structs.
    pub event_literal: Option<String>,
    /// Where its validation schema lives, for events.
    pub schema_ref: String,
}

/// A stored property of a struct.
pub(crate) struct Field {
    pub doc: String,
    /// The field identifier (backticked when a keyword).
    pub name: String,
    /// Declared type: `String`, `String?`, `String??`.
    pub ty: String,
    /// Initialiser parameter: `name: String`, `coupon: String? = nil`.
    pub param: String,
    /// Coding key case: `orderId = "order_id"`.
    pub key: String,
    /// Statement adding the field to `trackplanMembers`.
    pub to_json: String,
    /// Statement encoding it with `Encoder` (only when its struct writes `Codable` out).
    pub encode: String,
    /// Statement decoding it with `Decoder` (likewise).
    pub decode: String,
}

/// The `Analytics` class.
pub(crate) struct Analytics {
    pub events: Vec<TrackFunction>,
    pub identify: Option<CallView>,
    pub group: Option<CallView>,
    pub page: Option<CallView>,
    pub screen: Option<CallView>,
    pub globals: Option<CallView>,
}

/// One `trackOrderCompleted(…)`.
pub(crate) struct TrackFunction {
    pub doc: String,
    pub deprecated: Option<String>,
    pub function: String,
    pub type_name: String,
    pub params: Vec<String>,
    pub args: Vec<String>,
}

/// A typed identify, group, page or screen call, or the global properties.
pub(crate) struct CallView {
    pub type_name: String,
    pub schema_ref: String,
}

const OBJ: &str = "TrackplanObjectSchema";

pub(crate) fn build(plan: &Plan) -> Views {
    let mut schemas = Vec::new();
    for named in &plan.types {
        let kind = match named.kind {
            NamedKind::Object { .. } => OBJ,
            NamedKind::Enum { .. } => "TrackplanSchema",
        };
        schemas.push((format!("type{}", named.id.0), kind, schema::declared(plan, named.id)));
    }
    let mut event_schemas = Vec::new();
    for (index, event) in plan.events.iter().enumerate() {
        schemas.push((format!("event{index}"), OBJ, schema::object(&event.properties)));
        event_schemas.push((string(&event.name), format!("event{index}")));
    }
    let mut call = |label: &str, call: &Option<Call>| {
        call.as_ref().map(|call| {
            schemas.push((label.to_owned(), OBJ, schema::object(&call.properties)));
            CallView { type_name: call.type_name.swift.clone(), schema_ref: format!("TrackplanSchemas.{label}") }
        })
    };
    let identify = call("identify", &plan.identify);
    let group = call("group", &plan.group);
    let page = call("page", &plan.page);
    let screen = call("screen", &plan.screen);
    let globals = call("globals", &plan.global_properties);

    let mut enums = Vec::new();
    let mut types = Vec::new();
    for named in &plan.types {
        let doc = docc(&[named.description.as_deref().unwrap_or_default()], "");
        match &named.kind {
            NamedKind::Enum { values } => enums.push(EnumType {
                doc,
                name: named.name.swift.clone(),
                cases: values.iter().map(|v| format!("{} = {}", v.variant.swift, string(&v.value))).collect(),
            }),
            NamedKind::Object { properties } => types.push(Struct {
                doc,
                name: named.name.swift.clone(),
                custom_codable: properties.iter().any(|p| p.nullable),
                fields: fields(plan, properties),
                event_literal: None,
                schema_ref: String::new(),
            }),
        }
    }
    for call in [&plan.identify, &plan.group, &plan.page, &plan.screen, &plan.global_properties].into_iter().flatten() {
        types.push(Struct {
            doc: docc(&[call.description.as_deref().unwrap_or_default()], ""),
            name: call.type_name.swift.clone(),
            custom_codable: call.properties.iter().any(|p| p.nullable),
            fields: fields(plan, &call.properties),
            event_literal: None,
            schema_ref: String::new(),
        });
    }

    let mut events = Vec::new();
    let mut functions = Vec::new();
    for (index, event) in plan.events.iter().enumerate() {
        let about = format!("Event `{}`, version {}.", event.name, event.version);
        let doc_parts = [event.description.as_deref().unwrap_or_default(), &about];
        let fields = fields(plan, &event.properties);
        let deprecation = (event.status == Status::Deprecated).then(|| {
            event.deprecation.clone().unwrap_or_else(|| format!("`{}` is deprecated in the plan.", event.name))
        });
        functions.push(TrackFunction {
            doc: docc(&doc_parts, "    "),
            deprecated: deprecation.as_deref().map(string),
            function: event.function_name.swift.clone(),
            type_name: event.type_name.swift.clone(),
            params: fields.iter().map(|f| f.param.clone()).collect(),
            args: fields.iter().map(|f| format!("{}: {}", argument_label(&f.name), f.name)).collect(),
        });
        events.push(Struct {
            doc: docc(&doc_parts, ""),
            name: event.type_name.swift.clone(),
            custom_codable: event.properties.iter().any(|p| p.nullable),
            fields,
            event_literal: Some(string(&event.name)),
            schema_ref: format!("TrackplanSchemas.event{index}"),
        });
    }
    Views {
        enums,
        types,
        events,
        schemas,
        event_schemas,
        analytics: Analytics { events: functions, identify, group, page, screen, globals },
    }
}

/// A field name as an argument label at a call site: keywords need no backticks there
/// (swiftc warns about them), except `inout`, which would start a parameter modifier.
fn argument_label(name: &str) -> &str {
    match name.trim_matches('`') {
        "inout" => name,
        bare => bare,
    }
}

fn fields(plan: &Plan, properties: &[Property]) -> Vec<Field> {
    let custom_codable = properties.iter().any(|p| p.nullable);
    properties.iter().map(|p| field(plan, p, custom_codable)).collect()
}

fn field(plan: &Plan, property: &Property, custom_codable: bool) -> Field {
    let name = property.field.swift.clone();
    let base = type_of(plan, &property.ty);
    let wire = string(&property.name);
    let key = format!(".{name}");
    let this = format!("self.{name}");
    let (ty, param) = match (property.required, property.nullable) {
        (true, false) => (base.clone(), format!("{name}: {base}")),
        (true, true) => (format!("{base}?"), format!("{name}: {base}?")),
        (false, false) => (format!("{base}?"), format!("{name}: {base}? = nil")),
        (false, true) => (format!("{base}??"), format!("{name}: {base}?? = nil")),
    };
    let json = |value: &str| to_json(&property.ty, value, 0);
    let to_json = match (property.required, property.nullable) {
        (true, false) => format!("trackplanMembers[{wire}] = {}", json(&this)),
        (true, true) => format!(
            "trackplanMembers[{wire}] = {this}.map {{ trackplanValue in {} }} ?? TrackplanJSON.null",
            json("trackplanValue")
        ),
        (false, false) => {
            format!("if let trackplanValue = {this} {{ trackplanMembers[{wire}] = {} }}", json("trackplanValue"))
        }
        (false, true) => format!(
            "if let trackplanValue = {this} {{ trackplanMembers[{wire}] = trackplanValue.map {{ trackplanInner in {} }} ?? TrackplanJSON.null }}",
            json("trackplanInner")
        ),
    };
    let encode = if !custom_codable {
        String::new()
    } else {
        match (property.required, property.nullable) {
            (true, false) => format!("try container.encode({this}, forKey: {key})"),
            (true, true) => format!(
                "if let trackplanValue = {this} {{ try container.encode(trackplanValue, forKey: {key}) }} else {{ try container.encodeNil(forKey: {key}) }}"
            ),
            (false, false) => format!("try container.encodeIfPresent({this}, forKey: {key})"),
            (false, true) => format!(
                "if let trackplanValue = {this} {{ if let trackplanInner = trackplanValue {{ try container.encode(trackplanInner, forKey: {key}) }} else {{ try container.encodeNil(forKey: {key}) }} }}"
            ),
        }
    };
    let decode = if !custom_codable {
        String::new()
    } else {
        match (property.required, property.nullable) {
            (true, false) => format!("{this} = try container.decode({base}.self, forKey: {key})"),
            (true, true) | (false, false) => {
                format!("{this} = try container.decodeIfPresent({base}.self, forKey: {key})")
            }
            (false, true) => format!(
                "if container.contains({key}) {{ {this} = try container.decodeNil(forKey: {key}) ? .some(nil) : .some(try container.decode({base}.self, forKey: {key})) }} else {{ {this} = nil }}"
            ),
        }
    };
    let mut about = Vec::new();
    if property.name != name.trim_matches('`') {
        about.push(format!("Sent as `{}`.", property.name));
    }
    if property.pii {
        about.push("Personal data (PII).".to_owned());
    }
    let about = about.join(" ");
    Field {
        doc: docc(&[property.description.as_deref().unwrap_or_default(), &about], "    "),
        param,
        key: format!("{name} = {wire}"),
        name,
        ty,
        to_json,
        encode,
        decode,
    }
}

/// The Swift type of a value (without optionality).
fn type_of(plan: &Plan, ty: &Type) -> String {
    match ty {
        Type::String(_) => "String".to_owned(),
        Type::Integer(_) => "Int".to_owned(),
        Type::Number(_) => "Double".to_owned(),
        Type::Boolean => "Bool".to_owned(),
        Type::Object(id) | Type::Enum(id) => plan.ty(*id).name.swift.clone(),
        Type::Array(array) => {
            format!("[{}{}]", type_of(plan, &array.items), if array.items_nullable { "?" } else { "" })
        }
    }
}

/// An expression turning `value` (of type `ty`) into a `TrackplanJSON`.
fn to_json(ty: &Type, value: &str, depth: usize) -> String {
    match ty {
        Type::String(_) => format!("TrackplanJSON.string({value})"),
        Type::Integer(_) => format!("TrackplanJSON.integer({value})"),
        Type::Number(_) => format!("TrackplanJSON.number({value})"),
        Type::Boolean => format!("TrackplanJSON.bool({value})"),
        Type::Enum(_) => format!("TrackplanJSON.string({value}.rawValue)"),
        Type::Object(_) => format!("{value}.trackplanJSON()"),
        Type::Array(array) => {
            let item = format!("trackplanItem{depth}");
            let inner = if array.items_nullable {
                let present = format!("trackplanPresent{depth}");
                format!(
                    "{item}.map {{ {present} in {} }} ?? TrackplanJSON.null",
                    to_json(&array.items, &present, depth + 1)
                )
            } else {
                to_json(&array.items, &item, depth + 1)
            };
            format!("TrackplanJSON.array({value}.map {{ {item} in {inner} }})")
        }
    }
}
