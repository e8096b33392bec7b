//! Declarations: enums, object structs, and the message structs of events and calls with
//! their constructors, setters, typed validation and `Message` facts.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use trackplan_plan_model::model::{EnumValue, Plan, Property};

use super::checks::{Patterns, object_body};
use super::docs::{Doc, inline};
use super::rules::describe;
use super::types::{Shape, holds_integers, ident, value_type};

/// A string enum, with its wire names and serde impls.
pub fn enumeration(name: &str, doc: &Doc, values: &[EnumValue]) -> TokenStream {
    let name = ident(name);
    let doc = doc.tokens();
    let variants: Vec<Ident> = values.iter().map(|value| ident(&value.variant.rust)).collect();
    let wires: Vec<&String> = values.iter().map(|value| &value.value).collect();
    let count = values.len();
    let declarations = values.iter().zip(&variants).map(|(value, variant)| {
        let doc = Doc::default().line(format!("`{}` on the wire.", inline(&value.value).replace('`', "'"))).tokens();
        quote! {
            #doc
            #variant
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(clippy::enum_variant_names, clippy::upper_case_acronyms)]
        pub enum #name {
            #(#declarations,)*
        }

        impl #name {
            /// Every value, in plan order.
            pub const ALL: [Self; #count] = [#(Self::#variants),*];

            /// The value as sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                ::trackplan_runtime::__private::variant(deserializer, &Self::ALL, Self::as_str)
            }
        }
    }
}

/// What a message struct is, for its `Message` impl.
pub struct MessageFacts {
    /// `Kind` variant name.
    pub kind: &'static str,
    /// Wire name.
    pub name: String,
    /// SchemaVer (empty for calls).
    pub version: String,
    /// Destinations.
    pub destinations: Vec<String>,
    /// JSON Schema text.
    pub schema: String,
}

/// A struct with one field per property, a constructor taking the required ones, setters for
/// the optional ones, and its typed validation; with `message`, also its `Message` impl.
pub fn object(
    plan: &Plan,
    name: &str,
    doc: &Doc,
    properties: &[Property],
    message: Option<&MessageFacts>,
    patterns: &mut Patterns,
) -> TokenStream {
    let type_name = ident(name);
    let doc = doc.tokens();
    let fields = properties.iter().map(|property| field(plan, property));
    let all_optional =
        properties.iter().all(|p| Shape::of(p) != Shape::Required && Shape::of(p) != Shape::RequiredNullable);
    let default = if all_optional { quote!(Default,) } else { quote!() };
    let constructor = constructor(plan, name, properties);
    let setters = properties.iter().filter(|p| !p.required).map(|p| setter(plan, p));
    // A nested object's checks are inlined into the loop or the event checking it.
    let inline = if message.is_none() { quote!(#[inline]) } else { quote!() };
    let validate = match object_body(plan, properties, patterns) {
        Some(body) => quote! {
            #inline
            fn validate_at(&self, path: &::trackplan_runtime::Path<'_>, out: &mut Vec<::trackplan_runtime::Violation>) {
                use ::trackplan_runtime::check;
                #body
            }
        },
        None => quote! {
            fn validate_at(&self, _path: &::trackplan_runtime::Path<'_>, _out: &mut Vec<::trackplan_runtime::Violation>) {}
        },
    };
    let message = message.map(|facts| {
        let kind = format_ident!("{}", facts.kind);
        let (wire, version, schema) = (&facts.name, &facts.version, &facts.schema);
        let destinations = &facts.destinations;
        quote! {
            impl ::trackplan_runtime::Message for #type_name {
                const KIND: ::trackplan_runtime::Kind = ::trackplan_runtime::Kind::#kind;
                const NAME: &'static str = #wire;
                const VERSION: &'static str = #version;
                const DESTINATIONS: &'static [&'static str] = &[#(#destinations),*];
                const SCHEMA: &'static str = #schema;
            }
        }
    });
    let serialize = serialize(properties);
    let deserialize = deserialize(properties);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #type_name {
            #(#fields)*
        }

        impl #type_name {
            #constructor
            #(#setters)*
        }

        impl ::serde::Serialize for #type_name {
            #serialize
        }

        impl<'de> ::serde::Deserialize<'de> for #type_name {
            #deserialize
        }

        impl ::trackplan_runtime::Validate for #type_name {
            #validate
        }

        #message
    }
}

/// `Serialize::serialize`: the properties in plan order, absent optional ones left out.
fn serialize(properties: &[Property]) -> TokenStream {
    let entries = properties.iter().map(|property| {
        let field = ident(&property.field.rust);
        let wire = &property.name;
        match Shape::of(property) {
            Shape::Required | Shape::RequiredNullable => quote!(object.required(#wire, &self.#field)?;),
            Shape::Optional | Shape::OptionalNullable => quote!(object.optional(#wire, &self.#field)?;),
        }
    });
    let binding = if properties.is_empty() { quote!(object) } else { quote!(mut object) };
    quote! {
        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let #binding = ::trackplan_runtime::__private::Object::new(serializer)?;
            #(#entries)*
            object.end()
        }
    }
}

/// `Deserialize::deserialize`: through the runtime's shared object reader, one call per
/// property by its shape (integers accept whole-number floats, as JSON Schema does).
fn deserialize(properties: &[Property]) -> TokenStream {
    let wires = properties.iter().map(|property| &property.name);
    let fields = properties.iter().map(|property| {
        let field = ident(&property.field.rust);
        let wire = &property.name;
        let shape = match Shape::of(property) {
            Shape::Required => "required",
            Shape::RequiredNullable => "required_nullable",
            Shape::Optional => "optional",
            Shape::OptionalNullable => "optional_nullable",
        };
        let suffix = if holds_integers(&property.ty) { "_whole" } else { "" };
        let read = format_ident!("{shape}{suffix}");
        quote!(#field: members.#read(#wire)?)
    });
    let members = if properties.is_empty() { quote!(_members) } else { quote!(members) };
    quote! {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            ::trackplan_runtime::__private::object(deserializer, &[#(#wires),*], |#members| Ok(Self { #(#fields),* }))
        }
    }
}

fn field(plan: &Plan, property: &Property) -> TokenStream {
    let name = ident(&property.field.rust);
    let shape = Shape::of(property);
    let ty = shape.field_type(&value_type(plan, &property.ty));
    let doc = property_doc(plan, property).tokens();
    quote! {
        #doc
        pub #name: #ty,
    }
}

fn property_doc(plan: &Plan, property: &Property) -> Doc {
    let mut doc = Doc::default();
    if let Some(description) = &property.description {
        doc.text(description).paragraph();
    }
    let presence = match Shape::of(property) {
        Shape::Required => "Required.",
        Shape::RequiredNullable => "Required, may be null.",
        Shape::Optional => "Optional.",
        Shape::OptionalNullable => "Optional, may be null.",
    };
    doc.line(format!("{presence} Wire name: “{}”.", inline(&property.name)));
    for rule in describe(plan, &property.ty) {
        doc.line(format!("- {rule}"));
    }
    if property.pii {
        doc.line("- Personally identifiable information.");
    }
    doc
}

/// The type a constructor or setter takes for a property's value: text as `impl Into<String>`.
fn parameter_type(plan: &Plan, property: &Property) -> (TokenStream, bool) {
    let value = value_type(plan, &property.ty);
    match (Shape::of(property), &property.ty) {
        (Shape::Required | Shape::Optional, trackplan_plan_model::model::Type::String(_)) => {
            (quote!(impl Into<String>), true)
        }
        (Shape::Required | Shape::Optional, _) => (value, false),
        (Shape::RequiredNullable | Shape::OptionalNullable, _) => (quote!(Option<#value>), false),
    }
}

fn constructor(plan: &Plan, name: &str, properties: &[Property]) -> TokenStream {
    let required: Vec<&Property> = properties.iter().filter(|p| p.required).collect();
    let params = required.iter().map(|property| {
        let name = ident(&property.field.rust);
        let (ty, _) = parameter_type(plan, property);
        quote!(#name: #ty)
    });
    let inits = properties.iter().map(|property| {
        let name = ident(&property.field.rust);
        match (property.required, parameter_type(plan, property).1) {
            (true, true) => quote!(#name: #name.into()),
            (true, false) => quote!(#name),
            (false, _) => quote!(#name: None),
        }
    });
    let mut lints = Vec::new();
    if required.len() > 7 {
        lints.push(quote!(clippy::too_many_arguments));
    }
    if name.eq_ignore_ascii_case("new") {
        lints.push(quote!(clippy::self_named_constructors));
    }
    let lint = if lints.is_empty() { quote!() } else { quote!(#[allow(#(#lints),*)]) };
    let doc = Doc::default()
        .line(format!("A `{name}` with its required properties; set optional ones with the `with_` methods."))
        .tokens();
    quote! {
        #doc
        #lint
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

fn setter(plan: &Plan, property: &Property) -> TokenStream {
    let field = ident(&property.field.rust);
    let bare = property.field.rust.trim_start_matches("r#");
    let method = format_ident!("with_{}", bare);
    let (ty, convert) = parameter_type(plan, property);
    let value = if convert { quote!(value.into()) } else { quote!(value) };
    let doc = Doc::default().line(format!("Sets “{}”.", inline(&property.name))).tokens();
    quote! {
        #doc
        #[must_use]
        pub fn #method(mut self, value: #ty) -> Self {
            self.#field = Some(#value);
            self
        }
    }
}
