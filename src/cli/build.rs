use std::path::PathBuf;
use std::process::ExitCode;

use super::{Colors, Failure, TopologyArgs, output};
use crate::compile::compile_with;
use crate::emit::{self, BuildOptions, BuildReport, Recovery};
use crate::report;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Formats (--format, of findings on stderr): human (default), json, github.\nOutput: one directory per cluster under --out, and fedc.lock.\nExit status: 0 built, 1 the topology has errors (nothing written), 2 error (unreadable input, output directory refused, too large)."
)]
pub struct Args {
    #[command(flatten)]
    pub input: TopologyArgs,
    /// Output directory (the root that holds `clusters/` and `fedc.lock`).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Build into a non-empty directory that has no (usable) fedc.lock, replacing files at the
    /// paths fedc generates (other files are left alone); also overwrite or prune generated files
    /// that were edited by hand since the last build.
    #[arg(long)]
    pub force: bool,
    /// Exit 1 on warnings too, before writing anything (acknowledged warnings do not count).
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: &Args, colors: Colors) -> Result<ExitCode, Failure> {
    let format = args.input.format;
    super::out_arg::check(&args.out, super::out_arg::Expect::MayBeMissing, "build").map_err(|e| (e, format))?;
    let mut compiled =
        compile_with(&args.input.topology, args.input.templates.as_deref(), &args.input.compile_options())
            .map_err(|e| (e, format))?;
    let loaded = &compiled.loaded;
    compiled.warnings.extend(crate::check::out_path::unacknowledged(&loaded.topology, &loaded.source.text, &args.out));
    if !compiled.warnings.is_empty() {
        output::err(&report::render(&compiled.loaded.source, &compiled.warnings, format, colors.stderr));
        if args.deny_warnings {
            return Ok(ExitCode::from(1));
        }
    }
    let options = BuildOptions { force: args.force };
    let built = emit::build(&args.out, &compiled, options).map_err(|e| (e, format))?;
    output::err(&describe(&built, &args.out.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

fn describe(built: &BuildReport, out: &str) -> String {
    let mut text = String::new();
    match built.recovered {
        Some(Recovery::RolledBack) => text.push_str(&format!("fedc: undid an interrupted build in {out}\n")),
        Some(Recovery::Completed) => text.push_str(&format!("fedc: finished an interrupted build in {out}\n")),
        Some(Recovery::Clean) | None => {}
    }
    for warning in &built.warnings {
        text.push_str(&format!("warning: {}\n", report::inert::text(warning)));
    }
    let lock = if built.lock_written { "fedc.lock updated" } else { "fedc.lock unchanged" };
    text.push_str(&format!(
        "fedc: {} files in {out}: {} written, {} removed, {} unchanged; {lock}\n",
        built.files, built.written, built.removed, built.unchanged
    ));
    text
}
