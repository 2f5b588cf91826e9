//! The journal of a build in progress, and recovery from one that was interrupted.
//!
//! A build stages every new file and a backup (hard link) of every file it will replace or delete
//! under `.fedc-staging/`, then writes `.fedc-journal` listing them, then changes the tree, then
//! renames the new lock into place (the commit point), then removes the journal. A journal found
//! later means the build stopped half-way: if the new lock is in place the tree is already
//! complete and only the clean-up remains; otherwise every step is undone from the backups.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fsx::{remove_dir_if_empty, remove_file_if_present, sha256_hex, sync_dir, under};
use super::lock::{LOCK_FILE, is_output_path};
use crate::error::Error;

pub const JOURNAL_FILE: &str = ".fedc-journal";
pub const STAGING_DIR: &str = ".fedc-staging";
/// Where the journal is written before it is renamed into place (see `fsx::write_atomic`).
pub const JOURNAL_TEMP: &str = ".fedc-journal.tmp";
pub const JOURNAL_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Journal {
    pub version: u32,
    /// sha256 of the lock being replaced (`None`: there was none).
    pub old_lock: Option<String>,
    /// sha256 of the lock this build commits.
    pub new_lock: String,
    pub writes: Vec<JournalWrite>,
    pub deletes: Vec<JournalDelete>,
    /// Directories the build creates, parents first.
    pub new_dirs: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct JournalWrite {
    pub path: String,
    /// Name of the new content under the staging directory.
    pub staged: String,
    pub sha256: String,
    /// Name of the previous content under the staging directory (`None`: the file is new).
    pub backup: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct JournalDelete {
    pub path: String,
    pub backup: String,
}

/// What recovery found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// No interrupted build.
    Clean,
    /// An interrupted build was undone: tree and lock are as before it.
    RolledBack,
    /// The interrupted build had committed its lock: only its clean-up was left.
    Completed,
}

impl Journal {
    pub fn read(out: &Path) -> Result<Option<Journal>, Error> {
        let path = out.join(JOURNAL_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| unreadable(&path, e))?;
        let paths = journal.writes.iter().map(|w| &w.path).chain(journal.deletes.iter().map(|d| &d.path));
        if journal.version != JOURNAL_VERSION || !paths.chain(&journal.new_dirs).all(|p| is_output_path(p)) {
            return Err(unreadable(&path, "unknown version or unsafe path"));
        }
        Ok(Some(journal))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Whether the new lock is in place, so the tree is complete. A lock identical to the old
    /// one proves nothing, and undoing is then equally correct.
    fn committed(&self, out: &Path) -> Result<bool, Error> {
        let path = out.join(LOCK_FILE);
        let current = match std::fs::read(&path) {
            Ok(bytes) => Some(sha256_hex(&bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(current.as_deref() == Some(self.new_lock.as_str()) && self.old_lock.as_ref() != Some(&self.new_lock))
    }
}

fn unreadable(path: &Path, error: impl std::fmt::Display) -> Error {
    Error::output(
        "fedc::emit::journal-invalid",
        format!(
            "{}: cannot read the journal of an interrupted build ({error}); the previous files are in {STAGING_DIR}/old",
            path.display()
        ),
    )
}

/// Finishes or undoes an interrupted build, if there is one. Safe to repeat if itself interrupted.
pub fn recover(out: &Path) -> Result<Recovery, Error> {
    let Some(journal) = Journal::read(out)? else {
        remove_leftover_staging(out)?;
        return Ok(Recovery::Clean);
    };
    let outcome = if journal.committed(out)? {
        Recovery::Completed
    } else {
        roll_back(out, &journal)?;
        Recovery::RolledBack
    };
    finish(out)?;
    Ok(outcome)
}

/// Puts every backup back and removes every file and directory the build added.
pub fn roll_back(out: &Path, journal: &Journal) -> Result<(), Error> {
    let staging = out.join(STAGING_DIR);
    let backups = journal
        .writes
        .iter()
        .filter_map(|w| Some((w.path.as_str(), w.backup.as_deref()?)))
        .chain(journal.deletes.iter().map(|d| (d.path.as_str(), d.backup.as_str())));
    let mut touched = BTreeSet::new();
    for (path, backup) in backups {
        if restore(&staging.join(backup), &under(out, path))? {
            touched.insert(parent(path));
        }
    }
    for write in journal.writes.iter().filter(|w| w.backup.is_none()) {
        let target = under(out, &write.path);
        // Only a file with exactly the content this build staged is the build's to remove.
        if std::fs::read(&target).is_ok_and(|bytes| sha256_hex(&bytes) == write.sha256) {
            remove_file_if_present(&target)?;
            touched.insert(parent(&write.path));
        }
    }
    for dir in journal.new_dirs.iter().rev() {
        if remove_dir_if_empty(&under(out, dir))? {
            touched.insert(parent(dir));
        }
    }
    for dir in touched {
        let dir = under(out, dir);
        if dir.is_dir() {
            sync_dir(&dir)?;
        }
    }
    sync_dir(out)
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// Moves a backup back to its path; one already moved back (absent from staging) is done.
fn restore(backup: &Path, target: &Path) -> Result<bool, Error> {
    if std::fs::symlink_metadata(backup).is_err() {
        return Ok(false);
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::rename(backup, target).map_err(|e| Error::io(target, e))?;
    Ok(true)
}

/// Removes the journal (the end of the transaction), then the staging directory.
pub fn finish(out: &Path) -> Result<(), Error> {
    remove_file_if_present(&out.join(JOURNAL_FILE))?;
    sync_dir(out)?;
    remove_leftover_staging(out)
}

/// Staging without a journal is from a build stopped before it changed anything.
fn remove_leftover_staging(out: &Path) -> Result<(), Error> {
    remove_file_if_present(&out.join(JOURNAL_TEMP))?;
    let staging = out.join(STAGING_DIR);
    match std::fs::remove_dir_all(&staging) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&staging, e)),
        _ => Ok(()),
    }
}
