//! fedc, the federation compiler. The pipeline, one module per stage, each stage's output the
//! next one's input: `load` → `check` → `plan` → `render` → `emit`; `compile` runs the first four.
//! See docs/architecture.md.
//!
//! The library exists for the binary (and the tests and benches that run it as the binary does):
//! its only public items are [`run`], [`run_with`] and [`Streams`]; everything else is `pub(crate)`.

#![deny(unreachable_pub)]

mod check;
mod cli;
mod compile;
mod diagnostic;
mod diff;
mod emit;
mod error;
mod explain;
mod graph;
mod inert;
#[cfg(test)]
mod layers_tests;
mod load;
mod model;
mod pem;
mod plan;
mod render;
mod report;
mod source;
mod status;
mod suggest;
#[cfg(test)]
mod testing;
mod verify;

pub use cli::{Streams, run_with};

/// Runs the command line with the process's arguments and standard streams; returns the exit code.
pub fn run() -> std::process::ExitCode {
    cli::main()
}
