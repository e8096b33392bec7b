//! Validator code: one straight-line check function per object type and per event body, a
//! guard call per property. A guard (`$.isString(x, key, flags)`…) reports a missing or
//! mistyped value, counts the present ones for the undeclared-key check and says whether the
//! rules apply; each rule is a small runtime helper (`$.maxLength(x, 100)`) that tests inline
//! and only builds a violation when broken. V8 inlines the helpers, so a valid payload runs no
//! closure, reads no rule table and allocates nothing, while each rule costs only a few bytes.
//! Patterns and integer value lists are module-level constants, shared by every property that
//! uses the same one; identical check functions are emitted once.

use std::collections::HashMap;
use std::fmt::Write;

use trackplan_plan_model::model::{ArrayType, NamedKind, NumberRules, Plan, Property, StringRules, Type, TypeId};
use trackplan_plan_model::raw::Format;
use trackplan_plan_model::validate::js_number;

use super::escape::string_literal;
use super::fixed;

/// Module-level constants the validators share: pattern sources, compiled patterns, integer
/// value lists, and the functions testing fixed-shape patterns.
#[derive(Default)]
pub struct Constants {
    by_code: HashMap<String, String>,
    /// `(name, initialiser)` in first-use order.
    pub declared: Vec<(String, String)>,
    /// Module-level functions (fixed-shape pattern tests), in first-use order.
    pub functions: Vec<String>,
}

impl Constants {
    /// The name of the constant with this initialiser, declared on first use.
    fn intern(&mut self, prefix: &str, code: String) -> String {
        if let Some(name) = self.by_code.get(&code) {
            return name.clone();
        }
        let name = format!("{prefix}{}", self.declared.len() + self.functions.len());
        self.by_code.insert(code.clone(), name.clone());
        self.declared.push((name.clone(), code));
        name
    }

    /// The name of the function `declare(name)` declares for `key`, declared on first use.
    fn function(&mut self, prefix: &str, key: &str, declare: impl FnOnce(&str) -> String) -> String {
        let key = format!("function {key}");
        if let Some(name) = self.by_code.get(&key) {
            return name.clone();
        }
        let name = format!("{prefix}{}", self.declared.len() + self.functions.len());
        self.functions.push(declare(&name));
        self.by_code.insert(key, name.clone());
        name
    }
}

/// Builds the check functions of one plan's validators.
pub struct Checks<'p> {
    plan: &'p Plan,
    /// Shared constants, in declaration order.
    pub constants: Constants,
    /// Check functions by their code.
    bodies: HashMap<String, String>,
    /// The check function of each named object type resolved so far.
    objects: HashMap<TypeId, String>,
    /// Declarations of named object types' check functions not yet taken for output.
    pending: HashMap<TypeId, String>,
}

/// A checked value: the expression reading it, the key or index its violations are reported
/// at, its guard flags, and the nesting depth (which names loop variables).
struct Slot<'a> {
    read: &'a str,
    key: &'a str,
    flags: u8,
    depth: usize,
}

/// Guard flag: report the value when it is absent.
const REQUIRED: u8 = 1;
/// Guard flag: a null value is allowed (and has no rules to check).
const NULLABLE: u8 = 2;

impl<'p> Checks<'p> {
    /// A builder for `plan`.
    pub fn new(plan: &'p Plan) -> Self {
        Checks {
            plan,
            constants: Constants::default(),
            bodies: HashMap::new(),
            objects: HashMap::new(),
            pending: HashMap::new(),
        }
    }

    /// The name of the check function of `properties`, and its declaration when it is new:
    /// `name` unless an identical function was declared before, which is then shared.
    pub fn function(&mut self, name: &str, properties: &[Property]) -> (String, Option<String>) {
        let body = self.body(properties);
        if let Some(existing) = self.bodies.get(&body) {
            return (existing.clone(), None);
        }
        self.bodies.insert(body.clone(), name.to_owned());
        let parameter = if properties.is_empty() { "_v" } else { "v" };
        (name.to_owned(), Some(format!("function {name}({parameter}: $.Rec): void {{\n{body}}}")))
    }

    /// The name of the check function of a named object type, resolved on first use (plan
    /// types may refer to later ones; they never form a cycle).
    fn object(&mut self, id: TypeId) -> String {
        if let Some(name) = self.objects.get(&id) {
            return name.clone();
        }
        let plan = self.plan;
        let named = plan.ty(id);
        let NamedKind::Object { properties } = &named.kind else { unreachable!("Type::Object names an object") };
        let (name, declaration) = self.function(&checker_name(&named.name.typescript), properties);
        if let Some(declaration) = declaration {
            self.pending.insert(id, declaration);
        }
        self.objects.insert(id, name.clone());
        name
    }

    /// The declaration of a named object type's check function, unless it shares an earlier
    /// one's (or was taken already).
    pub fn object_declaration(&mut self, id: TypeId) -> Option<String> {
        self.object(id);
        self.pending.remove(&id)
    }

    /// One guard statement per property of `v`, in plan order.
    fn body(&mut self, properties: &[Property]) -> String {
        let mut statements = String::new();
        let mut uses_x = false;
        for property in properties {
            let key = string_literal(&property.name);
            let flags = u8::from(property.required) * REQUIRED + u8::from(property.nullable) * NULLABLE;
            let read = format!("v[{key}]");
            let slot = Slot { read: &read, key: &key, flags, depth: 0 };
            let (statement, named) = self.check(&property.ty, &slot, "  ");
            uses_x |= named;
            statements.push_str(&statement);
        }
        if uses_x { format!("  let x: unknown;\n{statements}") } else { statements }
    }

    /// The statement checking one value, and whether it reads the value from a variable:
    /// `x` at depth 0, assigned in the guard's argument; `xN` for an item, which the loop
    /// declares.
    fn check(&mut self, ty: &Type, slot: &Slot<'_>, indent: &str) -> (String, bool) {
        let deeper = format!("{indent}  ");
        let variable = if slot.depth == 0 { "x".to_owned() } else { format!("x{}", slot.depth) };
        let rules = match ty {
            Type::String(rules) => self.string_rules(rules, &variable, &deeper),
            Type::Integer(rules) | Type::Number(rules) => self.number_rules(rules, &variable, &deeper),
            Type::Array(array) => self.array_rules(array, &variable, slot.depth, &deeper),
            Type::Boolean | Type::Enum(_) | Type::Object(_) => String::new(),
        };
        let (guard, extra) = match ty {
            Type::String(_) => ("isString", String::new()),
            Type::Integer(_) => ("isInteger", String::new()),
            Type::Number(_) => ("isNumber", String::new()),
            Type::Boolean => ("isBoolean", String::new()),
            Type::Array(_) => ("isArray", String::new()),
            Type::Enum(id) => ("isEnum", format!(", {}", self.plan.ty(*id).name.typescript)),
            Type::Object(id) => ("isObject", format!(", {}", self.object(*id))),
        };
        let flags = if slot.flags == 0 { String::new() } else { format!(", {}", slot.flags) };
        if rules.is_empty() {
            return (format!("{indent}$.{guard}({}, {}{extra}{flags});\n", slot.read, slot.key), false);
        }
        let value = if slot.depth == 0 { format!("(x = {})", slot.read) } else { variable };
        let test = format!("$.{guard}({value}, {}{extra}{flags})", slot.key);
        (format!("{indent}if ({test}) {{\n{rules}{indent}}}\n"), true)
    }

    fn string_rules(&mut self, rules: &StringRules, v: &str, indent: &str) -> String {
        let mut out = String::new();
        if let Some(min) = rules.min_length.filter(|&min| min > 0) {
            let _ = writeln!(out, "{indent}$.minLength({v}, {min});");
        }
        if let Some(max) = rules.max_length {
            let _ = writeln!(out, "{indent}$.maxLength({v}, {max});");
        }
        if let Some(pattern) = &rules.pattern {
            let source = self.constants.intern("PATTERN", string_literal(&pattern.source));
            let test = match fixed::parse(&pattern.ecma) {
                Some(segments) => {
                    self.constants.function("MATCH", &pattern.ecma, |name| fixed::function(name, &segments))
                }
                None => {
                    let compiled =
                        if pattern.ecma == pattern.source { source.clone() } else { string_literal(&pattern.ecma) };
                    let regex =
                        self.constants.intern("REGEX", format!("/* @__PURE__ */ new RegExp({compiled}, \"u\")"));
                    format!("{regex}.test")
                }
            };
            let _ = writeln!(out, "{indent}if (!{test}({v})) $.pattern({v}, {source});");
        }
        if let Some(format) = rules.format {
            let _ = writeln!(out, "{indent}$.{}({v});", format_check(format));
        }
        out
    }

    fn number_rules(&mut self, rules: &NumberRules, v: &str, indent: &str) -> String {
        let mut out = String::new();
        if let Some(min) = &rules.minimum {
            let rule = if min.exclusive { "exclusiveMinimum" } else { "minimum" };
            let _ = writeln!(out, "{indent}$.{rule}({v}, {});", js_number(&min.value));
        }
        if let Some(max) = &rules.maximum {
            let rule = if max.exclusive { "exclusiveMaximum" } else { "maximum" };
            let _ = writeln!(out, "{indent}$.{rule}({v}, {});", js_number(&max.value));
        }
        if let Some(allowed) = &rules.allowed {
            let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
            let values = self.constants.intern("VALUES", format!("[{}]", list.join(", ")));
            let _ = writeln!(out, "{indent}$.oneOf({v}, {values});");
        }
        out
    }

    /// The array's own rules, then a loop checking every item at `depth + 1` inside the path
    /// entry of the array.
    fn array_rules(&mut self, array: &ArrayType, v: &str, depth: usize, indent: &str) -> String {
        let mut out = String::new();
        if let Some(min) = array.min_items.filter(|&min| min > 0) {
            let _ = writeln!(out, "{indent}$.minItems({v}, {min});");
        }
        if let Some(max) = array.max_items {
            let _ = writeln!(out, "{indent}$.maxItems({v}, {max});");
        }
        if array.unique_items {
            let _ = writeln!(out, "{indent}$.uniqueItems({v});");
        }
        let depth = depth + 1;
        let (item, index) = (format!("x{depth}"), format!("i{depth}"));
        let read = format!("{v}[{index}]");
        let flags = if array.items_nullable { NULLABLE } else { 0 };
        let slot = Slot { read: &read, key: &index, flags, depth };
        let deeper = format!("{indent}  ");
        // An item with rules is read once into its own variable; holes and `undefined` items
        // are skipped by the guard, as JSON has neither.
        let body = match self.check(&array.items, &slot, &deeper) {
            (check, true) => format!("{deeper}const {item} = {read};\n{check}"),
            (check, false) => check,
        };
        let _ = write!(
            out,
            "{indent}$.enter();\n{indent}for (let {index} = 0; {index} < {v}.length; {index}++) {{\n{body}{indent}}}\n\
             {indent}$.leave();\n"
        );
        out
    }
}

/// The runtime function checking a format.
fn format_check(format: Format) -> &'static str {
    match format {
        Format::DateTime => "formatDateTime",
        Format::Date => "formatDate",
        Format::Email => "formatEmail",
        Format::Uri => "formatUri",
        Format::Uuid => "formatUuid",
    }
}

/// The name of the function checking the body of an object type, event or call.
pub fn checker_name(type_name: &str) -> String {
    format!("check{type_name}")
}
