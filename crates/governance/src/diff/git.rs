//! Where a plan to compare comes from: a plan file or a lock file (`tracking-plan.lock.json`
//! written by `codegen pull`), on disk or at a git revision (`git:<rev>:<path>`).
//!
//! A plan at a git revision is rebuilt in a scratch directory with every file it includes,
//! each read at that revision, so that included files never mix two versions. A lock holds the
//! whole plan with its includes merged, so it is read on its own.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use trackplan_plan_model::Plan;

/// A plan to load: a file, or a file at a git revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRef {
    /// A plan root file on disk.
    File(PathBuf),
    /// `git:<rev>:<path>`: the file at `path` (relative to the working directory) at `rev`.
    Git {
        /// Any revision `git show` accepts: `main`, `HEAD~1`, a tag or a hash.
        rev: String,
        /// The plan root file.
        path: PathBuf,
    },
}

impl PlanRef {
    /// Read `git:<rev>:<path>` or a plain path.
    pub fn parse(text: &str) -> Self {
        if let Some(rest) = text.strip_prefix("git:") {
            if let Some((rev, path)) = rest.rsplit_once(':') {
                if !rev.is_empty() && !path.is_empty() {
                    return PlanRef::Git { rev: rev.to_owned(), path: PathBuf::from(path) };
                }
            }
        }
        PlanRef::File(PathBuf::from(text))
    }

    /// How the reference is shown in reports.
    pub fn label(&self) -> String {
        match self {
            PlanRef::File(path) => path.display().to_string(),
            PlanRef::Git { rev, path } => format!("git:{rev}:{}", path.display()),
        }
    }
}

/// Why a referenced plan could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RefError {
    /// The plan has errors.
    #[error("{label} does not load:\n{diagnostics}")]
    Plan {
        /// The reference.
        label: String,
        /// The diagnostics, naming files as `git:<rev>:<path>` for git references.
        diagnostics: String,
    },
    /// git failed (not a repository, unknown revision, file absent at that revision…).
    #[error("{0}")]
    Git(String),
    /// A scratch file could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// Load the plan a reference names.
pub fn load_ref(reference: &PlanRef) -> Result<Plan, RefError> {
    let label = reference.label();
    match reference {
        PlanRef::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| RefError::Io { path: path.clone(), source })?;
            match locked_plan(&text) {
                Some(plan) => load_locked(path, plan, &label),
                None => trackplan_plan_model::load_from_str(path, text)
                    .map_err(|d| RefError::Plan { label, diagnostics: d.to_string() }),
            }
        }
        PlanRef::Git { rev, path } => load_git(rev, path, &label),
    }
}

/// The plan inside a lock file's text, or `None` when the text is not a lock.
fn locked_plan(text: &str) -> Option<String> {
    // Cheap test first: a plan file never has these keys (the plan format denies unknown keys).
    if !text.contains("\"lockVersion\"") {
        return None;
    }
    let mut lock: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).ok()?;
    if !lock.get("lockVersion").is_some_and(serde_json::Value::is_u64) {
        return None;
    }
    let plan = lock.remove("plan").filter(serde_json::Value::is_object)?;
    serde_json::to_string_pretty(&plan).ok()
}

/// Load a lock's plan; diagnostics name the lock file and the plan's JSON paths inside it.
fn load_locked(path: &Path, plan: String, label: &str) -> Result<Plan, RefError> {
    let shown = PathBuf::from(format!("{}#plan", path.display()));
    trackplan_plan_model::load_from_str(&shown, plan)
        .map_err(|d| RefError::Plan { label: label.to_owned(), diagnostics: d.to_string() })
}

fn git(args: &[&str], dir: &Path) -> Result<Vec<u8>, RefError> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|error| RefError::Git(format!("cannot run git: {error}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(RefError::Git(format!("git {} failed: {}", args.join(" "), stderr.trim())))
    }
}

/// `a/b/../c` → `a/c`, without touching the file system (the files are in git, not on disk).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn load_git(rev: &str, path: &Path, label: &str) -> Result<Plan, RefError> {
    let cwd = std::env::current_dir().map_err(|source| RefError::Io { path: PathBuf::from("."), source })?;
    let top = String::from_utf8_lossy(&git(&["rev-parse", "--show-toplevel"], &cwd)?).trim().to_owned();
    let top = std::fs::canonicalize(&top).unwrap_or_else(|_| PathBuf::from(&top));
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let absolute = normalize(&cwd.join(path));
    let root = absolute
        .strip_prefix(&top)
        .map_err(|_| RefError::Git(format!("{} is outside the git repository at {}", path.display(), top.display())))?
        .to_path_buf();

    let scratch = Scratch::new()?;
    let mut pending = vec![root.clone()];
    let mut seen = HashSet::new();
    while let Some(file) = pending.pop() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let spec = format!("{rev}:{}", file.to_string_lossy().replace('\\', "/"));
        let bytes = match git(&["show", &spec], &top) {
            Ok(bytes) => bytes,
            Err(error) if file == root => return Err(error),
            // A missing include is reported by the loader with its place in the plan.
            Err(_) => continue,
        };
        if file == root
            && let Some(plan) = std::str::from_utf8(&bytes).ok().and_then(locked_plan)
        {
            return load_locked(Path::new(label), plan, label);
        }
        let target = scratch.0.join(&file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| RefError::Io { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&target, &bytes).map_err(|source| RefError::Io { path: target.clone(), source })?;
        let includes = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v.get("include").and_then(|i| i.as_array()).cloned())
            .unwrap_or_default();
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        for include in includes.iter().filter_map(|i| i.as_str()) {
            pending.push(normalize(&dir.join(include)));
        }
    }
    trackplan_plan_model::load(scratch.0.join(&root)).map_err(|diagnostics| {
        let prefix = format!("{}{}", scratch.0.display(), std::path::MAIN_SEPARATOR);
        RefError::Plan {
            label: label.to_owned(),
            diagnostics: diagnostics.to_string().replace(&prefix, &format!("git:{rev}:")),
        }
    })
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, RefError> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("trackplan-git-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|source| RefError::Io { path: dir.clone(), source })?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_lock_files() {
        let lock = r#"{"contentHash": "sha256:0", "lockVersion": 1, "name": "x", "plan": {"name": "x"}}"#;
        assert_eq!(locked_plan(lock).as_deref(), Some("{\n  \"name\": \"x\"\n}"));
        assert_eq!(locked_plan(r#"{"formatVersion": 1, "name": "x", "events": []}"#), None);
        assert_eq!(locked_plan(r#"{"lockVersion": "1", "plan": {}}"#), None);
        assert_eq!(locked_plan(r#"{"lockVersion": 1, "plan": []}"#), None);
        assert_eq!(locked_plan("{\"lockVersion\": 1"), None);
    }

    #[test]
    fn parses_references() {
        assert_eq!(PlanRef::parse("plan.json"), PlanRef::File(PathBuf::from("plan.json")));
        assert_eq!(
            PlanRef::parse("git:HEAD~1:fixtures/plan.json"),
            PlanRef::Git { rev: "HEAD~1".to_owned(), path: PathBuf::from("fixtures/plan.json") }
        );
        assert_eq!(PlanRef::parse("git:main:plan.json").label(), "git:main:plan.json");
        assert_eq!(PlanRef::parse("git::x"), PlanRef::File(PathBuf::from("git::x")));
        assert_eq!(normalize(Path::new("a/b/../c/./d.json")), PathBuf::from("a/c/d.json"));
    }
}
