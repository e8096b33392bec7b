//! Governance of tracking plans: what the analyst who owns the plan, and CI on every pull
//! request, run to catch mistakes before they ship and drift after.
//!
//! - [`lint`]: rules with stable ids (`TP001 event-casing`…) over a loaded plan, with
//!   configurable severities, human / JSON / SARIF reports and safe fixes;
//! - [`diff`]: events and properties added, removed and changed between two plans, each change
//!   classified with Iglu SchemaVer semantics, the plan's semver impact, and version checks;
//! - [`status`]: which planned events the source code calls (Rust, TypeScript, Kotlin, Swift),
//!   where, and which raw calls bypass the generated SDK;
//! - [`audit`]: recorded events (vendor exports, emulator captures) validated against the plan,
//!   streaming, with counts per event and rule and sample offending records.
//!
//! [`source`] keeps each plan file's text with its position index (from the plan model) so all
//! of them can point at lines and columns.

pub mod audit;
pub mod diff;
pub mod lint;
pub mod names;
pub mod source;
pub mod status;
mod verbs;
