//! The Rust SDK generated from `fixtures/ecommerce` by `build.rs`; it must compile without a
//! single warning or clippy finding.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/tracking.rs"));
