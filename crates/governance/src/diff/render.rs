//! Diff reports: for a terminal, and Markdown for pull-request comments.

use std::fmt::Write;

use super::{Bump, CallDiff, Change, EventDiff, PlanDiff, Presence};

fn version_note(event: &EventDiff) -> String {
    let show = |v: &Option<trackplan_plan_model::SchemaVer>| v.map(|v| v.to_string()).unwrap_or_default();
    match event.presence {
        Presence::Added => format!("new, {}", show(&event.new_version)),
        Presence::Removed => format!("removed, was {}", show(&event.old_version)),
        Presence::Changed => {
            let mut note = if event.old_version == event.new_version {
                show(&event.new_version)
            } else {
                format!("{} → {}", show(&event.old_version), show(&event.new_version))
            };
            if !event.version_ok {
                note.push_str(&format!(", needs {}", show(&event.required_version)));
            }
            note
        }
    }
}

fn bump_label(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "no schema change",
        other => other.as_str(),
    }
}

fn change_line(change: &Change) -> String {
    let level = if change.bump == Bump::None { "-" } else { change.bump.as_str() };
    let subject = if change.path.is_empty() { String::new() } else { format!("{}: ", change.path) };
    format!("{level:<9} {subject}{}", change.detail)
}

fn renamed(event: &EventDiff) -> String {
    match (&event.possibly_renamed, event.presence) {
        (Some(other), Presence::Added) => format!(" (possibly renamed from {other:?})"),
        (Some(other), _) => format!(" (possibly renamed to {other:?})"),
        (None, _) => String::new(),
    }
}

/// The verdict line: impact, required version, and whether the new version carries it.
pub fn verdict(diff: &PlanDiff) -> String {
    if diff.is_empty() {
        return format!("no changes between {} and {}", diff.old.label, diff.new.label);
    }
    let check = if diff.version_ok {
        format!("{} is enough", diff.new.version)
    } else {
        format!("{} is not enough, use at least {}", diff.new.version, diff.required_version)
    };
    format!("{} change: plan version {} → {} ({check})", diff.impact.as_str(), diff.old.version, diff.new.version)
}

/// The report for a terminal.
pub fn human(diff: &PlanDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:?} {} ({}) → {} ({})",
        diff.new.name, diff.old.version, diff.old.label, diff.new.version, diff.new.label
    );
    let _ = writeln!(out, "{}", verdict(diff));
    for change in &diff.plan_changes {
        let _ = writeln!(out, "  plan: {change}");
    }
    for event in &diff.events {
        let sign = match event.presence {
            Presence::Added => '+',
            Presence::Removed => '-',
            Presence::Changed => '~',
        };
        let flag = if event.version_ok { "" } else { "  ✗ version not bumped enough" };
        let level =
            if event.presence == Presence::Changed { format!(" {}", bump_label(event.bump)) } else { String::new() };
        let _ =
            writeln!(out, "\n{sign} event {:?}{level} [{}]{}{flag}", event.name, version_note(event), renamed(event));
        for change in &event.changes {
            let _ = writeln!(out, "    {}", change_line(change));
        }
    }
    for call in &diff.calls {
        call_block(&mut out, call);
    }
    out
}

fn call_block(out: &mut String, call: &CallDiff) {
    let what = match call.presence {
        Presence::Added => "added".to_owned(),
        Presence::Removed => "removed".to_owned(),
        Presence::Changed => call.bump.as_str().to_owned(),
    };
    let _ = writeln!(out, "\n~ {} [{what}]", call.name);
    for change in &call.changes {
        let _ = writeln!(out, "    {}", change_line(change));
    }
}

/// Escape text placed mid-line in Markdown so plan names cannot open emphasis, code, a link,
/// a table cell, strike-through or HTML.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

/// The report as a pull-request comment.
pub fn markdown(diff: &PlanDiff) -> String {
    let e = markdown_escape;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Tracking plan changes: {} {} → {}\n",
        e(&diff.new.name),
        e(&diff.old.version),
        e(&diff.new.version)
    );
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let impact = match diff.impact {
        super::Impact::Major => "**major**: breaking for existing data or consumers",
        super::Impact::Minor => "**minor**: compatible additions",
        super::Impact::Patch => "**patch**: documentation and metadata only",
        super::Impact::None => "none",
    };
    let _ = writeln!(out, "Impact: {impact}.");
    if diff.version_ok {
        let _ = writeln!(out, "Plan version {} carries it.\n", e(&diff.new.version));
    } else {
        let _ = writeln!(
            out,
            "**Plan version {} is not enough: use at least {}.**\n",
            e(&diff.new.version),
            e(&diff.required_version)
        );
    }
    for change in &diff.plan_changes {
        let _ = writeln!(out, "- Plan {}", e(change));
    }
    if !diff.plan_changes.is_empty() {
        out.push('\n');
    }
    if !diff.events.is_empty() {
        out.push_str("| Event | Change | SchemaVer | Version |\n| --- | --- | --- | --- |\n");
        for event in &diff.events {
            let presence = match event.presence {
                Presence::Added => "added",
                Presence::Removed => "removed",
                Presence::Changed => "changed",
            };
            let bump = if event.presence == Presence::Changed { bump_label(event.bump) } else { "" };
            let mut version = e(&version_note(event));
            if !event.version_ok {
                version = format!("**{version}**");
            }
            let _ = writeln!(out, "| {}{} | {presence} | {bump} | {version} |", e(&event.name), e(&renamed(event)));
        }
        out.push('\n');
    }
    let detailed: Vec<(&str, &[Change])> = diff
        .events
        .iter()
        .filter(|ev| !ev.changes.is_empty())
        .map(|ev| (ev.name.as_str(), ev.changes.as_slice()))
        .chain(diff.calls.iter().filter(|c| !c.changes.is_empty()).map(|c| (c.name, c.changes.as_slice())))
        .collect();
    if !detailed.is_empty() {
        out.push_str("<details><summary>Changes in detail</summary>\n\n");
        for (name, changes) in detailed {
            let _ = writeln!(out, "**{}**\n", e(name));
            for change in changes {
                let level = if change.bump == Bump::None {
                    "no version change".to_owned()
                } else {
                    change.bump.as_str().to_owned()
                };
                let subject = if change.path.is_empty() {
                    String::new()
                } else {
                    format!("`{}`: ", change.path.replace('`', "'"))
                };
                let _ = writeln!(out, "- {level}: {subject}{}", e(&change.detail));
            }
            out.push('\n');
        }
        out.push_str("</details>\n");
    }
    out
}
