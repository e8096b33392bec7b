//! `--fix`: the safe fixes (whitespace and casing of names) as minimal text edits.
//!
//! Each renamed name is replaced exactly where it is written; nothing else in the file moves,
//! so comments-free JSON keeps its formatting, key order and escapes elsewhere. A renamed
//! property is also renamed where example payloads, examples and defaults use it as a key.
//! The fixed files are loaded from a scratch copy before anything is written: a fix that
//! would break the plan (two names becoming one) writes nothing and says why. Files are then
//! replaced through temporary files renamed into place.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trackplan_plan_model::json_path::{JsonPath, Segment};
use trackplan_plan_model::model::{Casing, Location, NamedKind, Property, Status, Type};
use trackplan_plan_model::{Diagnostics, Plan};

use super::inventory::{DeprecatedScopes, declared_properties};
use super::{Rule, RuleSettings};
use crate::names;
use crate::source::PlanSource;

/// A name `--fix` changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// "event" or "property".
    pub what: &'static str,
    /// The name before.
    pub from: String,
    /// The name after.
    pub to: String,
    /// Where it is declared.
    pub location: Location,
}

/// A plan file with fixes applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    /// The file.
    pub path: PathBuf,
    /// Its new content.
    pub text: String,
    /// How many places changed.
    pub edits: usize,
}

/// What `--fix` would do.
#[derive(Debug, Clone, Default)]
pub struct FixOutcome {
    /// The renames, in plan order.
    pub renames: Vec<Rename>,
    /// The files that change.
    pub files: Vec<FixedFile>,
}

/// Why fixes cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// The fixed plan would not load (for example two names would become the same).
    #[error(
        "the fixes would break the plan, so nothing was written:\n{0}\nrename these names by hand, or switch off the rules whose fixes collide"
    )]
    WouldBreak(String),
    /// Two fixes want different text at one place.
    #[error("conflicting fixes at {0}")]
    Conflict(String),
    /// Reading or writing files failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> FixError + '_ {
    move |source| FixError::Io { path: path.to_path_buf(), source }
}

/// The name after the enabled fixes: whitespace normalised, then converted to the casing.
fn fixed_name(name: &str, casing: Option<Casing>, fix_whitespace: bool, fix_casing: bool) -> String {
    let mut fixed = name.to_owned();
    if fix_whitespace && names::whitespace_problem(&fixed).is_some() {
        fixed = names::normalize_whitespace(&fixed);
    }
    if let (true, Some(casing)) = (fix_casing, casing) {
        let clean = names::normalize_whitespace(&fixed);
        if !clean.is_empty() && !names::follows(&clean, casing) {
            let converted = names::convert(&clean, casing);
            if !converted.is_empty() {
                fixed = converted;
            }
        }
    }
    fixed
}

/// Compute the fixes for the enabled fixable rules and check that the fixed plan loads.
pub fn plan_fixes(source: &PlanSource, settings: &RuleSettings) -> Result<FixOutcome, FixError> {
    let plan = &source.plan;
    let renames = renames(plan, settings);
    if renames.is_empty() {
        return Ok(FixOutcome::default());
    }
    let mut edits = Edits::default();
    let mut property_names: HashMap<&Location, &str> = HashMap::new();
    for rename in &renames {
        match rename.what {
            "event" => edits.string_at(source, &rename.location, false, &rename.from, &rename.to)?,
            _ => {
                edits.string_at(source, &rename.location, true, &rename.from, &rename.to)?;
                property_names.insert(&rename.location, &rename.to);
            }
        }
    }
    if !property_names.is_empty() {
        rename_example_keys(source, &property_names, &mut edits)?;
    }
    let files = edits.apply(source)?;
    verify(source, &files)?;
    Ok(FixOutcome { renames, files })
}

fn renames(plan: &Plan, settings: &RuleSettings) -> Vec<Rename> {
    let fix_whitespace = settings.enabled(Rule::NameWhitespace);
    let mut renames = Vec::new();
    for event in plan.events.iter().filter(|e| e.status != Status::Deprecated) {
        let to =
            fixed_name(&event.name, plan.conventions.event_casing, fix_whitespace, settings.enabled(Rule::EventCasing));
        if to != event.name {
            let location = Location { file: event.location.file.clone(), path: event.location.path.key("name") };
            renames.push(Rename { what: "event", from: event.name.clone(), to, location });
        }
    }
    let deprecated = DeprecatedScopes::new(plan);
    let fix_casing = settings.enabled(Rule::PropertyCasing);
    for property in declared_properties(plan) {
        if deprecated.contains(&property.location) {
            continue;
        }
        let to = fixed_name(&property.name, plan.conventions.property_casing, fix_whitespace, fix_casing);
        if to != property.name {
            renames.push(Rename {
                what: "property",
                from: property.name.clone(),
                to,
                location: property.location.clone(),
            });
        }
    }
    renames
}

/// Text replacements per file, by byte range.
#[derive(Default)]
struct Edits {
    by_file: HashMap<PathBuf, Vec<(Range<usize>, String)>>,
}

impl Edits {
    /// Replace the string (key or value) at `location`, which must read `old`, with `text`.
    fn string_at(
        &mut self,
        source: &PlanSource,
        location: &Location,
        key: bool,
        old: &str,
        text: &str,
    ) -> Result<(), FixError> {
        let Some(file) = source.file(&location.file) else {
            return Err(FixError::Conflict(format!("{} is not a file of this plan", location.file.display())));
        };
        let entry = file.index().get(&location.path);
        let range = entry.and_then(|e| if key { e.key.clone() } else { Some(e.value.clone()) });
        // The text at the place must be the name being replaced, written as a JSON string.
        let written = range.clone().and_then(|r| file.text.get(r)).and_then(|t| serde_json::from_str::<String>(t).ok());
        let (Some(range), true) = (range, written.as_deref() == Some(old)) else {
            return Err(FixError::Conflict(format!("{}: no string {old:?} at {}", file.path.display(), location.path)));
        };
        let replacement = serde_json::to_string(text).unwrap_or_default();
        self.by_file.entry(file.path.clone()).or_default().push((range, replacement));
        Ok(())
    }

    /// Every file's new text, edits applied from the end so offsets stay valid.
    fn apply(mut self, source: &PlanSource) -> Result<Vec<FixedFile>, FixError> {
        let mut files = Vec::new();
        for file in &source.files {
            let Some(mut edits) = self.by_file.remove(&file.path) else { continue };
            edits.sort_by_key(|(range, _)| (range.start, range.end));
            edits.dedup();
            if let Some(pair) = edits.windows(2).find(|pair| pair[0].0.end > pair[1].0.start) {
                let at = file.index().line_column(&file.text, pair[1].0.start);
                return Err(FixError::Conflict(format!("{}:{}:{}", file.path.display(), at.line, at.column)));
            }
            let mut text = file.text.clone();
            for (range, replacement) in edits.iter().rev() {
                text.replace_range(range.clone(), replacement);
            }
            files.push(FixedFile { path: file.path.clone(), text, edits: edits.len() });
        }
        Ok(files)
    }
}

/// Rename the keys of renamed properties inside example payloads, examples and defaults.
fn rename_example_keys(
    source: &PlanSource,
    renamed: &HashMap<&Location, &str>,
    edits: &mut Edits,
) -> Result<(), FixError> {
    let plan = &source.plan;
    let mut documents: HashMap<&Path, Value> = HashMap::new();
    for file in &source.files {
        if let Ok(value) = serde_json::from_str(&file.text) {
            documents.insert(&file.path, value);
        }
    }
    let mut walker = KeyWalker { plan, renamed, found: Vec::new() };
    for event in &plan.events {
        let Some(document) = documents.get(event.location.file.as_path()) else { continue };
        let examples_at = event.location.path.key("examples");
        for index in 0..event.examples.len() {
            let at = examples_at.index(index);
            if let Some(value) = lookup(document, &at) {
                walker.object(&event.properties, value, &Location { file: event.location.file.clone(), path: at });
            }
        }
    }
    // Examples and defaults written on properties and on shared object definitions.
    let mut valued: Vec<(&Location, Type)> =
        declared_properties(plan).into_iter().map(|p| (&p.location, p.ty.clone())).collect();
    valued.extend(
        plan.types
            .iter()
            .filter(|t| matches!(t.kind, NamedKind::Object { .. }))
            .map(|t| (&t.location, Type::Object(t.id))),
    );
    for (location, ty) in valued {
        let Some(document) = documents.get(location.file.as_path()) else { continue };
        let Some(Value::Object(spec)) = lookup(document, &location.path) else { continue };
        let mut places: Vec<JsonPath> = Vec::new();
        if spec.contains_key("default") {
            places.push(location.path.key("default"));
        }
        let examples = spec.get("examples").and_then(Value::as_array).map_or(0, Vec::len);
        places.extend((0..examples).map(|i| location.path.key("examples").index(i)));
        for path in places {
            if let Some(value) = lookup(document, &path) {
                walker.value(&ty, value, &Location { file: location.file.clone(), path });
            }
        }
    }
    for (location, old, name) in walker.found {
        edits.string_at(source, &location, true, &old, name)?;
    }
    Ok(())
}

/// Follows a value along its type and records the keys of renamed properties.
struct KeyWalker<'p, 'r> {
    plan: &'p Plan,
    renamed: &'r HashMap<&'r Location, &'r str>,
    /// Example keys to rename: where, the old name, the new name.
    found: Vec<(Location, String, &'r str)>,
}

impl KeyWalker<'_, '_> {
    fn object(&mut self, properties: &[Property], value: &Value, at: &Location) {
        let Value::Object(members) = value else { return };
        for (key, member) in members {
            let Some(property) = properties.iter().find(|p| &p.name == key) else { continue };
            let member_at = Location { file: at.file.clone(), path: at.path.key(key) };
            if let Some(name) = self.renamed.get(&property.location) {
                self.found.push((member_at.clone(), key.clone(), name));
            }
            self.value(&property.ty, member, &member_at);
        }
    }

    fn value(&mut self, ty: &Type, value: &Value, at: &Location) {
        match ty {
            Type::Object(id) => {
                if let NamedKind::Object { properties } = &self.plan.ty(*id).kind {
                    self.object(properties, value, at);
                }
            }
            Type::Array(array) => {
                for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                    let item_at = Location { file: at.file.clone(), path: at.path.index(index) };
                    self.value(&array.items, item, &item_at);
                }
            }
            _ => {}
        }
    }
}

fn lookup<'v>(document: &'v Value, path: &JsonPath) -> Option<&'v Value> {
    path.segments().iter().try_fold(document, |value, segment| match segment {
        Segment::Key(key) => value.get(key.as_str()),
        Segment::Index(index) => value.get(*index),
    })
}

/// Load the fixed plan from a scratch copy of all its files.
fn verify(source: &PlanSource, fixed: &[FixedFile]) -> Result<(), FixError> {
    let canonical: Vec<PathBuf> = source
        .files
        .iter()
        .map(|f| std::fs::canonicalize(&f.path).map_err(io_error(&f.path)))
        .collect::<Result<_, _>>()?;
    let base = common_ancestor(&canonical);
    let scratch = Scratch::new()?;
    for (file, path) in source.files.iter().zip(&canonical) {
        let text = fixed.iter().find(|f| f.path == file.path).map_or(file.text.as_str(), |f| f.text.as_str());
        let target = scratch.0.join(path.strip_prefix(&base).unwrap_or(path));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        std::fs::write(&target, text).map_err(io_error(&target))?;
    }
    let root = scratch.0.join(canonical[0].strip_prefix(&base).unwrap_or(&canonical[0]));
    match trackplan_plan_model::load(&root) {
        Ok(_) => Ok(()),
        Err(diagnostics) => Err(FixError::WouldBreak(relocate(&diagnostics, &scratch.0, &base))),
    }
}

/// Diagnostics of the scratch copy, naming the real files.
fn relocate(diagnostics: &Diagnostics, scratch: &Path, base: &Path) -> String {
    let scratch = format!("{}{}", scratch.display(), std::path::MAIN_SEPARATOR);
    let base = format!("{}{}", base.display(), std::path::MAIN_SEPARATOR);
    diagnostics.to_string().replace(&scratch, &base)
}

fn common_ancestor(paths: &[PathBuf]) -> PathBuf {
    let mut base = paths[0].parent().map(Path::to_path_buf).unwrap_or_default();
    while !paths.iter().all(|p| p.starts_with(&base)) {
        if !base.pop() {
            break;
        }
    }
    base
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, FixError> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("trackplan-fix-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Write the fixed files: every new text goes to a temporary file next to its target first,
/// then all are renamed into place, so no file is ever half-written.
pub fn apply_fixes(outcome: &FixOutcome) -> Result<(), FixError> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let result = (|| {
        for file in &outcome.files {
            let name = file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = file.path.with_file_name(format!(".{name}.{}.fix.tmp", std::process::id()));
            std::fs::write(&temp, &file.text).map_err(io_error(&temp))?;
            if let Ok(metadata) = std::fs::metadata(&file.path) {
                let _ = std::fs::set_permissions(&temp, metadata.permissions());
            }
            staged.push((temp, &file.path));
        }
        for (temp, target) in &staged {
            std::fs::rename(temp, target).map_err(io_error(target))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
    }
    result
}
