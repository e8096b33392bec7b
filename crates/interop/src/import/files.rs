//! Reading JSON inputs and walking directories, with errors that name the file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::ImportError;

/// Every file under `dir` (recursively) that `keep` accepts, sorted by path so imports are
/// deterministic.
pub(super) fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>, ImportError> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries =
            std::fs::read_dir(&current).map_err(|source| ImportError::Read { path: current.clone(), source })?;
        for entry in entries {
            let path = entry.map_err(|source| ImportError::Read { path: current.clone(), source })?.path();
            if path.is_dir() {
                pending.push(path);
            } else if keep(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The JSON content of a file.
pub(super) fn read_json(path: &Path) -> Result<Value, ImportError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|error| ImportError::Format { path: path.to_path_buf(), message: format!("not valid JSON ({error})") })
}

/// A path relative to `base`, with forward slashes, for report places.
pub(super) fn display(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
