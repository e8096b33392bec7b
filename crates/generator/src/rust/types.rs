//! Rust types of plan values and the shape of each field (required, optional, nullable).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use trackplan_plan_model::model::{Plan, Property, Type};

/// An identifier the plan model computed (`r#type` stays raw).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a value of `ty` (without the field's optionality).
pub fn value_type(plan: &Plan, ty: &Type) -> TokenStream {
    match ty {
        Type::String(_) => quote!(String),
        Type::Integer(_) => quote!(i64),
        Type::Number(_) => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::Array(array) => {
            let item = value_type(plan, &array.items);
            if array.items_nullable { quote!(Vec<Option<#item>>) } else { quote!(Vec<#item>) }
        }
        Type::Object(id) | Type::Enum(id) => {
            let name = ident(&plan.ty(*id).name.rust);
            quote!(#name)
        }
    }
}

/// How a property is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `T`: always present, never null.
    Required,
    /// `Option<T>`: always present (serialized as `null` when `None`).
    RequiredNullable,
    /// `Option<T>`: absent when `None`.
    Optional,
    /// `Option<Option<T>>`: absent (`None`), `null` (`Some(None)`) or a value.
    OptionalNullable,
}

impl Shape {
    /// The shape of a property.
    pub fn of(property: &Property) -> Shape {
        match (property.required, property.nullable) {
            (true, false) => Shape::Required,
            (true, true) => Shape::RequiredNullable,
            (false, false) => Shape::Optional,
            (false, true) => Shape::OptionalNullable,
        }
    }

    /// The field's type around the value type.
    pub fn field_type(self, value: &TokenStream) -> TokenStream {
        match self {
            Shape::Required => value.clone(),
            Shape::RequiredNullable | Shape::Optional => quote!(Option<#value>),
            Shape::OptionalNullable => quote!(Option<Option<#value>>),
        }
    }

    /// serde attributes beyond the wire name; `integers` when the value holds integers
    /// directly (or in arrays), which then also deserialize from whole-number floats as JSON
    /// Schema allows.
    pub fn serde_attrs(self, integers: bool) -> TokenStream {
        let (plain, present) = if integers {
            ("::trackplan_runtime::__private::whole", "::trackplan_runtime::__private::present_whole")
        } else {
            ("::trackplan_runtime::__private::nullable", "::trackplan_runtime::__private::present")
        };
        match self {
            Shape::Required if integers => quote!(#[serde(deserialize_with = #plain)]),
            Shape::Required => quote!(),
            // Without `deserialize_with` serde would accept a missing nullable property as `None`.
            Shape::RequiredNullable => quote!(#[serde(deserialize_with = #plain)]),
            // `present` rejects an explicit null, which serde would take for an absent value.
            Shape::Optional | Shape::OptionalNullable => quote!(
                #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = #present)]
            ),
        }
    }
}

/// Whether values of `ty` are integers or arrays (of arrays…) of integers.
pub fn holds_integers(ty: &Type) -> bool {
    match ty {
        Type::Integer(_) => true,
        Type::Array(array) => holds_integers(&array.items),
        _ => false,
    }
}
