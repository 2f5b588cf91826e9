use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::process::ExitCode;

use super::progress::Progress;
use super::{Console, Failure, TopologyArgs};
use crate::compile::{Prepared, prepare_with};
use crate::diagnostic::{self, Diagnostic, codes};
use crate::emit::{self, BuildOptions, BuildReport, Recovery};
use crate::error::Error;
use crate::load::Loaded;
use crate::render::{RenderedFile, Templates};
use crate::report;

#[derive(Debug, clap::Args)]
#[command(after_help = super::help::BUILD.text())]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) input: TopologyArgs,
    /// Output directory (the root that holds `clusters/` and `fedc.lock`).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Build into a non-empty directory that has no (usable) fedc.lock, replacing files at the
    /// paths fedc generates (other files are left alone); also overwrite or prune generated files
    /// that were edited by hand since the last build.
    #[arg(long)]
    pub(crate) force: bool,
    /// Exit 1 on warnings too, before writing anything (acknowledged warnings do not count).
    #[arg(long)]
    pub(crate) deny_warnings: bool,
}

pub(crate) fn run(args: &Args, console: &mut Console) -> Result<ExitCode, Failure> {
    let format = args.input.format;
    super::out_arg::check(&args.out, super::out_arg::Expect::MayBeMissing, "build").map_err(|e| (e, format))?;
    let progress =
        Progress::on_stderr(console.stderr_is_terminal, format!("building {}", args.input.topology.display()));
    // Rendered as it is written, a chunk at a time (see `emit::build`).
    let mut prepared =
        prepare_with(&args.input.topology, args.input.templates.as_deref(), &args.input.compile_options())
            .map_err(|e| (e, format))?;
    progress.stage("rendering and writing");
    let loaded = &prepared.loaded;
    let mismatch = crate::check::out_path::unacknowledged(&loaded.topology, &loaded.source.text, &args.out);
    prepared.warnings.extend(mismatch);
    let warnings = |prepared: &Prepared, found: Vec<Diagnostic>, console: &mut Console| {
        let mut all = prepared.warnings.clone();
        all.extend(found);
        if !all.is_empty() {
            diagnostic::sort(&mut all);
            console.err(&report::render(&prepared.loaded.source, &all, format, console.colors.stderr));
        }
    };
    if args.deny_warnings && !prepared.warnings.is_empty() {
        // A failure to render is reported rather than the warnings, as when nothing is denied.
        let found = prepared.render_each(|_| Ok(())).map_err(|e| (e, format))?;
        drop(progress);
        warnings(&prepared, found, console);
        return Ok(ExitCode::from(1));
    }
    let options = BuildOptions { force: args.force };
    let source = Watched {
        prepared: &prepared,
        render_failed: Cell::new(false),
        deny_warnings: args.deny_warnings,
        found: RefCell::new(Vec::new()),
        progress: &progress,
    };
    let built = emit::build(&args.out, &source, options);
    let (render_failed, found, denied) = (source.render_failed.get(), source.found.take(), source.denied(&built));
    // The progress line is cleared before anything else is printed.
    drop(progress);
    // The warnings come before the outcome, unless the topology failed to render (reported alone).
    if !render_failed {
        warnings(&prepared, found, console);
    }
    if denied {
        return Ok(ExitCode::from(1));
    }
    let built = built.map_err(|e| (with_command(e, args), format))?;
    console.err(&describe(&built, &args.out.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

/// The topology's files as `emit::build` writes them, noting whether they failed to render (as
/// opposed to failing to be written) and the warnings about what reaches the cluster; with
/// `--deny-warnings`, those warnings stop the build before it commits.
struct Watched<'a> {
    prepared: &'a Prepared,
    render_failed: Cell<bool>,
    deny_warnings: bool,
    found: RefCell<Vec<Diagnostic>>,
    progress: &'a Progress,
}

impl Watched<'_> {
    /// Whether the build stopped on warnings it was told to deny (they are reported already).
    fn denied(&self, built: &Result<BuildReport, Error>) -> bool {
        matches!(built, Err(Error::Findings { diagnostics, .. }) if diagnostics.iter().all(|d| !d.is_error()))
            && self.deny_warnings
    }
}

impl emit::Source for Watched<'_> {
    fn inputs(&self) -> (&Loaded, &Templates) {
        (&self.prepared.loaded, &self.prepared.templates)
    }

    fn each(&self, sink: &mut dyn FnMut(&[RenderedFile]) -> Result<(), Error>) -> Result<(), Error> {
        let mut sink_failed = false;
        let result = self.prepared.render_each(|files| {
            self.progress.files(files.len());
            sink(&files).inspect_err(|_| sink_failed = true)
        });
        self.render_failed.set(result.is_err() && !sink_failed);
        let found = result?;
        if self.deny_warnings && !found.is_empty() {
            let source = self.prepared.loaded.source.clone();
            self.found.replace(found.clone());
            return Err(Error::Findings { source, diagnostics: found });
        }
        self.found.replace(found);
        Ok(())
    }
}

/// A refusal that `--force` overrides ends with the exact command, ready to paste.
fn with_command(error: Error, args: &Args) -> Error {
    match error {
        Error::Output { code, message, mut more }
            if [
                codes::emit::HAND_EDITED,
                codes::emit::FOREIGN_FILE,
                codes::emit::NOT_EMPTY,
                codes::emit::OTHER_FEDERATION,
            ]
            .contains(&code) =>
        {
            let topology = super::advice::shell_word(&args.input.topology.display().to_string());
            let out = super::advice::shell_word(&args.out.display().to_string());
            more.push(format!("  fedc build {topology} --out {out} --force"));
            Error::Output { code, message, more }
        }
        other => other,
    }
}

fn describe(built: &BuildReport, out: &str) -> String {
    let mut text = String::new();
    match built.recovered {
        Some(Recovery::RolledBack) => text.push_str(&format!("fedc: undid an interrupted build in {out}\n")),
        Some(Recovery::Completed) => text.push_str(&format!("fedc: finished an interrupted build in {out}\n")),
        Some(Recovery::Clean) | None => {}
    }
    for warning in &built.warnings {
        text.push_str(&format!("warning: {}\n", crate::inert::text(warning)));
    }
    let lock = if built.lock_written { "fedc.lock updated" } else { "fedc.lock unchanged" };
    text.push_str(&format!(
        "fedc: {} files in {out}: {} written, {} removed, {} unchanged; {lock}\n",
        built.files, built.written, built.removed, built.unchanged
    ));
    text
}
