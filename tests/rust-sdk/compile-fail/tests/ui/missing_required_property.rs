use trackplan_sdk_ecommerce::{OrderCompleted, Product};

fn main() {
    // `currency` is required: the constructor cannot be called without it.
    let _ = OrderCompleted::new("ORD-004217", vec![Product::new("p-1")], 42.5);
}
