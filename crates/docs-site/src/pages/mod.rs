//! One module per kind of page: the data its template shows, computed from the plan.

pub(crate) mod about;
pub(crate) mod calls;
pub(crate) mod changes;
pub(crate) mod diagnostics;
pub(crate) mod event;
pub(crate) mod index;
pub(crate) mod types;

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

/// Where an item is written: `events/checkout.json at events[3]`.
pub(crate) fn location_text(location: &Location) -> String {
    format!("{} at {}", location.file.display(), location.path)
}
