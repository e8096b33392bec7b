use trackplan_sdk_ecommerce::Currency;

fn main() {
    // The plan's currencies do not include Bitcoin.
    let _ = Currency::Btc;
}
