//! What the type system refuses: each program under `tests/ui/` must fail to compile with the
//! error in its `.stderr` file (regenerate with `TRYBUILD=overwrite` after reviewing).

#[test]
fn mistakes_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
