//! Identifier namespaces: names that collide once turned into identifiers are reported with
//! both plan places and the languages concerned, never silently renamed.

use std::collections::HashMap;

use crate::diagnostic::Code;
use crate::model::Idents;
use crate::naming::{Lang, ident};
use crate::report::{At, Reporter};

struct Owner {
    wire: String,
    at: At,
}

/// One scope in which identifiers must be distinct (top-level types, one object's fields…).
pub(crate) struct Namespace {
    what: &'static str,
    owners: Vec<Owner>,
    by_ident: [HashMap<String, usize>; 4],
    /// (first owner, second owner) → languages and identifiers where they collide.
    collisions: Vec<(usize, usize, Vec<(Lang, String)>)>,
}

impl Namespace {
    pub fn new(what: &'static str) -> Self {
        Namespace { what, owners: Vec::new(), by_ident: Default::default(), collisions: Vec::new() }
    }

    /// Claim `idents` for the plan item `wire` written at `at`.
    pub fn claim(&mut self, idents: &Idents, wire: &str, at: &At) {
        let owner = self.owners.len();
        self.owners.push(Owner { wire: wire.to_owned(), at: at.clone() });
        for (slot, lang) in Lang::ALL.into_iter().enumerate() {
            let name = ident(idents, lang).trim_matches('`').trim_start_matches("r#").to_owned();
            match self.by_ident[slot].get(&name) {
                Some(&first) => match self.collisions.iter_mut().find(|(a, b, _)| *a == first && *b == owner) {
                    Some((_, _, langs)) => langs.push((lang, name)),
                    None => self.collisions.push((first, owner, vec![(lang, name)])),
                },
                None => {
                    self.by_ident[slot].insert(name, owner);
                }
            }
        }
    }

    /// Report every collision found.
    pub fn report(self, reporter: &mut Reporter) {
        for (first, second, langs) in &self.collisions {
            let (a, b) = (&self.owners[*first], &self.owners[*second]);
            let detail: Vec<String> = langs.iter().map(|(lang, name)| format!("`{name}` in {}", lang.name())).collect();
            reporter
                .error(
                    Code::E0105,
                    b.at.clone(),
                    format!("{} `{}` and `{}` become the same identifier: {}", self.what, a.wire, b.wire, detail.join(", ")),
                )
                .related(format!("`{}` is written here", a.wire), a.at.clone())
                .help("rename one of them in the plan, or give one an explicit `identifier`");
        }
    }
}
