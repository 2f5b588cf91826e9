//! `fedc diff TOPOLOGY --out DIR`: a fresh render compared with the committed output. The
//! committed side is read first as digests, the render is compared with it as it is produced
//! (`diff::Streamed`), and only the committed files that changed are read again for their lines.

use std::collections::BTreeMap;
use std::path::Path;

use super::Console;
use super::diff::{Args, not_there_yet, not_there_yet_note, summary};
use super::progress::Progress;
use crate::compile::{Options, prepare_with};
use crate::diff::semantic::render::{Extras, Finding};
use crate::diff::{self, Diff, Digests, Streamed};
use crate::emit;
use crate::error::Error;
use crate::plan::estimate::Limits;
use crate::report::{self, Format as ReportFormat};

/// The committed output: not there yet (compared as empty), or its digests, read under the
/// shared lock that keeps a build out until the diff has read what it needs.
enum Base {
    Absent,
    Read { digests: Digests, _guard: Option<emit::OutputGuard> },
}

/// The diff, what accompanies it (see `cli::diff`) and, with `--target`, the migration plan.
pub(super) fn compute(
    topology: &Path,
    out: &Path,
    args: &Args,
    console: &mut Console,
) -> Result<(Diff, Extras, Option<String>), Error> {
    let read = args.limits.read_policy(&args.allow_read);
    let options = Options { read, limits: args.limits.limits(), target: args.target };
    let what = format!("comparing {} with {}", topology.display(), out.display());
    let progress = Progress::on_stderr(console.stderr_is_terminal, what);
    // The committed side does not depend on the topology: it is read while the topology loads,
    // is checked and its first chunk renders. The topology's errors still come first (the thread
    // is then left to end with the process), and a failure to read the committed side is
    // reported after the rendering's own failures.
    let mut reading = Some({
        let (out, limits) = (out.to_path_buf(), args.limits.limits());
        std::thread::spawn(move || open_base(&out, limits))
    });
    let mut compiled = prepare_with(topology, args.templates.as_deref(), &options)?;
    progress.stage("rendering");
    let (mut base, mut held) = (None, Vec::new());
    let mut streamed = Streamed::new(BTreeMap::new());
    let found = compiled.render_each(|files| {
        progress.files(files.len());
        // The first chunk (fedc's `.gitignore`, handed on before anything is planned) is held;
        // the next, rendered meanwhile, waits for the committed side. Each file is then compared
        // as it comes.
        if base.is_none() && held.is_empty() {
            held.push(files);
            return Ok(());
        }
        if base.is_none() {
            base = Some(committed_side(&mut reading, &mut streamed));
        }
        held.drain(..).chain([files]).for_each(|files| streamed.take(files));
        Ok(())
    })?;
    drop(progress);
    let base = base.unwrap_or_else(|| committed_side(&mut reading, &mut streamed));
    held.into_iter().for_each(|files| streamed.take(files));
    compiled.warnings.extend(found);
    crate::diagnostic::sort(&mut compiled.warnings);
    if !compiled.warnings.is_empty() {
        let report =
            report::render(&compiled.loaded.source, &compiled.warnings, ReportFormat::Human, console.colors.stderr);
        console.err(&report);
    }
    let (committed, federation) = match base? {
        Base::Absent => {
            console.err(&not_there_yet_note(out));
            (diff::Files::new(), None)
        }
        Base::Read { digests, _guard } => {
            (diff::output_dir_rest(out, args.limits.limits(), &streamed.unmatched())?, digests.federation)
        }
    };
    let migration = args.target.map(|target| {
        // The topology as written (what --out was built from), for the hostnames it gives.
        let written = prepare_with(topology, args.templates.as_deref(), &Options { target: None, ..options.clone() })
            .and_then(|written| written.render_each(|_| Ok(())).map(|_| written));
        let written = written.ok();
        let (old, new, unchanged) = (&committed, &streamed.changed, &streamed.unchanged);
        super::migration::plan(
            target,
            old,
            new,
            unchanged,
            written.as_ref().map(|c| &c.federation),
            &compiled.federation,
        )
    });
    let mut extras = match (&args.base, &args.base_rev) {
        (Some(base), _) => summary(base, &compiled.federation, args)?,
        (None, Some(rev)) => super::diff_base::at_revision(topology, rev, &compiled.federation, args.limits.limits())?,
        (None, None) => Extras::default(),
    };
    warn_other_federation(out, federation, &compiled.federation.name.value, console);
    let source = &compiled.loaded.source;
    extras.findings = compiled.warnings.iter().map(|d| Finding::of(source, d)).collect();
    Ok((diff::compare(&committed, &streamed.changed, args.context), extras, migration.map(|m| m.to_string())))
}

/// The committed side (empty when [`not_there_yet`]).
fn open_base(out: &Path, limits: Limits) -> Result<Base, Error> {
    if not_there_yet(out) {
        return Ok(Base::Absent);
    }
    super::out_arg::check(out, super::out_arg::Expect::Existing, "diff")?;
    let guard = emit::open_for_reading(out)?;
    Ok(Base::Read { digests: diff::output_dir_digests(out, limits)?, _guard: guard })
}

/// What the thread reading the committed side found (`reading`, taken), its digests handed to
/// `streamed` to compare the rendered files with.
fn committed_side(
    reading: &mut Option<std::thread::JoinHandle<Result<Base, Error>>>,
    streamed: &mut Streamed,
) -> Result<Base, Error> {
    // A panic is a bug: it goes on as one (`panic = "abort"` in release builds anyway).
    let joined = reading.take().map(|r| r.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
    let mut read = joined.unwrap_or(Ok(Base::Absent));
    if let Ok(Base::Read { digests, .. }) = &mut read {
        *streamed = Streamed::new(std::mem::take(&mut digests.files));
    }
    read
}

/// The diff compares files; `build` also refuses an output another federation's lock claims, so
/// a diff that finds nothing to change must not read as "a build here is a no-op".
fn warn_other_federation(out: &Path, locked: Option<String>, federation: &str, console: &mut Console) {
    let Some(other) = locked.filter(|other| other != federation) else { return };
    console.err(&format!(
        "warning: {} holds the output of federation `{}` (fedc.lock), not `{}`: `fedc build` replaces it only with --force\n",
        crate::inert::text(&out.display().to_string()),
        crate::inert::text(&other),
        crate::inert::text(federation)
    ));
}
