//! The integration tests, one binary (as casey/just does): one link step instead of one per file.
//! Run one module with `cargo test --test integration <module>::`.

mod attachments;
mod build_cli;
mod cel_rules;
mod check_out;
mod checker_cli;
mod cli_check;
mod conformance;
mod diff_hostile;
mod diff_snapshots;
mod effective_names;
mod emit_build;
mod emit_faults;
mod emit_kill;
mod gitops_ci;
mod golden;
mod hostile_output;
mod hostile_values;
mod istio_output;
mod log_injection;
mod no_panic;
mod no_secrets;
mod recovery_fuzz;
mod render_guard;
mod schemas;
mod support;
mod template_dir;
mod topology_file;
mod ui;
mod yaml_strings;
