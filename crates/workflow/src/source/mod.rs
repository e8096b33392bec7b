//! Fetching a plan from its source: a local file, an HTTP(S) URL, a git repository or the
//! Segment Public API. Remote files are staged in a scratch directory, checked with the plan
//! loader and flattened into one `PlanFile`. This is the only network code of the workflow.

mod git;
mod http;
mod segment;

pub use http::redact;

use std::path::{Path, PathBuf};

use trackplan_plan_model::raw::PlanFile;

use crate::config::{GitSource, PathSource, SEGMENT_API_URL, SegmentWrapper, SourceConfig, UrlSource};
use crate::error::{Error, Result};
use crate::flatten::flatten;
use crate::fsutil::ScratchDir;
use crate::lock::{LockedSource, content_hash, normalize};

/// A plan read from its source, checked and flattened.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The plan with its includes merged.
    pub plan: PlanFile,
    /// Where it came from, for the lock.
    pub source: LockedSource,
    /// The plan in lock form (see [`crate::lock::normalize`]).
    pub normalized: serde_json::Value,
    /// Content hash of the normalized plan.
    pub hash: String,
    /// Things the user should know (e.g. Segment rules that could not be converted exactly).
    pub notes: Vec<String>,
}

/// The plan files of a source, on disk.
struct Staged {
    root: PathBuf,
    source: LockedSource,
    notes: Vec<String>,
    /// The scratch directory remote files were staged in, and what stands for it in messages
    /// (the base URL, or the repository and ref), so diagnostics name the real place.
    scratch: Option<(ScratchDir, String)>,
}

/// Fetch, check and flatten the plan of `source`; `base` is the configuration's directory.
pub fn fetch(source: &SourceConfig, base: &Path) -> Result<Fetched> {
    let staged = stage(source, base)?;
    let location = staged.source.location.clone();
    if let Err(diagnostics) = trackplan_plan_model::load(&staged.root) {
        let mut text = diagnostics.to_string();
        if let Some((scratch, shown_as)) = &staged.scratch {
            text = text.replace(&scratch.path().display().to_string(), shown_as);
        }
        return Err(Error::InvalidPlan { location, diagnostics: text });
    }
    let plan = flatten(&staged.root).map_err(|message| Error::InvalidPlan { location, diagnostics: message })?;
    let normalized = normalize(&plan);
    let hash = content_hash(&normalized);
    Ok(Fetched { plan, source: staged.source, normalized, hash, notes: staged.notes })
}

fn stage(source: &SourceConfig, base: &Path) -> Result<Staged> {
    match source {
        SourceConfig::Path(PathSource { path }) => {
            let root = base.join(path);
            if !root.is_file() {
                return Err(Error::Io {
                    path: root,
                    message: "no such plan file: fix `source.path` in codegen.json, or create the plan \
                              (`codegen init --example` writes a starter)"
                        .to_owned(),
                });
            }
            let source = LockedSource { kind: "path".to_owned(), location: path.display().to_string(), revision: None };
            Ok(Staged { root, source, notes: Vec::new(), scratch: None })
        }
        SourceConfig::Url(UrlSource { url, token_env }) => {
            let scratch = ScratchDir::new("pull")?;
            let token = token_from_env(token_env.as_deref(), url)?;
            let root = http::download_plan(url, token.as_deref(), scratch.path())?;
            let location = http::redact(url);
            let base_url = location.rsplit_once('/').map_or(location.as_str(), |(base, _)| base).to_owned();
            let source = LockedSource { kind: "url".to_owned(), location, revision: None };
            Ok(Staged { root, source, notes: Vec::new(), scratch: Some((scratch, base_url)) })
        }
        SourceConfig::Git(GitSource { git, reference, path }) => {
            let scratch = ScratchDir::new("pull")?;
            let reference = reference.as_deref().unwrap_or("HEAD");
            let path = path.as_deref().unwrap_or("tracking-plan.json");
            let repository = resolve_local_repository(git, base);
            let commit = git::checkout(&repository, reference, scratch.path())?;
            let root = scratch.path().join(path);
            let location = format!("{}#{reference}:{path}", http::redact(git));
            if !root.is_file() {
                return Err(Error::Fetch {
                    location,
                    message: format!("the repository has no file {path:?} at {reference}: fix `source.path`"),
                });
            }
            let shown_as = format!("{}#{reference}:", http::redact(git));
            let source = LockedSource { kind: "git".to_owned(), location, revision: Some(commit) };
            Ok(Staged { root, source, notes: Vec::new(), scratch: Some((scratch, shown_as)) })
        }
        SourceConfig::Segment(SegmentWrapper { segment }) => {
            let scratch = ScratchDir::new("pull")?;
            let api = segment.api_url.as_deref().unwrap_or(SEGMENT_API_URL).trim_end_matches('/');
            let url = format!("{api}/tracking-plans/{}", segment.tracking_plan_id);
            let token = token_from_env(Some(&segment.token_env), &url)?.unwrap_or_default();
            let converted = segment::fetch(api, &segment.tracking_plan_id, &token)?;
            let root = scratch.path().join("tracking-plan.json");
            let text = serde_json::to_string_pretty(&converted.plan).unwrap_or_default();
            std::fs::write(&root, text).map_err(|e| Error::io(&root, e))?;
            let shown_as = format!("{url} (converted)");
            let source = LockedSource { kind: "segment".to_owned(), location: url, revision: converted.updated_at };
            Ok(Staged { root, source, notes: converted.notes, scratch: Some((scratch, shown_as)) })
        }
    }
}

/// Relative local repository paths are relative to the configuration file, not the
/// working directory; URLs and absolute paths pass through.
fn resolve_local_repository(git: &str, base: &Path) -> String {
    let looks_like_url = git.contains("://") || (git.contains('@') && git.contains(':'));
    if looks_like_url || Path::new(git).is_absolute() { git.to_owned() } else { base.join(git).display().to_string() }
}

fn token_from_env(variable: Option<&str>, url: &str) -> Result<Option<String>> {
    let Some(variable) = variable else { return Ok(None) };
    match std::env::var(variable) {
        Ok(token) if !token.is_empty() => Ok(Some(token)),
        _ => Err(Error::Fetch {
            location: http::redact(url),
            message: format!(
                "the token variable {variable} is not set: export {variable}=<token> (codegen.json names the variable, never the token)"
            ),
        }),
    }
}
