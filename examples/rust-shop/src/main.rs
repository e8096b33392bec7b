//! Runs a checkout and prints every tracked message as a JSON line, as a destination would
//! receive it.

use std::sync::Arc;

use rust_shop::tracking::{Analytics, GlobalProperties, GlobalPropertiesPlatform};
use rust_shop::{Cart, Line};
use trackplan_runtime::{Client, Destination, DestinationError, Envelope, User};

/// Writes each envelope to standard output.
struct Stdout;

impl Destination for Stdout {
    fn name(&self) -> &str {
        "stdout"
    }

    fn accepts(&self, _envelope: &Envelope) -> bool {
        true
    }

    fn send(&self, envelope: Arc<Envelope>) -> Result<(), DestinationError> {
        let line = serde_json::to_string(envelope.as_ref()).map_err(|error| DestinationError::Rejected {
            destination: "stdout".into(),
            count: 1,
            reason: error.to_string(),
        })?;
        println!("{line}");
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().destination(Stdout).build();
    let analytics = Analytics::new(client, GlobalProperties::new("5.12.0", GlobalPropertiesPlatform::Server))?;
    let user = User::id("user-1");
    let mut cart = Cart { id: "9b2f4c1e-77a0-4d3e-a1f5-2c8e6b0d4a19".to_owned(), lines: Vec::new() };
    cart.add(&analytics, &user, Line { product_id: "p-1".into(), sku: "TR2-BLU-42".into(), price: 12.5, quantity: 2 })?;
    cart.add(
        &analytics,
        &user,
        Line { product_id: "p-2".into(), sku: "SOCK-MERINO-M".into(), price: 17.5, quantity: 1 },
    )?;
    let order = cart.checkout(&analytics, &user, "0c6b1f8e-3d2a-4e59-9a7c-5b4e2f1d8c03", 4217)?;
    eprintln!("order {order} placed");
    Ok(())
}
