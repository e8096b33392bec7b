//! The documentation site of a tracking plan (`codegen docs`).
//!
//! [`render`] turns a resolved [`Plan`](trackplan_plan_model::Plan) into a static,
//! self-contained [`Site`]: an index of every event with client-side search and filters, one
//! page per event, pages for the global properties, the identify, group, page and screen
//! calls, every declared type, the plan itself and, given an older plan, what changed. No page
//! loads anything from the network; the site works from `file://` and from any static host.
//!
//! Plan text is HTML-escaped everywhere by the templates' escaper ([`escape::HtmlText`]); the
//! search index is JSON escaped so it cannot leave its `<script type="application/json">`
//! block ([`escape::json_for_script`]). Output is deterministic: the same inputs give the same
//! bytes.
//!
//! [`Inputs`] loads what the command line names (plan, status report, older plan) and
//! [`serve`] serves the site on localhost, rebuilding it when a plan file changes.
//!
//! ```no_run
//! use trackplan_docs_site::{Options, render};
//!
//! let plan = trackplan_plan_model::load("tracking-plan.json").expect("valid plan");
//! let site = render(&plan, &Options::default()).expect("renders");
//! site.write_to(std::path::Path::new("site")).expect("written");
//! ```

mod catalog;
pub mod changes;
mod describe;
pub mod escape;
mod history;
mod inputs;
pub mod instrumentation;
mod pages;
mod render;
mod rows;
pub mod serve;
mod site;
mod slug;

pub use changes::{Changes, Comparison, GovernanceDiff};
pub use inputs::{BuildError, Inputs};
pub use instrumentation::Instrumentation;
pub use render::{Options, RenderError, render};
pub use site::{MARKER_FILE, Site, WriteError};
