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

pub use build::{Source, build};
pub use guard::{BUILD_LOCK_FILE, OutputGuard};
pub use journal::{JOURNAL_FILE, JOURNAL_TEMP, STAGING_DIR};
pub use lock::{LOCK_FILE, LOCK_VERSION, Lock, TopologyInput, is_output_path};
pub use recovery::Recovery;
pub use tree::{OUTPUT_ROOTS, ROOT_FILES};
pub use verify::{Finding, Problem, verify_lock};

use crate::error::Error;
use safe_dir::SafeDir;

#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Build into a non-empty directory without a lock, replacing foreign files at generated
    /// paths, and overwrite or prune generated files that were edited by hand.
    pub force: bool,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    /// Files the build generates.
    pub files: usize,
    /// Files created or replaced.
    pub written: usize,
    /// Files pruned (generated before, no longer).
    pub removed: usize,
    pub unchanged: usize,
    /// Whether `fedc.lock` was (re)written.
    pub lock_written: bool,
    /// What was found of an interrupted earlier build.
    pub recovered: Option<Recovery>,
    /// Foreign files left alone, files replaced or removed under --force.
    pub warnings: Vec<String>,
}

/// Finishes or undoes an interrupted build in `out`, taking the build lock to do it.
pub fn recover(out: &Path) -> Result<Recovery, Error> {
    let Some(dir) = SafeDir::open_out(out, false)? else { return Ok(Recovery::Clean) };
    let _guard = guard::exclusive(&dir)?;
    recovery::recover(&dir)
}

/// Every file and link under `clusters/`, `argocd/`, `flux/` and `extra_roots` (plain top-level
/// names) in `out`, by `/`-separated relative path, sorted; links are listed, never followed.
pub fn files_in_tree<'a>(out: &Path, extra_roots: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, Error> {
    let Some(dir) = SafeDir::open_out(out, false)? else { return Err(Error::io(out, "not a directory")) };
    Ok(tree::Tree::scan(&dir, extra_roots)?.files().map(|(path, _)| path.to_string()).collect())
}

/// The bytes of the regular files at `paths` (`/`-separated, relative to `out`), in that order,
/// each read relative to its directory opened without following links: a link anywhere on the
/// way is refused (`fedc::emit::symlink`), a `..` or empty component too. For readers such as
/// `diff --out`; take [`open_for_reading`] first.
pub fn read_files(out: &Path, paths: &[&str]) -> Result<Vec<Vec<u8>>, Error> {
    let Some(dir) = SafeDir::open_out(out, false)? else { return Err(Error::io(out, "not a directory")) };
    tree::map_files(&dir, paths, |_, bytes| bytes)
}

/// For commands that only read `out`: waits for no one, refuses while a build is running or an
/// interrupted one awaits recovery, and refuses an `out` that is a link. Keep the guard while
/// reading.
pub fn open_for_reading(out: &Path) -> Result<Option<OutputGuard>, Error> {
    Ok(open_reading(out)?.and_then(|(_, guard)| guard))
}

/// [`open_for_reading`], also returning the open directory (`None`: `out` does not exist).
fn open_reading(out: &Path) -> Result<Option<(SafeDir, Option<OutputGuard>)>, Error> {
    let Some(dir) = SafeDir::open_out(out, false)? else { return Ok(None) };
    let guard = guard::shared(&dir)?;
    if dir.entry(JOURNAL_FILE)?.is_some() {
        return Err(Error::output(
            "fedc::emit::interrupted",
            format!(
                "{}: a fedc build was interrupted here ({JOURNAL_FILE} exists); run `fedc build` to undo it first",
                out.display()
            ),
        ));
    }
    Ok(Some((dir, guard)))
}
