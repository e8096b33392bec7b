use trackplan_sdk_ecommerce::{Currency, OrderCompleted, Product};

fn main() {
    // `total` is a number, not text.
    let _ = OrderCompleted::new("ORD-004217", vec![Product::new("p-1")], "42.5", Currency::Eur);
}
