//! Build-script integration, in the manner of prost-build: generate the Rust SDK of a plan
//! into `OUT_DIR` and tell cargo to regenerate when any plan file changes.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), trackplan_generator::BuildError> {
//!     trackplan_generator::Builder::new().plan("tracking-plan.json").generate_rust()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs or a module
//! include!(concat!(env!("OUT_DIR"), "/tracking.rs"));
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use trackplan_plan_model::Diagnostics;

use crate::output::write_files;
use crate::{GenerateError, rust};

/// Why a build script could not generate the SDK (the details were already printed for cargo).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `plan(...)` was not called.
    #[error("no plan given: call `Builder::plan(\"tracking-plan.json\")`")]
    NoPlan,
    /// Neither `out_dir(...)` nor the `OUT_DIR` variable cargo sets for build scripts.
    #[error("no output directory: call `Builder::out_dir(...)` or run from a build script (OUT_DIR)")]
    NoOutDir,
    /// The plan does not load.
    #[error("the tracking plan {} has errors:\n{diagnostics}", plan.display())]
    Plan {
        /// The plan's root file.
        plan: PathBuf,
        /// Every problem found.
        diagnostics: Diagnostics,
    },
    /// Generation failed.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// The output could not be written.
    #[error("cannot write {}: {source}", dir.display())]
    Write {
        /// The output directory.
        dir: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Generates the SDK of a plan from a build script.
#[derive(Debug, Clone)]
pub struct Builder {
    plan: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    cargo_output: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder { plan: None, out_dir: None, cargo_output: true }
    }
}

impl Builder {
    /// A builder writing to `OUT_DIR` and printing cargo instructions.
    pub fn new() -> Self {
        Builder::default()
    }

    /// The plan's root file (relative paths are relative to the crate, as in build scripts).
    pub fn plan(mut self, path: impl AsRef<Path>) -> Self {
        self.plan = Some(path.as_ref().to_path_buf());
        self
    }

    /// Where to write `tracking.rs`; defaults to cargo's `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:` instructions (rerun-if-changed, errors); on by default.
    pub fn cargo_output(mut self, enabled: bool) -> Self {
        self.cargo_output = enabled;
        self
    }

    /// Generate the Rust SDK; returns the path of the generated file.
    ///
    /// Prints `cargo:rerun-if-changed` for every file of the plan (for a plan that does not
    /// load: its root file and directory, so fixing it rebuilds), and on failure every
    /// diagnostic as `cargo::error=` lines, which cargo shows as the build's errors.
    pub fn generate_rust(&self) -> Result<PathBuf, BuildError> {
        self.generate_rust_with(&mut std::io::stdout().lock())
    }

    /// As [`Builder::generate_rust`], writing the cargo instructions to `cargo` instead of
    /// standard output (for tools wrapping the builder, and tests).
    pub fn generate_rust_with(&self, cargo: &mut impl Write) -> Result<PathBuf, BuildError> {
        let result = self.run(cargo);
        if let Err(error) = &result {
            self.say(cargo, &error.to_string(), "error");
        }
        result
    }

    fn run(&self, out: &mut impl Write) -> Result<PathBuf, BuildError> {
        let plan_path = self.plan.clone().ok_or(BuildError::NoPlan)?;
        let out_dir = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
            .ok_or(BuildError::NoOutDir)?;
        let plan = match trackplan_plan_model::load(&plan_path) {
            Ok(plan) => plan,
            Err(diagnostics) => {
                self.rerun_if_changed(out, &plan_path);
                if let Some(dir) = plan_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    self.rerun_if_changed(out, dir);
                }
                return Err(BuildError::Plan { plan: plan_path, diagnostics });
            }
        };
        for file in &plan.files {
            self.rerun_if_changed(out, file);
        }
        let files = rust::generate(&plan)?;
        write_files(&out_dir, &files).map_err(|source| BuildError::Write { dir: out_dir.clone(), source })?;
        Ok(out_dir.join(rust::FILE_NAME))
    }

    fn rerun_if_changed(&self, out: &mut impl Write, path: &Path) {
        if self.cargo_output {
            let _ = writeln!(out, "cargo:rerun-if-changed={}", path.display());
        }
    }

    /// One `cargo::<level>=` line per line of `message` (cargo reads one line per instruction).
    fn say(&self, out: &mut impl Write, message: &str, level: &str) {
        if self.cargo_output {
            for line in message.lines() {
                let _ = writeln!(out, "cargo::{level}={line}");
            }
        }
    }
}
