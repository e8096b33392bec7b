//! Identifier namespaces: names that collide once turned into identifiers are reported with
//! both plan places and the languages concerned, never silently renamed.
//!
//! Checks run over finished items and borrow their identifiers, so no identifier is copied.

use std::collections::HashMap;

use crate::diagnostic::Code;
use crate::model::Idents;
use crate::naming::{Lang, ident};
use crate::report::{At, Reporter};

/// Small namespaces (an object's fields) are scanned; large ones (all types) are hashed.
const SCAN_LIMIT: usize = 24;

/// Two items of a namespace that share an identifier in at least one language.
pub(crate) struct Collision {
    pub first: usize,
    pub second: usize,
    /// "`OrderCompleted` in Rust, …"
    pub detail: String,
}

/// The bare identifier, without the escape that does not change what it names.
fn bare(name: &str) -> &str {
    name.trim_start_matches("r#").trim_matches('`')
}

/// Every pair of items in `claims` sharing an identifier in some language.
pub(crate) fn find(claims: &[&Idents]) -> Vec<Collision> {
    let mut pairs: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut record = |first: usize, second: usize, lang: Lang, name: &str| {
        let entry = format!("`{name}` in {}", lang.name());
        match pairs.iter_mut().find(|(a, b, _)| (*a, *b) == (first, second)) {
            Some((_, _, langs)) => langs.push(entry),
            None => pairs.push((first, second, vec![entry])),
        }
    };
    for lang in Lang::ALL {
        if claims.len() <= SCAN_LIMIT {
            for (second, idents) in claims.iter().enumerate() {
                let name = bare(ident(idents, lang));
                if let Some(first) = claims[..second].iter().position(|other| bare(ident(other, lang)) == name) {
                    record(first, second, lang, name);
                }
            }
        } else {
            let mut owners: HashMap<&str, usize> = HashMap::with_capacity(claims.len());
            for (second, idents) in claims.iter().enumerate() {
                let name = bare(ident(idents, lang));
                match owners.get(name) {
                    Some(&first) => record(first, second, lang, name),
                    None => {
                        owners.insert(name, second);
                    }
                }
            }
        }
    }
    pairs.into_iter().map(|(first, second, langs)| Collision { first, second, detail: langs.join(", ") }).collect()
}

/// How to tell two colliding items apart: `identifier` for events, properties and
/// definitions, `enumIdentifiers` for enum values.
pub(crate) const RENAME_WITH_IDENTIFIER: &str = "rename one of them in the plan, or give one an explicit `identifier`";
/// See [`RENAME_WITH_IDENTIFIER`].
pub(crate) const RENAME_WITH_ENUM_IDENTIFIERS: &str =
    "give one of them a name with `\"enumIdentifiers\": {\"<value>\": \"SomeName\"}`";

/// Report one collision; `first` and `second` are each item's label and place.
pub(crate) fn report(
    reporter: &mut Reporter,
    collision: &Collision,
    first: (String, At),
    second: (String, At),
    fix: &str,
) {
    let ((a, at_a), (b, at_b)) = (first, second);
    reporter
        .error(Code::E0105, at_b, format!("{a} and {b} become the same identifier: {}", collision.detail))
        .related(format!("{a} is written here"), at_a)
        .help(format!(
            "{fix}. Reserved words are escaped (a `Type` or `Value` suffix, backticks, `r#`), which can make two names meet"
        ));
}

/// Find and report collisions among items whose labels and places are at hand.
pub(crate) fn check(reporter: &mut Reporter, claims: &[&Idents], fix: &str, describe: impl Fn(usize) -> (String, At)) {
    for collision in find(claims) {
        report(reporter, &collision, describe(collision.first), describe(collision.second), fix);
    }
}
