//! Version history on event pages, from `fixtures/history`: every earlier version with its
//! date, change note and the properties of its kept schema (collapsed), plan text escaped.

mod common;

use common::*;
use trackplan_plan_model::Plan;

fn history_plan() -> Plan {
    trackplan_plan_model::load(repo().join("fixtures/history/tracking-plan.json")).expect("history plan loads")
}

/// The page of the event with this wire name, found through the index.
fn event_page(site: &trackplan_docs_site::Site, name: &str) -> scraper::Html {
    let index = page(site, "index.html");
    let link = index
        .select(&sel("#event-list > li a"))
        .find(|a| collapse(&a.text().collect::<String>()) == name)
        .and_then(|a| a.attr("href"))
        .unwrap_or_else(|| panic!("the index links no {name}"))
        .to_owned();
    page(site, &resolve("index.html", &link).0)
}

#[test]
fn every_version_is_listed_newest_first_with_its_date_and_changes() {
    let site = site_of(&history_plan());
    let html = event_page(&site, "Invoice Paid");
    assert_eq!(text_of(&html, "#history-heading"), "Version history 4");
    let versions = texts(&html, ".version-history > li .version-number");
    assert_eq!(versions, ["2-1-0", "2-0-0", "1-1-0", "1-0-0"]);
    let dates: Vec<_> = html.select(&sel(".version-history time")).map(|t| t.attr("datetime").unwrap()).collect();
    assert_eq!(dates, ["2026-03-01T09:30:00Z", "2025-12-15", "2025-09-01"]);
    assert_eq!(
        texts(&html, ".version-changes"),
        ["The currency is required; invoice ids follow INV-nnnnnn.", "Added the payment <method>.", "First version."]
    );
    // The note's `<method>` is text, not an element.
    assert!(site.get("events/invoice-paid.html").unwrap_or_default().contains("Added the payment &lt;method&gt;."));
    assert!(html.select(&sel(".version-changes method")).next().is_none());
}

#[test]
fn the_properties_of_each_version_come_from_its_schema_collapsed() {
    let site = site_of(&history_plan());
    let html = event_page(&site, "Invoice Paid");
    let sections: Vec<_> = html.select(&sel(".version-history details.version-properties")).collect();
    assert_eq!(sections.len(), 3, "one per earlier version with a schema");
    assert!(sections.iter().all(|details| details.attr("open").is_none()), "collapsed");
    // 2-0-0: four properties, three of them required, the rules in words.
    let newest = &sections[0];
    let row_text = |row: scraper::ElementRef| collapse(&row.text().collect::<String>());
    let rows: Vec<String> = newest.select(&sel("table.properties-history tbody tr")).map(row_text).collect();
    assert_eq!(
        rows,
        [
            "invoice_id required string matches ^INV-[0-9]{6}$",
            "amount required number ≥ 0",
            "currency required string matches ^[A-Z]{3}$",
            "method optional string one of \"card\", \"transfer\"",
        ]
    );
    assert!(text_of(&html, ".version-history details.version-properties summary").starts_with("Properties in 2-0-0"));
    let schema = newest.select(&sel("details.schema pre code")).next().expect("the schema itself");
    assert!(
        collapse(&schema.text().collect::<String>())
            .contains("\"required\": [ \"invoice_id\", \"amount\", \"currency\" ]")
    );
    // 1-0-0 had two properties.
    let oldest: Vec<String> = sections[2].select(&sel("tbody tr .prop-name")).map(row_text).collect();
    assert_eq!(oldest, ["invoice_id", "amount"]);
}

#[test]
fn a_version_without_a_schema_says_so_and_events_without_history_show_none() {
    let site = site_of(&history_plan());
    let refund = event_page(&site, "Refund Issued");
    assert_eq!(texts(&refund, ".version-history > li .version-number"), ["1-0-1", "1-0-0"]);
    assert_eq!(texts(&refund, ".version-note.missing"), ["The plan keeps no schema of this version."]);
    assert!(refund.select(&sel("details.version-properties")).next().is_none());
    let changed = event_page(&site, "Plan Changed");
    assert!(changed.select(&sel("#history-heading")).next().is_none());
}

#[test]
fn hostile_history_text_renders_inert() {
    let mut plan = history_plan();
    let event = &mut plan.events[0];
    event.history[0].changes = Some("<script>alert(1)</script> & \"quotes\"".to_owned());
    event.history[0].date = Some("2025-09-01\"><img src=x>".to_owned());
    let schema = event.history[0].schema.as_mut().expect("schema");
    schema["properties"]["amount"]["description"] = "<b onclick=x>bold</b>".into();
    schema["properties"]["<i>odd</i>"] = serde_json::json!({ "type": "string", "pattern": "</code><script>" });
    let site = site_of(&plan);
    let html = event_page(&site, "Invoice Paid");
    assert!(html.select(&sel("article script, article img, article b, article i")).next().is_none());
    let text = site.get("events/invoice-paid.html").expect("page");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(text.contains("datetime=\"2025-09-01&quot;&gt;&lt;img src=x&gt;\""));
    assert!(texts(&html, ".properties-history .prop-name").contains(&"<i>odd</i>".to_owned()));
}
