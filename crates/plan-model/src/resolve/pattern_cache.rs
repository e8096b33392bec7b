//! Patterns checked once per load: large plans repeat a few patterns often.

use std::collections::HashMap;

use crate::model::Pattern;

#[derive(Default)]
pub(crate) struct Patterns {
    portable: HashMap<String, Result<Pattern, String>>,
}

impl Patterns {
    /// The pattern's portable forms, or why it is not portable (see [`super::patterns`]).
    pub fn portable(&mut self, pattern: &str) -> Result<Pattern, String> {
        if let Some(known) = self.portable.get(pattern) {
            return known.clone();
        }
        let result = super::patterns::portable(pattern);
        self.portable.insert(pattern.to_owned(), result.clone());
        result
    }
}
