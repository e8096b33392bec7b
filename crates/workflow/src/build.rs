//! `build.rs` integration: a Rust crate regenerates its tracking SDK from the committed lock
//! on `cargo build` — no network, no CLI. The crate's outputs are the `rust` outputs of
//! `codegen.json` (found from the crate upwards) whose `path` lies inside the crate.

use std::path::{Path, PathBuf};

use trackplan_generator::{Language, Options};
use trackplan_plan_model::Plan;

use crate::config::LanguageName;
use crate::error::{Error, Result};
use crate::outputs::options;
use crate::project::Project;
use crate::select::filter_for_output;

/// One Rust output a crate builds.
#[derive(Debug, Clone)]
pub struct BuildOutput {
    /// The plan, with the output's event and destination selection applied.
    pub plan: Plan,
    /// Generator options from the output's configuration.
    pub options: Options,
    /// The output path relative to the crate's directory (e.g. `src/tracking`).
    pub path: PathBuf,
}

/// What a crate's build script needs.
#[derive(Debug, Clone)]
pub struct BuildInputs {
    /// Files whose change must re-run the build script (configuration and locks).
    pub watch: Vec<PathBuf>,
    /// The crate's Rust outputs.
    pub outputs: Vec<BuildOutput>,
}

/// The Rust outputs of the crate at `manifest_dir` (usually `CARGO_MANIFEST_DIR`).
pub fn rust_outputs(manifest_dir: &Path) -> Result<BuildInputs> {
    let project = Project::discover(manifest_dir)?;
    let crate_dir = manifest_dir.canonicalize().map_err(|e| Error::io(manifest_dir, e))?;
    let root = project.root.canonicalize().map_err(|e| Error::io(&project.root, e))?;
    let mut inputs = BuildInputs { watch: vec![project.config_path.clone()], outputs: Vec::new() };
    for plan_config in project.plans(None)? {
        let outputs: Vec<_> = plan_config
            .outputs
            .iter()
            .filter(|o| o.language == LanguageName::Rust)
            .filter_map(|o| root.join(&o.path).strip_prefix(&crate_dir).ok().map(|rel| (o, rel.to_path_buf())))
            .collect();
        if outputs.is_empty() {
            continue;
        }
        inputs.watch.push(project.lock_path(plan_config));
        let plan = project.plan_for_generation(plan_config)?;
        if !project.lock_path(plan_config).is_file() {
            // Without a lock the local plan is used: watch its files too.
            inputs.watch.extend(plan.files.iter().cloned());
        }
        for (output, path) in outputs {
            let mut selected = plan.clone();
            filter_for_output(&mut selected, output);
            inputs.outputs.push(BuildOutput { plan: selected, options: options(output), path });
        }
    }
    Ok(inputs)
}

/// Generate the crate's Rust outputs into `out_dir` (each under its output path) and print
/// the `cargo::rerun-if-changed` lines. Returns the directories written.
pub fn generate_rust_outputs(manifest_dir: &Path, out_dir: &Path) -> Result<Vec<PathBuf>> {
    let inputs = rust_outputs(manifest_dir)?;
    for path in &inputs.watch {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    let mut written = Vec::new();
    for output in inputs.outputs {
        let files = trackplan_generator::generate(&output.plan, Language::Rust, &output.options).map_err(|error| {
            Error::Generate { output: format!("rust output {}", output.path.display()), message: error.to_string() }
        })?;
        let dir = out_dir.join(&output.path);
        trackplan_generator::write_files(&dir, &files).map_err(|e| Error::io(&dir, e))?;
        written.push(dir);
    }
    Ok(written)
}
