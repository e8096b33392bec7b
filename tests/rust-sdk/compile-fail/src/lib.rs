//! Compile-fail tests of the generated e-commerce SDK live in `tests/ui/`; see
//! `tests/compile_fail.rs`.
