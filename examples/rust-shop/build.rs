//! Generates the tracking SDK from the shop's tracking plan on every build where a plan file
//! changed; plan errors are reported as cargo errors.

fn main() -> Result<(), trackplan_generator::BuildError> {
    trackplan_generator::Builder::new().plan("../../fixtures/ecommerce/tracking-plan.json").generate_rust()?;
    Ok(())
}
