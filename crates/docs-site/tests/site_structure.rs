//! The generated HTML, parsed with a real HTML parser: pages, links, tables and the search
//! index of the e-commerce fixture plan.

mod common;

use std::collections::BTreeSet;

use common::*;
use scraper::Html;
use serde_json::Value;
use trackplan_docs_site::escape::json_for_script;
use trackplan_docs_site::{MARKER_FILE, Options, render};

#[test]
fn every_page_is_one_titled_document_with_the_shared_chrome() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let pages: Vec<&str> = site.files().map(|(path, _)| path).filter(|p| p.ends_with(".html")).collect();
    // Index, 29 events, 5 calls, the types list, a page per shared definition (the object and
    // enum ones are their type's page) and about.
    assert_eq!(pages.len(), 1 + 29 + 5 + 1 + plan.definitions.len() + 1, "{pages:?}");
    for path in pages {
        let html = page(&site, path);
        assert!(html.errors.is_empty(), "{path} does not parse cleanly: {:?}", html.errors);
        assert_eq!(texts(&html, "h1").len(), 1, "{path} must have exactly one h1");
        assert!(text_of(&html, "title").ends_with("· Acme Shop"), "{path}");
        let root = if path.contains('/') { "../" } else { "" };
        let css = html.select(&sel("link[rel=stylesheet]")).next().expect("stylesheet").attr("href");
        assert_eq!(css, Some(format!("{root}assets/site.css").as_str()), "{path}");
        let scripts: Vec<_> = html.select(&sel("script[src]")).filter_map(|s| s.attr("src")).collect();
        assert_eq!(scripts, [format!("{root}assets/site.js")], "{path}: no live reload outside --serve");
        let csp = html.select(&sel("meta[http-equiv=Content-Security-Policy]")).next().expect("CSP");
        assert!(csp.attr("content").is_some_and(|c| c.contains("default-src 'none'")), "{path}");
        assert_eq!(html.select(&sel("nav.site-nav a[aria-current=page]")).count(), 1, "{path}: one current section");
    }
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let ids_of = |file: &str| -> BTreeSet<String> {
        let html = Html::parse_document(site.get(file).unwrap_or_default());
        html.select(&sel("[id]")).filter_map(|e| e.attr("id").map(str::to_owned)).collect()
    };
    let mut ids_by_page = std::collections::HashMap::new();
    let mut checked = 0;
    for (path, _) in site.files().filter(|(p, _)| p.ends_with(".html")) {
        let html = page(&site, path);
        for element in html.select(&sel("[href], [src]")) {
            let target = element.attr("href").or_else(|| element.attr("src")).unwrap_or_default();
            assert!(
                !target.contains("://") && !target.starts_with("//"),
                "{path} loads {target}: the site must not touch the network"
            );
            let (file, fragment) = resolve(path, target);
            assert!(site.get(&file).is_some(), "{path} links to missing {file} ({target})");
            if let Some(fragment) = fragment {
                let ids = ids_by_page.entry(file.clone()).or_insert_with(|| ids_of(&file));
                assert!(ids.contains(&fragment), "{path} links to #{fragment}, which {file} lacks");
            }
            checked += 1;
        }
        let ids: Vec<_> = html.select(&sel("[id]")).filter_map(|e| e.attr("id")).collect();
        let distinct: BTreeSet<_> = ids.iter().collect();
        assert_eq!(ids.len(), distinct.len(), "{path} repeats an id");
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn the_index_lists_every_event_with_its_facts() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let html = page(&site, "index.html");
    let names = texts(&html, "#event-list > li .event-name");
    let expected: Vec<&str> = plan.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, expected);
    let cards: Vec<_> = html.select(&sel("#event-list > li")).collect();
    let deprecated = cards.iter().find(|c| c.text().any(|t| t == "Added to Wishlist")).expect("Added to Wishlist");
    assert!(deprecated.value().classes().any(|c| c == "is-deprecated"));
    assert!(collapse(&deprecated.text().collect::<String>()).contains("deprecated"));
    let completed = cards.iter().find(|c| c.text().any(|t| t == "Order Completed")).expect("Order Completed");
    let link = completed.select(&sel("a.event-name")).next().and_then(|a| a.attr("href"));
    assert_eq!(link, Some("events/order-completed.html"));
    let meta = collapse(&completed.text().collect::<String>());
    for fact in ["P0", "2-1-0", "Checkout", "checkout-team", "data-platform", "web, ios, android"] {
        assert!(meta.contains(fact), "Order Completed card lacks {fact}: {meta}");
    }
    assert_eq!(text_of(&html, "#result-count"), "29 events");
}

#[test]
fn the_search_index_matches_the_list_and_the_filters() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let html = page(&site, "index.html");
    let block = html.select(&sel("script#search-index[type=\"application/json\"]")).next().expect("index block");
    let index: Value = serde_json::from_str(&block.text().collect::<String>()).expect("the index is JSON");
    let events = index["events"].as_array().expect("events");
    assert_eq!(events.len(), plan.events.len());
    assert_eq!(events[0][0], plan.events[0].name.to_lowercase());
    let facets = index["facets"].as_array().expect("facets");
    let keys: Vec<&str> = facets.iter().filter_map(|f| f["key"].as_str()).collect();
    assert_eq!(keys, ["category", "tag", "owner", "source", "priority", "status"]);
    // Each select box lists the facet's options in the index's order, with counts.
    for (position, facet) in facets.iter().enumerate() {
        let key = facet["key"].as_str().unwrap_or_default();
        let options = texts(&html, &format!("select[data-facet={key}] option"));
        let values = facet["values"].as_array().expect("values");
        assert_eq!(options.len(), values.len() + 1, "{key}: All plus one option per value");
        assert_eq!(options[0], "All");
        for (option, value) in options[1..].iter().zip(values) {
            let label = value.as_str().unwrap_or("(none)");
            assert!(option.starts_with(&format!("{label} (")), "{key}: {option} vs {label}");
        }
        // Membership agrees with the plan: count the events each option holds.
        for (option_index, value) in values.iter().enumerate() {
            let members = events
                .iter()
                .filter(|e| e[2][position].as_array().is_some_and(|l| l.contains(&option_index.into())))
                .count();
            let count: usize = options[option_index + 1]
                .rsplit_once('(')
                .and_then(|(_, n)| n.trim_end_matches(')').parse().ok())
                .expect("count");
            assert_eq!(members, count, "{key} = {value}");
        }
    }
    let owner = facets.iter().find(|f| f["key"] == "owner").expect("owner facet");
    let owners: Vec<&str> = owner["values"].as_array().expect("values").iter().filter_map(Value::as_str).collect();
    assert_eq!(
        owners,
        [
            "checkout-team",
            "data-platform",
            "discovery-team",
            "growth-team",
            "marketing-team",
            "payments-team",
            "search-team"
        ]
    );
    // Property names are searchable.
    let completed = events.iter().find(|e| e[0] == "order completed").expect("order completed");
    assert!(completed[1].as_str().is_some_and(|t| t.contains("\norder_id\n")));
}

#[test]
fn an_event_page_documents_every_property_with_its_rules() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let html = page(&site, "events/order-completed.html");
    assert_eq!(text_of(&html, "h1"), "Order Completed");
    let rows: Vec<_> = html.select(&sel("table.properties > tbody > tr")).collect();
    let names: Vec<String> = rows
        .iter()
        .map(|r| collapse(&r.select(&sel(".prop-name")).next().expect("name").text().collect::<String>()))
        .collect();
    let event = plan.event("Order Completed").expect("event");
    let top: Vec<&str> = event.properties.iter().map(|p| p.name.as_str()).collect();
    let shown_top: Vec<&str> = names.iter().filter(|n| !n.contains('.')).map(String::as_str).collect();
    assert_eq!(shown_top, top, "own properties, then those of the Order Amounts group");
    assert!(names.contains(&"products[].price".to_owned()), "nested product properties are expanded: {names:?}");
    let row = |name: &str| {
        let index = names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no row {name}"));
        collapse(&rows[index].text().collect::<String>())
    };
    assert!(
        row("order_id").contains("required") && row("order_id").contains("matches ^ORD-[0-9]{6}$"),
        "{}",
        row("order_id")
    );
    assert!(row("coupon").contains("optional") && row("coupon").contains("nullable"), "{}", row("coupon"));
    assert!(
        row("products").contains("array of Product") && row("products").contains("items 1–200"),
        "{}",
        row("products")
    );
    assert!(row("products[].quantity").contains("≥ 1") && row("products[].quantity").contains("Default 1"));
    assert!(row("total").contains("group: Order Amounts"), "{}", row("total"));
    let currency = row("currency");
    for code in ["USD", "EUR", "GBP", "JPY", "BRL"] {
        assert!(currency.contains(code), "currency lists {code}: {currency}");
    }
    let products_type = rows[names.iter().position(|n| n == "products").expect("products")]
        .select(&sel(".col-type a"))
        .next()
        .and_then(|a| a.attr("href"));
    assert_eq!(products_type, Some("../types/product.html"));
    let facts = text_of(&html, ".fact-list");
    for fact in ["checkout-team", "data-platform", "2-1-0", "iglu:com.acmeshop/order_completed/jsonschema/2-1-0"] {
        assert!(facts.contains(fact), "{fact} missing from {facts}");
    }
    assert!(facts.contains("events/checkout.json at events["), "the file is shown relative to the plan: {facts}");
    assert!(!facts.contains(env!("CARGO_MANIFEST_DIR")), "no path of the build machine: {facts}");
    let destinations = texts(&html, ".destination-list li .dest-name");
    assert_eq!(destinations, ["segment", "amplitude", "mixpanel"]);
    let code = text_of(&html, "table.idents");
    assert!(
        code.contains("track_order_completed")
            && code.contains("trackOrderCompleted")
            && code.contains("OrderCompleted")
    );
    let schema: Value = serde_json::from_str(&text_of(&html, "details.schema pre")).expect("schema is JSON");
    assert_eq!(schema["title"], "Order Completed");
    assert_eq!(
        texts(&html, "section pre.code").len(),
        event.examples.len() + 1,
        "one block per example plus the schema"
    );
}

#[test]
fn pii_and_deprecation_are_called_out() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let identify = page(&site, "identify.html");
    let email = identify.select(&sel("tr")).find(|r| r.text().any(|t| t == "email")).expect("email trait");
    assert!(email.select(&sel(".flag-pii")).next().is_some(), "email is flagged PII");
    let legacy = page(&site, "events/added-to-wishlist.html");
    assert!(text_of(&legacy, ".callout-warning").contains("Replaced by \"Product Added to Wishlist\""));
    assert!(texts(&legacy, ".badges .badge").contains(&"deprecated".to_owned()));
}

#[test]
fn shared_types_have_pages_and_inline_types_link_to_their_declaration() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let currency = page(&site, "types/currency.html");
    let values = texts(&currency, "table.enum-table tbody tr td:first-child");
    assert_eq!(values.len(), 12);
    assert_eq!(values[0], "USD");
    let users = texts(&currency, ".link-list li a");
    assert!(users.contains(&"Order Completed".to_owned()) && users.contains(&"Identify".to_owned()), "{users:?}");
    let list = page(&site, "types.html");
    let links: Vec<(String, String)> = list
        .select(&sel("table.type-list tbody tr td:first-child a"))
        .map(|a| (collapse(&a.text().collect::<String>()), a.attr("href").unwrap_or_default().to_owned()))
        .collect();
    let plain = plan.definitions.iter().filter(|d| !plan.types.iter().any(|t| t.definition == Some(d.name.clone())));
    assert_eq!(links.len(), plan.types.len() + plain.count(), "every type and every plain-value definition");
    assert!(links.contains(&("Product".into(), "types/product.html".into())));
    assert!(links.contains(&("Money".into(), "types/money.html".into())));
    let inline = links.iter().find(|(_, href)| href.contains('#')).expect("an inline type");
    assert!(inline.1.starts_with("events/") || !inline.1.starts_with("types/"), "{inline:?}");
}

#[test]
fn plain_value_definitions_have_pages_linked_from_every_property_using_them() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let money = page(&site, "types/money.html");
    assert_eq!(text_of(&money, "h1"), "Money");
    assert_eq!(text_of(&money, ".badges .badge"), "number");
    assert!(text_of(&money, ".lead").starts_with("An amount in major units"));
    assert_eq!(texts(&money, ".definition-facts .rules li"), ["≥ 0"]);
    // Every property referring to Money, by event (or call, or type) and name, and nothing else.
    let uses = texts(&money, ".definition-users li");
    let expected: Vec<String> = plan
        .events
        .iter()
        .flat_map(|e| e.properties.iter().map(move |p| (e, p)))
        .filter(|(_, p)| p.definition.as_deref() == Some("Money"))
        .map(|(e, p)| format!("event {} › {}", e.name, p.name))
        .collect();
    assert!(expected.len() > 5, "{expected:?}");
    for use_ in &expected {
        assert!(uses.contains(use_), "{use_} missing from {uses:?}");
    }
    assert!(uses.iter().any(|u| u.starts_with("type Product › price")), "{uses:?}");
    // The properties table of an event links the definition next to the plain type.
    let completed = page(&site, "events/order-completed.html");
    let total = completed.select(&sel("tr#p-total .col-type")).next().expect("total row");
    assert_eq!(collapse(&total.text().collect::<String>()), "number definition Money");
    let link = total.select(&sel("a.definition-link")).next().expect("definition link");
    assert_eq!(link.attr("href"), Some("../types/money.html"));
    // Object and enum definitions keep their type link and get no second one.
    assert!(completed.select(&sel("a.definition-link[href$='currency.html']")).next().is_none());
}

#[test]
fn instrumentation_from_a_status_report_is_shown() {
    let plan = ecommerce();
    let report = trackplan_docs_site::Instrumentation::parse(
        std::path::Path::new("status.json"),
        r#"{"events": {"Order Completed": [{"file": "web/src/checkout.ts", "line": 42}, {"file": "ios/Checkout.swift", "line": 7}],
            "Legacy Event": [{"file": "old.ts", "line": 1}]}}"#,
    )
    .expect("report");
    let site = render(&plan, &Options::default().instrumentation(&report)).expect("renders");
    let completed = page(&site, "events/order-completed.html");
    assert_eq!(texts(&completed, ".call-sites li"), ["ios/Checkout.swift:7", "web/src/checkout.ts:42"]);
    let viewed = page(&site, "events/cart-viewed.html");
    assert!(text_of(&viewed, "#instrumentation-heading + .callout").contains("Not found in the scanned code"));
    let index = page(&site, "index.html");
    assert!(texts(&index, ".stats li").contains(&"1 of 29 instrumented".to_owned()));
    assert_eq!(texts(&index, "select[data-facet=instrumented] option"), ["All", "no (28)", "yes (1)"]);
    let about = page(&site, "about.html");
    assert!(
        texts(&about, ".plain-list li code").contains(&"Legacy Event".to_owned()),
        "events only in the code are listed"
    );
    let files: Vec<String> = texts(&about, "#files-heading + .plain-list li");
    assert_eq!(
        files,
        [
            "tracking-plan.json",
            "events/browsing.json",
            "events/checkout.json",
            "events/coupons.json",
            "events/orders.json"
        ]
    );
}

#[test]
fn output_is_deterministic() {
    let plan = ecommerce();
    assert_eq!(site_of(&plan), site_of(&plan));
    let again = ecommerce();
    assert_eq!(site_of(&plan), site_of(&again));
}

#[test]
fn a_written_site_is_complete_and_marked() {
    let plan = ecommerce();
    let site = site_of(&plan);
    let dir = std::env::temp_dir().join(format!("trackplan-docs-structure-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    site.write_to(&dir).expect("writes");
    for (path, contents) in site.files() {
        assert_eq!(std::fs::read_to_string(dir.join(path)).expect(path), contents);
    }
    assert!(dir.join(MARKER_FILE).is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn script_json_round_trips_through_the_html_parser() {
    let value = serde_json::json!({"a": "</script><script>alert(1)</script><!-- \u{2028}"});
    let document =
        format!("<script type=\"application/json\" id=\"x\">{}</script>", json_for_script(&value).expect("json"));
    let html = Html::parse_document(&document);
    let text = html.select(&sel("#x")).next().expect("block").text().collect::<String>();
    assert_eq!(serde_json::from_str::<Value>(&text).expect("JSON"), value);
    assert_eq!(html.select(&sel("script")).count(), 1);
}
