use std::path::PathBuf;
use std::process::ExitCode;

use super::{Colors, Failure, TopologyArgs};
use crate::compile::compile;
use crate::emit;
use crate::report;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: TopologyArgs,
    /// Output directory (the root that holds `clusters/`).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: &Args, colors: Colors) -> Result<ExitCode, Failure> {
    let format = args.input.format;
    let compiled = compile(&args.input.topology, args.input.templates.as_deref()).map_err(|e| (e, format))?;
    if !compiled.warnings.is_empty() {
        eprint!("{}", report::render(&compiled.loaded.source, &compiled.warnings, format, colors.stderr));
    }
    let written = emit::write_tree(&args.out, &compiled.files).map_err(|e| (e, format))?;
    eprintln!("fedc: {} files rendered into {}, {written} written", compiled.files.len(), args.out.display());
    Ok(ExitCode::SUCCESS)
}
