//! The typed fast path: validation statements compiled into the generated code for the rules
//! the Rust types cannot express. Each statement calls a `trackplan_runtime::check` function
//! with the plan's bounds as literals; patterns are compiled once, on first use, in statics.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use trackplan_plan_model::formats::runtime_format;
use trackplan_plan_model::model::{Bound, NamedKind, NumberRules, Plan, Property, StringRules, Type};
use trackplan_plan_model::validate::js_number;

use super::anchored;
use super::types::{Shape, ident};

/// Patterns used by the generated code, each compiled once into a static.
#[derive(Default, Clone)]
pub struct Patterns {
    /// Pattern (ECMAScript form) → index of its static, in order of first use.
    indexes: BTreeMap<String, usize>,
}

impl Patterns {
    fn name(index: usize) -> Ident {
        Ident::new(&format!("TRACKPLAN_PATTERN_{index}"), Span::call_site())
    }

    fn static_for(&mut self, ecma: &str) -> Ident {
        let next = self.indexes.len();
        Patterns::name(*self.indexes.entry(ecma.to_owned()).or_insert(next))
    }

    /// Register the patterns of `properties` in the order their checks use them, so that
    /// items can then be generated independently (and in parallel) with the same names.
    pub fn register(&mut self, properties: &[Property]) {
        for property in properties {
            self.register_type(&property.ty);
        }
    }

    fn register_type(&mut self, ty: &Type) {
        match ty {
            Type::String(rules) => {
                if let Some(pattern) = &rules.pattern {
                    self.static_for(&pattern.ecma);
                }
            }
            Type::Array(array) => self.register_type(&array.items),
            _ => {}
        }
    }

    /// The statics, in index order.
    pub fn statics(&self) -> TokenStream {
        let mut ordered: Vec<(&String, &usize)> = self.indexes.iter().collect();
        ordered.sort_by_key(|(_, index)| **index);
        let statics = ordered.into_iter().map(|(ecma, index)| {
            let name = Patterns::name(*index);
            match anchored::pieces(ecma) {
                Some(pieces) => {
                    let pieces = pieces.iter().map(|piece| {
                        let set: Literal = format!("0x{:x}", piece.set)
                            .parse()
                            .unwrap_or_else(|_| Literal::u128_unsuffixed(piece.set));
                        let (min, max) = (piece.min, piece.max);
                        quote!(::trackplan_runtime::check::Piece::new(#set, #min, #max))
                    });
                    quote! {
                        static #name: ::trackplan_runtime::check::Anchored =
                            ::trackplan_runtime::check::Anchored::new(&[#(#pieces),*]);
                    }
                }
                None => quote! {
                    static #name: ::trackplan_runtime::check::Pattern = ::trackplan_runtime::check::Pattern::new(#ecma);
                },
            }
        });
        quote!(#(#statics)*)
    }
}

/// Whether values of `ty` have rules to check at run time.
pub fn has_checks(plan: &Plan, ty: &Type) -> bool {
    match ty {
        Type::String(rules) => {
            rules.min_length.is_some()
                || rules.max_length.is_some()
                || rules.pattern.is_some()
                || rules.format.is_some()
        }
        Type::Integer(rules) | Type::Number(rules) => {
            rules.minimum.is_some() || rules.maximum.is_some() || rules.allowed.is_some()
        }
        Type::Boolean | Type::Enum(_) => false,
        Type::Array(array) => {
            array.min_items.is_some()
                || array.max_items.is_some()
                || array.unique_items
                || has_checks(plan, &array.items)
        }
        Type::Object(id) => match &plan.ty(*id).kind {
            NamedKind::Object { properties } => properties.iter().any(|p| has_checks(plan, &p.ty)),
            NamedKind::Enum { .. } => false,
        },
    }
}

/// The body of `Validate::validate_at` for an object with `properties`; `None` when nothing
/// needs checking.
pub fn object_body(plan: &Plan, properties: &[Property], patterns: &mut Patterns) -> Option<TokenStream> {
    let statements: Vec<TokenStream> =
        properties.iter().filter(|p| has_checks(plan, &p.ty)).map(|p| property(plan, p, patterns)).collect();
    if statements.is_empty() { None } else { Some(quote!(#(#statements)*)) }
}

/// A value being checked: the expression borrowing it, the one copying it (numbers), the one
/// calling its methods, and its `trackplan_runtime::check::Step` below `path` (the parent's
/// path in scope): the key's literal or the loop's index.
struct Checked {
    by_ref: TokenStream,
    by_copy: TokenStream,
    receiver: TokenStream,
    step: TokenStream,
}

impl Checked {
    /// The value bound to `value` (a reference) by a pattern or a loop.
    fn bound(step: TokenStream) -> Checked {
        Checked { by_ref: quote!(value), by_copy: quote!(*value), receiver: quote!(value), step }
    }
}

fn property(plan: &Plan, property: &Property, patterns: &mut Patterns) -> TokenStream {
    let field = ident(&property.field.rust);
    let wire = &property.name;
    let step = quote!(#wire);
    match Shape::of(property) {
        Shape::Required => {
            let checked = Checked {
                by_ref: quote!(&self.#field),
                by_copy: quote!(self.#field),
                receiver: quote!(self.#field),
                step,
            };
            value(plan, &property.ty, &checked, patterns)
        }
        Shape::RequiredNullable | Shape::Optional => {
            let checks = value(plan, &property.ty, &Checked::bound(step), patterns);
            quote! {
                if let Some(value) = &self.#field {
                    #checks
                }
            }
        }
        Shape::OptionalNullable => {
            let checks = value(plan, &property.ty, &Checked::bound(step), patterns);
            quote! {
                if let Some(Some(value)) = &self.#field {
                    #checks
                }
            }
        }
    }
}

/// Statements checking a value of `ty`.
fn value(plan: &Plan, ty: &Type, checked: &Checked, patterns: &mut Patterns) -> TokenStream {
    let Checked { by_ref, receiver, step, .. } = checked;
    match ty {
        Type::String(rules) => string(rules, checked, patterns),
        Type::Integer(rules) | Type::Number(rules) => number(rules, checked),
        Type::Boolean | Type::Enum(_) => quote!(),
        Type::Array(array) => {
            let mut out = Vec::new();
            if let Some(min) = array.min_items {
                out.push(quote!(check::min_items(path, #step, #receiver.len(), #min, out);));
            }
            if let Some(max) = array.max_items {
                out.push(quote!(check::max_items(path, #step, #receiver.len(), #max, out);));
            }
            if array.unique_items {
                out.push(quote!(check::unique_items(path, #step, #by_ref, out);));
            }
            if has_checks(plan, &array.items) {
                let item = value(plan, &array.items, &Checked::bound(quote!(index)), patterns);
                let item = if array.items_nullable { quote!(if let Some(value) = value { #item }) } else { item };
                out.push(quote! {
                    {
                        let path = &check::Step::of(#step, path);
                        for (index, value) in #receiver.iter().enumerate() {
                            #item
                        }
                    }
                });
            }
            quote!(#(#out)*)
        }
        Type::Object(_) => quote!(check::object(path, #step, #by_ref, out);),
    }
}

fn string(rules: &StringRules, checked: &Checked, patterns: &mut Patterns) -> TokenStream {
    let Checked { by_ref, step, .. } = checked;
    let mut out = Vec::new();
    if let Some(min) = rules.min_length {
        out.push(quote!(check::min_length(path, #step, #by_ref, #min, out);));
    }
    if let Some(max) = rules.max_length {
        out.push(quote!(check::max_length(path, #step, #by_ref, #max, out);));
    }
    if let Some(pattern) = &rules.pattern {
        let regex = patterns.static_for(&pattern.ecma);
        let source = &pattern.source;
        out.push(quote!(check::pattern(path, #step, #by_ref, &#regex, #source, out);));
    }
    if let Some(format) = rules.format {
        let check = Ident::new(&runtime_format(format).as_str().replace('-', "_"), Span::call_site());
        out.push(quote!(check::#check(path, #step, #by_ref, out);));
    }
    quote!(#(#out)*)
}

fn number(rules: &NumberRules, checked: &Checked) -> TokenStream {
    let Checked { by_copy, step, .. } = checked;
    let mut out = Vec::new();
    let bound = |bound: &Bound, inclusive: &str, exclusive: &str| {
        let check = Ident::new(if bound.exclusive { exclusive } else { inclusive }, Span::call_site());
        let limit = Literal::f64_suffixed(bound.as_f64());
        let text = js_number(&bound.value);
        quote!(check::#check(path, #step, #by_copy, #limit, #text, out);)
    };
    if let Some(minimum) = &rules.minimum {
        out.push(bound(minimum, "minimum", "exclusive_minimum"));
    }
    if let Some(maximum) = &rules.maximum {
        out.push(bound(maximum, "maximum", "exclusive_maximum"));
    }
    if let Some(allowed) = &rules.allowed {
        let text = format!("[{}]", allowed.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        out.push(quote!(check::allowed_integer(path, #step, #by_copy, &[#(#allowed),*], #text, out);));
    }
    quote!(#(#out)*)
}
