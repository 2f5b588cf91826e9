//! `fedc explain` and `fedc graph`: read and check the topology, then describe the federation.
//! A topology with errors is not described: its findings are printed and the exit code is 1.

use std::process::ExitCode;

use super::{Console, Failure};
use crate::compile::within_limits;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::explain::{self, Filter};
use crate::model::Federation;
use crate::report::{self, Format as ReportFormat};
use crate::{check, graph, load};

/// Arguments of both commands' topology input.
#[derive(Debug, clap::Args)]
pub(crate) struct Input {
    /// The topology file (TOML).
    pub(crate) topology: std::path::PathBuf,
    /// Also read root certificates and patch files from DIR (repeatable).
    #[arg(long, value_name = "DIR")]
    pub(crate) allow_read: Vec<std::path::PathBuf>,
    #[command(flatten)]
    pub(crate) limits: super::LimitArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::EXPLAIN.text())]
pub(crate) struct ExplainArgs {
    #[command(flatten)]
    pub(crate) input: Input,
    /// Only entries where this mesh calls or serves.
    #[arg(long, value_name = "MESH")]
    pub(crate) mesh: Option<String>,
    /// Only services matching `namespace/name` (either side may be `*`), local or remote name.
    #[arg(long, value_name = "NS/NAME")]
    pub(crate) service: Option<String>,
    /// Only calls made from this mesh.
    #[arg(long, value_name = "MESH")]
    pub(crate) from: Option<String>,
    /// Only calls served by this mesh.
    #[arg(long, value_name = "MESH")]
    pub(crate) to: Option<String>,
    /// Group by serving mesh and service: who can reach each one.
    #[arg(long)]
    pub(crate) reverse: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: explain::render::Format,
}

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::GRAPH.text())]
pub(crate) struct GraphArgs {
    #[command(flatten)]
    pub(crate) input: Input,
    #[arg(long, value_enum, default_value = "mermaid")]
    pub(crate) format: graph::Format,
    /// Draw service flows as one edge per mesh pair with a count (automatic above 24 flows).
    #[arg(long)]
    pub(crate) aggregate: bool,
}

pub(crate) fn explain(args: &ExplainArgs, console: &mut Console) -> Result<ExitCode, Failure> {
    let Some(federation) = checked(&args.input, console)? else { return Ok(ExitCode::from(1)) };
    let filter =
        Filter { mesh: args.mesh.clone(), from: args.from.clone(), to: args.to.clone(), service: args.service.clone() };
    let explanation = explain::reachability(&federation);
    let unknown = explain::unknown_values(&filter, &federation, &explanation);
    if !unknown.is_empty() {
        let mut unknown = unknown.into_iter();
        let message = unknown.next().unwrap_or_default();
        return Err((Error::Usage { message, more: unknown.collect() }, ReportFormat::Human));
    }
    let explanation = explanation.filtered(&filter);
    console.out(&explain::render::render(&explanation, args.format, args.reverse));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn graph(args: &GraphArgs, console: &mut Console) -> Result<ExitCode, Failure> {
    let Some(federation) = checked(&args.input, console)? else { return Ok(ExitCode::from(1)) };
    let picture = graph::picture(&federation, &explain::reachability(&federation), args.aggregate);
    console.out(&match args.format {
        graph::Format::Mermaid => graph::mermaid(&picture),
        graph::Format::Dot => graph::dot(&picture),
    });
    Ok(ExitCode::SUCCESS)
}

/// The checked federation, or `None` after printing its errors (warnings are printed, not fatal).
fn checked(input: &Input, console: &mut Console) -> Result<Option<Federation>, Failure> {
    let policy = input.limits.read_policy(&input.allow_read);
    // Refused before checking when too large, as `build` would refuse it: the work grows with it.
    let loaded = match load::load_with(&input.topology, &policy)
        .and_then(|loaded| within_limits(&loaded, input.limits.limits()).map(|_| loaded))
    {
        Ok(loaded) => loaded,
        Err(Error::Findings { source, diagnostics }) => {
            console.err(&report::render(&source, &diagnostics, ReportFormat::Human, console.colors.stderr));
            return Ok(None);
        }
        Err(error) => return Err((error, ReportFormat::Human)),
    };
    let (federation, diagnostics) = check::findings(&loaded);
    if !diagnostics.is_empty() {
        console.err(&report::render(&loaded.source, &diagnostics, ReportFormat::Human, console.colors.stderr));
    }
    Ok(if diagnostics.iter().any(Diagnostic::is_error) { None } else { Some(federation) })
}
