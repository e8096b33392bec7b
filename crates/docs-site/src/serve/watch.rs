//! Noticing that plan files changed, by polling their modification times and sizes: no
//! platform file-watching API, works the same everywhere, and cheap for the few files a plan
//! has.

use std::path::PathBuf;
use std::time::SystemTime;

/// The state of a set of files at one moment; two differ when any file was written, created
/// or removed in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot(Vec<(PathBuf, Option<(SystemTime, u64)>)>);

impl Snapshot {
    /// Look at every file now.
    pub(crate) fn take(files: &[PathBuf]) -> Self {
        Snapshot(
            files
                .iter()
                .map(|file| {
                    let state = std::fs::metadata(file).ok().and_then(|m| Some((m.modified().ok()?, m.len())));
                    (file.clone(), state)
                })
                .collect(),
        )
    }
}

/// Files without repeats, in first-seen order.
pub(crate) fn distinct(files: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for file in files {
        if !out.contains(&file) {
            out.push(file);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_creation_or_removal_changes_the_snapshot() {
        let dir = std::env::temp_dir().join(format!("trackplan-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("plan.json");
        let _ = std::fs::remove_file(&file);
        let files = vec![file.clone()];
        let missing = Snapshot::take(&files);
        std::fs::write(&file, "{}").expect("write");
        let created = Snapshot::take(&files);
        assert_ne!(missing, created);
        assert_eq!(created, Snapshot::take(&files));
        std::fs::write(&file, "{\"a\": 1}").expect("write");
        assert_ne!(created, Snapshot::take(&files), "a size change must count even within one mtime tick");
        std::fs::remove_file(&file).expect("remove");
        assert_eq!(missing, Snapshot::take(&files));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn distinct_keeps_first_occurrences() {
        let files = distinct(["a", "b", "a", "c", "b"].map(PathBuf::from));
        assert_eq!(files, ["a", "b", "c"].map(PathBuf::from));
    }
}
