//! Command line: parses arguments, runs a command, renders its outcome, returns the exit code.

mod advice;
mod build;
mod check;
mod check_out;
mod console;
mod diff;
mod diff_base;
mod diff_topology;
pub(crate) mod editor;
mod help;
mod init;
mod man;
mod migration;
mod out_arg;
mod progress;
mod see;
mod status;

use std::ffi::OsString;
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
pub use console::Streams;
use console::{Colors, Console};

#[derive(Debug, Parser)]
#[command(
    name = "fedc",
    version,
    about = "The federation compiler: one topology file in, per-cluster service mesh federation manifests out.",
    after_help = help::FEDC.text()
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// When to colour diagnostics (`auto`: on a terminal, unless NO_COLOR is set).
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    /// After a rollout: whether each peering, export, import and failover of the topology is up,
    /// from the live status of the objects fedc generated (kubectl get) or from saved files.
    Status(status::Args),
    /// Write a commented starter topology (two meshes, one export, one import, one failover).
    Init(init::Args),
    /// Print the JSON Schema of the topology file (for editors: taplo, Even Better TOML).
    Schema(editor::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(editor::CompletionsArgs),
    /// Print fedc's man page (roff), generated from this command line's definition.
    Man(editor::ManArgs),
}

/// Runs fedc with the process's arguments and standard streams.
pub(crate) fn main() -> ExitCode {
    let (stdout, stderr) = (std::io::stdout(), std::io::stderr());
    let (stdout_is_terminal, stderr_is_terminal) = (stdout.is_terminal(), stderr.is_terminal());
    let streams =
        Streams { stdout: &mut stdout.lock(), stderr: &mut stderr.lock(), stdout_is_terminal, stderr_is_terminal };
    run_with(std::env::args_os(), streams)
}

/// Runs fedc with `args` (the first is the program name) writing to `streams`: what the binary
/// does, whoever calls it.
pub fn run_with<I, T>(args: I, streams: Streams) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => return usage(&error, streams),
    };
    let colors = Colors {
        stdout: use_color(cli.color, streams.stdout_is_terminal),
        stderr: use_color(cli.color, streams.stderr_is_terminal),
    };
    let mut console = Console::new(streams, colors);
    let outcome = match &cli.command {
        Command::Build(args) => build::run(args, &mut console),
        Command::Check(args) => match &args.out {
            Some(out) => check_out::run(args, out, &mut console),
            _ => check::run(args, &mut console),
        },
        Command::Diff(args) => diff::run(args, &mut console),
        Command::Explain(args) => see::explain(args, &mut console),
        Command::Graph(args) => see::graph(args, &mut console),
        Command::Status(args) => status::run(args, &mut console),
        Command::Init(args) => init::run(args, &mut console),
        Command::Schema(_) => editor::schema(&mut console),
        Command::Completions(args) => editor::completions(args, &mut console),
        Command::Man(_) => editor::man(&mut console),
    };
    let code = match outcome {
        Ok(code) => code,
        Err((error, format)) => {
            let color = console.colors.stderr;
            console.err(&render_error(&error, format, color));
            ExitCode::from(error.exit_code())
        }
    };
    match console.failure() {
        Some(_) => ExitCode::from(2),
        None => code,
    }
}

/// clap's own outcome: `--help` and `--version` on stdout (success), usage errors on stderr.
fn usage(error: &clap::Error, streams: Streams) -> ExitCode {
    let terminal = if error.use_stderr() { streams.stderr_is_terminal } else { streams.stdout_is_terminal };
    let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = if color { error.render().ansi().to_string() } else { error.render().to_string() };
    let mut console = Console::new(streams, Colors { stdout: false, stderr: false });
    let code = if error.use_stderr() {
        console.err(&text);
        ExitCode::from(2)
    } else {
        console.out(&text);
        ExitCode::SUCCESS
    };
    match console.failure() {
        Some(_) => ExitCode::from(2),
        None => code,
    }
}

/// A command's failure and the format it should be reported in.
pub(crate) type Failure = (Error, Format);

pub(crate) fn render_error(error: &Error, format: Format, color: bool) -> String {
    match error {
        Error::Findings { source, diagnostics } => report::render(source, diagnostics, format, color),
        // Every other variant has a code (`Error::code`).
        other => report::render_failure(other.code().map_or("", |code| code.as_str()), &other.lines(), format),
    }
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
pub(crate) struct TopologyArgs {
    /// The topology file (TOML).
    pub(crate) topology: PathBuf,
    /// Directory whose templates replace the built-in ones of the same relative name.
    #[arg(long, value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,
    /// Also read root certificates and patch files from DIR (repeatable); by default they must
    /// lie in the topology's directory tree.
    #[arg(long, value_name = "DIR")]
    pub(crate) allow_read: Vec<PathBuf>,
    /// How findings are printed.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    /// Compile every mesh for this target instead of the one written (`ossm2`, `istio`, `ossm3`):
    /// the migration view. Settings only the written target has are ignored.
    #[arg(long, value_name = "TARGET", value_parser = parse_target)]
    pub(crate) target: Option<MeshTarget>,
}

/// `--target`'s values are the topology's `target` names.
pub(crate) fn parse_target(text: &str) -> Result<MeshTarget, String> {
    MeshTarget::parse(text).ok_or_else(|| format!("expected `ossm2`, `istio` or `ossm3`, not `{text}`"))
}

/// How much one run may generate (estimated before checking; see docs/diagnostics.md,
/// `fedc::federation::too-large`).
#[derive(Debug, clap::Args)]
pub(crate) struct LimitArgs {
    /// Refuse a topology estimated to generate more files than this (diff: also a directory to
    /// compare holding more).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_files)]
    pub(crate) max_files: u64,
    /// Refuse a topology estimated to generate more bytes than this (diff: also a directory to
    /// compare holding more); K, M, G: powers of 1024.
    #[arg(long, value_name = "SIZE", value_parser = estimate::parse_size, default_value = "2G")]
    pub(crate) max_bytes: u64,
    /// Refuse a topology file (and a --base one) larger than this; K, M, G: powers of 1024.
    #[arg(long, value_name = "SIZE", value_parser = estimate::parse_size, default_value = "8M", requires = "topology")]
    pub(crate) max_topology_bytes: u64,
}

impl LimitArgs {
    pub(crate) fn limits(&self) -> Limits {
        Limits { max_files: self.max_files, max_bytes: self.max_bytes }
    }

    /// What may be read: attachments also from `allow_read`, the topology up to its limit.
    pub(crate) fn read_policy(&self, allow_read: &[PathBuf]) -> ReadPolicy {
        ReadPolicy { allow_read: allow_read.to_vec(), max_topology_bytes: self.max_topology_bytes }
    }
}

impl TopologyArgs {
    /// Where attachments may be read from.
    pub(crate) fn read_policy(&self) -> ReadPolicy {
        self.limits.read_policy(&self.allow_read)
    }

    /// What a compile may read and produce.
    pub(crate) fn compile_options(&self) -> Options {
        Options { read: self.read_policy(), limits: self.limits.limits(), target: self.target }
    }
}
