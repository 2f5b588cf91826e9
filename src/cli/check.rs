use std::path::PathBuf;
use std::process::ExitCode;

use super::{Colors, Failure, TopologyArgs, check_out};
use crate::{check, load, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: TopologyArgs,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also verify the output committed in DIR: fails when it is stale, hand-edited, has stray
    /// files or misses files. Writes nothing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &Args, colors: Colors) -> Result<ExitCode, Failure> {
    if let Some(out) = &args.out {
        return check_out::run(args, out, colors);
    }
    let format = args.input.format;
    let loaded = load::load(&args.input.topology).map_err(|e| (e, format))?;
    let (_, diagnostics) = check::findings(&loaded);
    print!("{}", report::render(&loaded.source, &diagnostics, format, colors.stdout));
    let failing = diagnostics.iter().any(|d| d.is_error() || args.deny_warnings);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
