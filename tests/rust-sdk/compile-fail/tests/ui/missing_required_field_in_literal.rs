use trackplan_sdk_ecommerce::Address;

fn main() {
    // A struct literal must name every field; `country` is required.
    let _ = Address { street: None, city: None, state: None, postal_code: None };
}
