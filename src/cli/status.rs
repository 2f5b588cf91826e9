//! `fedc status`: after a rollout, whether each element of the topology is up in the clusters,
//! read live through `kubectl get` (never anything else) or from `--from DIR`. See docs/status.md.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::Failure;
use super::console::Console;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::plan::estimate;
use crate::report::{self, Format as ReportFormat};
use crate::status::clock::{Clock, DEFAULT_STALE_AFTER};
use crate::status::kubectl::Bounds;
use crate::status::read::Mode;
use crate::{check, load};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Per element: its state, the topology line, what was read, what to look at next.
    Text,
    /// One JSON document (a stable shape).
    Json,
    /// A table and what to look at next, for an incident ticket.
    Markdown,
    /// GitHub Actions workflow commands: an annotation per element that is not up.
    Github,
}

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::STATUS.text())]
pub(crate) struct Args {
    /// The topology file (TOML).
    pub(crate) topology: PathBuf,
    /// Read each cluster's status from DIR/<cluster>.yaml (the output of `kubectl get … -o yaml`)
    /// instead of asking the clusters.
    #[arg(long, value_name = "DIR")]
    pub(crate) from: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: Format,
    /// A `lastFullSync` older than this is stale (istiod resyncs every 60 s): `5m`, `90s`.
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_STALE_AFTER)]
    pub(crate) stale_after: String,
    /// Judge ages at this RFC 3339 time instead of now (reproducible reports from saved files).
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
    /// Give up on a kubectl request after this many seconds (1 to 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) timeout: u64,
    /// Refuse a status file or kubectl output larger than this; K, M, G: powers of 1024.
    #[arg(long, value_name = "SIZE", value_parser = estimate::parse_size, default_value = "64M")]
    pub(crate) max_bytes: u64,
    /// Exit 1 on degraded elements and notes too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Also read root certificates the topology names from DIR (repeatable).
    #[arg(long, value_name = "DIR")]
    pub(crate) allow_read: Vec<PathBuf>,
    /// Refuse a topology estimated to generate more files than this, as `build` would.
    #[arg(long, value_name = "N", default_value_t = estimate::Limits::default().max_files)]
    pub(crate) max_files: u64,
    /// Refuse a topology file larger than this; K, M, G: powers of 1024.
    #[arg(long, value_name = "SIZE", value_parser = estimate::parse_size, default_value = "8M")]
    pub(crate) max_topology_bytes: u64,
}

pub(crate) fn run(args: &Args, console: &mut Console) -> Result<ExitCode, Failure> {
    let failure = |message: String| (Error::usage(message), ReportFormat::Human);
    let clock = Clock::new(args.now.as_deref(), &args.stale_after).map_err(failure)?;
    if let Some(dir) = &args.from
        && !dir.is_dir()
    {
        let what = if dir.exists() { "not a directory" } else { "no such directory" };
        return Err((Error::io_other(dir, what), ReportFormat::Human));
    }
    let policy = load::ReadPolicy { allow_read: args.allow_read.clone(), max_topology_bytes: args.max_topology_bytes };
    // Checked like `build` checks it, so refused first when too large (by files: `--max-bytes`
    // bounds the status read here).
    let limits = estimate::Limits { max_files: args.max_files, max_bytes: u64::MAX };
    let loaded = match load::load_with(&args.topology, &policy)
        .and_then(|loaded| crate::compile::within_limits(&loaded, limits).map(|_| loaded))
    {
        Ok(loaded) => loaded,
        Err(Error::Findings { source, diagnostics }) => {
            console.err(&report::render(&source, &diagnostics, ReportFormat::Human, console.colors.stderr));
            return Ok(ExitCode::from(2));
        }
        Err(error) => return Err((error, ReportFormat::Human)),
    };
    let (federation, diagnostics) = check::findings(&loaded);
    if diagnostics.iter().any(Diagnostic::is_error) {
        console.err(&report::render(&loaded.source, &diagnostics, ReportFormat::Human, console.colors.stderr));
        return Ok(ExitCode::from(2));
    }
    let mode = match &args.from {
        Some(dir) => Mode::Files { dir, max_bytes: args.max_bytes },
        None => Mode::Live(Bounds { timeout: Duration::from_secs(args.timeout), max_bytes: args.max_bytes }),
    };
    let status = crate::status::run(&federation, mode, clock);
    let source = &loaded.source;
    let color = console.colors.stdout;
    console.out(&match args.format {
        Format::Text => report::status::text(source, &status, color),
        Format::Json => report::status::json(source, &status),
        Format::Markdown => report::status::markdown(source, &status),
        Format::Github => report::status::github(source, &status),
    });
    Ok(ExitCode::from(status.exit_code(args.deny_warnings)))
}
