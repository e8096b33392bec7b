//! Generates the SDK of fixtures/ecommerce into OUT_DIR, as an application's build script would.

fn main() -> Result<(), trackplan_generator::BuildError> {
    trackplan_generator::Builder::new().plan("../../../fixtures/ecommerce/tracking-plan.json").generate_rust()?;
    Ok(())
}
