//! One module per kind of page: the data its template shows, computed from the plan.

pub(crate) mod about;
pub(crate) mod calls;
pub(crate) mod changes;
pub(crate) mod diagnostics;
pub(crate) mod event;
pub(crate) mod index;
pub(crate) mod types;

use std::path::{Component, Path};

use trackplan_plan_model::model::{DestinationKind, Location, Plan, Priority};

/// What every page shows around its content: title, header, navigation, footer.
#[derive(Debug)]
pub(crate) struct Chrome<'a> {
    /// Page title (the plan name follows it in the window title).
    pub(crate) title: String,
    /// Path from the page to the site root: `""` or `"../"`.
    pub(crate) root: &'static str,
    /// Name of the plan.
    pub(crate) plan_name: &'a str,
    /// Version of the plan; empty when there is no plan (diagnostics page).
    pub(crate) plan_version: &'a str,
    /// First characters of the plan hash; empty when there is no plan.
    pub(crate) plan_hash: &'a str,
    /// Sections of the site.
    pub(crate) nav: &'a [NavLink],
    /// Key of the section this page belongs to.
    pub(crate) current: &'static str,
    /// Site version for the live-reload script, in serve mode only.
    pub(crate) live_reload: Option<u64>,
}

/// A section in the navigation bar.
#[derive(Debug, Clone)]
pub(crate) struct NavLink {
    /// Compared with [`Chrome::current`].
    pub(crate) key: &'static str,
    /// Page, relative to the site root.
    pub(crate) href: String,
    /// Text.
    pub(crate) label: &'static str,
}

/// Facts shared by every page of one site.
#[derive(Debug)]
pub(crate) struct Frame<'a> {
    pub(crate) plan: &'a Plan,
    pub(crate) version: String,
    pub(crate) hash: &'a str,
    pub(crate) nav: Vec<NavLink>,
    pub(crate) live_reload: Option<u64>,
}

impl<'a> Frame<'a> {
    /// The chrome of one page.
    pub(crate) fn chrome(&'a self, title: impl Into<String>, root: &'static str, current: &'static str) -> Chrome<'a> {
        Chrome {
            title: title.into(),
            root,
            plan_name: &self.plan.name,
            plan_version: &self.version,
            plan_hash: self.hash,
            nav: &self.nav,
            current,
            live_reload: self.live_reload,
        }
    }
}

/// Priority as shown in badges and CSS classes.
pub(crate) fn priority_label(priority: Option<Priority>) -> Option<&'static str> {
    priority.map(|p| match p {
        Priority::P0 => "P0",
        Priority::P1 => "P1",
        Priority::P2 => "P2",
    })
}

/// The tool a destination delivers to.
pub(crate) fn destination_kind(kind: DestinationKind) -> &'static str {
    match kind {
        DestinationKind::Segment => "Segment",
        DestinationKind::Amplitude => "Amplitude",
        DestinationKind::Mixpanel => "Mixpanel",
        DestinationKind::Custom => "custom",
    }
}

impl Frame<'_> {
    /// Where an item is written, its file relative to the plan's root file:
    /// `events/checkout.json at events[3]`.
    pub(crate) fn location_text(&self, location: &Location) -> String {
        format!("{} at {}", self.plan_file(&location.file), location.path)
    }

    /// A plan file relative to the directory of the root file, so the site shows the plan's
    /// own layout rather than where it happened to be on the machine that built the site.
    pub(crate) fn plan_file(&self, file: &Path) -> String {
        let base = self.plan.files.first().and_then(|root| root.parent()).unwrap_or(Path::new(""));
        relative_path(base, file)
    }
}

/// `path` relative to `base`, both taken lexically (`a/../b` is `b`), `/`-separated.
fn relative_path(base: &Path, path: &Path) -> String {
    let base = normalise(base);
    let path = normalise(path);
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    if common == 0 && (base.first().is_some_and(|c| c == "/") || path.first().is_some_and(|c| c == "/")) {
        // One absolute, one relative: nothing to be relative to.
        return match path.split_first() {
            Some((root, rest)) if root == "/" => format!("/{}", rest.join("/")),
            _ => path.join("/"),
        };
    }
    let ups = std::iter::repeat_n("..".to_owned(), base.len() - common);
    ups.chain(path[common..].iter().cloned()).collect::<Vec<_>>().join("/")
}

/// A run of text, or of code where the text had `backticks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    pub(crate) code: bool,
    pub(crate) text: String,
}

/// Text with `backtick` spans (as change descriptions write names) cut into phrases.
pub(crate) fn phrases(text: &str) -> Vec<Phrase> {
    let parts: Vec<&str> = text.split('`').collect();
    // An unmatched backtick is shown as written.
    if parts.len() % 2 == 0 {
        return vec![Phrase { code: false, text: text.to_owned() }];
    }
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(index, part)| Phrase { code: index % 2 == 1, text: part.to_owned() })
        .collect()
}

fn normalise(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if parts.last().is_some_and(|p| p != ".." && p != "/") => {
                parts.pop();
            }
            Component::RootDir => parts.push("/".to_owned()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::{Phrase, phrases, relative_path};
    use std::path::Path;

    #[test]
    fn backticks_mark_code() {
        let shown =
            |text: &str| -> Vec<(bool, String)> { phrases(text).into_iter().map(|p| (p.code, p.text)).collect() };
        assert_eq!(
            shown("property `total` added"),
            [(false, "property ".into()), (true, "total".into()), (false, " added".into())]
        );
        assert_eq!(shown("odd ` tick"), [(false, "odd ` tick".into())]);
        assert_eq!(phrases("plain"), [Phrase { code: false, text: "plain".into() }]);
    }

    #[test]
    fn plan_files_are_shown_relative_to_the_root_file() {
        let base = Path::new("/work/repo/crates/x/../../fixtures/shop");
        assert_eq!(relative_path(base, Path::new("/work/repo/fixtures/shop/tracking-plan.json")), "tracking-plan.json");
        assert_eq!(relative_path(base, Path::new("/work/repo/fixtures/shop/events/../events/a.json")), "events/a.json");
        assert_eq!(relative_path(base, Path::new("/work/repo/fixtures/shared/b.json")), "../shared/b.json");
        assert_eq!(relative_path(Path::new(""), Path::new("plan.json")), "plan.json");
        assert_eq!(relative_path(Path::new("plans"), Path::new("plans/events/c.json")), "events/c.json");
        assert_eq!(relative_path(Path::new("plans"), Path::new("/abs/d.json")), "/abs/d.json");
    }
}
