//! The string formats the plan supports, checked the same way every runtime checks them: the
//! checks live in `trackplan_runtime::formats`, shared with generated Rust SDKs.

use crate::raw::Format;

/// Whether `text` is a valid value of `format`.
pub fn is_valid(format: Format, text: &str) -> bool {
    runtime_format(format).is_valid(text)
}

/// The runtime's name for a plan format.
pub fn runtime_format(format: Format) -> trackplan_runtime::formats::Format {
    use trackplan_runtime::formats::Format as Runtime;
    match format {
        Format::DateTime => Runtime::DateTime,
        Format::Date => Runtime::Date,
        Format::Email => Runtime::Email,
        Format::Uri => Runtime::Uri,
        Format::Uuid => Runtime::Uuid,
    }
}
