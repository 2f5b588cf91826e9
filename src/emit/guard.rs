//! One writer at a time: `fedc build` holds an exclusive OS lock on `.fedc-build.lock` in the
//! output directory; `check --out` and `diff --out` hold a shared one, so they never read a tree
//! half-way through a build. The lock is released when the process ends, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::Error;

pub const BUILD_LOCK_FILE: &str = ".fedc-build.lock";

/// Held for as long as the output directory is in use.
#[derive(Debug)]
pub struct OutputGuard {
    _file: File,
}

/// Creates `out` if needed and takes the exclusive lock, refusing if anyone holds it.
pub fn exclusive(out: &Path) -> Result<OutputGuard, Error> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let path = out.join(BUILD_LOCK_FILE);
    let file =
        OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(OutputGuard { _file: file }),
        Err(TryLockError::WouldBlock) => Err(busy(out, "another fedc command is using it")),
        Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// Takes the shared lock if a build ever ran in `out` (without creating anything), refusing while
/// a build holds it.
pub fn shared(out: &Path) -> Result<Option<OutputGuard>, Error> {
    let path = out.join(BUILD_LOCK_FILE);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(OutputGuard { _file: file })),
        Err(TryLockError::WouldBlock) => Err(busy(out, "a fedc build is writing to it")),
        Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

fn busy(out: &Path, why: &str) -> Error {
    Error::output(
        "fedc::emit::busy",
        format!("{}: {why} (it holds {BUILD_LOCK_FILE}); wait for it to finish and try again", out.display()),
    )
}
