//! One self-contained plan from a root file and its includes, for the lock file.

use std::path::Path;

use trackplan_plan_model::raw::{PlanFile, PlanFragment};

/// Merge the includes of the (already validated) plan at `root` into one `PlanFile` without
/// `include`. Relative include paths are resolved against the including file, as the loader does.
pub fn flatten(root: &Path) -> Result<PlanFile, String> {
    let mut plan: PlanFile = read(root)?;
    let includes = std::mem::take(&mut plan.include);
    let mut pending: Vec<std::path::PathBuf> = includes.iter().map(|i| sibling(root, i)).collect();
    let mut seen = std::collections::HashSet::new();
    while let Some(path) = pending.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let fragment: PlanFragment = read(&path)?;
        pending.extend(fragment.include.iter().map(|i| sibling(&path, i)));
        plan.events.extend(fragment.events);
        plan.definitions.extend(fragment.definitions);
        plan.property_groups.extend(fragment.property_groups);
    }
    plan.schema = None;
    Ok(plan)
}

fn sibling(file: &Path, relative: &str) -> std::path::PathBuf {
    file.parent().unwrap_or(Path::new(".")).join(relative)
}

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
