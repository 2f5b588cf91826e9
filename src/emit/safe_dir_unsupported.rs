//! Stand-in for `safe_dir` where there are no Unix directory descriptors: fedc refuses to open an
//! output directory at all rather than work in one by path, which a planted link could redirect.
//! Same interface; no value of `SafeDir` can exist, so every method is unreachable.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::entry::Entry;
use crate::diagnostic::codes;
use crate::error::Error;

pub(crate) const SYNCS_FILESYSTEM: bool = false;

#[derive(Debug)]
enum Never {}

#[derive(Debug)]
pub(crate) struct SafeDir {
    never: Never,
}

#[allow(clippy::unused_self, clippy::missing_const_for_fn)]
impl SafeDir {
    pub(crate) fn open_out(path: &Path, _create: bool) -> Result<Option<SafeDir>, Error> {
        Err(Error::io_other(
            path,
            "fedc reads and writes output directories only on Unix (openat without following links)",
        ))
    }
    pub(crate) fn display(&self, _: &str) -> PathBuf {
        match self.never {}
    }
    pub(crate) fn open_dir(&self, _: &str) -> Result<SafeDir, Error> {
        match self.never {}
    }
    pub(crate) fn open_dir_if_present(&self, _: &str) -> Result<Option<SafeDir>, Error> {
        match self.never {}
    }
    pub(crate) fn ensure_dir(&self, _: &str) -> Result<SafeDir, Error> {
        match self.never {}
    }
    pub(crate) fn create_dir(&self, _: &str) -> Result<(), Error> {
        match self.never {}
    }
    pub(crate) fn walk(&self, _: &str) -> Result<Option<SafeDir>, Error> {
        match self.never {}
    }
    pub(crate) fn walk_creating(&self, _: &str) -> Result<SafeDir, Error> {
        match self.never {}
    }
    pub(crate) fn entry(&self, _: &str) -> Result<Option<Entry>, Error> {
        match self.never {}
    }
    pub(crate) fn file_id(&self, _: &str) -> Result<Option<(u64, u64)>, Error> {
        match self.never {}
    }
    pub(crate) fn entries(&self) -> Result<Vec<(String, Entry)>, Error> {
        match self.never {}
    }
    pub(crate) fn read_file(&self, _: &str) -> Result<Option<Vec<u8>>, Error> {
        match self.never {}
    }
    pub(crate) fn open_lock_file(&self, _: &str, _: bool) -> Result<Option<File>, Error> {
        match self.never {}
    }
    pub(crate) fn create_file(&self, _: &str, _: &[u8]) -> Result<(), Error> {
        match self.never {}
    }
    pub(crate) fn create_file_deferred(&self, _: &str, _: &[u8]) -> Result<(), Error> {
        match self.never {}
    }
    pub(crate) fn sync_filesystem(&self, _: &[&SafeDir]) -> Result<(), Error> {
        match self.never {}
    }
    pub(crate) fn rename_to(&self, _: &str, _: &SafeDir, _: &str) -> Result<(), Error> {
        match self.never {}
    }
    pub(crate) fn link_to(&self, _: &str, _: &SafeDir, _: &str) -> Result<(), Error> {
        match self.never {}
    }
    pub(crate) fn remove_file(&self, _: &str) -> Result<bool, Error> {
        match self.never {}
    }
    pub(crate) fn remove_dir_if_empty(&self, _: &str) -> Result<bool, Error> {
        match self.never {}
    }
    pub(crate) fn sync(&self) -> Result<(), Error> {
        match self.never {}
    }
}

pub(crate) fn symlink(path: &Path) -> Error {
    Error::output(codes::emit::SYMLINK, format!("{} is a symbolic link", path.display()))
}

pub(crate) fn split_parent(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}
