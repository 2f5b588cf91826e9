//! The journal of a build in progress, and its validation.
//!
//! A build stages every new file and a backup (hard link) of every file it will replace or delete
//! under `.fedc-staging/`, then writes `.fedc-journal` listing them, then changes the tree, then
//! renames the new lock into place (the commit point), then removes the journal. A journal found
//! later means the build stopped half-way (see `recovery`). Since the output directory is in a
//! repository a pull request controls, a journal is validated in full before anything moves:
//! it must have exactly the shape fedc writes.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::fsx::is_sha256;
use super::lock::{is_output_dir, is_output_path};
use super::safe_dir::SafeDir;
use super::tree::ancestors;
use crate::diagnostic::codes;
use crate::error::Error;

pub(crate) const JOURNAL_FILE: &str = ".fedc-journal";
pub(crate) const STAGING_DIR: &str = ".fedc-staging";
/// Where the journal is written before it is renamed into place.
pub(crate) const JOURNAL_TEMP: &str = ".fedc-journal.tmp";
pub(crate) const JOURNAL_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Journal {
    pub(crate) version: u32,
    /// sha256 of the lock being replaced (`None`: there was none).
    pub(crate) old_lock: Option<String>,
    /// sha256 of the lock this build commits.
    pub(crate) new_lock: String,
    pub(crate) writes: Vec<JournalWrite>,
    pub(crate) deletes: Vec<JournalDelete>,
    /// Directories the build creates, parents first.
    pub(crate) new_dirs: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JournalWrite {
    pub(crate) path: String,
    /// Name of the new content under the staging directory: `new/<index>`.
    pub(crate) staged: String,
    pub(crate) sha256: String,
    /// Name of the previous content under the staging directory, `old/w<index>` (`None`: the
    /// file is new).
    pub(crate) backup: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JournalDelete {
    pub(crate) path: String,
    /// `old/d<index>`.
    pub(crate) backup: String,
}

impl Journal {
    /// Reads and validates `.fedc-journal`; `None` when there is none.
    pub(crate) fn read(out: &SafeDir) -> Result<Option<Journal>, Error> {
        let bytes = match out.read_file_within(JOURNAL_FILE, super::safe_dir::STATE_FILE_LIMIT) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(None),
            Err(Error::Output { message, .. }) => return Err(invalid(out, &message)),
            Err(e) => return Err(e),
        };
        let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| invalid(out, &e.to_string()))?;
        journal.validate().map_err(|problem| invalid(out, &problem))?;
        Ok(Some(journal))
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Exactly the shape `transaction::journal_of` writes: paths fedc generates, each once,
    /// staging names by position, sha256 hashes, and new directories that are missing parents of
    /// written files, parents first.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.version != JOURNAL_VERSION {
            return Err(format!("format version {}, this fedc reads version {JOURNAL_VERSION}", self.version));
        }
        if !is_sha256(&self.new_lock) || self.old_lock.as_deref().is_some_and(|hash| !is_sha256(hash)) {
            return Err("a lock hash is not 64 lower-case hex digits".to_string());
        }
        for (i, write) in self.writes.iter().enumerate() {
            let backup_ok = write.backup.as_ref().is_none_or(|b| *b == format!("old/w{i}"));
            if write.staged != format!("new/{i}") || !backup_ok {
                return Err(format!("write {i} names staging files fedc does not write"));
            }
            if !is_sha256(&write.sha256) {
                return Err(format!("write {i}: sha256 is not 64 lower-case hex digits"));
            }
        }
        for (i, delete) in self.deletes.iter().enumerate() {
            if delete.backup != format!("old/d{i}") {
                return Err(format!("delete {i} names a staging file fedc does not write"));
            }
        }
        self.validate_paths()
    }

    fn validate_paths(&self) -> Result<(), String> {
        let mut files = BTreeSet::new();
        for path in self.writes.iter().map(|w| &w.path).chain(self.deletes.iter().map(|d| &d.path)) {
            if !is_output_path(path) {
                return Err(format!("`{}` is not a path fedc generates", path.escape_debug()));
            }
            if !files.insert(path.as_str()) {
                return Err(format!("`{path}` is listed twice"));
            }
        }
        let parents: BTreeSet<&str> = self.writes.iter().flat_map(|w| ancestors(&w.path)).collect();
        if let Some(path) = files.iter().find(|path| ancestors(path).any(|dir| files.contains(dir))) {
            return Err(format!("`{path}` lies below another file of the journal"));
        }
        let mut previous: Option<&str> = None;
        for dir in &self.new_dirs {
            if !is_output_dir(dir) || !parents.contains(dir.as_str()) || files.contains(dir.as_str()) {
                return Err(format!("new directory `{}` is not the parent of a written file", dir.escape_debug()));
            }
            if previous.is_some_and(|before| before >= dir.as_str()) {
                return Err("new directories are not sorted parents first, each once".to_string());
            }
            previous = Some(dir);
        }
        Ok(())
    }
}

/// The refusal of a journal or staging directory that fedc did not write as it stands.
pub(crate) fn invalid(out: &SafeDir, problem: &str) -> Error {
    Error::output(
        codes::emit::JOURNAL_INVALID,
        format!(
            "{}: not the journal of an interrupted fedc build ({problem}); nothing was changed. Inspect {JOURNAL_FILE} and {STAGING_DIR}/ (the previous files of an interrupted build are in {STAGING_DIR}/old) and remove both by hand",
            out.display("").display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal() -> Journal {
        let hash = "a".repeat(64);
        Journal {
            version: JOURNAL_VERSION,
            old_lock: None,
            new_lock: hash.clone(),
            writes: vec![JournalWrite {
                path: "clusters/east/x.yaml".into(),
                staged: "new/0".into(),
                sha256: hash,
                backup: Some("old/w0".into()),
            }],
            deletes: vec![JournalDelete { path: "argocd/y.yaml".into(), backup: "old/d0".into() }],
            new_dirs: vec!["clusters".into(), "clusters/east".into()],
        }
    }

    #[test]
    fn a_journal_of_the_shape_fedc_writes_is_valid() {
        assert_eq!(journal().validate(), Ok(()));
    }

    #[test]
    fn every_deviation_from_that_shape_is_refused() {
        type Spoil = fn(&mut Journal);
        let cases: [(&str, Spoil); 9] = [
            ("escaping path", |j| j.writes[0].path = "clusters/../../x.yaml".into()),
            ("not generated", |j| j.deletes[0].path = ".git/config".into()),
            ("staged escapes", |j| j.writes[0].staged = "../../x".into()),
            ("backup absolute", |j| j.writes[0].backup = Some("/etc/x".into())),
            ("delete backup", |j| j.deletes[0].backup = "old/w0".into()),
            ("hash", |j| j.writes[0].sha256 = "A".repeat(64)),
            ("duplicate", |j| j.deletes[0].path = "clusters/east/x.yaml".into()),
            ("dir order", |j| j.new_dirs.reverse()),
            ("stray dir", |j| j.new_dirs.push("flux".into())),
        ];
        for (what, spoil) in cases {
            let mut journal = journal();
            spoil(&mut journal);
            assert!(journal.validate().is_err(), "{what}");
        }
    }
}
