use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ArgGroup;

use super::{Colors, Failure};
use crate::compile::{Options, compile_with};
use crate::diff::{self, Diff};
use crate::emit;
use crate::error::Error;
use crate::load::ReadPolicy;
use crate::report::{self, Format as ReportFormat};

#[derive(Debug, clap::Args)]
#[command(
    override_usage = "fedc diff <TOPOLOGY> --out <DIR> [OPTIONS]\n       fedc diff --old <DIR> --new <DIR> [OPTIONS]",
    group(ArgGroup::new("mode").required(true).args(["topology", "old"])),
    after_help = "Formats (--format): text (default; coloured on a terminal), markdown (pull-request comment), json (docs/gitops.md).\nExit status: 0 identical, 1 different, 2 error (--exit-zero: 0 unless an error)."
)]
pub struct Args {
    /// Topology to render and compare with the output committed in --out.
    #[arg(requires = "out")]
    pub topology: Option<PathBuf>,
    /// The committed output directory (the one holding fedc.lock) to compare TOPOLOGY with.
    #[arg(long, value_name = "DIR", requires = "topology")]
    pub out: Option<PathBuf>,
    /// Directory whose templates replace the built-in ones (with TOPOLOGY).
    #[arg(long, value_name = "DIR", requires = "topology")]
    pub templates: Option<PathBuf>,
    /// Also read root certificates and patch files from DIR (with TOPOLOGY; repeatable).
    #[arg(long, value_name = "DIR", requires = "topology")]
    pub allow_read: Vec<PathBuf>,
    /// Compare two output directories instead: the old one...
    #[arg(long, value_name = "DIR", requires = "new", conflicts_with = "topology")]
    pub old: Option<PathBuf>,
    /// ...and the new one.
    #[arg(long, value_name = "DIR", requires = "old")]
    pub new: Option<PathBuf>,
    /// How the diff is printed.
    #[arg(long, value_enum, default_value = "text")]
    pub format: diff::Format,
    /// Lines of unchanged YAML shown around each change.
    #[arg(long, value_name = "LINES", default_value_t = 3)]
    pub context: usize,
    #[command(flatten)]
    pub limits: super::LimitArgs,
    /// Exit 0 when differences are found (report only); errors still exit 2.
    #[arg(long)]
    pub exit_zero: bool,
}

pub fn run(args: &Args, colors: Colors) -> Result<ExitCode, Failure> {
    let diff = compute(args, colors).map_err(|e| (e, ReportFormat::Human))?;
    let color = colors.stdout && args.format == diff::Format::Text;
    print!("{}", diff::render(&diff, args.format, color));
    Ok(if diff.is_empty() || args.exit_zero { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn compute(args: &Args, colors: Colors) -> Result<Diff, Error> {
    match (&args.topology, &args.out, &args.old, &args.new) {
        (Some(topology), Some(out), _, _) => {
            let options =
                Options { read: ReadPolicy { allow_read: args.allow_read.clone() }, limits: args.limits.limits() };
            let compiled = compile_with(topology, args.templates.as_deref(), &options)?;
            if !compiled.warnings.is_empty() {
                let warnings = &compiled.warnings;
                eprint!("{}", report::render(&compiled.loaded.source, warnings, ReportFormat::Human, colors.stderr));
            }
            let committed = read_base(out, args)?;
            Ok(diff::compare(&committed, &diff::rendered(&compiled.files), args.context))
        }
        (_, _, Some(old), Some(new)) => Ok(diff::compare(&read_base(old, args)?, &read_dir(new, args)?, args.context)),
        _ => Err(Error::Usage { message: "give TOPOLOGY --out DIR, or --old DIR --new DIR".to_string() }),
    }
}

/// Reads the base side of a diff. A base that does not exist yet, in a directory that does (the
/// base branch of the pull request that adopts fedc has no output), is empty: everything is added.
fn read_base(dir: &Path, args: &Args) -> Result<diff::Files, Error> {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let absent = matches!(std::fs::symlink_metadata(dir), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    if absent && parent.is_dir() {
        eprintln!("note: {} does not exist yet: compared as an empty output (every object is added)", dir.display());
        return Ok(diff::Files::new());
    }
    read_dir(dir, args)
}

/// Reads an output directory while no build writes to it.
fn read_dir(dir: &Path, args: &Args) -> Result<diff::Files, Error> {
    super::out_arg::check(dir, super::out_arg::Expect::Existing, "diff")?;
    let _guard = emit::open_for_reading(dir)?;
    diff::output_dir_within(dir, args.limits.limits())
}
