use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ArgGroup;

use super::{Console, Failure};
use crate::diff::semantic::{self, render::Extras};
use crate::diff::{self, Diff};
use crate::emit;
use crate::error::Error;
use crate::model::{Federation, MeshTarget};
use crate::report::Format as ReportFormat;

#[derive(Debug, clap::Args)]
#[command(
    override_usage = "fedc diff <TOPOLOGY> --out <DIR> [OPTIONS]\n       fedc diff --old <DIR> --new <DIR> [OPTIONS]",
    group(ArgGroup::new("mode").required(true).args(["topology", "old"])),
    after_help = super::help::DIFF.text()
)]
pub(crate) struct Args {
    /// Topology to render and compare with the output committed in --out.
    #[arg(requires = "out")]
    pub(crate) topology: Option<PathBuf>,
    /// The committed output directory (the one holding fedc.lock) to compare TOPOLOGY with.
    #[arg(long, value_name = "DIR", requires = "topology")]
    pub(crate) out: Option<PathBuf>,
    /// Directory whose templates replace the built-in ones (with TOPOLOGY).
    #[arg(long, value_name = "DIR", requires = "topology")]
    pub(crate) templates: Option<PathBuf>,
    /// Also read root certificates and patch files from DIR (with TOPOLOGY; repeatable).
    #[arg(long, value_name = "DIR", requires = "topology")]
    pub(crate) allow_read: Vec<PathBuf>,
    /// Render TOPOLOGY with every mesh compiled for this target (`ossm2`, `istio`, `ossm3`) and
    /// compare with --out: the migration view, followed by a plan per cluster.
    #[arg(long, value_name = "TARGET", value_parser = super::parse_target, requires = "topology")]
    pub(crate) target: Option<MeshTarget>,
    /// The topology before the change (e.g. from the pull request's base branch): the diff then
    /// starts with what changes in the federation, in words.
    #[arg(long, value_name = "OLD.toml", requires = "topology")]
    pub(crate) base: Option<PathBuf>,
    /// As --base, with the topology (and the certificates and patch files it names) as they are
    /// at git revision REV (e.g. `origin/main`): read from the repository, not from a copy.
    #[arg(long, value_name = "REV", requires = "topology", conflicts_with = "base")]
    pub(crate) base_rev: Option<String>,
    /// Compare two output directories instead: the old one...
    #[arg(long, value_name = "DIR", requires = "new", conflicts_with = "topology")]
    pub(crate) old: Option<PathBuf>,
    /// ...and the new one.
    #[arg(long, value_name = "DIR", requires = "old")]
    pub(crate) new: Option<PathBuf>,
    /// How the diff is printed.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: diff::Format,
    /// Lines of unchanged YAML shown around each change.
    #[arg(long, value_name = "LINES", default_value_t = 3)]
    pub(crate) context: usize,
    #[command(flatten)]
    pub(crate) limits: super::LimitArgs,
    /// Exit 0 when differences are found (report only); errors still exit 2.
    #[arg(long)]
    pub(crate) exit_zero: bool,
}

pub(crate) fn run(args: &Args, console: &mut Console) -> Result<ExitCode, Failure> {
    let (diff, extras, migration) = match compute(args, console) {
        Ok(computed) => computed,
        // Exit 1 means "different": a topology with errors is a failure to compare (2), and a
        // pull-request comment made from stdout says so instead of being blank.
        Err(error @ Error::Findings { .. }) => {
            console.err(&super::render_error(&error, ReportFormat::Human, console.colors.stderr));
            if args.format == diff::Format::Markdown {
                console.out(NOT_COMPARED);
            }
            return Ok(ExitCode::from(2));
        }
        Err(error) => return Err((error, ReportFormat::Human)),
    };
    let color = console.colors.stdout && args.format == diff::Format::Text;
    console.out(&semantic::render::decorate(diff::render(&diff, args.format, color), args.format, &extras));
    // JSON stays one document; the plan follows the text and markdown renderings.
    if let Some(migration) = migration.filter(|_| args.format != diff::Format::Json) {
        console.out(&migration);
    }
    Ok(if diff.is_empty() || args.exit_zero { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

const NOT_COMPARED: &str =
    "**fedc diff**: the topology has errors, so nothing was compared; `fedc check` lists them (and the job log).\n";

/// The diff, what accompanies it (with `--base`, the federation's changes in words; the check
/// findings) and, with `--target`, the migration plan.
fn compute(args: &Args, console: &mut Console) -> Result<(Diff, Extras, Option<String>), Error> {
    match (&args.topology, &args.out, &args.old, &args.new) {
        (Some(topology), Some(out), _, _) => super::diff_topology::compute(topology, out, args, console),
        (_, _, Some(old), Some(new)) => {
            let old = read_old(old, args, console)?;
            let diff = diff::compare(&old, &read_dir(new, args, &old)?, args.context);
            Ok((diff, Extras::default(), None))
        }
        _ => Err(Error::usage("give TOPOLOGY --out DIR, or --old DIR --new DIR")),
    }
}

/// What changes in the federation from the `base` topology to `new`. A base with errors (or that
/// does not parse) gives a note and its findings instead: the object diff still shows what changes.
pub(super) fn summary(base: &Path, new: &Federation, args: &Args) -> Result<Extras, Error> {
    if matches!(std::fs::symlink_metadata(base), Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
        // The base branch of the pull request that adopts fedc has no topology yet.
        let note =
            format!("the base topology {} does not exist: no summary of the federation's changes", base.display());
        return Ok(Extras { note: Some(note), ..Extras::default() });
    }
    let policy = args.limits.read_policy(&args.allow_read);
    super::diff_base::summarize(crate::load::load_with(base, &policy), new, false, args.limits.limits())
}

/// Reads the old side of a diff of two directories (empty when [`not_there_yet`]).
fn read_old(dir: &Path, args: &Args, console: &mut Console) -> Result<diff::Files, Error> {
    if not_there_yet(dir) {
        console.err(&not_there_yet_note(dir));
        return Ok(diff::Files::new());
    }
    read_dir(dir, args, &diff::Files::new())
}

/// Whether `dir` is a base that does not exist yet, in a directory that does (the base branch of
/// the pull request that adopts fedc has no output): compared as empty, everything is added.
pub(super) fn not_there_yet(dir: &Path) -> bool {
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let absent = matches!(std::fs::symlink_metadata(dir), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    absent && parent.is_dir()
}

/// What stderr says of a base [`not_there_yet`].
pub(super) fn not_there_yet_note(dir: &Path) -> String {
    format!("note: {} does not exist yet: compared as an empty output (every object is added)\n", dir.display())
}

/// Reads an output directory while no build writes to it.
fn read_dir(dir: &Path, args: &Args, shared: &diff::Files) -> Result<diff::Files, Error> {
    super::out_arg::check(dir, super::out_arg::Expect::Existing, "diff")?;
    let _guard = emit::open_for_reading(dir)?;
    diff::output_dir_sharing(dir, args.limits.limits(), shared)
}
