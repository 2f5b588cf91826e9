//! Recovery from an interrupted build, trusting nothing it reads. The journal is validated
//! (`Journal::read`), then the staging directory's shape, then every target in the tree, and only
//! then does a file move: if the new lock is in place the tree is complete and only the clean-up
//! remains; otherwise every step is undone from the backups. Every operation works relative to
//! directories opened without following links (`SafeDir`).

use std::collections::BTreeSet;

use super::entry::Entry;
use super::fsx::sha256_hex;
use super::journal::{JOURNAL_FILE, JOURNAL_TEMP, Journal, STAGING_DIR, invalid};
use super::lock::LOCK_FILE;
use super::safe_dir::{SafeDir, split_parent, symlink};
use super::tree::ancestors;
use crate::error::Error;

/// What recovery found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recovery {
    /// No interrupted build.
    Clean,
    /// An interrupted build was undone: tree and lock are as before it.
    RolledBack,
    /// The interrupted build had committed its lock: only its clean-up was left.
    Completed,
}

/// Finishes or undoes an interrupted build, if there is one. Safe to repeat if itself interrupted.
/// Anything that is not exactly what fedc leaves behind is refused before a file moves.
pub(crate) fn recover(out: &SafeDir) -> Result<Recovery, Error> {
    let journal = Journal::read(out)?;
    check_staging(out, journal.as_ref())?;
    let Some(journal) = journal else {
        remove_staging(out)?;
        return Ok(Recovery::Clean);
    };
    check_targets(out, &journal)?;
    let outcome = if committed(out, &journal)? {
        Recovery::Completed
    } else {
        roll_back(out, &journal)?;
        Recovery::RolledBack
    };
    finish(out)?;
    Ok(outcome)
}

/// Whether the new lock is in place, so the tree is complete. A lock identical to the old one
/// proves nothing, and undoing is then equally correct.
fn committed(out: &SafeDir, journal: &Journal) -> Result<bool, Error> {
    let current = out.read_file(LOCK_FILE)?.map(|bytes| sha256_hex(&bytes));
    Ok(current.as_deref() == Some(journal.new_lock.as_str()) && journal.old_lock.as_ref() != Some(&journal.new_lock))
}

/// The journal's temporary file is a file (or a link, removed as such), and the staging
/// directory holds only what a build writes there: `new/<n>`, `old/w<n>`,
/// `old/d<n>` and `fedc.lock`, all regular files (numbered within the journal, if there is one).
fn check_staging(out: &SafeDir, journal: Option<&Journal>) -> Result<(), Error> {
    if let Some(entry @ (Entry::Dir | Entry::Other)) = out.entry(JOURNAL_TEMP)? {
        return Err(invalid(out, &format!("{JOURNAL_TEMP} is {}", entry.describe())));
    }
    let staging = match out.entry(STAGING_DIR)? {
        None => return Ok(()),
        Some(Entry::Dir) => out.open_dir(STAGING_DIR)?,
        Some(other) => return Err(invalid(out, &format!("{STAGING_DIR} is {}", other.describe()))),
    };
    let limit = |count: usize| journal.map_or(usize::MAX, |_| count);
    let (writes, deletes) = journal.map_or((0, 0), |j| (j.writes.len(), j.deletes.len()));
    for (name, entry) in staging.entries()? {
        let expected = match name.as_str() {
            "new" | "old" => Entry::Dir,
            LOCK_FILE => Entry::File,
            _ => return Err(invalid(out, &format!("{STAGING_DIR}/{} is not fedc's", name.escape_debug()))),
        };
        if entry != expected {
            return Err(invalid(out, &format!("{STAGING_DIR}/{name} is {}", entry.describe())));
        }
        if entry != Entry::Dir {
            continue;
        }
        for (file, kind) in staging.open_dir(&name)?.entries()? {
            let fits = match (name.as_str(), file.as_bytes().first()) {
                ("new", _) => index(&file).is_some_and(|n| n < limit(writes)),
                (_, Some(b'w')) => index(&file[1..]).is_some_and(|n| n < limit(writes)),
                (_, Some(b'd')) => index(&file[1..]).is_some_and(|n| n < limit(deletes)),
                _ => false,
            };
            if !fits || kind != Entry::File {
                let what = format!("{STAGING_DIR}/{name}/{} ({})", file.escape_debug(), kind.describe());
                return Err(invalid(out, &format!("{what} is not a file fedc stages")));
            }
        }
    }
    Ok(())
}

/// `n` for the decimal `n` fedc writes (no sign, no leading zero).
fn index(text: &str) -> Option<usize> {
    let plain = !text.is_empty() && (text == "0" || !text.starts_with('0')) && text.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| text.parse().ok()).flatten()
}

/// Every path of the journal leads through real directories to a regular file or nothing, and
/// holds what the interrupted build wrote or replaced wherever recovery would put a backup back:
/// checked for all of them before anything moves (links are refused again at each use).
fn check_targets(out: &SafeDir, journal: &Journal) -> Result<(), Error> {
    let old = match out.open_dir_if_present(STAGING_DIR)? {
        Some(staging) => staging.open_dir_if_present("old")?,
        None => None,
    };
    let old = old.as_ref();
    for write in &journal.writes {
        check_target(out, old, &write.path, write.backup.as_deref(), Some(&write.sha256))?;
    }
    for delete in &journal.deletes {
        check_target(out, old, &delete.path, Some(&delete.backup), None)?;
    }
    let mut dirs: BTreeSet<&str> = journal.new_dirs.iter().map(String::as_str).collect();
    dirs.extend(journal.writes.iter().flat_map(|w| ancestors(&w.path)));
    dirs.extend(journal.deletes.iter().flat_map(|d| ancestors(&d.path)));
    for dir in dirs {
        out.walk(dir)?;
    }
    Ok(())
}

/// `path` may be replaced by its staged `backup` only if it is that very file (not yet replaced),
/// has the content the build wrote (`new_sha256`), or has the backup's content.
fn check_target(
    out: &SafeDir,
    old: Option<&SafeDir>,
    path: &str,
    backup: Option<&str>,
    new_sha256: Option<&str>,
) -> Result<(), Error> {
    let (parent, name) = split_parent(path);
    let Some(dir) = out.walk(parent)? else { return Ok(()) };
    match dir.entry(name)? {
        None => return Ok(()),
        Some(Entry::File) => {}
        Some(Entry::Symlink) => return Err(symlink(&dir.display(name))),
        Some(other) => return Err(invalid(out, &format!("{path} is {}", other.describe()))),
    }
    let (Some(old), Some(backup)) = (old, backup.map(|b| split_parent(b).1)) else { return Ok(()) };
    let Some(backup_id) = old.file_id(backup)? else { return Ok(()) };
    if dir.file_id(name)? == Some(backup_id) {
        return Ok(());
    }
    let current = dir.read_file(name)?.unwrap_or_default();
    if new_sha256.is_some_and(|hash| sha256_hex(&current) == hash) || old.read_file(backup)? == Some(current) {
        return Ok(());
    }
    Err(invalid(out, &format!("{path} holds neither what the interrupted build wrote nor what it replaced")))
}

/// Puts every backup back and removes every file and directory the build added.
pub(crate) fn roll_back(out: &SafeDir, journal: &Journal) -> Result<(), Error> {
    let old = match out.open_dir_if_present(STAGING_DIR)? {
        Some(staging) => staging.open_dir_if_present("old")?,
        None => None,
    };
    let backups = journal
        .writes
        .iter()
        .filter_map(|w| Some((w.path.as_str(), w.backup.as_deref()?)))
        .chain(journal.deletes.iter().map(|d| (d.path.as_str(), d.backup.as_str())));
    let mut touched = BTreeSet::new();
    for (path, backup) in backups {
        let Some(old) = &old else { break };
        // A backup already moved back (absent from staging) is done.
        let backup = split_parent(backup).1;
        if old.entry(backup)?.is_some() {
            let (parent, name) = split_parent(path);
            old.rename_to(backup, &out.walk_creating(parent)?, name)?;
            touched.insert(parent);
        }
    }
    for write in journal.writes.iter().filter(|w| w.backup.is_none()) {
        let (parent, name) = split_parent(&write.path);
        let Some(dir) = out.walk(parent)? else { continue };
        // Only a regular file with exactly the content this build staged is the build's to remove.
        if dir.entry(name)? == Some(Entry::File) && dir.read_file(name)?.is_some_and(|b| sha256_hex(&b) == write.sha256)
        {
            dir.remove_file(name)?;
            touched.insert(parent);
        }
    }
    for path in journal.new_dirs.iter().rev() {
        let (parent, name) = split_parent(path);
        if out.walk(parent)?.map(|dir| dir.remove_dir_if_empty(name)).transpose()? == Some(true) {
            touched.insert(parent);
        }
    }
    for dir in touched {
        if let Some(dir) = out.walk(dir)? {
            dir.sync()?;
        }
    }
    out.sync()
}

/// Removes the journal (the end of the transaction), then the staging directory.
pub(crate) fn finish(out: &SafeDir) -> Result<(), Error> {
    out.remove_file(JOURNAL_FILE)?;
    out.sync()?;
    remove_staging(out)
}

/// Removes the journal's temporary file (a link is removed as a link) and the staging directory,
/// entry by entry: only the files a build stages are removed, nothing is followed.
fn remove_staging(out: &SafeDir) -> Result<(), Error> {
    out.remove_file(JOURNAL_TEMP)?;
    let Some(staging) = out.open_dir_if_present(STAGING_DIR)? else { return Ok(()) };
    for sub in ["new", "old"] {
        let Some(dir) = staging.open_dir_if_present(sub)? else { continue };
        for (name, entry) in dir.entries()? {
            if entry == Entry::Dir {
                return Err(invalid(out, &format!("{STAGING_DIR}/{sub}/{name} is a directory")));
            }
            dir.remove_file(&name)?;
        }
        staging.remove_dir_if_empty(sub)?;
    }
    staging.remove_file(LOCK_FILE)?;
    if !out.remove_dir_if_empty(STAGING_DIR)? {
        return Err(invalid(out, &format!("{STAGING_DIR} still holds files fedc does not stage")));
    }
    out.sync()
}
