//! Reading and writing whole files of a [`SafeDir`], by name, never through a link.

use std::fs::File;
use std::io::{Read, Write};

use rustix::fs::{Mode, OFlags};

use super::{MAX_READ, NEW_FILE_FLAGS, READ_FLAGS, SYNCS_FILESYSTEM, SafeDir, check_name};
use crate::diagnostic::codes;
use crate::error::Error;

impl SafeDir {
    /// The bytes of the regular file `name`; `None` if it is missing. A link is refused.
    pub(crate) fn read_file(&self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        self.read_file_within(name, MAX_READ)
    }

    /// [`Self::read_file`], refusing a file over `limit` bytes without reading past it.
    pub(crate) fn read_file_within(&self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, Error> {
        let Some((file, size)) = self.open_regular_sized(name, READ_FLAGS)? else { return Ok(None) };
        // Refused as soon as its size says so, before a buffer is taken for it; a file that grows
        // while it is read is cut off at the limit and refused too.
        if size > limit {
            return Err(self.too_large(name, limit));
        }
        // Sized from `fstat` and read in one call asking one byte more: when it returns exactly the
        // size `fstat` gave, that is the whole file (growing from empty took seven reads for a
        // generated file of a few kilobytes, and confirming the end one more). Anything else (the
        // file grew or shrank, or the read was short) is read on to the end.
        let mut bytes = vec![0; usize::try_from(size).unwrap_or(0).saturating_add(1)];
        let first = read_once(&file, &mut bytes).map_err(|e| self.fail_io(name, e))?;
        bytes.truncate(first);
        if first as u64 != size {
            file.take(limit.saturating_add(1) - bytes.len() as u64)
                .read_to_end(&mut bytes)
                .map_err(|e| self.fail_io(name, e))?;
        }
        if bytes.len() as u64 > limit {
            return Err(self.too_large(name, limit));
        }
        Ok(Some(bytes))
    }

    fn too_large(&self, name: &str, limit: u64) -> Error {
        Error::output(
            codes::emit::TOO_LARGE,
            format!(
                "{} holds more than {} MiB; no file fedc writes or keeps is that large",
                self.display(name).display(),
                limit >> 20
            ),
        )
    }

    /// Opens the regular file `name` for an OS lock, creating it when `create`; `None` if missing.
    pub(crate) fn open_lock_file(&self, name: &str, create: bool) -> Result<Option<File>, Error> {
        let flags = if create { READ_FLAGS | OFlags::WRONLY | OFlags::CREATE } else { READ_FLAGS };
        self.open_regular(name, flags)
    }

    /// Writes `bytes` to a new file `name` (refusing anything already there) and syncs it.
    pub(crate) fn create_file(&self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let file = self.write_new(name, bytes)?;
        file.sync_all().map_err(|e| self.fail_io(name, e))
    }

    /// [`create_file`](Self::create_file) where one [`sync_filesystem`](Self::sync_filesystem)
    /// later makes every such file durable at once (Linux); elsewhere the file is synced now.
    pub(crate) fn create_file_deferred(&self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let file = self.write_new(name, bytes)?;
        if SYNCS_FILESYSTEM {
            return Ok(());
        }
        file.sync_all().map_err(|e| self.fail_io(name, e))
    }

    /// Makes durable every write, rename and removal so far on the filesystem holding this
    /// directory: one `syncfs(2)` on Linux (it returns write-back errors since Linux 5.8); elsewhere
    /// an fsync of each of `dirs` (files written by `create_file_deferred` were synced already).
    pub(crate) fn sync_filesystem(&self, dirs: &[&SafeDir]) -> Result<(), Error> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let _ = dirs;
            rustix::fs::syncfs(&self.fd).map_err(|e| Error::io(&self.path, e))
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            dirs.iter().try_for_each(|dir| dir.sync())
        }
    }

    fn write_new(&self, name: &str, bytes: &[u8]) -> Result<File, Error> {
        check_name(name)?;
        let fd = rustix::fs::openat(&self.fd, name, NEW_FILE_FLAGS, Mode::from_raw_mode(0o666))
            .map_err(|e| self.fail(name, e))?;
        let mut file = File::from(fd);
        file.write_all(bytes).map_err(|e| self.fail_io(name, e))?;
        Ok(file)
    }
}

/// One `read` into `buffer`, retried when a signal interrupted it.
fn read_once(mut file: &File, buffer: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match file.read(buffer) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}
