//! JSON paths built on the stack while validating, printed only when a rule is broken.

use std::fmt::{self, Write};

/// A path from the validated properties object to a value, e.g. `products[0].price`.
///
/// Each step borrows its parent, so building paths during validation never allocates; the
/// text is produced only for a violation. Printed like the plan model's `JsonPath`: plain
/// keys bare, other keys as quoted JSON strings in brackets, `$` for the object itself.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The properties object.
    Root,
    /// A member of an object.
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// This path extended by an object key.
    #[inline]
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// This path extended by an array index.
    #[inline]
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    fn write(&self, f: &mut fmt::Formatter<'_>) -> Result<bool, fmt::Error> {
        match self {
            Path::Root => Ok(false),
            Path::Key(parent, key) => {
                let written = parent.write(f)?;
                if is_plain_key(key) {
                    if written {
                        f.write_char('.')?;
                    }
                    f.write_str(key)?;
                } else {
                    let quoted = serde_json::to_string(key).map_err(|_| fmt::Error)?;
                    write!(f, "[{quoted}]")?;
                }
                Ok(true)
            }
            Path::Index(parent, index) => {
                parent.write(f)?;
                write!(f, "[{index}]")?;
                Ok(true)
            }
        }
    }
}

/// Keys that print bare; anything else is printed as a quoted JSON string in brackets.
fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.write(f)? {
            f.write_char('$')?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_the_plan_model() {
        let root = Path::Root;
        assert_eq!(root.to_string(), "$");
        let products = root.key("products");
        let first = products.index(0);
        assert_eq!(first.key("price").to_string(), "products[0].price");
        let odd = root.key("order id");
        assert_eq!(odd.key("x\"y").to_string(), r#"["order id"]["x\"y"]"#);
        assert_eq!(root.index(2).to_string(), "[2]");
        assert_eq!(root.key("$ref").to_string(), "$ref");
    }
}
