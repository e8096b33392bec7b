//! Rendering askama templates into buffers sized up front: SDKs of large plans are tens of
//! megabytes, and growing a buffer by doubling copies it over and over.

use askama::Template;

/// `template` rendered into a string with room for about `capacity` bytes.
pub(crate) fn render(template: &impl Template, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    template.render_into(&mut out).expect("templates render: every value they print is a string");
    out
}
