//! fedc, the federation compiler. The pipeline, one module per stage, each stage's output the
//! next one's input: `load` → `check` → `plan` → `render` → `emit`; `compile` runs the first four.
//! See docs/architecture.md.

pub mod check;
pub mod cli;
pub mod compile;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod error;
pub mod explain;
pub mod graph;
pub mod inert;
pub mod load;
pub mod model;
pub mod pem;
pub mod plan;
pub mod render;
pub mod report;
pub mod source;
pub(crate) mod status;
pub mod suggest;
#[cfg(test)]
mod testing;
pub(crate) mod verify;

pub use cli::{Streams, run_with};

/// Runs the command line with the process's arguments and standard streams; returns the exit code.
pub fn run() -> std::process::ExitCode {
    cli::main()
}
