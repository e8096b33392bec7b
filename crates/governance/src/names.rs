//! Wire names: their words, whether they follow a casing convention, and converting them.
//!
//! Names stay in their own script (no transliteration): `Ücret Ödendi` is Title Case.

use trackplan_plan_model::model::Casing;

/// Small words Title Case leaves in lower case after the first word ("Product Added to
/// Wishlist"); capitalised forms are accepted too.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "onto", "or", "over",
    "per", "the", "to", "via", "vs", "with",
];

/// Whether `word` is one of the small words Title Case may leave in lower case.
pub fn is_minor_word(word: &str) -> bool {
    MINOR_WORDS.contains(&word)
}

/// The words of a name: split at whitespace, `_`, `-`, `.`, and at case changes
/// (`orderCompleted`, `HTTPRequest` → `HTTP`, `Request`). Digits stay with their word.
pub fn words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for part in name.split(|c: char| c.is_whitespace() || matches!(c, '_' | '-' | '.')) {
        split_case(part, &mut words);
    }
    words
}

fn split_case<'a>(part: &'a str, out: &mut Vec<&'a str>) {
    let chars: Vec<(usize, char)> = part.char_indices().collect();
    let mut start = 0;
    for i in 1..chars.len() {
        let (offset, current) = chars[i];
        let previous = chars[i - 1].1;
        let next = chars.get(i + 1).map(|(_, c)| *c);
        let lower_to_upper = (previous.is_lowercase() || previous.is_numeric()) && current.is_uppercase();
        // The last capital of an acronym starts the next word: `HTTPRequest`.
        let acronym_end = previous.is_uppercase() && current.is_uppercase() && next.is_some_and(char::is_lowercase);
        if lower_to_upper || acronym_end {
            out.push(&part[start..offset]);
            start = offset;
        }
    }
    if start < part.len() {
        out.push(&part[start..]);
    }
}

/// The name as lower-case words without separators: equal keys differ only in case and
/// separators (`Order Completed`, `order_completed`, `orderCompleted`).
pub fn compact_key(name: &str) -> String {
    words(name).concat().to_lowercase()
}

/// Whether every cased character of `word` is upper case (an acronym such as `SKU`, `iOS` is not).
fn is_upper_word(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

fn starts_upper_or_digit(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

fn space_separated(name: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = name.split(' ').collect();
    let clean = parts.iter().all(|w| !w.is_empty() && !w.contains(|c: char| c.is_whitespace() || c == '_'));
    clean.then_some(parts)
}

fn joined_by(name: &str, separator: char, allowed: impl Fn(char) -> bool) -> bool {
    !name.is_empty() && name.split(separator).all(|part| !part.is_empty() && part.chars().all(&allowed))
}

/// Whether `name` follows `casing`. See the crate README for the exact definition of each.
pub fn follows(name: &str, casing: Casing) -> bool {
    let lower_or_digit = |c: char| c.is_lowercase() || c.is_numeric();
    let upper_or_digit = |c: char| c.is_uppercase() || c.is_numeric();
    match casing {
        Casing::Title => space_separated(name).is_some_and(|parts| {
            parts.iter().enumerate().all(|(i, w)| starts_upper_or_digit(w) || (i > 0 && is_minor_word(w)))
        }),
        Casing::Sentence => space_separated(name).is_some_and(|parts| {
            starts_upper_or_digit(parts[0])
                && parts[1..].iter().all(|w| !w.chars().next().is_some_and(char::is_uppercase) || is_upper_word(w))
        }),
        Casing::Lower => {
            space_separated(name).is_some_and(|parts| parts.iter().all(|w| !w.chars().any(char::is_uppercase)))
        }
        Casing::Snake => joined_by(name, '_', lower_or_digit),
        Casing::ScreamingSnake => joined_by(name, '_', upper_or_digit),
        Casing::Kebab => joined_by(name, '-', lower_or_digit),
        Casing::Camel => name.chars().next().is_some_and(char::is_lowercase) && name.chars().all(char::is_alphanumeric),
        Casing::Pascal => {
            name.chars().next().is_some_and(char::is_uppercase) && name.chars().all(char::is_alphanumeric)
        }
    }
}

/// How a casing is written in plan files ("Title Case", "snake_case"…).
pub fn casing_name(casing: Casing) -> &'static str {
    match casing {
        Casing::Title => "Title Case",
        Casing::Sentence => "Sentence case",
        Casing::Lower => "lower case",
        Casing::Snake => "snake_case",
        Casing::ScreamingSnake => "SCREAMING_SNAKE_CASE",
        Casing::Camel => "camelCase",
        Casing::Pascal => "PascalCase",
        Casing::Kebab => "kebab-case",
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalized_lower(word: &str) -> String {
    if is_upper_word(word) && word.chars().count() > 1 {
        // Acronyms keep their capitals in Title and Sentence case.
        return word.to_owned();
    }
    capitalized(&word.to_lowercase())
}

/// `name` rewritten in `casing`, keeping its words and acronyms.
pub fn convert(name: &str, casing: Casing) -> String {
    let words = words(name);
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match casing {
        Casing::Title => words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let lowered = w.to_lowercase();
                if i > 0 && is_minor_word(&lowered) { lowered } else { capitalized_keep_acronym(w) }
            })
            .collect::<Vec<_>>()
            .join(" "),
        Casing::Sentence => words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    capitalized_keep_acronym(w)
                } else if is_upper_word(w) && w.chars().count() > 1 {
                    (*w).to_owned()
                } else {
                    w.to_lowercase()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        Casing::Lower => lower.join(" "),
        Casing::Snake => lower.join("_"),
        Casing::ScreamingSnake => words.iter().map(|w| w.to_uppercase()).collect::<Vec<_>>().join("_"),
        Casing::Kebab => lower.join("-"),
        Casing::Camel => {
            lower.iter().enumerate().map(|(i, w)| if i == 0 { w.clone() } else { capitalized(w) }).collect()
        }
        Casing::Pascal => lower.iter().map(|w| capitalized(w)).collect(),
    }
}

/// Capitalise the first letter; the rest of the word keeps its case (`eBay` → `EBay`,
/// `McDonald` stays) unless the word was all lower case.
fn capitalized_keep_acronym(word: &str) -> String {
    if word.chars().any(char::is_uppercase) { capitalized(word) } else { capitalized_lower(word) }
}

/// The casing `name` already follows, preferring the most specific one.
pub fn detect(name: &str) -> Option<Casing> {
    [
        Casing::Snake,
        Casing::ScreamingSnake,
        Casing::Kebab,
        Casing::Camel,
        Casing::Pascal,
        Casing::Title,
        Casing::Sentence,
        Casing::Lower,
    ]
    .into_iter()
    .find(|casing| follows(name, *casing))
}

/// Leading, trailing, repeated or non-space whitespace in `name`.
pub fn whitespace_problem(name: &str) -> Option<&'static str> {
    if name.starts_with(char::is_whitespace) {
        Some("leading whitespace")
    } else if name.ends_with(char::is_whitespace) {
        Some("trailing whitespace")
    } else if name.contains("  ") {
        Some("repeated spaces")
    } else if name.contains(|c: char| c.is_whitespace() && c != ' ') {
        Some("whitespace other than a plain space")
    } else {
        None
    }
}

/// `name` trimmed, with every run of whitespace replaced by one space.
pub fn normalize_whitespace(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Punctuation that ends a sentence rather than a name.
pub fn trailing_punctuation(name: &str) -> Option<char> {
    name.trim_end().chars().last().filter(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words() {
        assert_eq!(words("Order Completed"), ["Order", "Completed"]);
        assert_eq!(words("order_completed"), ["order", "completed"]);
        assert_eq!(words("orderCompleted"), ["order", "Completed"]);
        assert_eq!(words("HTTPRequest sent"), ["HTTP", "Request", "sent"]);
        assert_eq!(words("step2Viewed"), ["step2", "Viewed"]);
        assert_eq!(words(" a  b "), ["a", "b"]);
        assert_eq!(compact_key("Check-out  Started"), "checkoutstarted");
    }

    #[test]
    fn checks_casings() {
        let cases: &[(&str, Casing, bool)] = &[
            ("Order Completed", Casing::Title, true),
            ("Product Added to Wishlist", Casing::Title, true),
            ("Product Added To Wishlist", Casing::Title, true),
            ("SKU Scanned", Casing::Title, true),
            ("To Cart Added", Casing::Title, true),
            ("to Cart Added", Casing::Title, false),
            ("Order completed", Casing::Title, false),
            ("Order_Completed", Casing::Title, false),
            ("Order  Completed", Casing::Title, false),
            ("Ücret Ödendi", Casing::Title, true),
            ("Order completed", Casing::Sentence, true),
            ("Order completed via SMS", Casing::Sentence, true),
            ("Order Completed", Casing::Sentence, false),
            ("order completed", Casing::Lower, true),
            ("order Completed", Casing::Lower, false),
            ("order_id", Casing::Snake, true),
            ("order_id2", Casing::Snake, true),
            ("orderId", Casing::Snake, false),
            ("order__id", Casing::Snake, false),
            ("_order", Casing::Snake, false),
            ("ORDER_ID", Casing::ScreamingSnake, true),
            ("orderId", Casing::Camel, true),
            ("OrderId", Casing::Camel, false),
            ("order_id", Casing::Camel, false),
            ("OrderId", Casing::Pascal, true),
            ("order-id", Casing::Kebab, true),
            ("order-Id", Casing::Kebab, false),
        ];
        for (name, casing, expected) in cases {
            assert_eq!(follows(name, *casing), *expected, "{name:?} as {}", casing_name(*casing));
        }
    }

    #[test]
    fn converts_between_casings() {
        assert_eq!(convert("product_added_to_wishlist", Casing::Title), "Product Added to Wishlist");
        assert_eq!(convert("order completed", Casing::Title), "Order Completed");
        assert_eq!(convert("sku scanned", Casing::Title), "Sku Scanned");
        assert_eq!(convert("SKU scanned", Casing::Sentence), "SKU scanned");
        assert_eq!(convert("Order Completed", Casing::Snake), "order_completed");
        assert_eq!(convert("orderID", Casing::Snake), "order_id");
        assert_eq!(convert("order_id", Casing::Camel), "orderId");
        assert_eq!(convert("order_id", Casing::Pascal), "OrderId");
        assert_eq!(convert("Order Id", Casing::Kebab), "order-id");
        assert_eq!(convert("order id", Casing::ScreamingSnake), "ORDER_ID");
        for casing in [
            Casing::Title,
            Casing::Sentence,
            Casing::Lower,
            Casing::Snake,
            Casing::ScreamingSnake,
            Casing::Camel,
            Casing::Pascal,
            Casing::Kebab,
        ] {
            for name in ["order completed", "Product_Added_To_Wishlist", "checkoutStepViewed", "SKU Scanned"] {
                let converted = convert(name, casing);
                assert!(follows(&converted, casing), "{name:?} -> {converted:?} is not {}", casing_name(casing));
            }
        }
    }

    #[test]
    fn finds_whitespace_and_punctuation() {
        assert_eq!(whitespace_problem(" Order"), Some("leading whitespace"));
        assert_eq!(whitespace_problem("Order "), Some("trailing whitespace"));
        assert_eq!(whitespace_problem("Order  Completed"), Some("repeated spaces"));
        assert_eq!(whitespace_problem("Order\tCompleted"), Some("whitespace other than a plain space"));
        assert_eq!(whitespace_problem("Order Completed"), None);
        assert_eq!(normalize_whitespace(" Order \t Completed "), "Order Completed");
        assert_eq!(trailing_punctuation("Order Completed!"), Some('!'));
        assert_eq!(trailing_punctuation("Order Completed (v2)"), None);
    }
}
