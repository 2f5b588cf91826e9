//! Changes the output tree so that a build failing or killed at any moment leaves either the
//! previous tree and lock, or (only once the new lock is in place) the new ones. See `journal`.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::fault::Steps;
use super::fsx::sha256_hex;
use super::journal::{JOURNAL_FILE, JOURNAL_TEMP, JOURNAL_VERSION, Journal, JournalDelete, JournalWrite, STAGING_DIR};
use super::lock::LOCK_FILE;
use super::plan::Changes;
use super::recovery;
use super::safe_dir::{SYNCS_FILESYSTEM, SafeDir, split_parent};
use super::tree::ancestors;
use crate::diagnostic::codes;
use crate::error::Error;
use crate::render::RenderedFile;

/// Threads writing staged files (see `stage_files`).
const SYNC_THREADS: usize = 4;

/// A build's transaction, begun while the files are still being rendered: new files are staged
/// as they come ([`Stager::stage`]), so that no file's content is held until the end; then
/// [`Stager::commit`] journals and applies the changes. The tree is not touched before the
/// journal is in place; a build that fails before then only leaves a staging directory, which
/// [`Stager::abandon`] (or the next build) removes.
pub(crate) struct Stager<'a> {
    out: &'a SafeDir,
    steps: Steps,
    /// `staging/new`, once the first file is staged.
    new: Option<SafeDir>,
    pool: Option<rayon::ThreadPool>,
}

impl<'a> Stager<'a> {
    pub(crate) fn new(out: &'a SafeDir) -> Self {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(SYNC_THREADS).build().ok();
        Stager { out, steps: Steps::new(), new: None, pool }
    }

    /// Writes each file under `staging/new/<index>`, unsynced where one `syncfs` later flushes
    /// them all (Linux; see `SafeDir::sync_filesystem`), synced one by one elsewhere. Syncs wait
    /// on the disk, not the CPU, and the filesystem commits concurrent ones together, so a few
    /// more threads than cores pay off there; many more contend on the one staging directory.
    pub(crate) fn stage(&mut self, files: &[(usize, &RenderedFile)]) -> Result<(), Error> {
        if files.is_empty() {
            return Ok(());
        }
        self.open()?;
        let Some(new) = &self.new else { return Ok(()) };
        let write_all =
            || files.par_iter().try_for_each(|(i, f)| new.create_file_deferred(&i.to_string(), f.content.as_bytes()));
        match &self.pool {
            Some(pool) => pool.install(write_all),
            None => write_all(),
        }
    }

    /// Creates the staging directory's `new/` and `old/` on first use.
    fn open(&mut self) -> Result<(), Error> {
        if self.new.is_none() {
            self.steps.next()?;
            let staging = self.out.ensure_dir(STAGING_DIR)?;
            let (new, _old) = (staging.ensure_dir("new")?, staging.ensure_dir("old")?);
            self.steps.next()?;
            self.new = Some(new);
        }
        Ok(())
    }

    /// After a failure before [`commit`](Self::commit): removes what was staged.
    pub(crate) fn abandon(&self) {
        // The tree did not change; a staging directory left behind is removed by the next build
        // anyway.
        let _ = recovery::finish(self.out);
    }

    /// Applies `changes` (their files staged already) and installs `new_lock`. `old_lock`: the
    /// bytes of the lock it replaces.
    /// Takes `changes.writes` (into the journal).
    pub(crate) fn commit(
        &mut self,
        changes: &mut Changes,
        new_lock: &[u8],
        old_lock: Option<&[u8]>,
    ) -> Result<(), Error> {
        let staged = self.open().and_then(|()| stage(self.out, changes, new_lock, old_lock, &mut self.steps));
        let journal = match staged {
            Ok(journal) => journal,
            Err(error) => {
                self.abandon();
                return Err(error);
            }
        };
        let (out, steps) = (self.out, &mut self.steps);
        match apply(out, &journal, steps) {
            Ok(()) => {}
            Err(error) => return Err(undo(out, &journal, error)),
        }
        steps.next()?;
        recovery::finish(out)
    }
}

/// Everything before the tree changes, once the new files are staged: backups under staging,
/// the new lock, then the journal.
fn stage(
    out: &SafeDir,
    changes: &mut Changes,
    new_lock: &[u8],
    old_lock: Option<&[u8]>,
    steps: &mut Steps,
) -> Result<Journal, Error> {
    let staging = out.open_dir(STAGING_DIR)?;
    let (new, old) = (staging.open_dir("new")?, staging.open_dir("old")?);
    let journal = journal_of(changes, new_lock, old_lock);
    steps.next()?;
    let backups = journal.writes.iter().filter_map(|w| Some((&w.path, w.backup.as_ref()?)));
    let mut parents = Parents::new(out);
    for (path, backup) in backups.chain(journal.deletes.iter().map(|d| (&d.path, &d.backup))) {
        let (dir, name) = parents.of(path)?;
        back_up(dir, name, &old, split_parent(backup).1)?;
    }
    steps.next()?;
    staging.create_file_deferred(LOCK_FILE, new_lock)?;
    // The one flush of the staged tree: new files, backups, the new lock and their directories.
    staging.sync_filesystem(&[&new, &old, &staging])?;
    steps.next()?;
    // A temporary file left (or planted) there is removed as it is, a link as a link.
    out.remove_file(JOURNAL_TEMP)?;
    out.create_file(JOURNAL_TEMP, &journal.to_bytes())?;
    out.rename_to(JOURNAL_TEMP, out, JOURNAL_FILE)?;
    out.sync()?;
    Ok(journal)
}

/// A second name for the file `name` in `dir` under `old/` (same inode, so nothing is copied); a
/// synced copy where the filesystem has no hard links.
fn back_up(dir: &SafeDir, name: &str, old: &SafeDir, backup: &str) -> Result<(), Error> {
    if dir.link_to(name, old, backup).is_ok() {
        return Ok(());
    }
    let bytes =
        dir.read_file(name)?.ok_or_else(|| Error::io_other(&dir.display(name), "vanished before its backup"))?;
    old.create_file(backup, &bytes)
}

/// What the transaction will do, with the staging names of new files and backups.
/// The writes move into the journal (a path and hash per file are held once, not twice).
fn journal_of(changes: &mut Changes, new_lock: &[u8], old_lock: Option<&[u8]>) -> Journal {
    let writes = std::mem::take(&mut changes.writes).into_iter().enumerate().map(|(i, w)| JournalWrite {
        path: w.path,
        staged: format!("new/{i}"),
        sha256: w.sha256,
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

/// Changes the tree, then renames the new lock into place: the commit point.
fn apply(out: &SafeDir, journal: &Journal, steps: &mut Steps) -> Result<(), Error> {
    let staging = out.open_dir(STAGING_DIR)?;
    let new = staging.open_dir("new")?;
    let mut parents = Parents::new(out);
    for dir in &journal.new_dirs {
        steps.next()?;
        let (parent, name) = parents.of(dir)?;
        parent.create_dir(name)?;
    }
    for write in &journal.writes {
        steps.next()?;
        let (parent, name) = parents.of(&write.path)?;
        new.rename_to(split_parent(&write.staged).1, parent, name)?;
    }
    for delete in &journal.deletes {
        steps.next()?;
        let (parent, name) = parents.of(&delete.path)?;
        parent.remove_file(name)?;
    }
    let emptied: BTreeSet<&str> = journal.deletes.iter().flat_map(|d| ancestors(&d.path)).collect();
    // Children sort after their parents, so in reverse a directory is tried after its contents.
    for dir in emptied.iter().rev() {
        steps.next()?;
        let (parent, name) = parents.of(dir)?;
        parent.remove_dir_if_empty(name)?;
    }
    steps.next()?;
    sync_changed_dirs(out, emptied, journal)?;
    steps.next()?;
    staging.rename_to(LOCK_FILE, out, LOCK_FILE)?;
    out.sync()
}

/// Makes the renames and removals of `apply` durable before the commit point: one `syncfs` on
/// Linux, elsewhere an fsync of every directory they changed.
fn sync_changed_dirs<'a>(out: &SafeDir, mut changed: BTreeSet<&'a str>, journal: &'a Journal) -> Result<(), Error> {
    if SYNCS_FILESYSTEM {
        return out.sync_filesystem(&[]);
    }
    changed.extend(journal.writes.iter().flat_map(|w| ancestors(&w.path)));
    for dir in changed {
        if let Some(dir) = out.walk(dir)? {
            dir.sync()?;
        }
    }
    out.sync()
}

/// Rolls back after an error in `apply`; the error is returned either way, with a note when
/// the roll-back itself failed (the next build retries it).
fn undo(out: &SafeDir, journal: &Journal, error: Error) -> Error {
    match recovery::roll_back(out, journal).and_then(|()| recovery::finish(out)) {
        Ok(()) => error,
        Err(undo) => Error::output(
            codes::emit::UNDO_FAILED,
            format!("{error}; undoing the partial build also failed ({undo}); the next `fedc build` will undo it"),
        ),
    }
}

/// The parent directory of one path after another, opened from the output root without
/// following links at each use; consecutive paths in one directory share one open.
struct Parents<'a> {
    out: &'a SafeDir,
    last: Option<(String, SafeDir)>,
}

impl<'a> Parents<'a> {
    fn new(out: &'a SafeDir) -> Self {
        Parents { out, last: None }
    }

    /// The open parent of `path` and the name in it.
    fn of<'p>(&mut self, path: &'p str) -> Result<(&SafeDir, &'p str), Error> {
        let (parent, name) = split_parent(path);
        if parent.is_empty() {
            return Ok((self.out, name));
        }
        if self.last.as_ref().is_none_or(|(open, _)| open != parent) {
            let dir = self
                .out
                .walk(parent)?
                .ok_or_else(|| Error::io_other(&self.out.display(parent), "no such directory"))?;
            self.last = Some((parent.to_string(), dir));
        }
        match &self.last {
            Some((_, dir)) => Ok((dir, name)),
            None => Err(Error::io_other(&self.out.display(parent), "no such directory")),
        }
    }
}
