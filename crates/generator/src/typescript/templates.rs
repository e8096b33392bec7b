//! The askama templates of the TypeScript back end and the values they print. Every template
//! is rendered with `escape = "none"`: plan text reaches them already escaped for TypeScript.

use askama::Template;

/// The entry file.
#[derive(Template)]
#[template(path = "typescript/index.ts", escape = "none")]
pub struct Index {
    pub header: Vec<String>,
    pub sections: Vec<String>,
}

/// Shared rule constants of the validators.
#[derive(Template)]
#[template(path = "typescript/constants.ts", escape = "none")]
pub struct Constants<'a> {
    pub constants: &'a [(String, String)],
    pub functions: &'a [String],
}

/// A string enum: the values as a `const` array and their union type.
#[derive(Template)]
#[template(path = "typescript/enum.ts", escape = "none")]
pub struct EnumDecl<'a> {
    pub doc: String,
    pub name: &'a str,
    pub values: String,
}

/// An interface of properties.
#[derive(Template)]
#[template(path = "typescript/interface.ts", escape = "none")]
pub struct Interface {
    pub doc: String,
    pub name: String,
    pub fields: Vec<Field>,
}

/// One member of an interface.
pub struct Field {
    pub doc: String,
    pub key: String,
    pub optional: &'static str,
    pub label: String,
}

/// The track function of an event.
#[derive(Template)]
#[template(path = "typescript/event.ts", escape = "none")]
pub struct EventFunction {
    pub doc: String,
    pub function: String,
    pub type_name: String,
    pub optional: &'static str,
    pub wire: String,
    pub check: String,
}

/// The identify, group, page or screen function.
#[derive(Template)]
#[template(path = "typescript/call.ts", escape = "none")]
pub struct CallFunction {
    pub doc: String,
    pub function: &'static str,
    pub subject: &'static str,
    pub subject_type: &'static str,
    pub payload: &'static str,
    pub type_name: String,
    pub optional: &'static str,
    pub runtime: &'static str,
    pub runtime_args: &'static str,
    pub check: String,
}

/// `init`.
#[derive(Template)]
#[template(path = "typescript/init.ts", escape = "none")]
pub struct Init {
    pub options_type: String,
    pub check: String,
}

/// The validators by event name.
#[derive(Template)]
#[template(path = "typescript/registry.ts", escape = "none")]
pub struct Registry {
    pub entries: Vec<(String, String)>,
}

/// `runtime.ts`.
#[derive(Template)]
#[template(path = "typescript/runtime.ts", escape = "none")]
pub struct Runtime<'a> {
    pub header: &'a [String],
}

/// `transport.ts`.
#[derive(Template)]
#[template(path = "typescript/transport.ts", escape = "none")]
pub struct Transport<'a> {
    pub header: &'a [String],
}

/// `recording.ts`.
#[derive(Template)]
#[template(path = "typescript/recording.ts", escape = "none")]
pub struct Recording<'a> {
    pub header: &'a [String],
}

/// `adapters/segment.ts`.
#[derive(Template)]
#[template(path = "typescript/adapters/segment.ts", escape = "none")]
pub struct SegmentAdapter<'a> {
    pub header: &'a [String],
}

/// `adapters/amplitude.ts`.
#[derive(Template)]
#[template(path = "typescript/adapters/amplitude.ts", escape = "none")]
pub struct AmplitudeAdapter<'a> {
    pub header: &'a [String],
}

/// `adapters/mixpanel.ts`.
#[derive(Template)]
#[template(path = "typescript/adapters/mixpanel.ts", escape = "none")]
pub struct MixpanelAdapter<'a> {
    pub header: &'a [String],
}
