//! The Trackplan project workflow behind `codegen init`, `pull`, `generate` and `check`, and
//! behind `build.rs` integrations that regenerate without the CLI.
//!
//! - [`config`]: `codegen.json`, its JSON Schema and event selection.
//! - [`source`]: fetching a plan from a file, an HTTP(S) URL, a git repository or the
//!   Segment Public API — the only network access of the workflow.
//! - [`lock`]: `tracking-plan.lock.json`, the pinned, normalized plan.
//! - [`project`]: the commands' logic — pull, generate, check — over a loaded configuration.
//! - [`outputs`]: writing generated files atomically, removing stale ones, comparing for CI.
//! - [`build`]: regenerating a crate's Rust outputs from the lock in `build.rs`.
//!
//! ```no_run
//! use trackplan_workflow::project::Project;
//!
//! let project = Project::discover(std::path::Path::new("."))?;
//! for plan in project.plans(None)? {
//!     let differences = project.check(plan, &mut |_| {})?;
//!     assert!(differences.is_empty(), "run `codegen generate`");
//! }
//! # Ok::<(), trackplan_workflow::Error>(())
//! ```

pub mod build;
pub mod config;
pub mod diff;
mod error;
mod flatten;
pub mod fsutil;
pub mod lock;
pub mod outputs;
pub mod project;
pub mod select;
pub mod source;

pub use config::{Config, EventSelection, OutputConfig, PlanConfig, SourceConfig};
pub use error::{Error, Result};
pub use lock::Lock;
pub use project::Project;
