//! File names for pages: short, ASCII, stable for the same plan, and distinct even on
//! case-insensitive file systems.

use std::collections::HashSet;

/// Hands out distinct slugs within one directory of the site.
#[derive(Debug, Default)]
pub(crate) struct Slugs {
    used: HashSet<String>,
}

impl Slugs {
    /// A slug for `text` not handed out before: `order-completed`, then `order-completed-2`…
    pub(crate) fn claim(&mut self, text: &str, fallback: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = fallback.to_owned();
        }
        let mut candidate = base.clone();
        let mut counter = 1;
        while !self.used.insert(candidate.clone()) {
            counter += 1;
            candidate = format!("{base}-{counter}");
        }
        candidate
    }
}

/// Lower-case ASCII letters and digits, other runs of characters folded into one `-`; a
/// lower-to-upper case change (`OrderItem`) also starts a new word. At most 60 characters.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                out.push('-');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else {
            previous_lower = false;
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        if out.len() >= 60 {
            break;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_names() {
        assert_eq!(slugify("Order Completed"), "order-completed");
        assert_eq!(slugify("order_completed"), "order-completed");
        assert_eq!(slugify("OrderCompletedProductsItem"), "order-completed-products-item");
        assert_eq!(slugify("  <script>alert(1)</script> "), "script-alert-1-script");
        assert_eq!(slugify("日本語"), "");
    }

    #[test]
    fn claims_are_distinct_ignoring_case() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.claim("Order Completed", "event"), "order-completed");
        assert_eq!(slugs.claim("order completed", "event"), "order-completed-2");
        assert_eq!(slugs.claim("ORDER_COMPLETED", "event"), "order-completed-3");
        assert_eq!(slugs.claim("日本語", "event"), "event");
        assert_eq!(slugs.claim("", "event"), "event-2");
    }

    #[test]
    fn slugs_stay_short() {
        assert!(slugify(&"word ".repeat(100)).len() <= 60);
    }
}
