//! The typed fast path against the `jsonschema` crate on the same Order Completed payload,
//! and the whole track call: build the event, validate it, serialize it (once) into an
//! envelope and hand it to a destination.

#![allow(missing_docs)] // criterion_group! defines undocumented public functions.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use trackplan_runtime::generic::SchemaValidator;
use trackplan_runtime::{Client, Destination, DestinationError, Envelope, Message, Policy, User, Validate};
use trackplan_sdk_ecommerce::{
    Analytics, Currency, GlobalProperties, GlobalPropertiesPlatform, OrderCompleted, Product,
};

/// The plan's examples of Order Completed: a full order (two products, URLs, a UUID, eleven
/// amounts) and a minimal one (one product with an id and a quantity).
fn examples() -> Vec<serde_json::Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures/ecommerce/tracking-plan.json");
    let plan = trackplan_plan_model::load(path).expect("plan loads");
    plan.event("Order Completed").expect("Order Completed").examples.clone()
}

fn validation(c: &mut Criterion) {
    let schema: serde_json::Value = serde_json::from_str(OrderCompleted::SCHEMA).expect("schema");
    let jsonschema = jsonschema::options().should_validate_formats(true).build(&schema).expect("compiles");
    let generic = SchemaValidator::new(schema).expect("compiles");
    for (value, name) in examples().into_iter().zip(["validate_order_completed", "validate_order_completed_minimal"]) {
        let typed: OrderCompleted = serde_json::from_value(value.clone()).expect("example deserializes");
        assert!(typed.violations().is_empty());
        assert!(jsonschema.is_valid(&value));
        let mut group = c.benchmark_group(name);
        group.bench_function("typed", |b| b.iter(|| black_box(&typed).violations()));
        group.bench_function("jsonschema_is_valid", |b| b.iter(|| jsonschema.is_valid(black_box(&value))));
        group.bench_function("generic_violations", |b| b.iter(|| generic.violations(black_box(&value))));
        group.finish();
    }
}

/// Takes envelopes and drops them, so the figure is the SDK's own work.
struct Discard;

impl Destination for Discard {
    fn name(&self) -> &str {
        "segment"
    }
    fn send(&self, envelope: Arc<Envelope>) -> Result<(), DestinationError> {
        black_box(envelope);
        Ok(())
    }
}

fn track(c: &mut Criterion) {
    let client = Client::builder().policy(Policy::ErrorOnInvalid).destination(Discard).build();
    let globals = GlobalProperties::new("5.12.0", GlobalPropertiesPlatform::Web).with_locale("en-US");
    let analytics = Analytics::new(client, globals).expect("valid globals");
    let user = User::id("user-42");
    c.bench_function("track_order_completed_3_products", |b| {
        b.iter(|| {
            let product = |id: &str, sku: &str, price: f64| {
                Product::new(id).with_sku(sku).with_name("Trail Runner 2").with_price(price).with_quantity(1)
            };
            let event = OrderCompleted::new(
                "ORD-004217",
                vec![
                    product("p-1", "TR2-BLU-42", 10.0),
                    product("p-2", "TR2-RED-41", 12.5),
                    product("p-3", "SOCK-M", 20.0),
                ],
                black_box(42.5),
                Currency::Eur,
            )
            .with_checkout_id("0c6b1f8e-3d2a-4e59-9a7c-5b4e2f1d8c03")
            .with_coupon(Some("SUMMER25".to_owned()));
            analytics.track_order_completed(&user, event).expect("valid")
        })
    });
}

criterion_group!(benches, validation, track);
criterion_main!(benches);
