//! Identifiers for every target language, derived once from plan names.
//!
//! A name is transliterated to ASCII (so "Ücret Ödendi" gives `UcretOdendi` and compiles
//! without `non_ascii_idents` warnings), split into words, cased per language and kind, and
//! escaped when it is a reserved word or clashes with a member the generated code or the base
//! types already have. Escapes never fail silently: the mapping is recorded in the resolved
//! [`Idents`], and names that still collide are reported by the loader.
//!
//! Generators name their own internals with the reserved prefix [`RESERVED_PREFIX`] or with
//! one of [`GENERATED_TYPE_NAMES`], so plan names cannot collide with them.

mod kotlin;
mod rust;
mod swift;
mod typescript;

use heck::ToSnakeCase;

use crate::model::Idents;

pub use kotlin::{KOTLIN_HARD_KEYWORDS, KOTLIN_RESERVED_MEMBERS, KOTLIN_RESERVED_TYPES};
pub use rust::{RUST_KEYWORDS, RUST_RESERVED_TYPES, RUST_UNRAWABLE};
pub use swift::{SWIFT_KEYWORDS, SWIFT_RESERVED_MEMBERS, SWIFT_RESERVED_TYPES, SWIFT_UNESCAPABLE};
pub use typescript::{TS_RESERVED_TYPES, ts_property_key};

/// Prefix reserved for generated code (any case): plan names may not produce it.
pub const RESERVED_PREFIX: &str = "trackplan";

/// Top-level type names the generators declare themselves in every language.
pub const GENERATED_TYPE_NAMES: &[&str] = &[
    "Analytics",
    "AnalyticsClient",
    "AnalyticsOptions",
    "Destination",
    "Envelope",
    "RecordingClient",
    "TrackOptions",
    "ValidationError",
    "ValidationPolicy",
    "Violation",
];

/// The four target languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Rust.
    Rust,
    /// TypeScript.
    TypeScript,
    /// Kotlin.
    Kotlin,
    /// Swift.
    Swift,
}

impl Lang {
    /// All languages, in a fixed order.
    pub const ALL: [Lang; 4] = [Lang::Rust, Lang::TypeScript, Lang::Kotlin, Lang::Swift];

    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Rust => "Rust",
            Lang::TypeScript => "TypeScript",
            Lang::Kotlin => "Kotlin",
            Lang::Swift => "Swift",
        }
    }
}

/// What an identifier names; each kind has its own casing and escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A struct, class, interface or enum.
    Type,
    /// A track function, derived from an event name.
    Function,
    /// A field of an event, call or object.
    Field,
    /// A variant of a string enum.
    Variant,
}

/// Why no identifier could be derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// The name has no letter or digit that survives transliteration.
    NoLetters,
    /// An `identifier` override is not of the form `[A-Za-z][A-Za-z0-9_]*`.
    InvalidOverride,
    /// The identifier starts with the reserved prefix.
    ReservedPrefix(String),
}

/// The cased, unescaped base of a name: its words in ASCII, as snake_case.
///
/// heck splits the words once; every casing is then derived from the snake form, so the
/// casings agree with each other and cost no further parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    snake: String,
}

impl Base {
    /// Base of a plan name (`"Order Completed"`), or of an explicit `identifier` override.
    pub fn new(name: &str, identifier: Option<&str>) -> Result<Base, NameError> {
        let snake = match identifier {
            Some(id) => {
                let mut chars = id.chars();
                let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(NameError::InvalidOverride);
                }
                id.to_snake_case()
            }
            None if name.is_ascii() => name.to_snake_case(),
            None => deunicode::deunicode(name).to_snake_case(),
        };
        if snake.is_empty() {
            return Err(NameError::NoLetters);
        }
        let letters = snake.bytes().filter(|&b| b != b'_');
        if letters.take(RESERVED_PREFIX.len()).eq(RESERVED_PREFIX.bytes()) {
            return Err(NameError::ReservedPrefix(snake));
        }
        Ok(Base { snake })
    }

    /// The base of array elements' types ("Order Completed Products" + "Item").
    pub fn item() -> Base {
        Base { snake: "item".to_owned() }
    }

    /// Base formed by this base followed by another ("Order Completed" + "address").
    pub fn join(&self, other: &Base) -> Base {
        Base { snake: format!("{}_{}", self.snake, other.snake) }
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        self.snake.split('_').filter(|word| !word.is_empty())
    }

    fn upper_camel(&self) -> String {
        let mut out = String::with_capacity(self.snake.len());
        self.words().for_each(|word| push_capitalized(&mut out, word));
        digit_guard(out, "N")
    }

    fn lower_camel(&self) -> String {
        let mut out = String::with_capacity(self.snake.len());
        for (index, word) in self.words().enumerate() {
            if index == 0 { out.push_str(word) } else { push_capitalized(&mut out, word) }
        }
        digit_guard(out, "n")
    }

    fn snake(&self) -> String {
        digit_guard(self.snake.clone(), "n")
    }

    fn shouty(&self) -> String {
        digit_guard(self.snake.to_ascii_uppercase(), "N")
    }

    /// snake_case form (Iglu names, file names).
    pub fn snake_case(&self) -> String {
        self.snake()
    }
}

fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Identifiers cannot start with a digit in any target language.
fn digit_guard(ident: String, prefix: &str) -> String {
    if ident.starts_with(|c: char| c.is_ascii_digit()) { format!("{prefix}{ident}") } else { ident }
}

/// Identifiers of a type in every language.
pub fn type_idents(base: &Base) -> Idents {
    let name = base.upper_camel();
    Idents {
        rust: rust::type_name(&name),
        typescript: typescript::type_name(&name),
        kotlin: kotlin::type_name(&name),
        swift: swift::type_name(&name),
    }
}

/// Identifiers of an event's track function in every language.
pub fn function_idents(base: &Base) -> Idents {
    let camel = format!("track{}", base.upper_camel());
    Idents { rust: format!("track_{}", base.snake()), typescript: camel.clone(), kotlin: camel.clone(), swift: camel }
}

/// Identifiers of a field. TypeScript uses the wire name itself as the object key.
pub fn field_idents(base: &Base, wire_name: &str) -> Idents {
    let camel = base.lower_camel();
    Idents {
        rust: rust::field_name(&base.snake()),
        typescript: ts_property_key(wire_name),
        kotlin: kotlin::field_name(&camel),
        swift: swift::member_name(&camel),
    }
}

/// Identifiers of an enum variant.
pub fn variant_idents(base: &Base) -> Idents {
    let upper = base.upper_camel();
    Idents {
        rust: rust::variant_name(&upper),
        typescript: upper,
        kotlin: kotlin::variant_name(&base.shouty()),
        swift: swift::member_name(&base.lower_camel()),
    }
}

/// The identifier of `idents` for one language.
pub fn ident(idents: &Idents, lang: Lang) -> &str {
    match lang {
        Lang::Rust => &idents.rust,
        Lang::TypeScript => &idents.typescript,
        Lang::Kotlin => &idents.kotlin,
        Lang::Swift => &idents.swift,
    }
}

/// Suffix appended to type names that are reserved in a language.
pub(crate) const TYPE_SUFFIX: &str = "Type";
/// Suffix appended to members that clash with members the base types already have.
pub(crate) const MEMBER_SUFFIX: &str = "Value";

#[cfg(test)]
mod tests {
    use super::*;

    fn base(name: &str) -> Base {
        Base::new(name, None).unwrap()
    }

    #[test]
    fn events_get_types_and_functions() {
        let order = base("Order Completed");
        assert_eq!(type_idents(&order).rust, "OrderCompleted");
        assert_eq!(function_idents(&order).rust, "track_order_completed");
        assert_eq!(function_idents(&order).typescript, "trackOrderCompleted");
    }

    #[test]
    fn non_ascii_is_transliterated() {
        assert_eq!(type_idents(&base("Ücret Ödendi")).swift, "UcretOdendi");
        assert_eq!(field_idents(&base("prénom"), "prénom").kotlin, "prenom");
        assert_eq!(field_idents(&base("prénom"), "prénom").typescript, "\"prénom\"");
    }

    #[test]
    fn leading_digits_are_guarded() {
        assert_eq!(type_idents(&base("3D Secure Passed")).rust, "N3dSecurePassed");
        assert_eq!(field_idents(&base("1st_item"), "1st_item").rust, "n1st_item");
        assert_eq!(variant_idents(&base("2xl")).kotlin, "N2XL");
    }

    #[test]
    fn names_without_letters_are_refused() {
        assert_eq!(Base::new("--- !!", None), Err(NameError::NoLetters));
        assert_eq!(Base::new("", None), Err(NameError::NoLetters));
    }

    #[test]
    fn overrides_are_validated() {
        assert_eq!(Base::new("x", Some("9lives")), Err(NameError::InvalidOverride));
        assert_eq!(Base::new("x", Some("has space")), Err(NameError::InvalidOverride));
        assert_eq!(type_idents(&Base::new("Order Completed", Some("OrderDone")).unwrap()).kotlin, "OrderDone");
    }

    #[test]
    fn reserved_prefix_is_refused() {
        assert!(matches!(Base::new("Trackplan Validate", None), Err(NameError::ReservedPrefix(_))));
        assert!(matches!(Base::new("track_plan_x", None), Err(NameError::ReservedPrefix(_))));
    }

    #[test]
    fn joined_bases_name_nested_types() {
        let nested = base("Order Completed").join(&base("shipping address"));
        assert_eq!(type_idents(&nested).typescript, "OrderCompletedShippingAddress");
    }
}
