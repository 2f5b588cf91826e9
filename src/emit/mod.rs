//! Stage 5: put rendered files on disk, safely. fedc owns exactly the files its lock lists
//! (`lock`), and only paths it could have generated (`.yaml` files under `clusters/`, `argocd/`,
//! `flux/`); a build decides what to change (`plan`) from what is on disk (`tree`), then changes
//! it in one transaction that an interruption cannot leave half-done (`transaction`, `journal`,
//! `recovery`), one build at a time (`guard`). `verify` is the read-only comparison behind
//! `check --out`. The output directory is hostile input (a pull request controls it): every
//! filesystem operation goes through `safe_dir`, relative to directories opened without
//! following links (Unix only). See docs/gitops.md.

mod build;
mod entry;
mod fault;
mod fsx;
mod guard;
mod journal;
mod lock;
mod plan;
mod recovery;
#[cfg(unix)]
mod safe_dir;
#[cfg(not(unix))]
#[path = "safe_dir_unsupported.rs"]
mod safe_dir;
mod transaction;
mod tree;
mod verify;

use std::path::Path;

pub(crate) use build::{Source, build};
pub(crate) use fsx::FileSum;
pub(crate) use guard::{BUILD_LOCK_FILE, OutputGuard};
pub(crate) use journal::JOURNAL_FILE;
pub(crate) use lock::{FileSums, LOCK_FILE, Lock};
pub(crate) use recovery::Recovery;
pub(crate) use tree::{OUTPUT_ROOTS, ROOT_FILES, read_files};
pub(crate) use verify::{Finding, Problem, compare, read_committed};

use crate::diagnostic::codes;
use crate::error::Error;
pub(crate) use safe_dir::SafeDir;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BuildOptions {
    /// Build into a non-empty directory without a lock, replacing foreign files at generated
    /// paths, and overwrite or prune generated files that were edited by hand.
    pub(crate) force: bool,
}

#[derive(Debug, Default)]
pub(crate) struct BuildReport {
    /// Files the build generates.
    pub(crate) files: usize,
    /// Files created or replaced.
    pub(crate) written: usize,
    /// Files pruned (generated before, no longer).
    pub(crate) removed: usize,
    pub(crate) unchanged: usize,
    /// Whether `fedc.lock` was (re)written.
    pub(crate) lock_written: bool,
    /// What was found of an interrupted earlier build.
    pub(crate) recovered: Option<Recovery>,
    /// Foreign files left alone, files replaced or removed under --force.
    pub(crate) warnings: Vec<String>,
}

/// Every file, link and special file under `clusters/`, `argocd/`, `flux/` and `extra_roots`
/// (plain top-level names) in `out`, by `/`-separated relative path, sorted, each with the refusal
/// reading it gets (`None`: a regular file); links are listed, never followed. A caller refuses a
/// link or special file it would read before opening anything: a device opened, even without
/// blocking, may act.
pub(crate) fn files_in_tree<'a>(
    out: &Path,
    extra_roots: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<(String, Option<Error>)>, Error> {
    let Some(dir) = SafeDir::open_out(out, false)? else { return Err(Error::io_other(out, "not a directory")) };
    let tree = tree::Tree::scan(&dir, extra_roots)?;
    let refusal = |path: &str, entry| match entry {
        entry::Entry::File => None,
        entry::Entry::Symlink => Some(safe_dir::symlink(&dir.display(path))),
        other => Some(safe_dir::not_a_file(&dir.display(path), other)),
    };
    Ok(tree.files().map(|(path, entry)| (path.to_string(), refusal(path, entry))).collect())
}

/// For commands that only read `out`: waits for no one, refuses while a build is running or an
/// interrupted one awaits recovery, and refuses an `out` that is a link. Keep the guard while
/// reading.
pub(crate) fn open_for_reading(out: &Path) -> Result<Option<OutputGuard>, Error> {
    Ok(open_reading(out)?.and_then(|(_, guard)| guard))
}

/// [`open_for_reading`], also returning the open directory (`None`: `out` does not exist).
fn open_reading(out: &Path) -> Result<Option<(SafeDir, Option<OutputGuard>)>, Error> {
    let Some(dir) = SafeDir::open_out(out, false)? else { return Ok(None) };
    let guard = guard::shared(&dir)?;
    if dir.entry(JOURNAL_FILE)?.is_some() {
        return Err(Error::output(
            codes::emit::INTERRUPTED,
            format!(
                "{}: a fedc build was interrupted here ({JOURNAL_FILE} exists); run `fedc build` to undo it first",
                out.display()
            ),
        ));
    }
    Ok(Some((dir, guard)))
}
