//! Rendering a plan into a [`Site`]: every page, the stylesheet and the script.

use std::collections::HashMap;

use askama::Template;
use trackplan_plan_model::model::Plan;

use crate::catalog::{CallKind, Catalog, own_type};
use crate::changes::{Changes, EventChange};
use crate::instrumentation::Instrumentation;
use crate::pages::diagnostics::Problem;
use crate::pages::{self, Chrome, Frame, NavLink};
use crate::site::Site;

/// The stylesheet every page links.
pub(crate) const SITE_CSS: &str = include_str!("../../../templates/docs/assets/site.css");
/// The script every page loads: search, filters and keyboard shortcuts.
pub(crate) const SITE_JS: &str = include_str!("../../../templates/docs/assets/site.js");

/// What to put in the site besides the plan.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    instrumentation: Option<&'a Instrumentation>,
    changes: Option<&'a Changes>,
    live_reload: Option<u64>,
}

impl<'a> Options<'a> {
    /// Show where each event is tracked in code, from a `codegen status` report.
    pub fn instrumentation(mut self, report: &'a Instrumentation) -> Self {
        self.instrumentation = Some(report);
        self
    }

    /// Add the changes page, and each event's changes to its page.
    pub fn changes(mut self, changes: &'a Changes) -> Self {
        self.changes = Some(changes);
        self
    }

    /// Load the live-reload script served by `--serve`, tagged with the site's version.
    pub(crate) fn live_reload(mut self, version: u64) -> Self {
        self.live_reload = Some(version);
        self
    }
}

/// A page could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed.
    #[error("cannot render the docs site: {0}")]
    Template(#[from] askama::Error),
    /// The search index could not be serialised.
    #[error("cannot write the search index: {0}")]
    SearchIndex(#[from] serde_json::Error),
}

/// The documentation site of `plan`.
pub fn render(plan: &Plan, options: &Options<'_>) -> Result<Site, RenderError> {
    let catalog = Catalog::new(plan);
    let frame = Frame {
        plan,
        version: plan.version.to_string(),
        hash: plan.hash.get(..12).unwrap_or(&plan.hash),
        nav: navigation(plan, options),
        live_reload: options.live_reload,
    };
    let report = options.instrumentation;
    let mut site = Site::default();
    add_assets(&mut site);
    site.insert("index.html", pages::index::page(&frame, &catalog, report)?.render()?);
    let changes_by_event: HashMap<&str, &EventChange> =
        options.changes.map(|c| c.events.iter().map(|e| (e.event.as_str(), e)).collect()).unwrap_or_default();
    let event_page = |index: usize| -> Result<String, RenderError> {
        let name = plan.events[index].name.as_str();
        let change = options.changes.and_then(|all| changes_by_event.get(name).map(|c| (*c, all)));
        Ok(pages::event::page(&frame, &catalog, index, report, change).render()?)
    };
    for (index, page) in in_parallel(plan.events.len(), event_page)?.into_iter().enumerate() {
        site.insert(catalog.event_file(index), page);
    }
    for kind in CallKind::ALL {
        if let Some(call) = kind.of(plan) {
            site.insert(kind.file(), pages::calls::page(&frame, &catalog, kind, call).render()?);
        }
    }
    if !plan.types.is_empty() || !plan.definitions.is_empty() {
        site.insert("types.html", pages::types::list(&frame, &catalog).render()?);
        for ty in &plan.types {
            if let Some(file) = catalog.type_file(ty.id) {
                site.insert(file, pages::types::page(&frame, &catalog, ty).render()?);
            }
        }
        for (index, definition) in plan.definitions.iter().enumerate() {
            if own_type(plan, definition).is_none() {
                let page = pages::types::definition_page(&frame, &catalog, index).render()?;
                site.insert(catalog.definition_file_at(index), page);
            }
        }
    }
    if let Some(changes) = options.changes {
        site.insert("changes.html", pages::changes::page(&frame, &catalog, changes).render()?);
    }
    site.insert("about.html", pages::about::page(&frame, &catalog, report).render()?);
    Ok(site)
}

/// `render(0..count)` spread over the machine's cores, results in index order.
fn in_parallel<T: Send>(
    count: usize,
    render: impl Fn(usize) -> Result<T, RenderError> + Sync,
) -> Result<Vec<T>, RenderError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16);
    let chunk = count.div_ceil(threads).max(1);
    let render = &render;
    let chunks: Vec<Result<Vec<T>, RenderError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .step_by(chunk)
            .map(|start| scope.spawn(move || (start..count.min(start + chunk)).map(render).collect()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut out = Vec::with_capacity(count);
    for chunk in chunks {
        out.extend(chunk?);
    }
    Ok(out)
}

fn navigation(plan: &Plan, options: &Options<'_>) -> Vec<NavLink> {
    let mut nav = vec![NavLink { key: "events", href: "index.html".into(), label: "Events" }];
    for kind in CallKind::ALL {
        if kind.of(plan).is_some() {
            nav.push(NavLink { key: pages::calls::nav_key(kind), href: kind.file().into(), label: kind.title() });
        }
    }
    if !plan.types.is_empty() || !plan.definitions.is_empty() {
        nav.push(NavLink { key: "types", href: "types.html".into(), label: "Types" });
    }
    if options.changes.is_some() {
        nav.push(NavLink { key: "changes", href: "changes.html".into(), label: "Changes" });
    }
    nav.push(NavLink { key: "about", href: "about.html".into(), label: "About" });
    nav
}

fn add_assets(site: &mut Site) {
    site.insert("assets/site.css", SITE_CSS.to_owned());
    site.insert("assets/site.js", SITE_JS.to_owned());
}

/// A site of one page listing why the plan could not be documented; `--serve` shows it in
/// place of every page while the plan is broken, and it reloads when the plan is fixed.
pub(crate) fn render_problems(
    summary: &str,
    problems: Vec<Problem>,
    live_reload: Option<u64>,
) -> Result<Site, RenderError> {
    let chrome = Chrome {
        title: "Plan errors".to_owned(),
        // Served in place of any page, at any depth: links start at the server's root.
        root: "/",
        plan_name: "Tracking plan",
        plan_version: "",
        plan_hash: "",
        nav: &[],
        current: "",
        live_reload,
    };
    let mut site = Site::default();
    add_assets(&mut site);
    site.insert("index.html", pages::diagnostics::page(chrome, summary, problems).render()?);
    Ok(site)
}
