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
}

/// Whether values of `ty` are integers or arrays (of arrays…) of integers.
pub fn holds_integers(ty: &Type) -> bool {
    match ty {
        Type::Integer(_) => true,
        Type::Array(array) => holds_integers(&array.items),
        _ => false,
    }
}
