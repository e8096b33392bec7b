//! Seeded synthetic tracking plans for benchmarks: realistic shape at any size.
//!
//! Each event has 2–14 properties (median about 8) drawn from strings with patterns and
//! lengths, bounded numbers and integers, enums, booleans, references to shared objects,
//! inline nested objects and nested arrays. The same seed always gives the same plan.

use serde_json::{Map, Value, json};

/// A small deterministic PRNG (SplitMix64): no dependency, stable across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const OBJECTS: &[&str] = &[
    "Order",
    "Product",
    "Cart",
    "Checkout",
    "Payment",
    "Coupon",
    "Subscription",
    "Account",
    "Profile",
    "Video",
    "Article",
    "Search",
    "Notification",
    "Message",
    "Invite",
    "Team",
    "Project",
    "Report",
    "Dashboard",
    "File",
    "Comment",
    "Review",
    "Ticket",
    "Survey",
    "Experiment",
    "Feature",
    "Session",
    "Trial",
    "Plan",
    "Invoice",
];
const ACTIONS: &[&str] = &[
    "Viewed",
    "Clicked",
    "Created",
    "Updated",
    "Deleted",
    "Shared",
    "Completed",
    "Started",
    "Cancelled",
    "Submitted",
    "Opened",
    "Closed",
    "Downloaded",
    "Uploaded",
    "Archived",
    "Restored",
    "Renamed",
    "Exported",
    "Imported",
    "Failed",
];
const QUALIFIERS: &[&str] =
    &["", "Bulk ", "Draft ", "Shared ", "Guest ", "Scheduled ", "Mobile ", "Admin ", "Trial ", "Team "];
const SOURCES: &[&str] = &["web", "ios", "android", "server"];
const NOUNS: &[&str] = &[
    "id", "name", "title", "count", "amount", "source", "medium", "campaign", "position", "duration", "status", "type",
    "reason", "category", "label", "value", "step", "index", "total", "score", "rating", "size", "locale", "region",
];

fn definitions() -> Value {
    json!({
        "Product": {"type": "object", "description": "A product in the catalogue.", "properties": {
            "product_id": {"type": "string", "required": true, "minLength": 1, "maxLength": 64},
            "sku": {"type": "string", "pattern": "^[A-Z0-9-]{4,20}$"},
            "name": {"type": "string", "required": true},
            "price": {"type": "number", "required": true, "minimum": 0},
            "quantity": {"type": "integer", "minimum": 1, "maximum": 10000},
            "categories": {"type": "array", "items": {"type": "string"}, "maxItems": 10}
        }},
        "Address": {"type": "object", "properties": {
            "street": {"type": "string"}, "city": {"type": "string", "required": true},
            "postal_code": {"type": "string", "pattern": "^[0-9A-Z -]{3,10}$"},
            "country": {"type": "string", "required": true, "minLength": 2, "maxLength": 2}
        }},
        "Currency": {"type": "string", "enum": ["USD", "EUR", "GBP", "JPY", "CAD", "AUD"]},
        "Money": {"type": "object", "properties": {
            "amount": {"type": "number", "required": true, "minimum": 0},
            "currency": {"$ref": "#/definitions/Currency", "required": true}
        }}
    })
}

fn property(rng: &mut Rng, event_index: usize, position: usize) -> Value {
    match rng.below(20) {
        0..=5 => {
            let mut p = json!({"type": "string", "description": format!("Synthetic text property {position}.")});
            if rng.below(3) == 0 {
                p["pattern"] = json!("^[a-z0-9_-]{1,64}$");
            } else {
                p["minLength"] = json!(1);
                p["maxLength"] = json!(10 + rng.below(500));
            }
            p
        }
        6..=8 => json!({"type": "integer", "minimum": 0, "maximum": 1000 + rng.below(1_000_000)}),
        9..=10 => json!({"type": "number", "minimum": 0, "exclusiveMaximum": 1_000_000}),
        11..=12 => json!({"type": "boolean"}),
        13..=14 => {
            let count = 2 + rng.below(6) as usize;
            json!({"type": "string", "enum": (0..count).map(|i| format!("value_{event_index}_{i}")).collect::<Vec<_>>()})
        }
        15 => json!({"$ref": "#/definitions/Product"}),
        16 => json!({"type": "array", "items": {"$ref": "#/definitions/Product"}, "minItems": 1, "maxItems": 100}),
        17 => json!({"$ref": "#/definitions/Money"}),
        18 => json!({"type": "object", "properties": {
            "label": {"type": "string", "required": true},
            "tags": {"type": "array", "items": {"type": "array", "items": {"type": "string", "maxLength": 32}}},
            "address": {"$ref": "#/definitions/Address"}
        }}),
        _ => json!({"type": "string", "format": rng.pick(&["date-time", "email", "uri", "uuid", "date"])}),
    }
}

/// A synthetic plan with `events` events, as the JSON text of a plan file.
pub fn synthetic_plan(events: usize, seed: u64) -> Value {
    let mut rng = Rng(seed);
    let mut list = Vec::with_capacity(events);
    for index in 0..events {
        // Names stay unique (and their identifiers distinct) by carrying the index.
        let name = format!("{}{} {} {index}", rng.pick(QUALIFIERS), rng.pick(OBJECTS), rng.pick(ACTIONS));
        // Sum of two small uniforms: 2..=14, median about 8.
        let count = 2 + rng.below(7) + rng.below(7);
        let mut properties = Map::new();
        for position in 0..count as usize {
            let mut spec = property(&mut rng, index, position);
            if rng.below(2) == 0 {
                spec["required"] = json!(true);
            }
            properties.insert(format!("{}_{position}", rng.pick(NOUNS)), spec);
        }
        list.push(json!({
            "name": name,
            "description": format!("Synthetic event number {index}."),
            "owners": [format!("team-{}", index % 17)],
            "category": rng.pick(OBJECTS),
            "sources": [SOURCES[index % SOURCES.len()]],
            "priority": rng.pick(&["P0", "P1", "P2"]),
            "version": "1-0-0",
            "properties": properties,
        }));
    }
    json!({
        "formatVersion": 1,
        "name": format!("Synthetic plan of {events} events"),
        "version": "1.0.0",
        "vendor": "com.example.synthetic",
        "sources": SOURCES,
        "destinations": {"segment": {"type": "segment", "pii": true}},
        "definitions": definitions(),
        "events": list,
    })
}
