//! The Kotlin view of a plan: what the templates print, every identifier taken from the plan
//! model and every piece of plan text already escaped.

use trackplan_plan_model::Plan;
use trackplan_plan_model::model::{Call, NamedKind, Property, Status, Type};

use super::literal::{kdoc, string};
use super::schema::{self, CHUNK};
use crate::type_order::dependencies_first;

/// Everything the templates need.
pub(crate) struct Views {
    pub enums: Vec<EnumClass>,
    pub types: Vec<DataClass>,
    pub events: Vec<DataClass>,
    pub chunks: Vec<SchemaChunk>,
    pub analytics: Analytics,
}

/// An enum class carrying wire values.
pub(crate) struct EnumClass {
    pub doc: String,
    pub name: String,
    /// `USD("USD")`, in plan order.
    pub variants: Vec<String>,
}

/// A data class of an event, call or object type.
pub(crate) struct DataClass {
    pub doc: String,
    pub name: String,
    pub fields: Vec<Field>,
    /// The event's wire name as a literal, for event classes.
    pub event_literal: Option<String>,
    /// Where its validation schema lives, for events.
    pub schema_ref: String,
}

/// A constructor property of a data class.
pub(crate) struct Field {
    pub doc: String,
    /// `orderId: String`, `coupon: String? = null`.
    pub param: String,
    /// The field identifier.
    pub name: String,
    /// Statement adding the field to `trackplanMembers`.
    pub encode: String,
}

/// One `object TrackplanSchemasN`.
pub(crate) struct SchemaChunk {
    pub index: usize,
    /// `(name, Kotlin type, expression)` triples.
    pub values: Vec<(String, &'static str, String)>,
    /// Events declared in this chunk: `(wire literal, value name)`.
    pub events: Vec<(String, String)>,
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
    pub class_name: String,
    pub params: Vec<String>,
    pub args: Vec<String>,
}

/// A typed identify, group, page or screen call, or the global properties.
pub(crate) struct CallView {
    pub type_name: String,
    pub schema_ref: String,
}

const OBJ: &str = "TrackplanSchema.Obj";

pub(crate) fn build(plan: &Plan) -> Views {
    let order = dependencies_first(plan);
    let mut names: Vec<(String, &'static str, String)> = Vec::new();
    let mut chunk_of_type = vec![0; plan.types.len()];
    for (position, id) in order.iter().enumerate() {
        chunk_of_type[id.0] = position / CHUNK;
    }
    for id in &order {
        let kind = match plan.ty(*id).kind {
            NamedKind::Object { .. } => OBJ,
            NamedKind::Enum { .. } => "TrackplanSchema.Enumeration",
        };
        names.push((format!("type{}", id.0), kind, schema::declared(plan, &chunk_of_type, *id)));
    }
    let mut event_refs = Vec::new();
    for (index, event) in plan.events.iter().enumerate() {
        event_refs.push(((names.len()) / CHUNK, format!("event{index}")));
        names.push((format!("event{index}"), OBJ, schema::object(&chunk_of_type, &event.properties)));
    }
    let mut call_ref = |label: &str, call: &Option<Call>| {
        call.as_ref().map(|call| {
            let reference = format!("TrackplanSchemas{}.{label}", names.len() / CHUNK);
            names.push((label.to_owned(), OBJ, schema::object(&chunk_of_type, &call.properties)));
            CallView { type_name: call.type_name.kotlin.clone(), schema_ref: reference }
        })
    };
    let identify = call_ref("identify", &plan.identify);
    let group = call_ref("group", &plan.group);
    let page = call_ref("page", &plan.page);
    let screen = call_ref("screen", &plan.screen);
    let globals = call_ref("globals", &plan.global_properties);

    let mut chunks: Vec<SchemaChunk> = Vec::new();
    for (position, (name, kind, expression)) in names.into_iter().enumerate() {
        if position % CHUNK == 0 {
            chunks.push(SchemaChunk { index: position / CHUNK, values: Vec::new(), events: Vec::new() });
        }
        let chunk = chunks.last_mut().expect("a chunk was pushed");
        if let Some(index) = name.strip_prefix("event").and_then(|i| i.parse::<usize>().ok()) {
            chunk.events.push((string(&plan.events[index].name), name.clone()));
        }
        chunk.values.push((name, kind, expression));
    }

    let mut enums = Vec::new();
    let mut types = Vec::new();
    for named in &plan.types {
        let doc = kdoc(&[named.description.as_deref().unwrap_or_default()], "");
        match &named.kind {
            NamedKind::Enum { values } => enums.push(EnumClass {
                doc,
                name: named.name.kotlin.clone(),
                variants: values.iter().map(|v| format!("{}({})", v.variant.kotlin, string(&v.value))).collect(),
            }),
            NamedKind::Object { properties } => types.push(DataClass {
                doc,
                name: named.name.kotlin.clone(),
                fields: fields(plan, properties),
                event_literal: None,
                schema_ref: String::new(),
            }),
        }
    }
    for call in [&plan.identify, &plan.group, &plan.page, &plan.screen, &plan.global_properties].into_iter().flatten() {
        types.push(DataClass {
            doc: kdoc(&[call.description.as_deref().unwrap_or_default()], ""),
            name: call.type_name.kotlin.clone(),
            fields: fields(plan, &call.properties),
            event_literal: None,
            schema_ref: String::new(),
        });
    }

    let mut events = Vec::new();
    let mut functions = Vec::new();
    for (event, (chunk, value)) in plan.events.iter().zip(event_refs) {
        let about = format!("Event `{}`, version {}.", event.name, event.version);
        let deprecation = (event.status == Status::Deprecated).then(|| {
            event.deprecation.clone().unwrap_or_else(|| format!("`{}` is deprecated in the plan.", event.name))
        });
        let doc_parts = [event.description.as_deref().unwrap_or_default(), &about];
        let fields = fields(plan, &event.properties);
        functions.push(TrackFunction {
            doc: kdoc(&doc_parts, "    "),
            deprecated: deprecation.as_deref().map(string),
            function: event.function_name.kotlin.clone(),
            class_name: event.type_name.kotlin.clone(),
            params: fields.iter().map(|f| f.param.clone()).collect(),
            args: fields.iter().map(|f| f.name.clone()).collect(),
        });
        events.push(DataClass {
            doc: kdoc(&doc_parts, ""),
            name: event.type_name.kotlin.clone(),
            fields,
            event_literal: Some(string(&event.name)),
            schema_ref: format!("TrackplanSchemas{chunk}.{value}"),
        });
    }
    Views {
        enums,
        types,
        events,
        chunks,
        analytics: Analytics { events: functions, identify, group, page, screen, globals },
    }
}

fn fields(plan: &Plan, properties: &[Property]) -> Vec<Field> {
    properties.iter().map(|p| field(plan, p)).collect()
}

fn field(plan: &Plan, property: &Property) -> Field {
    let name = property.field.kotlin.clone();
    let ty = type_of(plan, &property.ty);
    let wire = string(&property.name);
    let this = format!("this.{name}");
    let param = match (property.required, property.nullable) {
        (true, false) => format!("{name}: {ty}"),
        (true, true) => format!("{name}: {ty}?"),
        (false, false) => format!("{name}: {ty}? = null"),
        (false, true) => format!("{name}: TrackplanNullable<{ty}>? = null"),
    };
    let encode = match (property.required, property.nullable) {
        (true, false) => format!("trackplanMembers[{wire}] = {}", encode(&property.ty, &this, 0)),
        (true, true) => format!(
            "trackplanMembers[{wire}] = {this}?.let {{ trackplanValue -> {} }} ?: TrackplanJson.JNull",
            encode(&property.ty, "trackplanValue", 0)
        ),
        (false, false) => format!(
            "{this}?.let {{ trackplanValue -> trackplanMembers[{wire}] = {} }}",
            encode(&property.ty, "trackplanValue", 0)
        ),
        (false, true) => format!(
            "{this}?.let {{ trackplanValue -> trackplanMembers[{wire}] = trackplanValue.value?.let {{ trackplanInner -> {} }} ?: TrackplanJson.JNull }}",
            encode(&property.ty, "trackplanInner", 0)
        ),
    };
    let mut about = Vec::new();
    if property.name != property.field.kotlin.trim_matches('`') {
        about.push(format!("Sent as `{}`.", property.name));
    }
    if property.pii {
        about.push("Personal data (PII).".to_owned());
    }
    let about = about.join(" ");
    Field { doc: kdoc(&[property.description.as_deref().unwrap_or_default(), &about], "    "), param, name, encode }
}

/// The Kotlin type of a value (without nullability).
fn type_of(plan: &Plan, ty: &Type) -> String {
    match ty {
        Type::String(_) => "String".to_owned(),
        Type::Integer(_) => "Long".to_owned(),
        Type::Number(_) => "Double".to_owned(),
        Type::Boolean => "Boolean".to_owned(),
        Type::Object(id) | Type::Enum(id) => plan.ty(*id).name.kotlin.clone(),
        Type::Array(array) => {
            format!("List<{}{}>", type_of(plan, &array.items), if array.items_nullable { "?" } else { "" })
        }
    }
}

/// An expression turning `value` (of type `ty`) into a `TrackplanJson`.
fn encode(ty: &Type, value: &str, depth: usize) -> String {
    match ty {
        Type::String(_) => format!("TrackplanJson.JString({value})"),
        Type::Integer(_) => format!("TrackplanJson.JInteger({value})"),
        Type::Number(_) => format!("TrackplanJson.JNumber({value})"),
        Type::Boolean => format!("TrackplanJson.JBool({value})"),
        Type::Enum(_) => format!("TrackplanJson.JString({value}.wireValue)"),
        Type::Object(_) => format!("{value}.trackplanJson()"),
        Type::Array(array) => {
            let item = format!("trackplanItem{depth}");
            let inner = if array.items_nullable {
                let present = format!("trackplanPresent{depth}");
                format!(
                    "{item}?.let {{ {present} -> {} }} ?: TrackplanJson.JNull",
                    encode(&array.items, &present, depth + 1)
                )
            } else {
                encode(&array.items, &item, depth + 1)
            };
            format!("TrackplanJson.JArray({value}.map {{ {item} -> {inner} }})")
        }
    }
}
