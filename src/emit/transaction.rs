//! Changes the output tree so that a build failing or killed at any moment leaves either the
//! previous tree and lock, or (only once the new lock is in place) the new ones. See `journal`.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use super::fsx::{link_or_copy, remove_dir_if_empty, sha256_hex, sync_dir, under, write_atomic, write_synced};
use super::journal::{self, JOURNAL_FILE, JOURNAL_VERSION, Journal, JournalDelete, JournalWrite, STAGING_DIR};
use super::lock::LOCK_FILE;
use super::plan::Changes;
use super::tree::ancestors;
use crate::error::Error;

/// Threads writing staged files (see `stage_files`).
const SYNC_THREADS: usize = 4;

/// Fault injection for tests: stop before step `n` (0-based) of a build's transaction, either
/// as an ordinary error (`FailAfter`, which rolls back at once) or as if the process had been
/// killed (`CrashAfter`: nothing more happens until the next build recovers).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    FailAfter(usize),
    CrashAfter(usize),
}

struct Steps {
    fault: Fault,
    done: usize,
    crashed: bool,
}

impl Steps {
    fn next(&mut self) -> Result<(), Error> {
        let at = self.done;
        self.done += 1;
        match self.fault {
            Fault::FailAfter(n) if n == at => {
                Err(Error::output("fedc::emit::injected", format!("injected failure before step {at}")))
            }
            Fault::CrashAfter(n) if n == at => {
                self.crashed = true;
                Err(Error::output("fedc::emit::injected", format!("injected crash before step {at}")))
            }
            _ => Ok(()),
        }
    }
}

/// Applies `changes` and installs `new_lock`. `old_lock`: the bytes of the lock it replaces.
pub fn commit(
    out: &Path,
    changes: &Changes,
    new_lock: &[u8],
    old_lock: Option<&[u8]>,
    fault: Fault,
) -> Result<(), Error> {
    let mut steps = Steps { fault, done: 0, crashed: false };
    let journal = match stage(out, changes, new_lock, old_lock, &mut steps) {
        Ok(journal) => journal,
        Err(error) if steps.crashed => return Err(error),
        Err(error) => {
            // Nothing in the tree changed yet; a staging directory left behind is removed by the
            // next build anyway.
            let _ = journal::finish(out);
            return Err(error);
        }
    };
    match apply(out, &journal, &mut steps) {
        Ok(()) => {}
        Err(error) if steps.crashed => return Err(error),
        Err(error) => return Err(undo(out, &journal, error)),
    }
    steps.next()?;
    journal::finish(out)
}

/// Everything before the tree changes: new files and backups under staging, then the journal.
fn stage(
    out: &Path,
    changes: &Changes,
    new_lock: &[u8],
    old_lock: Option<&[u8]>,
    steps: &mut Steps,
) -> Result<Journal, Error> {
    let staging = out.join(STAGING_DIR);
    steps.next()?;
    for dir in [staging.join("new"), staging.join("old")] {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    steps.next()?;
    stage_files(&staging, changes)?;
    let journal = journal_of(changes, new_lock, old_lock);
    steps.next()?;
    let backups = journal.writes.iter().filter_map(|w| Some((&w.path, w.backup.as_ref()?)));
    for (path, backup) in backups.chain(journal.deletes.iter().map(|d| (&d.path, &d.backup))) {
        link_or_copy(&under(out, path), &staging.join(backup))?;
    }
    steps.next()?;
    write_synced(&staging.join(LOCK_FILE), new_lock)?;
    for dir in [staging.join("new"), staging.join("old"), staging] {
        sync_dir(&dir)?;
    }
    steps.next()?;
    write_atomic(&out.join(JOURNAL_FILE), &journal.to_bytes())?;
    Ok(journal)
}

/// What the transaction will do, with the staging names of new files and backups.
fn journal_of(changes: &Changes, new_lock: &[u8], old_lock: Option<&[u8]>) -> Journal {
    let writes = changes.writes.iter().enumerate().map(|(i, w)| JournalWrite {
        path: w.path.to_string(),
        staged: format!("new/{i}"),
        sha256: sha256_hex(w.content.as_bytes()),
        backup: w.replaces.then(|| format!("old/w{i}")),
    });
    let deletes = (changes.deletes.iter().enumerate())
        .map(|(i, path)| JournalDelete { path: path.clone(), backup: format!("old/d{i}") });
    Journal {
        version: JOURNAL_VERSION,
        old_lock: old_lock.map(sha256_hex),
        new_lock: sha256_hex(new_lock),
        writes: writes.collect(),
        deletes: deletes.collect(),
        new_dirs: changes.new_dirs.clone(),
    }
}

/// Writes and syncs every new file under `staging/new/`. Syncs wait on the disk, not the CPU,
/// and the filesystem commits concurrent ones together, so a few more threads than cores pay
/// off; many more contend on the one staging directory.
fn stage_files(staging: &Path, changes: &Changes) -> Result<(), Error> {
    let write_all = || {
        (changes.writes.par_iter().enumerate())
            .try_for_each(|(i, w)| write_synced(&staging.join(format!("new/{i}")), w.content.as_bytes()))
    };
    match rayon::ThreadPoolBuilder::new().num_threads(SYNC_THREADS).build() {
        Ok(pool) => pool.install(write_all),
        Err(_) => write_all(),
    }
}

/// Changes the tree, then renames the new lock into place: the commit point.
fn apply(out: &Path, journal: &Journal, steps: &mut Steps) -> Result<(), Error> {
    let staging = out.join(STAGING_DIR);
    for dir in &journal.new_dirs {
        steps.next()?;
        let path = under(out, dir);
        std::fs::create_dir(&path).map_err(|e| Error::io(&path, e))?;
    }
    for write in &journal.writes {
        steps.next()?;
        let target = under(out, &write.path);
        std::fs::rename(staging.join(&write.staged), &target).map_err(|e| Error::io(&target, e))?;
    }
    for delete in &journal.deletes {
        steps.next()?;
        let target = under(out, &delete.path);
        std::fs::remove_file(&target).map_err(|e| Error::io(&target, e))?;
    }
    let mut emptied: BTreeSet<&str> = journal.deletes.iter().flat_map(|d| ancestors(&d.path)).collect();
    // Children sort after their parents, so in reverse a directory is tried after its contents.
    for dir in emptied.iter().rev() {
        steps.next()?;
        remove_dir_if_empty(&under(out, dir))?;
    }
    steps.next()?;
    emptied.extend(journal.writes.iter().flat_map(|w| ancestors(&w.path)));
    for dir in emptied.iter().map(|dir| under(out, dir)).filter(|dir| dir.is_dir()) {
        sync_dir(&dir)?;
    }
    sync_dir(out)?;
    steps.next()?;
    let lock = out.join(LOCK_FILE);
    std::fs::rename(staging.join(LOCK_FILE), &lock).map_err(|e| Error::io(&lock, e))?;
    sync_dir(out)
}

/// Rolls back after an error in `apply`; the error is returned either way, with a note when
/// the roll-back itself failed (the next build retries it).
fn undo(out: &Path, journal: &Journal, error: Error) -> Error {
    match journal::roll_back(out, journal).and_then(|()| journal::finish(out)) {
        Ok(()) => error,
        Err(undo) => Error::output(
            "fedc::emit::undo-failed",
            format!("{error}; undoing the partial build also failed ({undo}); the next `fedc build` will undo it"),
        ),
    }
}
