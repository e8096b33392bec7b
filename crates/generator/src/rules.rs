//! Language-neutral texts of a type's rules: the `expected` strings of the shared violation
//! format (`docs/validation.md`), computed once here so every runtime reports them alike.

use trackplan_plan_model::model::{Bound, EnumValue};
use trackplan_plan_model::validate::js_number;

/// A numeric bound as the runtime checks it.
pub(crate) struct BoundRule {
    /// The bound as a floating-point literal both Kotlin and Swift accept (`0.0`, `1e21`).
    pub value: String,
    /// Whether the bound itself is excluded.
    pub exclusive: bool,
    /// The violation's `expected` text: `>= 0`, `< 100`.
    pub expected: String,
}

/// The rule of a lower (`is_minimum`) or upper bound.
pub(crate) fn bound(bound: &Bound, is_minimum: bool) -> BoundRule {
    let op = match (is_minimum, bound.exclusive) {
        (true, false) => ">=",
        (true, true) => ">",
        (false, false) => "<=",
        (false, true) => "<",
    };
    BoundRule {
        value: float_literal(bound.as_f64()),
        exclusive: bound.exclusive,
        expected: format!("{op} {}", js_number(&bound.value)),
    }
}

/// An `f64` as a literal of type Double in Kotlin and Swift.
pub(crate) fn float_literal(x: f64) -> String {
    let text = format!("{x:?}");
    if text.contains(['.', 'e', 'E']) { text } else { format!("{text}.0") }
}

/// The `expected` text of a string enum: its values as a compact JSON array.
pub(crate) fn enum_expected(values: &[EnumValue]) -> String {
    let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    serde_json::to_string(&values).unwrap_or_default()
}

/// The `expected` text of an integer enum.
pub(crate) fn integers_expected(allowed: &[i64]) -> String {
    serde_json::to_string(allowed).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Number;

    #[test]
    fn bounds_print_as_in_the_plan() {
        let rule = bound(&Bound { value: Number::from(0), exclusive: false }, true);
        assert_eq!((rule.value.as_str(), rule.expected.as_str()), ("0.0", ">= 0"));
        let rule = bound(&Bound { value: Number::from_f64(99.5).expect("finite"), exclusive: true }, false);
        assert_eq!((rule.value.as_str(), rule.expected.as_str()), ("99.5", "< 99.5"));
        assert_eq!(float_literal(1e21), "1e21");
        assert_eq!(float_literal(-3.0), "-3.0");
    }
}
