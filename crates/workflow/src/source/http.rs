//! Plans served over HTTP(S), with an optional bearer token, through `ureq`.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// Most files one plan may include: a server answering every URL with an including file
/// must not make the pull run forever.
const MAX_FILES: usize = 2_000;

/// Largest response accepted (a plan of tens of thousands of events fits easily).
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// The HTTP client: statuses are answers to interpret, not errors; no request hangs forever.
pub(super) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("trackplan-codegen/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// GET `url` and return the body; every failure becomes a `Fetch` error naming the URL
/// (without credentials) and what to do.
pub(super) fn get(agent: &ureq::Agent, url: &str, token: Option<&str>, token_hint: &str) -> Result<String> {
    let location = redact(url);
    let mut request = agent.get(url).header("Accept", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request.call().map_err(|error| Error::Fetch {
        location: location.clone(),
        message: format!(
            "{} — check the URL and your network (`codegen generate` and `codegen check` work offline from the lock)",
            transport_message(&error)
        ),
    })?;
    let status = response.status().as_u16();
    let fail = |message: String| Err(Error::Fetch { location: location.clone(), message });
    match status {
        200..=299 => {}
        401 | 403 => return fail(format!("the server refused the credentials (HTTP {status}): {token_hint}")),
        404 => return fail("not found (HTTP 404): check the URL or id in codegen.json".to_owned()),
        _ => return fail(format!("the server answered HTTP {status}: try again later or check the URL")),
    }
    response.body_mut().with_config().limit(MAX_BODY).read_to_string().map_err(|error| Error::Fetch {
        location,
        message: format!("cannot read the response: {}", transport_message(&error)),
    })
}

fn transport_message(error: &ureq::Error) -> String {
    // ureq's messages name hosts and causes, never request headers.
    error.to_string()
}

/// Download the plan at `url` and, recursively, its relative includes into `dir`, keeping
/// their relative layout; returns the staged root file.
pub(super) fn download_plan(url: &str, token: Option<&str>, dir: &Path) -> Result<PathBuf> {
    let agent = agent();
    let (base, root_name) = url.rsplit_once('/').unwrap_or((url, "tracking-plan.json"));
    let root_name = root_name.split(['?', '#']).next().filter(|n| !n.is_empty()).unwrap_or("tracking-plan.json");
    let hint = "check the token in the variable named by `tokenEnv`";
    let mut pending = vec![(url.to_owned(), PathBuf::from(root_name))];
    let mut seen = std::collections::HashSet::new();
    while let Some((file_url, relative)) = pending.pop() {
        if !seen.insert(relative.clone()) {
            continue;
        }
        if seen.len() > MAX_FILES || relative.components().count() > 64 {
            return Err(Error::Fetch {
                location: redact(&file_url),
                message: format!(
                    "the plan includes more than {MAX_FILES} files or nests them too deeply: check its `include` lists for a cycle"
                ),
            });
        }
        let text = get(&agent, &file_url, token, hint)?;
        for include in includes_of(&text) {
            let joined = relative.parent().unwrap_or(Path::new("")).join(&include);
            let normal = normalize_relative(&joined).ok_or_else(|| Error::Fetch {
                location: redact(&file_url),
                message: format!(
                    "include {include:?} leaves the plan's directory: keep included files next to the root file"
                ),
            })?;
            let include_url = format!("{base}/{}", normal.to_string_lossy().replace('\\', "/"));
            pending.push((include_url, normal));
        }
        let target = dir.join(&relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&target, text).map_err(|e| Error::io(&target, e))?;
    }
    Ok(dir.join(root_name))
}

/// The `include` entries of a plan file; a file that is not JSON has none here and is
/// reported by the loader with its position.
fn includes_of(text: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|value| value.get("include").and_then(|i| i.as_array()).cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// `a/./b/../c` → `a/c`; `None` when the path is absolute or climbs above its start.
fn normalize_relative(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// A URL fit for messages and the lock: user info and query string removed, since either
/// may carry a credential.
pub fn redact(url: &str) -> String {
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    match without_query.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
            let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
            if path.is_empty() && !rest.contains('/') {
                format!("{scheme}://{host}")
            } else {
                format!("{scheme}://{host}/{path}")
            }
        }
        None => without_query.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_removes_user_info_and_query() {
        assert_eq!(
            redact("https://user:secret@example.com/plans/p.json?token=abc"),
            "https://example.com/plans/p.json"
        );
        assert_eq!(redact("https://example.com"), "https://example.com");
        assert_eq!(redact("/srv/git/plans"), "/srv/git/plans");
    }

    #[test]
    fn relative_includes_stay_inside() {
        assert_eq!(normalize_relative(Path::new("a/./b/../c.json")), Some(PathBuf::from("a/c.json")));
        assert_eq!(normalize_relative(Path::new("../secret.json")), None);
        assert_eq!(normalize_relative(Path::new("/etc/passwd")), None);
    }
}
