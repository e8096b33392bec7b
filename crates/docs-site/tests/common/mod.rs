//! Helpers shared by the docs-site integration tests.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use serde_json::{Value, json};
use trackplan_docs_site::{Options, Site, render};
use trackplan_plan_model::Plan;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The e-commerce fixture plan.
pub fn ecommerce() -> Plan {
    trackplan_plan_model::load(repo().join("fixtures/ecommerce/tracking-plan.json")).expect("e-commerce plan loads")
}

/// The site of a plan with default options.
pub fn site_of(plan: &Plan) -> Site {
    render(plan, &Options::default()).expect("site renders")
}

/// A page of the site, parsed.
pub fn page(site: &Site, path: &str) -> Html {
    let text = site.get(path).unwrap_or_else(|| panic!("the site has no {path}"));
    Html::parse_document(text)
}

/// A CSS selector.
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"))
}

/// Text content of the first element matching `selector`, whitespace collapsed.
pub fn text_of(html: &Html, selector: &str) -> String {
    let element = html.select(&sel(selector)).next().unwrap_or_else(|| panic!("no element matches {selector}"));
    collapse(&element.text().collect::<String>())
}

/// Texts of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector)).map(|e| collapse(&e.text().collect::<String>())).collect()
}

/// Runs of whitespace as one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The site path a relative link on the page at `from` points to, and its fragment.
pub fn resolve(from: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_owned())),
        None => (href, None),
    };
    if path.is_empty() {
        return (from.to_owned(), fragment);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    (parts.join("/"), fragment)
}

/// Element names that the templates use; anything else in a page came from plan text.
pub const TEMPLATE_ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "link", "body", "a", "header", "div", "span", "nav", "ul", "li", "main", "footer",
    "code", "script", "section", "h1", "h2", "h3", "p", "strong", "label", "input", "kbd", "select", "option",
    "button", "ol", "article", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "wbr", "details",
    "summary", "pre",
];

/// Every element name in a page.
pub fn element_names(html: &Html) -> BTreeSet<String> {
    html.tree.values().filter_map(|node| node.as_element().map(|e| e.name().to_owned())).collect()
}

/// Copy a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Rewrite a JSON file through `change`.
pub fn edit(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    change(&mut value);
    std::fs::write(path, serde_json::to_string_pretty(&value).expect("json")).expect("write");
}

/// The event called `name` in a plan file.
pub fn event_mut<'v>(file: &'v mut Value, name: &str) -> &'v mut Value {
    file["events"].as_array_mut().expect("events").iter_mut().find(|e| e["name"] == name).expect("event")
}

/// The plan as it was "before": coupons not yet tracked, a legacy event still there, and an
/// older Checkout Started.
pub fn older_plan(test: &str) -> (Plan, PathBuf) {
    let dir = std::env::temp_dir().join(format!("trackplan-docs-older-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo().join("fixtures/ecommerce"), &dir);
    edit(&dir.join("tracking-plan.json"), |root| {
        root["version"] = json!("3.1.0");
        let traits = root["identify"]["traits"].as_object_mut().expect("identify traits");
        traits.remove("avatar");
        traits["email"]["pii"] = json!(false);
    });
    edit(&dir.join("events/checkout.json"), |file| {
        file.as_object_mut().expect("object").remove("include");
        let started = event_mut(file, "Checkout Started");
        started["version"] = json!("1-1-0");
        started["owners"] = json!(["growth-team"]);
        started.as_object_mut().expect("event").remove("examples");
        let properties = started["properties"].as_object_mut().expect("properties");
        properties.remove("affiliation");
        properties.insert("legacy_ref".into(), json!({"type": "string"}));
        properties["value"]["required"] = json!(false);
        file["events"]
            .as_array_mut()
            .expect("events")
            .push(json!({"name": "Legacy Checkout Opened", "version": "1-0-0"}));
    });
    let plan =
        trackplan_plan_model::load(dir.join("tracking-plan.json")).unwrap_or_else(|d| panic!("older plan:\n{d}"));
    (plan, dir)
}
