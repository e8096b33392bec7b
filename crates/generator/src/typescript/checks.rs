//! Validator code: one straight-line function per object type and per event body. Every
//! rule is an inline `typeof` check or comparison, so a valid payload runs no closure, reads
//! no rule table and allocates nothing; only a broken rule calls a runtime helper, which
//! builds the violation (and its path) there, off the hot path. Patterns and integer value
//! lists are module-level constants, shared by every property that uses the same one.

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
    /// Body functions of events and calls by their code.
    bodies: HashMap<String, String>,
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
        Checks { plan, constants: Constants::default(), bodies: HashMap::new() }
    }

    /// The statements of a check function over `v` (a plain object): each property checked
    /// in turn, counting those present in `n`, then the undeclared-key check by `name`.
    pub fn body(&mut self, name: &str, properties: &[Property]) -> String {
        let mut out = String::new();
        if properties.is_empty() {
            let _ = writeln!(out, "  $.closed(v, 0, {name});");
            return out;
        }
        out.push_str("  let n = 0;\n  let x: unknown;\n");
        for property in properties {
            let key = string_literal(&property.name);
            let _ = writeln!(out, "  x = v[{key}];");
            let slot = Slot { value: "x", key: &key, depth: 0 };
            let check = self.present(&property.ty, property.nullable, &slot, "    ");
            if property.required {
                let _ = write!(out, "  if (x === undefined) $.missing({key});\n  else {{\n    n++;\n{check}  }}\n");
            } else {
                let _ = write!(out, "  if (x !== undefined) {{\n    n++;\n{check}  }}\n");
            }
        }
        let _ = writeln!(out, "  $.closed(v, n, {name});");
        out
    }

    /// The name of the shared body function with this code, and whether it is new: events
    /// with the same properties (one family, often) share one.
    pub fn shared(&mut self, name: String, code: String) -> (String, bool) {
        match self.bodies.get(&code) {
            Some(existing) => (existing.clone(), false),
            None => {
                self.bodies.insert(code, name.clone());
                (name, true)
            }
        }
    }

    /// Statements checking a value known to be present (not `undefined`).
    fn present(&mut self, ty: &Type, nullable: bool, slot: &Slot<'_>, indent: &str) -> String {
        if !nullable {
            return self.typed(ty, slot, indent);
        }
        let inner = self.typed(ty, slot, &format!("{indent}  "));
        format!("{indent}if ({} !== null) {{\n{inner}{indent}}}\n", slot.value)
    }

    /// Statements checking the type of a present, non-null value and then its rules.
    /// Statements checking the type of a present, non-null value and then its rules. The type
    /// test is a small runtime type guard (`$.isString`…) that V8 inlines; it reports a wrong
    /// type itself, which keeps the many call sites short.
    fn typed(&mut self, ty: &Type, slot: &Slot<'_>, indent: &str) -> String {
        let v = slot.value;
        let guard = match ty {
            Type::String(_) | Type::Enum(_) => "isString",
            Type::Integer(_) => "isInteger",
            Type::Number(_) => "isNumber",
            Type::Boolean => "isBoolean",
            Type::Array(_) => "isArray",
            Type::Object(_) => "isObject",
        };
        let deeper = format!("{indent}  ");
        let rules = match ty {
            Type::String(rules) => self.string_rules(rules, slot, &deeper),
            Type::Integer(rules) | Type::Number(rules) => self.number_rules(rules, slot, &deeper),
            Type::Enum(id) => self.enum_rule(*id, slot, &deeper),
            Type::Boolean => String::new(),
            Type::Array(array) => self.array_rules(array, slot, &deeper),
            Type::Object(id) => {
                let checker = checker_name(&self.plan.ty(*id).name.typescript);
                format!("{deeper}$.path.push({});\n{deeper}{checker}({v});\n{deeper}$.path.pop();\n", slot.key)
            }
        };
        let test = format!("$.{guard}({}, {v})", slot.key);
        if rules.is_empty() {
            format!("{indent}{test};\n")
        } else {
            format!("{indent}if ({test}) {{\n{rules}{indent}}}\n")
        }
    }

    /// A `switch` over the values: V8 compares them as interned strings, faster than a search
    /// of the exported array, which the cold path quotes.
    fn enum_rule(&self, id: TypeId, slot: &Slot<'_>, indent: &str) -> String {
        let named = self.plan.ty(id);
        let NamedKind::Enum { values } = &named.kind else { unreachable!("Type::Enum names an enum") };
        let cases: Vec<String> = values.iter().map(|value| format!("case {}:", string_literal(&value.value))).collect();
        let name = &named.name.typescript;
        format!(
            "{indent}switch ({}) {{\n{indent}  {} break;\n{indent}  default: $.notOneOf({}, {}, {name});\n{indent}}}\n",
            slot.value,
            cases.join(" "),
            slot.key,
            slot.value
        )
    }

    fn string_rules(&mut self, rules: &StringRules, slot: &Slot<'_>, indent: &str) -> String {
        let (v, key) = (slot.value, slot.key);
        let mut out = String::new();
        // Fewer than `2 * min` UTF-16 units can hold fewer than `min` scalar values; more than
        // `max` units may still be few enough scalars: the helper counts them.
        if let Some(min) = rules.min_length.filter(|&min| min > 0) {
            let _ =
                writeln!(out, "{indent}if ({v}.length < {}) $.minLength({key}, {v}, {min});", min.saturating_mul(2));
        }
        if let Some(max) = rules.max_length {
            let _ = writeln!(out, "{indent}if ({v}.length > {max}) $.maxLength({key}, {v}, {max});");
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
            let _ = writeln!(out, "{indent}if (!{test}({v})) $.pattern({key}, {v}, {source});");
        }
        if let Some(format) = rules.format {
            let _ = writeln!(
                out,
                "{indent}if (!$.{}({v})) $.format({key}, {v}, {});",
                format_check(format),
                string_literal(format.as_str())
            );
        }
        out
    }

    fn number_rules(&mut self, rules: &NumberRules, slot: &Slot<'_>, indent: &str) -> String {
        let (v, key) = (slot.value, slot.key);
        let mut out = String::new();
        // `!(x > lo)` rather than `x <= lo`: a NaN from code (JSON has none) breaks exclusive bounds.
        if let Some(min) = &rules.minimum {
            let bound = js_number(&min.value);
            let (broken, code) =
                if min.exclusive { (format!("!({v} > {bound})"), 1) } else { (format!("{v} < {bound}"), 0) };
            let _ = writeln!(out, "{indent}if ({broken}) $.bound({key}, {v}, {code}, {bound});");
        }
        if let Some(max) = &rules.maximum {
            let bound = js_number(&max.value);
            let (broken, code) =
                if max.exclusive { (format!("!({v} < {bound})"), 3) } else { (format!("{v} > {bound}"), 2) };
            let _ = writeln!(out, "{indent}if ({broken}) $.bound({key}, {v}, {code}, {bound});");
        }
        if let Some(allowed) = &rules.allowed {
            let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
            let values = self.constants.intern("VALUES", format!("[{}]", list.join(", ")));
            let _ = writeln!(out, "{indent}if ({values}.indexOf({v}) < 0) $.notOneOf({key}, {v}, {values});");
        }
        out
    }

    fn array_rules(&mut self, array: &ArrayType, slot: &Slot<'_>, indent: &str) -> String {
        let (v, key) = (slot.value, slot.key);
        let mut out = String::new();
        if let Some(min) = array.min_items.filter(|&min| min > 0) {
            let _ = writeln!(out, "{indent}if ({v}.length < {min}) $.minItems({key}, {v}, {min});");
        }
        if let Some(max) = array.max_items {
            let _ = writeln!(out, "{indent}if ({v}.length > {max}) $.maxItems({key}, {v}, {max});");
        }
        if array.unique_items {
            let _ = writeln!(out, "{indent}$.unique({key}, {v});");
        }
        let depth = slot.depth + 1;
        let (item, index) = (format!("x{depth}"), format!("i{depth}"));
        let deeper = format!("{indent}    ");
        let check =
            self.present(&array.items, array.items_nullable, &Slot { value: &item, key: &index, depth }, &deeper);
        // Holes and `undefined` items are skipped, as JSON has neither.
        let _ = write!(
            out,
            "{indent}$.path.push({key});\n{indent}for (let {index} = 0; {index} < {v}.length; {index}++) {{\n\
             {indent}  const {item} = {v}[{index}];\n{indent}  if ({item} !== undefined) {{\n{check}{indent}  }}\n\
             {indent}}}\n{indent}$.path.pop();\n"
        );
        out
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
