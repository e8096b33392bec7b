//! Plans in git repositories, read with the `git` binary (so every URL and credential helper
//! git supports works, including local paths).

use std::path::Path;
use std::process::Command;

use super::http::redact;
use crate::error::{Error, Result};

/// Clone `repository` into the empty directory `dir` and check out `reference` (branch, tag
/// or commit); returns the commit id. Blobs are fetched only for the checked-out commit where
/// the server supports partial clone, so large plan repositories stay cheap to pull.
pub(super) fn checkout(repository: &str, reference: &str, dir: &Path) -> Result<String> {
    let location = format!("{}#{reference}", redact(repository));
    let fail = |message: String| Error::Fetch { location: location.clone(), message };
    let clean = |text: &str| text.replace(repository, &redact(repository)).trim().to_owned();
    let dir_text = dir.display().to_string();
    let clone = git(None, &["clone", "--quiet", "--no-checkout", "--filter=blob:none", "--", repository, &dir_text])
        .map_err(&fail)?;
    if !clone.status.success() {
        return Err(fail(format!(
            "git clone failed: {} — check `source.git` and that you can access the repository",
            clean(&String::from_utf8_lossy(&clone.stderr))
        )));
    }
    let candidates = [format!("{reference}^{{commit}}"), format!("origin/{reference}^{{commit}}")];
    let commit = candidates
        .iter()
        .find_map(|candidate| {
            let output = git(Some(dir), &["rev-parse", "--verify", "--quiet", candidate]).ok()?;
            output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        })
        .ok_or_else(|| fail(format!("the repository has no branch, tag or commit {reference:?}: fix `source.ref`")))?;
    let checkout = git(Some(dir), &["checkout", "--quiet", "--detach", &commit]).map_err(&fail)?;
    if !checkout.status.success() {
        return Err(fail(format!("git checkout failed: {}", clean(&String::from_utf8_lossy(&checkout.stderr)))));
    }
    Ok(commit)
}

fn git(dir: Option<&Path>, args: &[&str]) -> Result<std::process::Output, String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    // Never wait for a password prompt: CI has no one to answer it.
    command.env("GIT_TERMINAL_PROMPT", "0").args(args);
    command.output().map_err(|error| format!("cannot run git ({error}): install git and make sure it is on PATH"))
}
