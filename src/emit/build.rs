//! A build: decide and stage each file as it is rendered, a chunk at a time, then commit the
//! transaction. What is held at once is one chunk's files plus a path and a hash per file, not
//! the whole output. A build that fails leaves the tree as it was: the staged files are removed,
//! and an output directory (with its parents) that the build created is removed again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::lock::{LOCK_FILE, Lock};
use super::plan::Planner;
use super::safe_dir::SafeDir;
use super::transaction::Stager;
use super::{BUILD_LOCK_FILE, BuildOptions, BuildReport, Recovery, guard, recovery, tree};
use crate::diagnostic::codes;
use crate::error::Error;
use crate::load::Loaded;
use crate::render::{RenderedFile, Templates};

/// What a build writes: its inputs (for the lock) and its files, handed over a chunk at a time.
pub(crate) trait Source {
    fn inputs(&self) -> (&Loaded, &Templates);
    /// Hands every file to `sink`, a chunk at a time (each path once, in any order).
    fn each(&self, sink: &mut dyn FnMut(&[RenderedFile]) -> Result<(), Error>) -> Result<(), Error>;
}

/// Writes `source`'s files into `out`: see the module documentation of `emit`.
pub(crate) fn build(out: &Path, source: &impl Source, options: BuildOptions) -> Result<BuildReport, Error> {
    // Rendering goes on after the output directory is opened (or created): a failure then must
    // not leave a directory that was not there.
    let created = missing_dirs(out);
    let result = run(out, source, options, !created.is_empty());
    if result.is_err() {
        // Deepest first, and only while empty: whatever someone else put there stays.
        for dir in &created {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
    result
}

fn run(out_path: &Path, source: &impl Source, options: BuildOptions, created: bool) -> Result<BuildReport, Error> {
    let out = &SafeDir::open_out(out_path, true)?.ok_or_else(|| Error::io_other(out_path, "could not be created"))?;
    let new_guard_file = created || out.entry(BUILD_LOCK_FILE)?.is_none();
    let guard = guard::exclusive(out)?;
    let mut stager = Stager::new(out);
    let result = stage_and_commit(out, source, options, &mut stager);
    if result.is_err() && new_guard_file {
        // Another fedc that opened it meanwhile found it locked and gave up (`fedc::emit::busy`).
        let _ = out.remove_file(BUILD_LOCK_FILE);
    }
    drop(guard);
    result
}

fn stage_and_commit(
    out: &SafeDir,
    source: &impl Source,
    options: BuildOptions,
    stager: &mut Stager,
) -> Result<BuildReport, Error> {
    let recovered = recovery::recover(out)?;
    super::fault::after_recovery()?;
    let mut warnings = Vec::new();
    // The lock (read and parsed) and the tree (a directory walk) are read side by side; the
    // lock's failure comes first, as when one was read after the other.
    let (old, tree) = rayon::join(|| previous_lock(out, options.force, &mut warnings), || tree::Tree::scan(out, []));
    let (old, tree) = (old?, tree?);
    let no_files = BTreeMap::new();
    let owned = old.as_ref().map_or(&no_files, |(lock, _)| &lock.files);
    let (loaded, templates) = source.inputs();
    let mut new_lock = Lock::of_inputs(loaded, templates);
    if let Some((old, _)) = &old {
        same_federation(out, old, &new_lock, options.force, &mut warnings)?;
    }
    let mut planner = Planner::new(out, owned, &tree, options.force);
    let staged = source.each(&mut |files| {
        new_lock.record(files);
        let writes = planner.add(files, &new_lock.files)?;
        stager.stage(&writes)
    });
    let mut changes = match staged.and_then(|()| planner.finish(&new_lock.files)) {
        Ok(changes) => changes,
        Err(error) => {
            stager.abandon();
            return Err(error);
        }
    };
    let new_bytes = new_lock.to_bytes();
    let old_bytes = old.as_ref().map(|(_, bytes)| bytes.as_slice());
    let lock_written = old_bytes != Some(new_bytes.as_slice());
    let written = changes.writes.len();
    if !changes.is_empty() || lock_written {
        stager.commit(&mut changes, &new_bytes, old_bytes)?;
    }
    warnings.extend(changes.warnings);
    Ok(BuildReport {
        files: new_lock.files.len(),
        written,
        removed: changes.deletes.len(),
        unchanged: changes.unchanged,
        lock_written,
        recovered: (recovered != Recovery::Clean).then_some(recovered),
        warnings,
    })
}

/// `out` and those of its ancestors that do not exist yet, deepest first.
fn missing_dirs(out: &Path) -> Vec<PathBuf> {
    let mut missing = Vec::new();
    let mut path = Some(out);
    while let Some(dir) = path.filter(|p| !p.as_os_str().is_empty()) {
        match std::fs::symlink_metadata(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push(dir.to_path_buf()),
            _ => break,
        }
        path = dir.parent();
    }
    missing
}

/// The lock of the previous build; refuses a non-empty directory without one unless forced.
fn previous_lock(out: &SafeDir, force: bool, warnings: &mut Vec<String>) -> Result<Option<(Lock, Vec<u8>)>, Error> {
    let old = match Lock::read_in(out) {
        Err(Error::Output { message, .. }) if force => {
            warnings.push(format!("{message}; ignored (--force): no file counts as generated before"));
            None
        }
        other => other?,
    };
    if old.is_none() && !force && tree::has_content(out)? {
        return Err(Error::output(
            codes::emit::NOT_EMPTY,
            format!(
                "{} is not empty and has no {LOCK_FILE}, so fedc cannot tell which files it owns; build into an empty directory, or pass --force (fedc then replaces files at the paths it generates and leaves every other file alone)",
                out.display("").display()
            ),
        ));
    }
    Ok(old)
}

/// An output holds one federation: a build of another one into it would replace every file
/// ("12 written, 17 removed") without a word. Refused unless forced; a version 1 lock names none.
fn same_federation(
    out: &SafeDir,
    old: &Lock,
    new: &Lock,
    force: bool,
    warnings: &mut Vec<String>,
) -> Result<(), Error> {
    let (Some(was), Some(now)) = (&old.federation, &new.federation) else { return Ok(()) };
    if was == now {
        return Ok(());
    }
    let message = format!(
        "{} holds the output of federation `{was}` ({LOCK_FILE} says so), and this topology is federation `{now}`",
        out.display("").display()
    );
    if force {
        warnings.push(format!("{message}; replaced (--force)"));
        return Ok(());
    }
    Err(Error::output(
        codes::emit::OTHER_FEDERATION,
        format!("{message}; build into another directory, or pass --force to replace it"),
    ))
}
