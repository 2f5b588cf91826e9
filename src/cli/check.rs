use std::process::ExitCode;

use super::{Colors, Failure, TopologyArgs};
use crate::{check, load, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: TopologyArgs,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: &Args, colors: Colors) -> Result<ExitCode, Failure> {
    let format = args.input.format;
    let loaded = load::load(&args.input.topology).map_err(|e| (e, format))?;
    let (_, diagnostics) = check::findings(&loaded);
    print!("{}", report::render(&loaded.source, &diagnostics, format, colors.stdout));
    let failing = diagnostics.iter().any(|d| d.is_error() || args.deny_warnings);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
