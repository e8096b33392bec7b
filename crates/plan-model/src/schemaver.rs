//! Iglu SchemaVer: MODEL-REVISION-ADDITION, e.g. `1-0-2`.

use std::fmt;
use std::str::FromStr;

/// An event version in SchemaVer form.
///
/// MODEL changes break every consumer, REVISION may break some historical data, ADDITION is
/// compatible with all existing data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaVer {
    /// Breaking changes.
    pub model: u32,
    /// Changes that may break some historical data.
    pub revision: u32,
    /// Compatible additions.
    pub addition: u32,
}

impl SchemaVer {
    /// `1-0-0`, the first version of any event.
    pub const INITIAL: SchemaVer = SchemaVer { model: 1, revision: 0, addition: 0 };
}

impl fmt::Display for SchemaVer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.model, self.revision, self.addition)
    }
}

/// Why a string is not a SchemaVer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a SchemaVer: expected MODEL-REVISION-ADDITION such as `1-0-0`, with MODEL at least 1")]
pub struct SchemaVerError(pub String);

impl FromStr for SchemaVer {
    type Err = SchemaVerError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || SchemaVerError(text.to_owned());
        let mut parts = text.split('-');
        let mut next = || -> Result<u32, SchemaVerError> {
            let part = parts.next().ok_or_else(err)?;
            // Leading zeros and signs are not SchemaVer.
            if part.is_empty() || (part.len() > 1 && part.starts_with('0')) || !part.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(err());
            }
            part.parse().map_err(|_| err())
        };
        let version = SchemaVer { model: next()?, revision: next()?, addition: next()? };
        if parts.next().is_some() || version.model == 0 {
            return Err(err());
        }
        Ok(version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let version: SchemaVer = "2-10-0".parse().unwrap();
        assert_eq!(version, SchemaVer { model: 2, revision: 10, addition: 0 });
        assert_eq!(version.to_string(), "2-10-0");
    }

    #[test]
    fn rejects_malformed() {
        for text in ["", "1", "1-0", "1-0-0-0", "0-1-0", "01-0-0", "1.0.0", "1-a-0", "-1-0-0", "1-+1-0"] {
            assert!(text.parse::<SchemaVer>().is_err(), "{text:?} accepted");
        }
    }
}
