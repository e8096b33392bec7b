//! A project: its configuration file and the pull / generate / check operations on it.
//! Nothing is written until everything it depends on has succeeded, so a failure leaves the
//! previous lock and outputs byte-identical.

use std::path::{Path, PathBuf};

use serde::Serialize;
use trackplan_plan_model::Plan;
use trackplan_plan_model::raw::PlanFile;

use crate::config::{
    Config, EventSelection, GitSource, PathSource, PlanConfig, SegmentWrapper, SourceConfig, UrlSource, find_config,
};
use crate::diff::{Change, diff};
use crate::error::{Error, Result};
use crate::lock::Lock;
use crate::outputs::{Difference, Rendered, SyncReport, check, ensure_writable, render, sync};
use crate::select::merge_selected;
use crate::source::fetch;

/// Receives progress messages of long steps (the CLI shows them on a terminal only).
pub type Progress<'a> = &'a mut dyn FnMut(&str);

/// A loaded configuration and the directory it lives in.
#[derive(Debug, Clone)]
pub struct Project {
    /// The configuration file.
    pub config_path: PathBuf,
    /// Its directory: every relative path in it is relative to this.
    pub root: PathBuf,
    /// The configuration.
    pub config: Config,
}

/// What `pull` did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PullReport {
    /// The lock file, relative to the project root.
    pub lock: PathBuf,
    /// Plan name and version now locked.
    pub name: String,
    /// Version now locked.
    pub version: String,
    /// Version locked before, `None` on the first pull.
    pub previous_version: Option<String>,
    /// Content hash now locked.
    pub content_hash: String,
    /// Whether the lock file changed.
    pub lock_changed: bool,
    /// Changes against the previous lock.
    pub changes: Vec<Change>,
    /// Conversion notes from the source.
    pub notes: Vec<String>,
    /// What each output's regeneration did.
    pub outputs: Vec<SyncReport>,
}

/// A pull checked and rendered in memory, ready to be written.
#[derive(Debug)]
pub struct PreparedPull {
    lock_path: PathBuf,
    lock: Lock,
    rendered: Vec<Rendered>,
    report: PullReport,
}

impl PreparedPull {
    /// Write the lock atomically, then every output; returns what was done.
    pub fn write(self, progress: Progress<'_>) -> Result<PullReport> {
        let PreparedPull { lock_path, lock, rendered, mut report } = self;
        lock.write(&lock_path)?;
        progress("writing outputs");
        for output in &rendered {
            ensure_writable(output)?;
        }
        report.outputs = rendered.iter().map(sync).collect::<Result<_>>()?;
        Ok(report)
    }
}

/// What `pull --check` found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PullCheck {
    /// The lock file.
    pub lock: PathBuf,
    /// Whether the source still serves the locked plan.
    pub up_to_date: bool,
    /// Hash the lock recorded for the source.
    pub locked: Option<String>,
    /// Hash of what the source serves now.
    pub remote: String,
    /// What a pull would change.
    pub changes: Vec<Change>,
}

impl Project {
    /// Load the configuration at `config_path`.
    pub fn open(config_path: &Path) -> Result<Project> {
        let config = Config::read(config_path)?;
        let root = config_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        Ok(Project { config_path: config_path.to_path_buf(), root, config })
    }

    /// Load `codegen.json` from `start` or the nearest directory above it.
    pub fn discover(start: &Path) -> Result<Project> {
        let path = find_config(start).ok_or_else(|| Error::Config {
            path: start.join(crate::config::CONFIG_FILE),
            message: "no codegen.json here or in any parent directory: run `codegen init`".to_owned(),
        })?;
        Project::open(&path)
    }

    /// The plans selected by `name` (all when `None`).
    pub fn plans(&self, name: Option<&str>) -> Result<Vec<&PlanConfig>> {
        let Some(name) = name else { return Ok(self.config.plans.iter().collect()) };
        let plans: Vec<&PlanConfig> = self.config.plans.iter().filter(|p| p.name.as_deref() == Some(name)).collect();
        if plans.is_empty() {
            let known: Vec<String> = self.config.plans.iter().map(PlanConfig::label).collect();
            return Err(Error::Config {
                path: self.config_path.clone(),
                message: format!("no plan named {name:?}: the plans are {}", known.join(", ")),
            });
        }
        Ok(plans)
    }

    /// The absolute lock path of `plan`.
    pub fn lock_path(&self, plan: &PlanConfig) -> PathBuf {
        self.root.join(plan.lock_path())
    }

    /// The lock of `plan`, which must exist.
    pub fn read_lock(&self, plan: &PlanConfig) -> Result<Lock> {
        let path = self.lock_path(plan);
        Lock::read(&path)?.ok_or_else(|| Error::Lock {
            path,
            message: "no lock file yet: run `codegen pull` (and commit the lock)".to_owned(),
        })
    }

    /// The plan generation uses: the lock's, or for a plan in this repository that was never
    /// pulled, the plan file itself. Never touches the network.
    pub fn plan_for_generation(&self, plan: &PlanConfig) -> Result<Plan> {
        let path = self.lock_path(plan);
        match Lock::read(&path)? {
            Some(lock) => locked_plan(&lock, &path),
            None => match &plan.source {
                SourceConfig::Path(PathSource { path: file }) => {
                    let file = self.root.join(file);
                    if !file.is_file() {
                        return Err(Error::Io {
                            path: file,
                            message: "no such plan file: fix `source.path` in codegen.json, or create the plan \
                                      (`codegen init --example` writes a starter)"
                                .to_owned(),
                        });
                    }
                    trackplan_plan_model::load(&file).map_err(|diagnostics| Error::InvalidPlan {
                        location: file.display().to_string(),
                        diagnostics: diagnostics.to_string(),
                    })
                }
                _ => Err(Error::Lock {
                    path,
                    message: "no lock file yet: run `codegen pull` once (it needs the network) and commit the lock"
                        .to_owned(),
                }),
            },
        }
    }

    fn render_all(&self, config: &PlanConfig, plan: &Plan, progress: Progress<'_>) -> Result<Vec<Rendered>> {
        let total = config.outputs.len();
        config
            .outputs
            .iter()
            .enumerate()
            .map(|(index, output)| {
                progress(&format!(
                    "[{}/{total}] generating {} into {}",
                    index + 1,
                    trackplan_generator::Language::from(output.language),
                    output.path.display()
                ));
                render(plan, output, &self.root)
            })
            .collect()
    }

    /// `codegen pull`: fetch, lock and regenerate `plan`, taking only `selection`'s event
    /// changes when it is not empty.
    pub fn pull(&self, config: &PlanConfig, selection: &EventSelection, progress: Progress<'_>) -> Result<PullReport> {
        self.prepare_pull(config, selection, progress)?.write(progress)
    }

    /// Everything `pull` does except writing: fetch, check, lock and render in memory. With
    /// several plans, prepare them all before writing any, so that one failing source leaves
    /// every lock and output untouched.
    pub fn prepare_pull(
        &self,
        config: &PlanConfig,
        selection: &EventSelection,
        progress: Progress<'_>,
    ) -> Result<PreparedPull> {
        let lock_path = self.lock_path(config);
        let mut notes = Vec::new();
        // A damaged lock must not block the pull that repairs it.
        let previous = match Lock::read(&lock_path) {
            Ok(previous) => previous,
            Err(error @ Error::Lock { .. }) => {
                notes.push(format!("{error}; it is replaced by this pull"));
                None
            }
            Err(error) => return Err(error),
        };
        let previous_plan = previous.as_ref().and_then(|lock| lock.plan_file().ok());
        progress(&format!("fetching {}", describe_source(&config.source)));
        let fetched = fetch(&config.source, &self.root)?;
        notes.extend(fetched.notes.iter().cloned());
        check_version(config, &fetched.plan, &fetched.source.location)?;
        let merged = merge_selected(previous_plan.as_ref(), &fetched.plan, selection);
        let lock = if selection.is_all() {
            Lock::from_normalized(fetched.source.clone(), &merged, fetched.normalized.clone(), fetched.hash.clone())
        } else {
            Lock::new(fetched.source.clone(), &merged, fetched.hash.clone())
        };
        let plan = locked_plan(&lock, &lock_path).map_err(|error| match error {
            Error::InvalidPlan { diagnostics, .. } => Error::InvalidPlan {
                location: fetched.source.location.clone(),
                diagnostics: format!("{diagnostics}\n(the selected events do not combine with the locked ones: pull without --only/--tag/--source)"),
            },
            other => other,
        })?;
        let rendered = self.render_all(config, &plan, progress)?;
        for output in &rendered {
            ensure_writable(output)?;
        }
        let report = PullReport {
            lock: config.lock_path(),
            name: lock.name.clone(),
            version: lock.version.clone(),
            previous_version: previous.as_ref().map(|lock| lock.version.clone()),
            content_hash: lock.content_hash.clone(),
            lock_changed: previous.as_ref() != Some(&lock),
            changes: diff(previous_plan.as_ref(), &merged),
            notes,
            outputs: Vec::new(),
        };
        Ok(PreparedPull { lock_path, lock, rendered, report })
    }

    /// `codegen pull --check`: whether the source moved past the lock. Writes nothing.
    pub fn pull_check(&self, config: &PlanConfig, progress: Progress<'_>) -> Result<PullCheck> {
        let lock_path = self.lock_path(config);
        let previous = Lock::read(&lock_path)?;
        progress(&format!("fetching {}", describe_source(&config.source)));
        let fetched = fetch(&config.source, &self.root)?;
        let previous_plan = previous.as_ref().map(|lock| lock_plan_file(lock, &lock_path)).transpose()?;
        let locked = previous.map(|lock| lock.source_hash);
        Ok(PullCheck {
            lock: config.lock_path(),
            up_to_date: locked.as_deref() == Some(fetched.hash.as_str()),
            locked,
            remote: fetched.hash,
            changes: diff(previous_plan.as_ref(), &fetched.plan),
        })
    }

    /// `codegen generate`: regenerate every output of `plan` from its lock, offline.
    pub fn generate(&self, config: &PlanConfig, progress: Progress<'_>) -> Result<Vec<SyncReport>> {
        let rendered = self.render(config, progress)?;
        self.write(&rendered)
    }

    /// Render every output of `plan` from its lock in memory, offline (the first half of
    /// `generate`; render all plans before writing any).
    pub fn render(&self, config: &PlanConfig, progress: Progress<'_>) -> Result<Vec<Rendered>> {
        let plan = self.plan_for_generation(config)?;
        self.render_all(config, &plan, progress)
    }

    /// Write rendered outputs, after checking that none would replace a hand-written file.
    pub fn write(&self, rendered: &[Rendered]) -> Result<Vec<SyncReport>> {
        for output in rendered {
            ensure_writable(output)?;
        }
        rendered.iter().map(sync).collect()
    }

    /// `codegen check`: the files that differ from what the lock produces. Offline, no
    /// credentials, writes nothing.
    pub fn check(&self, config: &PlanConfig, progress: Progress<'_>) -> Result<Vec<Difference>> {
        let plan = self.plan_for_generation(config)?;
        let rendered = self.render_all(config, &plan, progress)?;
        let mut differences: Vec<Difference> = rendered.iter().flat_map(check).collect();
        // A plan kept in this repository can be compared offline: an edit without a pull
        // would otherwise pass CI with outputs generated from the old plan.
        if matches!(config.source, SourceConfig::Path(_))
            && let Some(lock) = Lock::read(&self.lock_path(config))?
            && fetch(&config.source, &self.root)?.hash != lock.source_hash
        {
            differences.insert(0, Difference { path: config.lock_path(), reason: "stale-lock" });
        }
        Ok(differences)
    }
}

/// The resolved plan of a lock; `path` names the lock in diagnostics.
pub fn locked_plan(lock: &Lock, path: &Path) -> Result<Plan> {
    let text = serde_json::to_string_pretty(&lock.plan).unwrap_or_default();
    trackplan_plan_model::load_from_str(path, text).map_err(|diagnostics| Error::InvalidPlan {
        location: path.display().to_string(),
        diagnostics: diagnostics.to_string(),
    })
}

fn lock_plan_file(lock: &Lock, path: &Path) -> Result<PlanFile> {
    lock.plan_file().map_err(|message| Error::Lock {
        path: path.to_path_buf(),
        message: format!("its plan is not readable ({message}): restore it from version control or delete it and pull"),
    })
}

fn check_version(config: &PlanConfig, plan: &PlanFile, location: &str) -> Result<()> {
    let Some(requirement) = &config.version else { return Ok(()) };
    let matches = semver::VersionReq::parse(requirement)
        .ok()
        .zip(semver::Version::parse(&plan.version).ok())
        .is_some_and(|(req, version)| req.matches(&version));
    if matches {
        Ok(())
    } else {
        Err(Error::InvalidPlan {
            location: location.to_owned(),
            diagnostics: format!(
                "the plan is version {} but codegen.json pins {requirement:?}: update `version` in codegen.json to accept it, or pin the source to an older ref",
                plan.version
            ),
        })
    }
}

fn describe_source(source: &SourceConfig) -> String {
    match source {
        SourceConfig::Path(PathSource { path }) => path.display().to_string(),
        SourceConfig::Url(UrlSource { url, .. }) => crate::source::redact(url),
        SourceConfig::Git(GitSource { git, .. }) => crate::source::redact(git),
        SourceConfig::Segment(SegmentWrapper { segment }) => {
            format!("Segment tracking plan {}", segment.tracking_plan_id)
        }
    }
}
