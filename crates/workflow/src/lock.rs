//! `tracking-plan.lock.json`: the resolved plan pinned by `codegen pull`, normalized and
//! key-sorted so that a plan change is a small diff, with its source, version and content hash.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use trackplan_plan_model::raw::PlanFile;

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

/// The lock file format version this crate reads and writes.
pub const LOCK_VERSION: u32 = 1;

/// A lock file. Fields are declared in key order so that it serializes key-sorted as is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Lock {
    /// `sha256:` of the normalized `plan` below; generated files name the plan hash.
    pub content_hash: String,
    /// Format version of the lock file.
    pub lock_version: u32,
    /// The plan's name.
    pub name: String,
    /// The plan, includes merged, objects key-sorted and events sorted by name.
    pub plan: Value,
    /// Where the plan was pulled from (never with credentials).
    pub source: LockedSource,
    /// `sha256:` of the whole plan as the source served it, for `codegen pull --check`.
    pub source_hash: String,
    /// The plan's version.
    pub version: String,
}

/// The source a lock was pulled from (fields in key order, like [`Lock`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LockedSource {
    /// "path", "url", "git" or "segment".
    pub kind: String,
    /// File, URL, repository or tracking plan id, without credentials.
    pub location: String,
    /// The git commit or Segment update time the plan was read at, when the source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// A plan in lock form: key-sorted JSON with events in name order.
pub fn normalize(plan: &PlanFile) -> Value {
    let mut plan = plan.clone();
    plan.schema = None;
    plan.events.sort_by(|a, b| a.name.cmp(&b.name));
    sort_keys(serde_json::to_value(&plan).unwrap_or(Value::Null))
}

fn sort_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sort_keys(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// `sha256:<hex>` of a normalized plan's compact JSON.
pub fn content_hash(normalized: &Value) -> String {
    let mut hasher = Sha256::new();
    let _ = serde_json::to_writer(&mut hasher, normalized);
    let digest: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{digest}")
}

impl Lock {
    /// A lock for `plan` (normalized here) pulled from `source`.
    pub fn new(source: LockedSource, plan: &PlanFile, source_hash: String) -> Lock {
        Lock::from_normalized(source, plan, normalize(plan), source_hash)
    }

    /// A lock for `plan` whose normalized form (see [`normalize`]) is already at hand.
    pub fn from_normalized(source: LockedSource, plan: &PlanFile, normalized: Value, source_hash: String) -> Lock {
        Lock {
            lock_version: LOCK_VERSION,
            source,
            name: plan.name.clone(),
            version: plan.version.clone(),
            content_hash: content_hash(&normalized),
            source_hash,
            plan: normalized,
        }
    }

    /// The locked plan in its file form.
    pub fn plan_file(&self) -> Result<PlanFile, String> {
        serde_json::from_value(self.plan.clone()).map_err(|e| e.to_string())
    }

    /// The lock file's text: pretty, key-sorted, ending with a newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Read the lock at `path`; `None` when there is none yet.
    pub fn read(path: &Path) -> Result<Option<Lock>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(Error::Lock { path: path.to_path_buf(), message: format!("cannot read it: {error}") });
            }
        };
        let lock: Lock = serde_json::from_str(&text).map_err(|error| Error::Lock {
            path: path.to_path_buf(),
            message: format!("not a valid lock file ({error}); restore it from version control or run `codegen pull`"),
        })?;
        if lock.lock_version != LOCK_VERSION {
            return Err(Error::Lock {
                path: path.to_path_buf(),
                message: format!(
                    "lock format version {} is not supported (this codegen reads {LOCK_VERSION}): upgrade codegen",
                    lock.lock_version
                ),
            });
        }
        if content_hash(&lock.plan) != lock.content_hash {
            return Err(Error::Lock {
                path: path.to_path_buf(),
                message: "the plan does not match its contentHash (edited by hand?): run `codegen pull`".to_owned(),
            });
        }
        Ok(Some(lock))
    }

    /// Write the lock atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        write_atomic(path, self.to_text().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_text_is_key_sorted_and_round_trips() {
        let plan: PlanFile = serde_json::from_value(serde_json::json!({
            "formatVersion": 1, "name": "P", "version": "1.2.0",
            "events": [{"name": "B", "properties": {"z": {"type": "string"}, "a": {"type": "integer"}}}, {"name": "A"}]
        }))
        .expect("plan");
        let source =
            LockedSource { kind: "git".into(), location: "repo#main:p.json".into(), revision: Some("abc".into()) };
        let lock = Lock::new(source, &plan, "sha256:x".into());
        let text = lock.to_text();
        let sorted =
            serde_json::to_string_pretty(&sort_keys(serde_json::to_value(&lock).expect("value"))).expect("text");
        assert_eq!(text, format!("{sorted}\n"));
        assert!(text.find("\"A\"") < text.find("\"B\""), "events sorted by name");
        let back: Lock = serde_json::from_str(&text).expect("parse");
        assert_eq!(back, lock);
        assert_eq!(content_hash(&back.plan), back.content_hash);
    }
}
