//! The files `codegen docs` reads, loaded and rendered together.

use std::path::{Path, PathBuf};

use trackplan_plan_model::{Code, Diagnostics, Plan};

use crate::changes::Comparison;
use crate::instrumentation::{Instrumentation, InstrumentationError};
use crate::pages::diagnostics::Problem;
use crate::render::{Options, RenderError, render, render_problems};
use crate::site::Site;

/// What the site documents: the plan, and optionally a status report and an older plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Root file of the plan.
    pub plan: PathBuf,
    /// A `codegen status` report (see [`crate::instrumentation`]).
    pub status: Option<PathBuf>,
    /// Root file of an older version of the plan, for the changes page.
    pub previous: Option<PathBuf>,
}

/// Why the site could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The plan has errors.
    #[error("{0}")]
    Plan(Diagnostics),
    /// The older plan has errors.
    #[error("the older plan given with --previous has errors:\n\n{0}")]
    PreviousPlan(Diagnostics),
    /// The status report cannot be used.
    #[error(transparent)]
    Instrumentation(#[from] InstrumentationError),
    /// A page could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl BuildError {
    /// Whether the problem is with what the command was given (a plan file that cannot be
    /// read, an unusable status report) rather than with the plan's content.
    pub fn is_usage_error(&self) -> bool {
        let unreadable_root =
            |d: &Diagnostics| d.len() == 1 && d.iter().all(|d| d.code == Code::E0001 && d.span.line == 0);
        match self {
            BuildError::Plan(d) | BuildError::PreviousPlan(d) => unreadable_root(d),
            BuildError::Instrumentation(_) => true,
            BuildError::Render(_) => false,
        }
    }

    fn problems(&self) -> (&'static str, Vec<Problem>) {
        match self {
            BuildError::Plan(d) => ("The plan could not be loaded.", Problem::from_diagnostics(d)),
            BuildError::PreviousPlan(d) => {
                ("The older plan given with --previous could not be loaded.", Problem::from_diagnostics(d))
            }
            BuildError::Instrumentation(error) => ("The status report could not be read.", vec![problem(error)]),
            BuildError::Render(error) => ("The site could not be rendered.", vec![problem(error)]),
        }
    }
}

fn problem(error: &dyn std::error::Error) -> Problem {
    Problem { code: "error".into(), message: error.to_string(), place: String::new(), related: Vec::new(), help: None }
}

/// A site built for `--serve`, with the files whose changes should rebuild it.
#[derive(Debug)]
pub(crate) struct Served {
    /// The site, or a page listing the problems.
    pub(crate) site: Site,
    /// Files read (or that failed to load) while building it.
    pub(crate) watched: Vec<PathBuf>,
    /// Why the site is the problems page, as the terminal shows it.
    pub(crate) error: Option<String>,
}

impl Inputs {
    /// Load every input and render the site.
    pub fn build(&self, comparison: &dyn Comparison) -> Result<Site, BuildError> {
        let mut watched = Vec::new();
        self.build_with(comparison, None, &mut watched)
    }

    /// Build for `--serve`: never fails, a problems page stands in for the site.
    pub(crate) fn serve_build(&self, comparison: &dyn Comparison, version: u64) -> Served {
        let mut watched = Vec::new();
        match self.build_with(comparison, Some(version), &mut watched) {
            Ok(site) => Served { site, watched, error: None },
            Err(error) => {
                let (summary, problems) = error.problems();
                let site = render_problems(summary, problems, Some(version)).unwrap_or_default();
                Served { site, watched, error: Some(error.to_string()) }
            }
        }
    }

    fn build_with(
        &self,
        comparison: &dyn Comparison,
        live_reload: Option<u64>,
        watched: &mut Vec<PathBuf>,
    ) -> Result<Site, BuildError> {
        let plan = load_watched(&self.plan, watched).map_err(BuildError::Plan)?;
        let report = match &self.status {
            Some(path) => {
                watched.push(path.clone());
                Some(Instrumentation::load(path)?)
            }
            None => None,
        };
        let changes = match &self.previous {
            Some(path) => {
                let old = load_watched(path, watched).map_err(BuildError::PreviousPlan)?;
                Some(comparison.compare(&old, &plan))
            }
            None => None,
        };
        let mut options = Options::default();
        if let Some(report) = &report {
            options = options.instrumentation(report);
        }
        if let Some(changes) = &changes {
            options = options.changes(changes);
        }
        if let Some(version) = live_reload {
            options = options.live_reload(version);
        }
        Ok(render(&plan, &options)?)
    }
}

/// Load a plan, noting the files it read, or, when it fails, the files its diagnostics name.
fn load_watched(root: &Path, watched: &mut Vec<PathBuf>) -> Result<Plan, Diagnostics> {
    watched.push(root.to_owned());
    match trackplan_plan_model::load(root) {
        Ok(plan) => {
            watched.extend(plan.files.iter().cloned());
            Ok(plan)
        }
        Err(diagnostics) => {
            watched.extend(diagnostics.iter().map(|d| d.span.file.clone()));
            Err(diagnostics)
        }
    }
}
