//! A rendered site in memory, and writing it to a directory in one step.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file that marks a directory as written by `codegen docs`, so a later run may replace it.
pub const MARKER_FILE: &str = ".trackplan-docs";

/// Every file of a site, by path relative to the site root (`/`-separated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    files: BTreeMap<String, String>,
}

/// Why a site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output directory holds files `codegen docs` did not write.
    #[error(
        "refusing to replace {}: it is not empty and was not written by `codegen docs` (no {MARKER_FILE} file)\n  help: choose a new or empty directory with -o, or remove this one first",
        .0.display()
    )]
    NotOurs(PathBuf),
    /// The output path cannot name a directory to replace.
    #[error("cannot write the site to {}: name a directory such as `site`\n  help: pass -o <dir>", .0.display())]
    NoName(PathBuf),
    /// A file system operation failed.
    #[error("cannot write the site to {}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
}

impl Site {
    /// Add or replace a file.
    pub(crate) fn insert(&mut self, path: impl Into<String>, contents: String) {
        self.files.insert(path.into(), contents);
    }

    /// A file's contents.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Every file, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(path, contents)| (path.as_str(), contents.as_str()))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the site has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Write the site to `dir`, replacing what a previous run wrote there. The site is built in
    /// a sibling directory and swapped in, so `dir` never holds half a site or stale pages of
    /// removed events. A non-empty `dir` that `codegen docs` did not write is left alone.
    pub fn write_to(&self, dir: &Path) -> Result<(), WriteError> {
        let name = dir.file_name().ok_or_else(|| WriteError::NoName(dir.to_owned()))?;
        let parent = match dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        let exists = match std::fs::read_dir(dir) {
            Ok(mut entries) => {
                if entries.next().is_some() && !dir.join(MARKER_FILE).is_file() {
                    return Err(WriteError::NotOurs(dir.to_owned()));
                }
                true
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
            Err(source) => return Err(WriteError::Io { path: dir.to_owned(), source }),
        };
        std::fs::create_dir_all(&parent).map_err(|source| WriteError::Io { path: parent.clone(), source })?;
        let id = std::process::id();
        let staging = parent.join(format!(".{}.new-{id}", name.to_string_lossy()));
        let result = self.write_tree(&staging).and_then(|()| swap_in(&staging, dir, exists, id));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    fn write_tree(&self, root: &Path) -> Result<(), WriteError> {
        let _ = std::fs::remove_dir_all(root);
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| WriteError::Io { path, source }
        };
        std::fs::create_dir_all(root).map_err(io(root))?;
        let mut directories: Vec<PathBuf> =
            self.files().filter_map(|(path, _)| Path::new(path).parent().map(|p| root.join(p))).collect();
        directories.dedup();
        for directory in &directories {
            std::fs::create_dir_all(directory).map_err(io(directory))?;
        }
        // Creating thousands of small files is bound by system-call latency, not bandwidth:
        // spread it over a few threads.
        let files: Vec<(&str, &str)> = self.files().collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(2, 8);
        let chunk = files.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter().try_for_each(|(relative, contents)| {
                            let path = root.join(relative);
                            std::fs::write(&path, contents).map_err(io(&path))
                        })
                    })
                })
                .collect();
            handles.into_iter().try_for_each(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })?;
        let marker = root.join(MARKER_FILE);
        let mut file = std::fs::File::create(&marker).map_err(io(&marker))?;
        file.write_all(b"Written by `codegen docs`, which replaces this directory on every run.\n")
            .map_err(io(&marker))?;
        Ok(())
    }
}

/// Put the finished `staging` tree at `dir`, moving the old one out of the way first.
fn swap_in(staging: &Path, dir: &Path, exists: bool, id: u32) -> Result<(), WriteError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| WriteError::Io { path, source }
    };
    if !exists {
        return std::fs::rename(staging, dir).map_err(io(dir));
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let old = dir.with_file_name(format!(".{name}.old-{id}"));
    let _ = std::fs::remove_dir_all(&old);
    std::fs::rename(dir, &old).map_err(io(dir))?;
    if let Err(source) = std::fs::rename(staging, dir) {
        // Put the previous site back rather than leave nothing.
        let _ = std::fs::rename(&old, dir);
        return Err(WriteError::Io { path: dir.to_owned(), source });
    }
    std::fs::remove_dir_all(&old).map_err(io(&old))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("trackplan-docs-site-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn site(files: &[(&str, &str)]) -> Site {
        let mut site = Site::default();
        for (path, contents) in files {
            site.insert(*path, (*contents).to_owned());
        }
        site
    }

    #[test]
    fn replaces_its_own_output_and_drops_stale_pages() {
        let root = temp_dir("replace");
        let out = root.join("site");
        site(&[("index.html", "one"), ("events/a.html", "a")]).write_to(&out).expect("first write");
        site(&[("index.html", "two")]).write_to(&out).expect("second write");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).expect("index"), "two");
        assert!(!out.join("events/a.html").exists(), "stale page of a removed event survived");
        assert!(out.join(MARKER_FILE).is_file());
        let leftovers: Vec<_> = std::fs::read_dir(&root).expect("root").filter_map(Result::ok).collect();
        assert_eq!(leftovers.len(), 1, "staging or old directories left behind: {leftovers:?}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn leaves_a_foreign_directory_alone() {
        let root = temp_dir("foreign");
        std::fs::write(root.join("notes.txt"), "mine").expect("write");
        let error = site(&[("index.html", "x")]).write_to(&root).expect_err("must refuse");
        assert!(matches!(error, WriteError::NotOurs(_)), "{error}");
        assert!(error.to_string().contains("choose a new or empty directory"));
        assert_eq!(std::fs::read_to_string(root.join("notes.txt")).expect("kept"), "mine");
        assert!(!root.join("index.html").exists());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn fills_an_empty_directory() {
        let root = temp_dir("empty");
        let out = root.join("site");
        std::fs::create_dir_all(&out).expect("mkdir");
        site(&[("index.html", "x")]).write_to(&out).expect("write");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).expect("index"), "x");
        let _ = std::fs::remove_dir_all(&root);
    }
}
