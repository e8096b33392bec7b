//! Validator code: the call that checks one property, and the shared rule constants those
//! calls refer to. Identical rules share one constant, so a plan that uses `Money` forty times
//! ships its bounds once.

use std::collections::HashMap;

use trackplan_plan_model::model::{ArrayType, Bound, NumberRules, Plan, Property, StringRules, Type};
use trackplan_plan_model::raw::Format;
use trackplan_plan_model::validate::js_number;

use super::escape::string_literal;

/// Flag of a required property (runtime `REQUIRED`).
const REQUIRED: u8 = 1;
/// Flag of a nullable value (runtime `NULLABLE`).
const NULLABLE: u8 = 2;

/// Module-level constants the validators share: rule objects and array item checkers.
#[derive(Default)]
pub struct Constants {
    by_code: HashMap<String, String>,
    /// `(name, initialiser)` in first-use order.
    pub declared: Vec<(String, String)>,
}

impl Constants {
    /// The name of the constant with this initialiser, declared on first use.
    fn intern(&mut self, prefix: &str, code: String) -> String {
        if let Some(name) = self.by_code.get(&code) {
            return name.clone();
        }
        let name = format!("{prefix}{}", self.declared.len());
        self.by_code.insert(code.clone(), name.clone());
        self.declared.push((name.clone(), code));
        name
    }
}

/// Builds the checker calls of one plan's validators.
pub struct Checks<'p> {
    plan: &'p Plan,
    /// Shared constants, in declaration order.
    pub constants: Constants,
    /// Body functions of events and calls by their code.
    bodies: HashMap<String, String>,
}

impl<'p> Checks<'p> {
    /// A builder for `plan`.
    pub fn new(plan: &'p Plan) -> Self {
        Checks { plan, constants: Constants::default(), bodies: HashMap::new() }
    }

    /// The expression checking `property` of the object `v` whose path is `q`; evaluates to 1
    /// when the property is present.
    pub fn property(&mut self, property: &Property) -> String {
        let flags = if property.required { REQUIRED } else { 0 } | if property.nullable { NULLABLE } else { 0 };
        let key = string_literal(&property.name);
        self.call(&property.ty, &format!("v[{key}]"), &key, &flags.to_string())
    }

    /// The body function of an event or call with this code, and whether it is new: events
    /// with the same properties (one family, often) share one.
    pub fn body(&mut self, name: String, code: String) -> (String, bool) {
        match self.bodies.get(&code) {
            Some(existing) => (existing.clone(), false),
            None => {
                self.bodies.insert(code, name.clone());
                (name, true)
            }
        }
    }

    /// `$.X(value, o, q, key, flags, …)` checking a value of type `ty` at `key`.
    fn call(&mut self, ty: &Type, value: &str, key: &str, flags: &str) -> String {
        let head = format!("{value}, o, q, {key}, {flags}");
        match ty {
            Type::String(rules) => format!("$.S({head}, {})", self.string_rule(rules)),
            Type::Integer(rules) => format!("$.N({head}, {})", self.number_rule(true, rules)),
            Type::Number(rules) => format!("$.N({head}, {})", self.number_rule(false, rules)),
            Type::Boolean => format!("$.B({head})"),
            Type::Enum(id) => format!("$.E({head}, {})", self.plan.ty(*id).name.typescript),
            Type::Object(id) => format!("$.O({head}, {})", checker_name(&self.plan.ty(*id).name.typescript)),
            Type::Array(array) => {
                let (rule, item) = self.array(array);
                format!("$.A({head}, {rule}, {item})")
            }
        }
    }

    fn array(&mut self, array: &ArrayType) -> (String, String) {
        let items = if array.items_nullable { NULLABLE } else { 0 };
        let rule = format!(
            "$.ar({}, {}, {}, {items})",
            array.min_items.unwrap_or(0),
            array.max_items.map_or("Infinity".to_owned(), |max| max.to_string()),
            array.unique_items
        );
        let rule = self.constants.intern("rule", rule);
        let body = self.call(&array.items, "x", "k", "f");
        let item = self
            .constants
            .intern("item", format!("(x: unknown, o: $.Out, q: string, k: string | number, f: number) => {body}"));
        (rule, item)
    }

    fn string_rule(&mut self, rules: &StringRules) -> String {
        let mut args = Vec::new();
        if let Some(format) = rules.format {
            args.push(string_literal(format.as_str()));
            args.push(format!("$.{}", format_check(format)));
        }
        let lo = rules.min_length.unwrap_or(0).to_string();
        let hi = rules.max_length.map_or("Infinity".to_owned(), |max| max.to_string());
        // Trailing defaults (no minimum, no maximum) are left to the runtime.
        match &rules.pattern {
            Some(pattern) => {
                args.extend([lo, hi, string_literal(&pattern.source)]);
                if pattern.ecma != pattern.source {
                    args.push(string_literal(&pattern.ecma));
                }
            }
            None if rules.max_length.is_some() => args.extend([lo, hi]),
            None if rules.min_length.is_some() => args.push(lo),
            None => {}
        }
        let constructor = if rules.format.is_some() { "fr" } else { "sr" };
        self.constants.intern("rule", format!("$.{constructor}({})", args.join(", ")))
    }

    fn number_rule(&mut self, integer: bool, rules: &NumberRules) -> String {
        let bound = |bound: Option<&Bound>, none: &str| match bound {
            Some(bound) => (js_number(&bound.value), bound.exclusive.to_string()),
            None => (none.to_owned(), "false".to_owned()),
        };
        let (lo, lx) = bound(rules.minimum.as_ref(), "-Infinity");
        let (hi, hx) = bound(rules.maximum.as_ref(), "Infinity");
        let mut args = vec![integer.to_string(), lo, lx, hi, hx];
        if let Some(allowed) = &rules.allowed {
            let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
            args.push(format!("[{}]", list.join(", ")));
        }
        self.constants.intern("rule", format!("$.nr({})", args.join(", ")))
    }
}

/// The runtime function checking a format.
fn format_check(format: Format) -> &'static str {
    match format {
        Format::DateTime => "isDateTime",
        Format::Date => "isDate",
        Format::Email => "isEmail",
        Format::Uri => "isUri",
        Format::Uuid => "isUuid",
    }
}

/// The name of the function checking the body of an object type.
pub fn checker_name(type_name: &str) -> String {
    format!("check{type_name}")
}
