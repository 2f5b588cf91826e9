//! One writer at a time: `fedc build` holds an exclusive OS lock on `.fedc-build.lock` in the
//! output directory; `check --out` and `diff --out` hold a shared one, so they never read a tree
//! half-way through a build. The lock is released when the process ends, however it ends.

use std::fs::{File, TryLockError};
use std::path::Path;

use super::safe_dir::SafeDir;
use crate::diagnostic::codes;
use crate::error::Error;

pub(crate) const BUILD_LOCK_FILE: &str = ".fedc-build.lock";

/// Held for as long as the output directory is in use.
#[derive(Debug)]
pub(crate) struct OutputGuard {
    _file: File,
}

/// Takes the exclusive lock in the open output directory, refusing if anyone holds it. The lock
/// file is opened without following a link (a planted link is refused) and must be a regular file.
pub(crate) fn exclusive(out: &SafeDir) -> Result<OutputGuard, Error> {
    let path = out.display(BUILD_LOCK_FILE);
    let file = out
        .open_lock_file(BUILD_LOCK_FILE, true)?
        .ok_or_else(|| Error::io_other(&path, "vanished while being created"))?;
    match file.try_lock() {
        Ok(()) => Ok(OutputGuard { _file: file }),
        Err(TryLockError::WouldBlock) => Err(busy(&out.display(""), "another fedc command is using it")),
        Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// Takes the shared lock if a build ever ran in `out` (without creating anything), refusing while
/// a build holds it.
pub(crate) fn shared(out: &SafeDir) -> Result<Option<OutputGuard>, Error> {
    let Some(file) = out.open_lock_file(BUILD_LOCK_FILE, false)? else { return Ok(None) };
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(OutputGuard { _file: file })),
        Err(TryLockError::WouldBlock) => Err(busy(&out.display(""), "a fedc build is writing to it")),
        Err(TryLockError::Error(e)) => Err(Error::io(&out.display(BUILD_LOCK_FILE), e)),
    }
}

fn busy(out: &Path, why: &str) -> Error {
    Error::output(
        codes::emit::BUSY,
        format!("{}: {why} (it holds {BUILD_LOCK_FILE}); wait for it to finish and try again", out.display()),
    )
}
