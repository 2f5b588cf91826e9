//! The integration tests, one binary (as casey/just does): one link step instead of one per file.
//! Run one module with `cargo test --test integration <module>::`.

mod build_cli;
mod check_out;
mod cli_check;
mod conformance;
mod diff_hostile;
mod diff_snapshots;
mod emit_build;
mod emit_faults;
mod emit_kill;
mod golden;
mod no_panic;
mod render_guard;
mod schemas;
mod support;
mod ui;
