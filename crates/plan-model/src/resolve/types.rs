//! Value types: turning a property's keywords into a [`Type`], checking every constraint.

use serde_json::{Number, Value};

use super::namespace;
use super::{Override, Resolver};
use crate::diagnostic::Code;
use crate::model::{ArrayType, Bound, EnumValue, Idents, NamedKind, NamedType, NumberRules, StringRules, Type, TypeId};
use crate::naming::{self, Base};
use crate::raw::{PropertySpec, PropertyType};
use crate::report::At;

/// How to name a type declared for a value, computed only when one is declared.
pub(super) enum Seed<'a> {
    /// A definition or call: its own name.
    Own(&'a Base),
    /// A property: its owner's name followed by its own.
    Member(&'a Base, &'a Base),
    /// The elements of an array.
    Item(&'a Seed<'a>),
}

impl Seed<'_> {
    pub(super) fn base(&self) -> Base {
        match self {
            Seed::Own(base) => (*base).clone(),
            Seed::Member(owner, own) => owner.join(own),
            Seed::Item(array) => array.base().join(&Base::item()),
        }
    }
}

/// Keywords that constrain a value, with the types they apply to.
const CONSTRAINTS: &[(&str, &[PropertyType])] = &[
    ("enum", &[PropertyType::String, PropertyType::Integer]),
    ("enumIdentifiers", &[PropertyType::String]),
    ("minimum", &[PropertyType::Integer, PropertyType::Number]),
    ("maximum", &[PropertyType::Integer, PropertyType::Number]),
    ("exclusiveMinimum", &[PropertyType::Integer, PropertyType::Number]),
    ("exclusiveMaximum", &[PropertyType::Integer, PropertyType::Number]),
    ("minLength", &[PropertyType::String]),
    ("maxLength", &[PropertyType::String]),
    ("pattern", &[PropertyType::String]),
    ("format", &[PropertyType::String]),
    ("items", &[PropertyType::Array]),
    ("minItems", &[PropertyType::Array]),
    ("maxItems", &[PropertyType::Array]),
    ("uniqueItems", &[PropertyType::Array]),
    ("properties", &[PropertyType::Object]),
];

/// The constraint keywords a spec sets.
pub(super) fn constraint_keywords(spec: &PropertySpec) -> Vec<&'static str> {
    let present = [
        spec.allowed.is_some(),
        !spec.enum_identifiers.is_empty(),
        spec.minimum.is_some(),
        spec.maximum.is_some(),
        spec.exclusive_minimum.is_some(),
        spec.exclusive_maximum.is_some(),
        spec.min_length.is_some(),
        spec.max_length.is_some(),
        spec.pattern.is_some(),
        spec.format.is_some(),
        spec.items.is_some(),
        spec.min_items.is_some(),
        spec.max_items.is_some(),
        spec.unique_items.is_some(),
        spec.properties.is_some(),
    ];
    CONSTRAINTS.iter().zip(present).filter(|(_, set)| *set).map(|((name, _), _)| *name).collect()
}

impl Resolver<'_> {
    /// The type a spec describes (`$ref` or `type` with constraints). `seed` names any
    /// object or enum type declared for it.
    pub(super) fn value_type(&mut self, spec: &PropertySpec, at: &At, seed: &Seed<'_>) -> Option<Type> {
        if let Some(reference) = &spec.reference {
            let keywords = constraint_keywords(spec);
            if spec.ty.is_some() || !keywords.is_empty() {
                let first = if spec.ty.is_some() { "type" } else { keywords[0] };
                self.reporter
                    .error_key(Code::E0207, at.key(first), format!("`{first}` cannot be combined with `$ref`"))
                    .help("a reference takes its type and constraints from the definition; declare a new definition to change them, or drop `$ref`");
                return None;
            }
            return self.reference(reference, &at.key("$ref"));
        }
        let Some(ty) = spec.ty else {
            self.reporter
                .error(Code::E0201, at.clone(), "the property has no `type`")
                .help("add `\"type\"` (string, integer, number, boolean, array or object) or a `\"$ref\": \"#/definitions/<Name>\"`");
            return None;
        };
        let mut ok = true;
        for keyword in constraint_keywords(spec) {
            let applies = CONSTRAINTS.iter().any(|(name, types)| *name == keyword && types.contains(&ty));
            if !applies {
                ok = false;
                let targets: Vec<&str> = CONSTRAINTS
                    .iter()
                    .find(|(name, _)| *name == keyword)
                    .map(|(_, types)| types.iter().map(|t| t.as_str()).collect())
                    .unwrap_or_default();
                self.reporter
                    .error_key(
                        Code::E0202,
                        at.key(keyword),
                        format!("`{keyword}` does not apply to `{}` properties", ty.as_str()),
                    )
                    .help(format!("remove `{keyword}`, or change `type` to {}", targets.join(" or ")));
            }
        }
        if !ok {
            return None;
        }
        match ty {
            PropertyType::String if spec.allowed.is_some() => self.string_enum(spec, at, seed),
            PropertyType::String => self.string_rules(spec, at).map(Type::String),
            PropertyType::Integer => self.number_rules(spec, at, true).map(Type::Integer),
            PropertyType::Number => self.number_rules(spec, at, false).map(Type::Number),
            PropertyType::Boolean => Some(Type::Boolean),
            PropertyType::Array => self.array(spec, at, seed),
            PropertyType::Object => self.object(spec, at, seed),
        }
    }

    fn string_rules(&mut self, spec: &PropertySpec, at: &At) -> Option<StringRules> {
        if let (Some(min), Some(max)) = (spec.min_length, spec.max_length) {
            if min > max {
                self.reporter
                    .error(
                        Code::E0203,
                        at.key("minLength"),
                        format!("`minLength` ({min}) is greater than `maxLength` ({max})"),
                    )
                    .help("lower `minLength` or raise `maxLength` so that minLength <= maxLength");
                return None;
            }
        }
        let pattern = match &spec.pattern {
            None => None,
            Some(pattern) => match self.patterns.portable(pattern) {
                Ok(portable) => Some(portable),
                Err(why) => {
                    self.reporter
                        .error(Code::E0204, at.key("pattern"), format!("pattern {pattern:?} {why}"))
                        .help("write the pattern in the portable subset shared by ECMAScript, Java, Swift and Rust: character classes, groups, alternation, quantifiers, ^ and $");
                    return None;
                }
            },
        };
        Some(StringRules { min_length: spec.min_length, max_length: spec.max_length, pattern, format: spec.format })
    }

    fn number_rules(&mut self, spec: &PropertySpec, at: &At, integer: bool) -> Option<NumberRules> {
        let mut ok = true;
        let mut bound = |this: &mut Self,
                         inclusive: &Option<Number>,
                         exclusive: &Option<Number>,
                         names: (&str, &str)| match (inclusive, exclusive) {
            (Some(_), Some(_)) => {
                this.reporter
                    .error_key(Code::E0202, at.key(names.1), format!("`{}` and `{}` are both set", names.0, names.1))
                    .help(format!("keep only one of `{}` and `{}`", names.0, names.1));
                ok = false;
                None
            }
            (Some(value), None) | (None, Some(value)) => {
                let name = if inclusive.is_some() { names.0 } else { names.1 };
                if integer && !(value.is_i64() || value.is_u64()) {
                    this.reporter
                        .error(
                            Code::E0202,
                            at.key(name),
                            format!("`{name}` of an integer property must be a whole number, found {value}"),
                        )
                        .help("write the bound as a whole number");
                    ok = false;
                }
                Some(Bound { value: value.clone(), exclusive: exclusive.is_some() })
            }
            (None, None) => None,
        };
        let minimum = bound(self, &spec.minimum, &spec.exclusive_minimum, ("minimum", "exclusiveMinimum"));
        let maximum = bound(self, &spec.maximum, &spec.exclusive_maximum, ("maximum", "exclusiveMaximum"));
        if !ok {
            return None;
        }
        if let (Some(low), Some(high)) = (&minimum, &maximum) {
            let (lowest, highest) = if integer {
                // The whole numbers the bounds leave: exclusive 1 and 2 leave none.
                let lowest = if low.exclusive { low.as_f64().floor() + 1.0 } else { low.as_f64().ceil() };
                let highest = if high.exclusive { high.as_f64().ceil() - 1.0 } else { high.as_f64().floor() };
                (lowest, highest)
            } else {
                (low.as_f64(), high.as_f64())
            };
            let empty = lowest > highest || (!integer && (low.exclusive || high.exclusive) && lowest >= highest);
            if empty {
                let low_name = if low.exclusive { "exclusiveMinimum" } else { "minimum" };
                let high_name = if high.exclusive { "exclusiveMaximum" } else { "maximum" };
                let message = if low.as_f64() > high.as_f64() {
                    format!("`{low_name}` ({}) is greater than `{high_name}` ({})", low.value, high.value)
                } else if integer {
                    format!("`{low_name}` ({}) and `{high_name}` ({}) leave no whole number", low.value, high.value)
                } else {
                    format!("`{low_name}` ({}) and `{high_name}` ({}) leave no value", low.value, high.value)
                };
                self.reporter
                    .error(Code::E0203, at.key(low_name), message)
                    .help(format!("lower `{low_name}` or raise `{high_name}` so that some value is allowed"));
                return None;
            }
        }
        let allowed = match &spec.allowed {
            None => None,
            Some(values) => Some(self.integer_enum(values, at)?),
        };
        Some(NumberRules { minimum, maximum, allowed })
    }

    /// Allowed values of an integer property (`enum` on numbers is refused by keyword checks).
    fn integer_enum(&mut self, values: &[Value], at: &At) -> Option<Vec<i64>> {
        let at = at.key("enum");
        self.check_enum_values(values, &at)?;
        let parsed: Option<Vec<i64>> = values.iter().map(Value::as_i64).collect();
        if parsed.is_none() {
            self.reporter
                .error(Code::E0205, at, "the enum of an integer property must list whole numbers only")
                .help("list 64-bit whole numbers, or change `type` to string");
        }
        parsed
    }

    /// Shared enum checks: not empty, no repeats, one value type.
    fn check_enum_values(&mut self, values: &[Value], at: &At) -> Option<()> {
        if values.is_empty() {
            self.reporter
                .error(Code::E0205, at.clone(), "the enum lists no values")
                .help("list at least one allowed value, or remove `enum`");
            return None;
        }
        let kind = |v: &Value| match v {
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "boolean",
            Value::Null => "null",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        for (index, value) in values.iter().enumerate() {
            if kind(value) != kind(&values[0]) {
                self.reporter
                    .error(
                        Code::E0205,
                        at.index(index),
                        format!("the enum mixes value types: {} and {}", kind(&values[0]), kind(value)),
                    )
                    .help("list values of one type only; express `null` with `nullable: true`");
                return None;
            }
            if let Some(first) = values[..index].iter().position(|v| v == value) {
                self.reporter
                    .error(Code::E0205, at.index(index), format!("the enum lists {value} twice"))
                    .related("first listed here", at.index(first))
                    .help("remove the repeated value");
                return None;
            }
        }
        Some(())
    }

    fn string_enum(&mut self, spec: &PropertySpec, at: &At, seed: &Seed<'_>) -> Option<Type> {
        let values = spec.allowed.as_deref().unwrap_or_default();
        let enum_at = at.key("enum");
        self.check_enum_values(values, &enum_at)?;
        let Some(strings) = values.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<String>>>()
        else {
            self.reporter
                .error(Code::E0205, enum_at, "the enum of a string property must list strings only")
                .help("quote every value, or change `type` to integer");
            return None;
        };
        for key in spec.enum_identifiers.keys() {
            if !strings.contains(key) {
                self.reporter
                    .error_key(
                        Code::E0202,
                        at.key("enumIdentifiers").key(key),
                        format!("`enumIdentifiers` names {key:?}, which is not an enum value"),
                    )
                    .help("key `enumIdentifiers` by values listed in `enum`");
                return None;
            }
        }
        let rules = self.string_rules(spec, at)?;
        if rules != StringRules::default() {
            let keyword = ["minLength", "maxLength", "pattern", "format"]
                .into_iter()
                .find(|k| constraint_keywords(spec).contains(k))
                .unwrap_or("enum");
            self.reporter
                .error_key(Code::E0202, at.key(keyword), format!("`{keyword}` cannot be combined with `enum`"))
                .help("the enum already lists every allowed value; remove the other constraint");
            return None;
        }
        let mut enum_values = Vec::with_capacity(strings.len());
        let strings_len = strings.len();
        for (index, value) in strings.into_iter().enumerate() {
            let value_at = enum_at.index(index);
            let override_id = spec.enum_identifiers.get(&value).map(String::as_str);
            let variant_base = match Base::new(&value, override_id) {
                Ok(base) => base,
                Err(error) => {
                    let fix = Override {
                        at: at.key("enumIdentifiers").key(&value),
                        given: override_id,
                        example: format!(
                            "add `\"enumIdentifiers\": {{{}: \"SomeName\"}}`",
                            serde_json::to_string(&value).unwrap_or_default()
                        ),
                    };
                    self.name_error(error, &value, &value_at, fix);
                    continue;
                }
            };
            enum_values.push(EnumValue { variant: naming::variant_idents(&variant_base), value });
        }
        if enum_values.len() < strings_len {
            return None;
        }
        let claims: Vec<&Idents> = enum_values.iter().map(|v| &v.variant).collect();
        let before = self.reporter.error_count();
        namespace::check(self.reporter, &claims, namespace::RENAME_WITH_ENUM_IDENTIFIERS, |i| {
            (format!("enum value {:?}", enum_values[i].value), enum_at.index(i))
        });
        if self.reporter.error_count() > before {
            return None;
        }
        let name = naming::type_idents(&seed.base());
        Some(Type::Enum(self.declare(
            name,
            None,
            spec.description.clone(),
            NamedKind::Enum { values: enum_values },
            at,
        )))
    }

    fn array(&mut self, spec: &PropertySpec, at: &At, seed: &Seed<'_>) -> Option<Type> {
        let Some(items) = &spec.items else {
            self.reporter
                .error(Code::E0201, at.clone(), "the array has no `items`")
                .help("describe the elements, e.g. `\"items\": {\"type\": \"string\"}`");
            return None;
        };
        if let (Some(min), Some(max)) = (spec.min_items, spec.max_items) {
            if min > max {
                self.reporter
                    .error(
                        Code::E0203,
                        at.key("minItems"),
                        format!("`minItems` ({min}) is greater than `maxItems` ({max})"),
                    )
                    .help("lower `minItems` or raise `maxItems` so that minItems <= maxItems");
                return None;
            }
        }
        let items_at = at.key("items");
        if items.required.is_some() {
            self.reporter
                .error_key(Code::E0202, items_at.key("required"), "`required` does not apply to array items")
                .help("remove it; use `minItems` to require elements");
            return None;
        }
        let item_type = self.value_type(items, &items_at, &Seed::Item(seed))?;
        let items_nullable = items.nullable.unwrap_or(false);
        Some(Type::Array(Box::new(ArrayType {
            items: item_type,
            items_nullable,
            min_items: spec.min_items,
            max_items: spec.max_items,
            unique_items: spec.unique_items.unwrap_or(false),
        })))
    }

    fn object(&mut self, spec: &PropertySpec, at: &At, seed: &Seed<'_>) -> Option<Type> {
        let Some(members) = &spec.properties else {
            self.reporter
                .error(Code::E0201, at.clone(), "the object has no `properties`")
                .help("list the object's properties (free-form objects cannot be typed in every target language); use `\"properties\": {}` for an empty object");
            return None;
        };
        let base = seed.base();
        let properties = self.property_map(members, &at.key("properties"), &base)?;
        let name = naming::type_idents(&base);
        Some(Type::Object(self.declare(name, None, spec.description.clone(), NamedKind::Object { properties }, at)))
    }

    /// Add a named type to the plan and claim its identifier.
    pub(super) fn declare(
        &mut self,
        name: Idents,
        definition: Option<String>,
        description: Option<String>,
        kind: NamedKind,
        at: &At,
    ) -> TypeId {
        let id = TypeId(self.types.len());
        let location = self.location(at);
        self.types.push(NamedType { id, name, definition, description, kind, location });
        id
    }
}
