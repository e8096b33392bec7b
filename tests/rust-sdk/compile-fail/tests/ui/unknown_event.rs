use trackplan_runtime::{Client, User};
use trackplan_sdk_ecommerce::{Analytics, GlobalProperties, GlobalPropertiesPlatform};

fn main() {
    let analytics = Analytics::new(Client::builder().build(), GlobalProperties::new("1.0.0", GlobalPropertiesPlatform::Web))
        .expect("valid globals");
    // There is no "Order Complete" event in the plan.
    analytics.track_order_complete(&User::anonymous("a"));
}
