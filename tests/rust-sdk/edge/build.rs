//! Generates the SDK of fixtures/edge into OUT_DIR, as an application's build script would.

fn main() -> Result<(), trackplan_generator::BuildError> {
    trackplan_generator::Builder::new().plan("../../../fixtures/edge/tracking-plan.json").generate_rust()?;
    Ok(())
}
