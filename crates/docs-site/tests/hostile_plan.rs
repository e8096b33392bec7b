//! Plan text is data, never markup: a plan full of script tags, quotes, comment and script
//! terminators, control characters and right-to-left text renders as inert text.

mod common;

use common::*;
use scraper::Html;
use serde_json::{Value, json};
use trackplan_plan_model::Plan;

const SCRIPT: &str = "</script><script>alert(1)</script>";
const ATTRIBUTE: &str = "\" onmouseover=\"alert(2)\" x='";
const MARKUP: &str = "<img src=x onerror=alert(3)><iframe src=javascript:alert(4)></iframe>";
const COMMENT: &str = "<!-- --> <![CDATA[ ]]>";
const UNICODE: &str = "עברית \u{202e}gnp.exe\u{202c} العربية 日本語 👩\u{200d}💻";

fn hostile_plan() -> (Plan, Value) {
    let description = format!("{SCRIPT} {ATTRIBUTE} {MARKUP} {COMMENT} {UNICODE} NUL[\u{0}] &amp; done");
    let document = json!({
        "formatVersion": 1,
        "name": format!("Evil </title>{SCRIPT} \"Plan\""),
        "version": "1.0.0",
        "vendor": "com.example.evil",
        "description": description,
        "sources": ["web", "ios"],
        "destinations": {"segment": {"type": "segment", "pii": false}},
        "identify": {"description": description, "traits": {
            "email": {"type": "string", "pii": true, "description": description, "examples": [SCRIPT]}
        }},
        "definitions": {
            "Evil Kind": {"type": "string", "enum": [format!("a{SCRIPT}"), format!("b{ATTRIBUTE}"), "c"], "description": description}
        },
        "events": [{
            "name": format!("Order {SCRIPT} Placed"),
            "description": description,
            "owners": [format!("team{ATTRIBUTE}"), SCRIPT, UNICODE],
            "category": MARKUP,
            "tags": [COMMENT, UNICODE],
            "sources": ["web"],
            "priority": "P0",
            "status": "deprecated",
            "deprecation": description,
            "properties": {
                "<b>label</b>": {
                    "type": "string", "required": true, "description": description,
                    "pattern": "^</script>$", "examples": ["</script>"], "default": "</script>"
                },
                "kind": {"$ref": "#/definitions/Evil Kind"},
                "nested": {"type": "object", "description": description, "properties": {
                    "deep": {"type": "string", "enum": [MARKUP, "plain"], "description": description}
                }}
            },
            "examples": [{"<b>label</b>": "</script>", "kind": "c"}]
        }, {
            "name": format!("Second {UNICODE} Event"),
            "description": "Plain.",
            "owners": ["plain-team"]
        }]
    });
    let plan = trackplan_plan_model::load_from_str("hostile.json", document.to_string())
        .unwrap_or_else(|d| panic!("the hostile plan must load:\n{d}"));
    (plan, document)
}

/// Only elements and scripts the templates write, no event-handler attributes, no script URLs.
fn assert_inert(path: &str, html: &Html) {
    assert!(html.errors.is_empty(), "{path}: {:?}", html.errors);
    let names = element_names(html);
    let foreign: Vec<&String> = names.iter().filter(|n| !TEMPLATE_ELEMENTS.contains(&n.as_str())).collect();
    assert!(foreign.is_empty(), "{path} has elements the templates never write: {foreign:?}");
    for element in html.tree.values().filter_map(|n| n.as_element()) {
        for (name, value) in element.attrs() {
            assert!(!name.starts_with("on"), "{path}: <{} {name}={value:?}>", element.name());
            assert!(
                !value.trim_start().to_ascii_lowercase().starts_with("javascript:"),
                "{path}: <{} {name}={value:?}>",
                element.name()
            );
        }
    }
    let scripts: Vec<(Option<&str>, Option<&str>)> =
        html.select(&sel("script")).map(|s| (s.attr("src"), s.attr("type"))).collect();
    let root = if path.contains('/') { "../" } else { "" };
    let site_js = format!("{root}assets/site.js");
    let mut expected = vec![(Some(site_js.as_str()), None)];
    if path == "index.html" {
        expected.insert(0, (None, Some("application/json")));
    }
    assert_eq!(scripts, expected, "{path}: only the site script (and the index's JSON data block)");
}

fn assert_site_inert(plan: &Plan) -> usize {
    let site = site_of(plan);
    let mut pages = 0;
    for (path, _) in site.files().filter(|(p, _)| p.ends_with(".html")) {
        assert_inert(path, &page(&site, path));
        pages += 1;
    }
    pages
}

#[test]
fn a_hostile_plan_renders_inert() {
    let (plan, _) = hostile_plan();
    assert!(assert_site_inert(&plan) >= 5);
}

#[test]
fn hostile_text_reads_back_exactly_as_written() {
    let (plan, document) = hostile_plan();
    let site = site_of(&plan);
    let event = &plan.events[0];
    let html = page(&site, &format!("events/{}.html", event.snake_name.replace('_', "-")));
    let name = document["events"][0]["name"].as_str().expect("name");
    assert_eq!(text_of(&html, "h1"), collapse(name));
    // Control characters cannot live in HTML; they show as their Unicode control pictures.
    let description = event.description.as_deref().expect("description").replace('\u{0}', "\u{2400}");
    assert_eq!(text_of(&html, ".lead"), collapse(&description));
    let owners = texts(&html, ".fact-list .chip");
    assert!(owners.contains(&collapse(&format!("team{ATTRIBUTE}"))), "{owners:?}");
    assert!(owners.contains(&SCRIPT.to_owned()));
    let row = html.select(&sel("table.properties tbody tr")).next().expect("first row");
    assert_eq!(
        collapse(&row.select(&sel(".prop-name")).next().expect("name").text().collect::<String>()),
        "<b>label</b>"
    );
    let rules = collapse(&row.select(&sel(".rules")).next().expect("rules").text().collect::<String>());
    assert_eq!(rules, "matches ^</script>$");
    let example: Value = serde_json::from_str(&text_of(&html, "#examples-heading + pre")).expect("example JSON");
    assert_eq!(example["<b>label</b>"], "</script>");
    let values = texts(&html, ".enum-value");
    assert!(
        values.contains(&format!("a{SCRIPT}")) && values.contains(&collapse(&format!("b{ATTRIBUTE}"))),
        "{values:?}"
    );
    let title = text_of(&html, "title");
    assert!(title.contains(&format!("Evil </title>{SCRIPT}")), "{title}");
}

#[test]
fn hostile_text_survives_the_search_index_and_filters() {
    let (plan, _) = hostile_plan();
    let site = site_of(&plan);
    let html = page(&site, "index.html");
    let raw = site.get("index.html").expect("index");
    let block = html.select(&sel("#search-index")).next().expect("index block");
    let index: Value = serde_json::from_str(&block.text().collect::<String>()).expect("index JSON");
    assert_eq!(index["events"][0][0], plan.events[0].name.to_lowercase());
    let haystack = index["events"][0][1].as_str().expect("text");
    assert!(haystack.contains(&SCRIPT.to_lowercase()) && haystack.contains("<b>label</b>"));
    // In the raw page the block holds no `<` at all, so nothing in it can end it.
    let start = raw.find("id=\"search-index\">").expect("block start");
    let end = start + raw[start..].find("</script>").expect("block end");
    assert!(!raw[start + "id=\"search-index\">".len()..end].contains('<'));
    let owner = index["facets"].as_array().expect("facets").iter().find(|f| f["key"] == "owner").expect("owner facet");
    assert!(owner["values"].as_array().expect("values").contains(&json!(SCRIPT)));
    let options = texts(&html, "select[data-facet=owner] option");
    assert!(options.contains(&format!("{SCRIPT} (1)")), "{options:?}");
    for option in html.select(&sel("select option")) {
        let value = option.attr("value").expect("value");
        assert!(
            value.is_empty() || value.parse::<usize>().is_ok(),
            "option values are indices, not plan text: {value:?}"
        );
    }
}

#[test]
fn the_edge_fixture_renders_inert() {
    let plan = trackplan_plan_model::load(repo().join("fixtures/edge/tracking-plan.json")).expect("edge plan loads");
    assert!(assert_site_inert(&plan) > plan.events.len());
}
