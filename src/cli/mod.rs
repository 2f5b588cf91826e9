//! Command line: parses arguments, runs a command, renders its outcome, returns the exit code.

mod build;
mod check;
mod check_out;
mod diff;
pub mod editor;
mod init;
mod migration;
mod out_arg;
mod output;
mod see;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::compile::Options;
use crate::error::Error;
use crate::load::ReadPolicy;
use crate::model::MeshTarget;
use crate::plan::estimate::{self, Limits};
use crate::report::{self, Format};

#[derive(Debug, Parser)]
#[command(
    name = "fedc",
    version,
    about = "The federation compiler: one topology file in, per-cluster service mesh federation manifests out."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour diagnostics (`auto`: on a terminal, unless NO_COLOR is set).
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the topology, then render every cluster directory into --out.
    Build(build::Args),
    /// Run every rule on the topology without writing anything; with --out, also verify the
    /// committed output is exactly what `build` would leave.
    Check(check::Args),
    /// Show what would change, per cluster and object, between the committed output and the
    /// topology's rendering (or between two output directories). Offline; writes nothing.
    Diff(diff::Args),
    /// For each mesh, every remote service its workloads can reach: hostname, remote mesh and
    /// service, path through the gateways, import as local, failover chain. Offline.
    Explain(see::ExplainArgs),
    /// Draw clusters, meshes, peerings, service flows and failover as Mermaid or Graphviz DOT.
    Graph(see::GraphArgs),
    /// Write a commented starter topology (two meshes, one export, one import, one failover).
    Init(init::Args),
    /// Print the JSON Schema of the topology file (for editors: taplo, Even Better TOML).
    Schema(editor::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(editor::CompletionsArgs),
    /// Print fedc's man page (roff), generated from this command line's definition.
    Man(editor::ManArgs),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // clap's --help/--version are successes; everything else is a usage error.
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let colors = Colors {
        stdout: use_color(cli.color, std::io::stdout().is_terminal()),
        stderr: use_color(cli.color, std::io::stderr().is_terminal()),
    };
    let outcome = match &cli.command {
        Command::Build(args) => build::run(args, colors),
        Command::Check(args) => check::run(args, colors),
        Command::Diff(args) => diff::run(args, colors),
        Command::Explain(args) => see::explain(args, colors),
        Command::Graph(args) => see::graph(args, colors),
        Command::Init(args) => init::run(args),
        Command::Schema(_) => editor::schema(),
        Command::Completions(args) => editor::completions(args),
        Command::Man(_) => editor::man(),
    };
    match outcome {
        Ok(code) => code,
        Err((error, format)) => {
            output::err(&render_error(&error, format, colors.stderr));
            ExitCode::from(error.exit_code())
        }
    }
}

/// A command's failure and the format it should be reported in.
pub type Failure = (Error, Format);

pub fn render_error(error: &Error, format: Format, color: bool) -> String {
    match error {
        Error::Findings { source, diagnostics } => report::render(source, diagnostics, format, color),
        // Every other variant has a code (`Error::code`).
        other => report::render_failure(other.code().map_or("", |code| code.as_str()), &other.to_string(), format),
    }
}

/// Whether to colour each output stream.
#[derive(Debug, Clone, Copy)]
pub struct Colors {
    pub stdout: bool,
    pub stderr: bool,
}

/// `--color` wins; `auto` colours a terminal unless NO_COLOR is set to something non-empty.
fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && is_terminal,
    }
}

/// Arguments shared by commands that read a topology.
#[derive(Debug, clap::Args)]
pub struct TopologyArgs {
    /// The topology file (TOML).
    pub topology: PathBuf,
    /// Directory whose templates replace the built-in ones of the same relative name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also read root certificates and patch files from DIR (repeatable); by default they must
    /// lie in the topology's directory tree.
    #[arg(long, value_name = "DIR")]
    pub allow_read: Vec<PathBuf>,
    /// How findings are printed.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Compile every mesh for this target instead of the one written (`ossm2`, `istio`, `ossm3`):
    /// the migration view. Settings only the written target has are ignored.
    #[arg(long, value_name = "TARGET", value_parser = parse_target)]
    pub target: Option<MeshTarget>,
}

/// `--target`'s values are the topology's `target` names.
pub fn parse_target(text: &str) -> Result<MeshTarget, String> {
    MeshTarget::parse(text).ok_or_else(|| format!("expected `ossm2`, `istio` or `ossm3`, not `{text}`"))
}

/// How much one run may generate (estimated before checking; see docs/diagnostics.md,
/// `fedc::federation::too-large`).
#[derive(Debug, clap::Args)]
pub struct LimitArgs {
    /// Refuse a topology estimated to generate more files than this (diff: also a directory to
    /// compare holding more).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_files)]
    pub max_files: u64,
    /// Refuse a topology estimated to generate more bytes than this (diff: also a directory to
    /// compare holding more); K, M, G: powers of 1024.
    #[arg(long, value_name = "SIZE", value_parser = estimate::parse_size, default_value = "2G")]
    pub max_bytes: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits { max_files: self.max_files, max_bytes: self.max_bytes }
    }
}

impl TopologyArgs {
    /// Where attachments may be read from.
    pub fn read_policy(&self) -> ReadPolicy {
        ReadPolicy { allow_read: self.allow_read.clone() }
    }

    /// What a compile may read and produce.
    pub fn compile_options(&self) -> Options {
        Options { read: self.read_policy(), limits: self.limits.limits(), target: self.target }
    }
}
