//! Integration tests: real TCP clients against the emulators.

mod amplitude;
mod catalog;
mod cli;
mod common;
mod control;
mod faults;
mod http;
mod mixpanel;
mod segment;
