//! Delivery engine against the local vendor emulators (real HTTP on 127.0.0.1).

mod common;
mod lifecycle;
mod limits;
mod queue;
mod spool;
mod vendors;
