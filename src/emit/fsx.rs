//! Small filesystem steps the transaction is built from: durable writes, directory syncs,
//! hashing. Each names the path it failed on.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::Error;

/// Lower-case hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to a new file at `path` and flushes it to disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

/// Replaces `path` with `bytes` in one step: a synced temporary file renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".tmp");
    let temp = Path::new(&temp);
    write_synced(temp, bytes)?;
    std::fs::rename(temp, path).map_err(|e| Error::io(path, e))?;
    sync_parent(path)
}

/// Makes renames and removals inside `dir` durable (a no-op where directories cannot be opened).
pub fn sync_dir(dir: &Path) -> Result<(), Error> {
    if cfg!(unix) {
        let handle = std::fs::File::open(dir).map_err(|e| Error::io(dir, e))?;
        handle.sync_all().map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

pub fn sync_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => sync_dir(parent),
        _ => sync_dir(Path::new(".")),
    }
}

/// A second name for `from` at `to` (same inode, so nothing is copied); a synced copy where the
/// filesystem has no hard links.
pub fn link_or_copy(from: &Path, to: &Path) -> Result<(), Error> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
    write_synced(to, &bytes)
}

/// Removes a file; one that is already gone is fine.
pub fn remove_file_if_present(path: &Path) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

/// Removes a directory if it is empty; a missing or non-empty one is left as it is.
pub fn remove_dir_if_empty(path: &Path) -> Result<bool, Error> {
    match std::fs::remove_dir(path) {
        Ok(()) => Ok(true),
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::DirectoryNotEmpty) => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Turns a lock-relative `/`-separated path into a path under `root`.
pub fn under(root: &Path, relative: &str) -> std::path::PathBuf {
    relative.split('/').fold(root.to_path_buf(), |path, part| path.join(part))
}
