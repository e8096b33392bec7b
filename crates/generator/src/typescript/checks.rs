//! Validator code: one straight-line check function per object type and per event body.
//! Each property is read once, its key kept in a local `k`, and its presence tested inline
//! (counting the present ones for the undeclared-key check); then a type guard
//! (`$.isString(x, k)`); then each rule: an inline test (`x.length > 100`), a runtime format
//! check or a module-level test function (enum values, simple patterns). Only a broken rule
//! calls the runtime helper that builds its violation. The guards are small enough for V8 to
//! inline whatever the number of properties, and inline tests take none of its inlining
//! budget, so a valid payload runs no closure, reads no rule table and allocates nothing,
//! while each rule costs only a few bytes. Patterns, value lists and their tests are
//! module-level, shared by every property that uses the same one; identical check functions
//! (event families, shared shapes) are emitted once.

use std::collections::HashMap;
use std::fmt::Write;

use trackplan_plan_model::model::{ArrayType, NamedKind, NumberRules, Plan, Property, StringRules, Type, TypeId};
use trackplan_plan_model::raw::Format;
use trackplan_plan_model::validate::js_number;

use super::escape::string_literal;
use super::fixed;

/// The names every object inherits from `Object.prototype`.
const INHERITED: [&str; 12] = [
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
];

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

/// Where a checked value sits: its variable, the key or index its violations are reported
/// at, and the nesting depth (which names loop variables).
struct Slot<'a> {
    value: &'a str,
    key: &'a str,
    depth: usize,
}

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
        (name.to_owned(), Some(format!("function {name}({parameter}: $.Rec): number {{\n{body}}}")))
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

    /// The statements of a check function over `v`: each property read once, counted in `n`
    /// when present and checked; `n` is returned for the undeclared-key check.
    fn body(&mut self, properties: &[Property]) -> String {
        if properties.is_empty() {
            return "  return 0;\n".to_owned();
        }
        let mut out = String::from("  let n = 0;\n  let x: unknown;\n  let k: string;\n");
        for property in properties {
            let key = string_literal(&property.name);
            // The key lives in `k` for the guard and the rules to report at: a local, free
            // until a report, which keeps the literal to one per property.
            // A name `Object.prototype` also has must be the payload's own, or a payload
            // without it would be checked against the inherited member.
            let read =
                if INHERITED.contains(&property.name.as_str()) { "$.own(v, (k = {key}))" } else { "v[(k = {key})]" };
            let _ = writeln!(out, "  x = {};", read.replace("{key}", &key));
            let slot = Slot { value: "x", key: "k", depth: 0 };
            if property.required {
                // Counted even when absent: the guard reports it missing, and the count then
                // disagrees with the keys, whose (slow) check finds nothing more to report.
                let check = self.present(&property.ty, property.nullable, &slot, "  ");
                let _ = write!(out, "  n++;\n{check}");
            } else {
                let check = self.present(&property.ty, property.nullable, &slot, "    ");
                let _ = write!(out, "  if (x !== undefined) {{\n    n++;\n{check}  }}\n");
            }
        }
        out.push_str("  return n;\n");
        out
    }

    /// The statement checking a value that is present (or required): the type guard, which
    /// also records the key the rules report at (and reports a required value missing), then
    /// the rules.
    fn present(&mut self, ty: &Type, nullable: bool, slot: &Slot<'_>, indent: &str) -> String {
        let v = slot.value;
        let deeper = format!("{indent}  ");
        let k = slot.key;
        let (guard, rules) = match ty {
            Type::String(rules) => ("isString", self.string_rules(rules, v, k, &deeper)),
            Type::Integer(rules) => ("isInteger", self.number_rules(rules, v, k, &deeper)),
            Type::Number(rules) => ("isNumber", self.number_rules(rules, v, k, &deeper)),
            Type::Boolean => ("isBoolean", String::new()),
            Type::Enum(id) => {
                let named = self.plan.ty(*id);
                let NamedKind::Enum { values } = &named.kind else { unreachable!("Type::Enum names an enum") };
                let cases: Vec<String> = values.iter().map(|value| string_literal(&value.value)).collect();
                let test = self.member("string", &cases);
                let list = &named.name.typescript;
                ("isString", format!("{deeper}if (!{test}({v})) $.notOneOf({v}, {list}, {k});\n"))
            }
            Type::Object(id) => {
                let test = format!("$.isObject({v}, {}, {})", slot.key, self.object(*id));
                return if nullable {
                    format!("{indent}if ({v} !== null) {test};\n")
                } else {
                    format!("{indent}{test};\n")
                };
            }
            Type::Array(array) => ("isArray", self.array_rules(array, v, k, slot.depth, &deeper)),
        };
        let test = format!("$.{guard}({v}, {k})");
        match (nullable, rules.is_empty()) {
            (false, true) => format!("{indent}{test};\n"),
            (true, true) => format!("{indent}if ({v} !== null) {test};\n"),
            (false, false) => format!("{indent}if ({test}) {{\n{rules}{indent}}}\n"),
            (true, false) => format!("{indent}if ({v} !== null && {test}) {{\n{rules}{indent}}}\n"),
        }
    }

    fn string_rules(&mut self, rules: &StringRules, v: &str, k: &str, indent: &str) -> String {
        let mut out = String::new();
        // Fewer than `2 * min` UTF-16 units can hold fewer than `min` scalar values; more than
        // `max` units may still be few enough scalars: the helper counts them.
        if let Some(min) = rules.min_length.filter(|&min| min > 0) {
            let units = min.saturating_mul(2);
            let _ = writeln!(out, "{indent}if ({v}.length < {units}) $.minLength({v}, {min}, {k});");
        }
        if let Some(max) = rules.max_length {
            let _ = writeln!(out, "{indent}if ({v}.length > {max}) $.maxLength({v}, {max}, {k});");
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
            let _ = writeln!(out, "{indent}if (!{test}({v})) $.pattern({v}, {source}, {k});");
        }
        if let Some(format) = rules.format {
            let _ = writeln!(out, "{indent}$.{}({v}, {k});", format_check(format));
        }
        out
    }

    fn number_rules(&mut self, rules: &NumberRules, v: &str, k: &str, indent: &str) -> String {
        let mut out = String::new();
        // `!(x > b)` rather than `x <= b`: a NaN from code (JSON has none) breaks exclusive bounds.
        // (bound, the comparison inside an exclusive bound, the one past an inclusive bound, rules)
        let bounds = [
            (&rules.minimum, ">", "<", "exclusiveMinimum", "minimum"),
            (&rules.maximum, "<", ">", "exclusiveMaximum", "maximum"),
        ];
        for (bound, inside, past, exclusive_rule, inclusive_rule) in bounds {
            let Some(bound) = bound else { continue };
            let b = js_number(&bound.value);
            let (broken, rule) = if bound.exclusive {
                (format!("!({v} {inside} {b})"), exclusive_rule)
            } else {
                (format!("{v} {past} {b}"), inclusive_rule)
            };
            let _ = writeln!(out, "{indent}if ({broken}) $.{rule}({v}, {b}, {k});");
        }
        if let Some(allowed) = &rules.allowed {
            let cases: Vec<String> = allowed.iter().map(i64::to_string).collect();
            let values = self.constants.intern("VALUES", format!("[{}]", cases.join(", ")));
            let test = self.member("number", &cases);
            let _ = writeln!(out, "{indent}if (!{test}({v})) $.notOneOf({v}, {values}, {k});");
        }
        out
    }

    /// The module-level function testing that a value is one of `cases` (literals), declared
    /// once per list: a `switch` over literals, which V8 compares as interned strings, is
    /// several times faster than a search of the values array (which violations quote).
    fn member(&mut self, ty: &str, cases: &[String]) -> String {
        let key = format!("{ty} {}", cases.join(" "));
        self.constants.function("ONE_OF", &key, |name| {
            let cases: Vec<String> = cases.iter().map(|case| format!("case {case}:")).collect();
            format!(
                "function {name}(x: {ty}): boolean {{\n  switch (x) {{\n    {}\n      return true;\n  }}\n  return false;\n}}",
                cases.join(" ")
            )
        })
    }

    /// The array's own rules, then a loop checking every item inside the path entry of the
    /// array.
    fn array_rules(&mut self, array: &ArrayType, v: &str, k: &str, depth: usize, indent: &str) -> String {
        let mut out = String::new();
        if let Some(min) = array.min_items.filter(|&min| min > 0) {
            let _ = writeln!(out, "{indent}$.minItems({v}, {min}, {k});");
        }
        if let Some(max) = array.max_items {
            let _ = writeln!(out, "{indent}$.maxItems({v}, {max}, {k});");
        }
        if array.unique_items {
            let _ = writeln!(out, "{indent}$.uniqueItems({v}, {k});");
        }
        let depth = depth + 1;
        let (item, index) = (format!("x{depth}"), format!("i{depth}"));
        let deeper = format!("{indent}    ");
        let slot = Slot { value: &item, key: &index, depth };
        let check = self.present(&array.items, array.items_nullable, &slot, &deeper);
        // Holes and `undefined` items are skipped, as JSON has neither.
        let _ = write!(
            out,
            "{indent}$.enter({k});\n{indent}for (let {index} = 0; {index} < {v}.length; {index}++) {{\n\
             {indent}  const {item} = {v}[{index}];\n{indent}  if ({item} !== undefined) {{\n{check}{indent}  }}\n\
             {indent}}}\n{indent}$.leave();\n"
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
