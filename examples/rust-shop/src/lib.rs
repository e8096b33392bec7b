//! A small shop backend: a cart that checks out, tracking what happens through the SDK
//! generated from `fixtures/ecommerce` by `build.rs`.

/// The SDK generated from the shop's tracking plan.
pub mod tracking {
    include!(concat!(env!("OUT_DIR"), "/tracking.rs"));
}

use tracking::{Analytics, CheckoutStarted, Currency, OrderCompleted, Product, ProductAdded};
use trackplan_runtime::{TrackError, User};

/// A line of the cart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Catalogue id.
    pub product_id: String,
    /// Stock keeping unit.
    pub sku: String,
    /// Unit price in euros.
    pub price: f64,
    /// Units.
    pub quantity: i64,
}

/// A shopper's cart.
#[derive(Debug, Clone, PartialEq)]
pub struct Cart {
    /// Cart id (a UUID).
    pub id: String,
    /// Its lines.
    pub lines: Vec<Line>,
}

impl Cart {
    /// Add a line and track "Product Added".
    pub fn add(&mut self, analytics: &Analytics, user: &User, line: Line) -> Result<(), TrackError> {
        let event = ProductAdded::new(self.id.clone(), line.product_id.clone())
            .with_sku(line.sku.clone())
            .with_price(line.price)
            .with_quantity(line.quantity);
        analytics.track_product_added(user, event)?;
        self.lines.push(line);
        Ok(())
    }

    /// Sum of the lines.
    pub fn total(&self) -> f64 {
        self.lines.iter().map(|line| line.price * line.quantity as f64).sum()
    }

    fn products(&self) -> Vec<Product> {
        self.lines
            .iter()
            .map(|line| {
                Product::new(line.product_id.clone())
                    .with_sku(line.sku.clone())
                    .with_price(line.price)
                    .with_quantity(line.quantity)
            })
            .collect()
    }

    /// Check out: tracks "Checkout Started" then "Order Completed" for order number `order`.
    pub fn checkout(
        &self,
        analytics: &Analytics,
        user: &User,
        checkout_id: &str,
        order: u32,
    ) -> Result<String, TrackError> {
        analytics.track_checkout_started(
            user,
            CheckoutStarted::new(self.total(), self.products(), checkout_id, Currency::Eur),
        )?;
        let order_id = format!("ORD-{order:06}");
        let completed = OrderCompleted::new(order_id.clone(), self.products(), self.total(), Currency::Eur)
            .with_checkout_id(checkout_id)
            .with_coupon(None);
        analytics.track_order_completed(user, completed)?;
        Ok(order_id)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use trackplan_runtime::testing::Recorder;
    use trackplan_runtime::{Client, Policy};

    use super::tracking::{GlobalProperties, GlobalPropertiesPlatform};
    use super::*;

    fn analytics() -> (Analytics, Recorder) {
        let recorder = Recorder::new();
        let client =
            Client::builder().policy(Policy::ErrorOnInvalid).shared_destination(recorder.destination()).build();
        let globals = GlobalProperties::new("5.12.0", GlobalPropertiesPlatform::Server);
        (Analytics::new(client, globals).expect("valid globals"), recorder)
    }

    fn line(id: &str, price: f64, quantity: i64) -> Line {
        Line { product_id: id.to_owned(), sku: "TR2-BLU-42".to_owned(), price, quantity }
    }

    #[test]
    fn checkout_tracks_the_order_with_its_total() {
        let (analytics, recorder) = analytics();
        let user = User::id("user-1");
        let mut cart = Cart { id: "9b2f4c1e-77a0-4d3e-a1f5-2c8e6b0d4a19".to_owned(), lines: Vec::new() };
        cart.add(&analytics, &user, line("p-1", 12.5, 2)).expect("added");
        cart.add(&analytics, &user, line("p-2", 17.5, 1)).expect("added");
        let order =
            cart.checkout(&analytics, &user, "0c6b1f8e-3d2a-4e59-9a7c-5b4e2f1d8c03", 4217).expect("checked out");
        assert_eq!(order, "ORD-004217");
        recorder.assert_count("Product Added", 2);
        recorder.assert_tracked("Order Completed", json!({"order_id": "ORD-004217", "total": 42.5, "coupon": null}));
    }

    #[test]
    fn a_bad_sku_is_caught_before_anything_is_sent() {
        let (analytics, recorder) = analytics();
        let mut cart = Cart { id: "9b2f4c1e-77a0-4d3e-a1f5-2c8e6b0d4a19".to_owned(), lines: Vec::new() };
        let mut bad = line("p-1", 12.5, 1);
        bad.sku = "lower-case".to_owned();
        let error = cart.add(&analytics, &User::id("u"), bad).expect_err("the plan wants upper-case SKUs");
        assert!(error.to_string().contains("sku"), "{error}");
        assert!(cart.lines.is_empty());
        recorder.assert_not_tracked("Product Added");
    }
}
