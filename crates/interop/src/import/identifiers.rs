//! Names from other tools need not yield identifiers: "orderId" and "order_id" in one event
//! become the same Rust field, "*/" becomes none at all. Tracking plans elsewhere have no
//! identifier overrides, so the import adds them where the loader says it must, and reports
//! each one.

use serde_json::Value;
use trackplan_plan_model::Code;
use trackplan_plan_model::raw::PlanFile;

use crate::report::Report;

/// Loader passes before giving up: each pass fixes every item the loader reported.
const PASSES: usize = 4;

/// Sets `identifier` on the events and properties whose names give no identifier or one
/// that collides, until the plan loads or nothing more can be fixed.
pub(super) fn repair(plan: &mut PlanFile, report: &mut Report) {
    let mut next = 1;
    for _ in 0..PASSES {
        let text = super::plan_text(plan);
        let Err(diagnostics) = trackplan_plan_model::load_from_str("imported.json", text) else { return };
        let Ok(mut document) = serde_json::to_value(&*plan) else { return };
        let mut fixed = false;
        for diagnostic in &diagnostics.0 {
            if !matches!(diagnostic.code, Code::E0105 | Code::E0106) {
                continue;
            }
            let Some(segments) = parse_path(&diagnostic.span.path) else { continue };
            if let Some((place, identifier)) = set_identifier(&mut document, &segments, &mut next) {
                report.warn(place, format!("{}; identifier set to `{identifier}`", diagnostic.message));
                fixed = true;
            }
        }
        match serde_json::from_value(document) {
            Ok(repaired) if fixed => *plan = repaired,
            _ => return,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Reads a path as the plan model prints it: `events[3].properties["order id"]`.
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            if inner.starts_with('"') {
                let mut stream = serde_json::Deserializer::from_str(inner).into_iter::<String>();
                let key = stream.next()?.ok()?;
                let used = stream.byte_offset();
                segments.push(Segment::Key(key));
                rest = inner[used..].strip_prefix(']')?;
            } else {
                let end = inner.find(']')?;
                segments.push(Segment::Index(inner[..end].parse().ok()?));
                rest = &inner[end + 1..];
            }
        } else {
            let plain = rest.strip_prefix('.').unwrap_or(rest);
            let end = plain.find(['.', '[']).unwrap_or(plain.len());
            segments.push(Segment::Key(plain[..end].to_owned()));
            rest = &plain[end..];
        }
    }
    Some(segments)
}

/// Sets an identifier on the event or property `segments` point at (or at the name of);
/// returns where it was and the identifier given.
fn set_identifier(document: &mut Value, segments: &[Segment], next: &mut usize) -> Option<(String, String)> {
    let mut segments = segments.to_vec();
    if let [.., Segment::Key(key), Segment::Index(index)] = segments.as_slice() {
        if key == "enum" {
            let index = *index;
            segments.truncate(segments.len() - 2);
            return set_enum_identifier(document, &segments, index, next);
        }
    }
    if matches!(segments.last(), Some(Segment::Key(key)) if key == "name" || key == "identifier") {
        segments.pop();
    }
    let is_event = matches!(segments.as_slice(), [Segment::Key(events), Segment::Index(_)] if events == "events");
    let mut target = &mut *document;
    for segment in &segments {
        target = match segment {
            Segment::Key(key) => target.get_mut(key)?,
            Segment::Index(index) => target.get_mut(*index)?,
        };
    }
    let object = target.as_object_mut()?;
    let identifier = if is_event { format!("ImportedEvent{next}") } else { format!("imported_property_{next}") };
    *next += 1;
    object.insert("identifier".into(), identifier.clone().into());
    Some((place(&segments), identifier))
}

/// Names the `index`th value of the enum of the property at `segments`.
fn set_enum_identifier(
    document: &mut Value,
    segments: &[Segment],
    index: usize,
    next: &mut usize,
) -> Option<(String, String)> {
    let mut target = &mut *document;
    for segment in segments {
        target = match segment {
            Segment::Key(key) => target.get_mut(key)?,
            Segment::Index(index) => target.get_mut(*index)?,
        };
    }
    let value = target.get("enum")?.get(index)?.as_str()?.to_owned();
    let identifier = format!("ImportedValue{next}");
    *next += 1;
    let names = target.as_object_mut()?.entry("enumIdentifiers").or_insert_with(|| Value::Object(Default::default()));
    names.as_object_mut()?.insert(value, identifier.clone().into());
    let mut at = segments.to_vec();
    at.extend([Segment::Key("enum".into()), Segment::Index(index)]);
    Some((place(&at), identifier))
}

/// A JSON pointer into the imported plan file, for the report.
fn place(segments: &[Segment]) -> String {
    let pointer: String = segments
        .iter()
        .map(|segment| match segment {
            Segment::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Segment::Index(index) => format!("/{index}"),
        })
        .collect();
    format!("imported plan#{pointer}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_indexed_and_quoted_segments() {
        let parsed = parse_path(r#"events[3].properties["with space "].items"#).unwrap();
        assert_eq!(
            parsed,
            [
                Segment::Key("events".into()),
                Segment::Index(3),
                Segment::Key("properties".into()),
                Segment::Key("with space ".into()),
                Segment::Key("items".into())
            ]
        );
        assert_eq!(parse_path(r#"identify.traits["a\"]b"]"#).unwrap()[2], Segment::Key("a\"]b".into()));
    }
}
