//! Directories held open by file descriptor, for working in an output directory a pull request
//! controls. Every name is resolved relative to an open directory, one component at a time,
//! without following symbolic links (`openat` with `O_NOFOLLOW`, `renameat`, `unlinkat`,
//! `linkat`, `statat` with `AT_SYMLINK_NOFOLLOW`): a link planted anywhere, even between a scan
//! and a use, is refused (`fedc::emit::symlink`) instead of followed out of the tree. The same
//! idea as cap-std, reduced to what emit needs. Unix only.

use std::fs::File;
use std::os::fd::OwnedFd;
use std::path::{Component, Path, PathBuf};

use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::entry::Entry;
use crate::diagnostic::codes;
use crate::error::Error;

/// An open directory and, for messages only, the path it was reached by.
#[derive(Debug)]
pub(crate) struct SafeDir {
    fd: OwnedFd,
    path: PathBuf,
}

const DIR_FLAGS: OFlags = OFlags::RDONLY.union(OFlags::DIRECTORY).union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC);
/// The most fedc reads of one file in the output directory: its lock and journal for a million
/// files, a generated file many times over. A planted larger file is refused, not read.
pub(crate) const MAX_READ: u64 = 256 << 20;
/// The most fedc reads of its own lock or journal: both list every output file (about 200 bytes
/// each), so 64 MiB holds some 300,000 files, twice a 200-mesh full peering. Parsing takes several
/// times the file's size in memory, so a planted state file is refused well below [`MAX_READ`].
pub(crate) const STATE_FILE_LIMIT: u64 = 64 << 20;
/// Regular files only: `NONBLOCK` so a FIFO cannot stall the open, `NOFOLLOW` so a link is refused.
const READ_FLAGS: OFlags = OFlags::RDONLY.union(OFlags::NOFOLLOW).union(OFlags::NONBLOCK).union(OFlags::CLOEXEC);
/// Whether one `syncfs(2)` flushes a whole staged tree (Linux), instead of an fsync per file.
pub(crate) const SYNCS_FILESYSTEM: bool = cfg!(any(target_os = "linux", target_os = "android"));
const NEW_FILE_FLAGS: OFlags =
    OFlags::WRONLY.union(OFlags::CREATE).union(OFlags::EXCL).union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC);

impl SafeDir {
    /// Opens the output directory `path` (creating it when `create`); `None` if it is missing.
    /// A relative path is opened component by component without following links (all of it
    /// may lie in a checkout a pull request controls); of an absolute path, which whoever runs
    /// fedc spelt out in full, only the last component must not be a link.
    pub(crate) fn open_out(path: &Path, create: bool) -> Result<Option<SafeDir>, Error> {
        let follow = DIR_FLAGS.difference(OFlags::NOFOLLOW);
        let (mut dir, rest) = match path.parent() {
            Some(parent) if path.is_absolute() => {
                if create {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                match rustix::fs::openat(CWD, parent, follow, Mode::empty()) {
                    Ok(fd) => (SafeDir { fd, path: parent.to_path_buf() }, path.strip_prefix(parent).unwrap_or(path)),
                    Err(Errno::NOENT) => return Ok(None),
                    Err(e) => return Err(Error::io(parent, e)),
                }
            }
            None if path.is_absolute() => {
                let fd = rustix::fs::openat(CWD, path, follow, Mode::empty()).map_err(|e| Error::io(path, e))?;
                (SafeDir { fd, path: path.to_path_buf() }, Path::new(""))
            }
            _ => (SafeDir { fd: open_cwd()?, path: PathBuf::new() }, path),
        };
        for component in rest.components() {
            let name = match component {
                Component::Normal(name) => name.to_string_lossy(),
                Component::ParentDir => "..".into(),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => continue,
            };
            let next = if create { dir.ensure_dir_named(&name)? } else { dir.open_dir_named(&name)? };
            match next {
                Some(next) => dir = next,
                None => return Ok(None),
            }
        }
        dir.path = path.to_path_buf();
        Ok(Some(dir))
    }

    /// The path this directory was reached by plus `name`, for messages.
    pub(crate) fn display(&self, name: &str) -> PathBuf {
        if name.is_empty() { self.path.clone() } else { self.path.join(name) }
    }

    /// The subdirectory `name`: a link or anything else there is refused.
    pub(crate) fn open_dir(&self, name: &str) -> Result<SafeDir, Error> {
        self.open_dir_if_present(name)?.ok_or_else(|| Error::io_other(&self.display(name), "no such directory"))
    }

    pub(crate) fn open_dir_if_present(&self, name: &str) -> Result<Option<SafeDir>, Error> {
        check_name(name)?;
        self.open_dir_named(name)
    }

    /// Creates the subdirectory `name` if it is missing, then opens it.
    pub(crate) fn ensure_dir(&self, name: &str) -> Result<SafeDir, Error> {
        check_name(name)?;
        self.ensure_dir_named(name)?.ok_or_else(|| Error::io_other(&self.display(name), "vanished while opened"))
    }

    /// Creates the subdirectory `name`; it must not exist.
    pub(crate) fn create_dir(&self, name: &str) -> Result<(), Error> {
        check_name(name)?;
        rustix::fs::mkdirat(&self.fd, name, Mode::from_raw_mode(0o777)).map_err(|e| self.fail(name, e))
    }

    /// The directory at `/`-separated `relative` below this one; `None` if part of it is missing.
    pub(crate) fn walk(&self, relative: &str) -> Result<Option<SafeDir>, Error> {
        let mut parts = relative.split('/').filter(|p| !p.is_empty());
        let Some(first) = parts.next() else { return self.reopen().map(Some) };
        let Some(mut dir) = self.open_dir_if_present(first)? else { return Ok(None) };
        for part in parts {
            match dir.open_dir_if_present(part)? {
                Some(next) => dir = next,
                None => return Ok(None),
            }
        }
        Ok(Some(dir))
    }

    /// Like [`walk`](Self::walk), creating missing directories on the way.
    pub(crate) fn walk_creating(&self, relative: &str) -> Result<SafeDir, Error> {
        let mut dir = self.reopen()?;
        for part in relative.split('/').filter(|p| !p.is_empty()) {
            dir = dir.ensure_dir(part)?;
        }
        Ok(dir)
    }

    /// What `name` is, without following a link; `None` if nothing is there.
    pub(crate) fn entry(&self, name: &str) -> Result<Option<Entry>, Error> {
        check_name(name)?;
        match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) => Ok(Some(classify(FileType::from_raw_mode(stat.st_mode)))),
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(self.fail(name, e)),
        }
    }

    /// The device and inode of `name` (a link's own), to tell two names of one file; `None` if
    /// nothing is there.
    pub(crate) fn file_id(&self, name: &str) -> Result<Option<(u64, u64)>, Error> {
        check_name(name)?;
        match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            #[allow(clippy::useless_conversion)] // the field types differ between platforms
            Ok(stat) => Ok(Some((u64::from(stat.st_dev), u64::from(stat.st_ino)))),
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(self.fail(name, e)),
        }
    }

    /// Every entry of this directory by name (not `.` and `..`), links not followed.
    pub(crate) fn entries(&self) -> Result<Vec<(String, Entry)>, Error> {
        let fail = |e| Error::io(&self.path, e);
        let mut found = Vec::new();
        for item in rustix::fs::Dir::read_from(&self.fd).map_err(fail)? {
            let item = item.map_err(fail)?;
            let name = item.file_name().to_string_lossy().into_owned();
            if name == "." || name == ".." {
                continue;
            }
            let entry = match item.file_type() {
                FileType::Unknown => self.entry(&name)?.unwrap_or(Entry::Other),
                kind => classify(kind),
            };
            found.push((name, entry));
        }
        Ok(found)
    }

    /// Renames `name` here to `to_name` in `to`, replacing a file (or link) there.
    pub(crate) fn rename_to(&self, name: &str, to: &SafeDir, to_name: &str) -> Result<(), Error> {
        check_name(name)?;
        check_name(to_name)?;
        rustix::fs::renameat(&self.fd, name, &to.fd, to_name).map_err(|e| to.fail(to_name, e))
    }

    /// A second name `to_name` in `to` for the file `name` here (a link is linked, not followed).
    pub(crate) fn link_to(&self, name: &str, to: &SafeDir, to_name: &str) -> Result<(), Error> {
        check_name(name)?;
        check_name(to_name)?;
        rustix::fs::linkat(&self.fd, name, &to.fd, to_name, AtFlags::empty()).map_err(|e| to.fail(to_name, e))
    }

    /// Removes the file or link `name`; `false` if nothing was there.
    pub(crate) fn remove_file(&self, name: &str) -> Result<bool, Error> {
        check_name(name)?;
        match rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()) {
            Ok(()) => Ok(true),
            Err(Errno::NOENT) => Ok(false),
            Err(e) => Err(self.fail(name, e)),
        }
    }

    /// Removes the subdirectory `name` if it is an empty directory; anything else is left.
    pub(crate) fn remove_dir_if_empty(&self, name: &str) -> Result<bool, Error> {
        check_name(name)?;
        match rustix::fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR) {
            Ok(()) => Ok(true),
            Err(Errno::NOENT | Errno::NOTEMPTY | Errno::EXIST | Errno::NOTDIR) => Ok(false),
            Err(e) => Err(self.fail(name, e)),
        }
    }

    /// Makes renames and removals in this directory durable.
    pub(crate) fn sync(&self) -> Result<(), Error> {
        rustix::fs::fsync(&self.fd).map_err(|e| Error::io(&self.path, e))
    }

    fn reopen(&self) -> Result<SafeDir, Error> {
        let fd = rustix::fs::openat(&self.fd, ".", DIR_FLAGS, Mode::empty()).map_err(|e| self.fail("", e))?;
        Ok(SafeDir { fd, path: self.path.clone() })
    }

    fn open_dir_named(&self, name: &str) -> Result<Option<SafeDir>, Error> {
        match rustix::fs::openat(&self.fd, name, DIR_FLAGS, Mode::empty()) {
            Ok(fd) => Ok(Some(SafeDir { fd, path: self.display(name) })),
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(self.fail(name, e)),
        }
    }

    fn ensure_dir_named(&self, name: &str) -> Result<Option<SafeDir>, Error> {
        match rustix::fs::mkdirat(&self.fd, name, Mode::from_raw_mode(0o777)) {
            Ok(()) | Err(Errno::EXIST) => self.open_dir_named(name),
            Err(e) => Err(self.fail(name, e)),
        }
    }

    fn open_regular(&self, name: &str, flags: OFlags) -> Result<Option<File>, Error> {
        Ok(self.open_regular_sized(name, flags)?.map(|(file, _)| file))
    }

    /// [`Self::open_regular`], with the file's size when it was opened.
    fn open_regular_sized(&self, name: &str, flags: OFlags) -> Result<Option<(File, u64)>, Error> {
        check_name(name)?;
        let fd = match rustix::fs::openat(&self.fd, name, flags, Mode::from_raw_mode(0o666)) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(None),
            Err(e) => return Err(self.fail(name, e)),
        };
        let stat = rustix::fs::fstat(&fd).map_err(|e| self.fail(name, e))?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err(not_a_file(&self.display(name), classify(FileType::from_raw_mode(stat.st_mode))));
        }
        Ok(Some((File::from(fd), u64::try_from(stat.st_size).unwrap_or(0))))
    }

    /// An error on `name`: a coded refusal when a link or the wrong kind of entry caused it.
    fn fail(&self, name: &str, errno: Errno) -> Error {
        let path = self.display(name);
        if matches!(errno, Errno::LOOP | Errno::NOTDIR | Errno::MLINK) {
            match self.entry_raw(name) {
                Some(Entry::Symlink) => return symlink(&path),
                Some(Entry::Dir) | None => {}
                Some(other) => return not_a_file(&path, other),
            }
        }
        Error::io(&path, std::io::Error::from(errno))
    }

    fn fail_io(&self, name: &str, error: std::io::Error) -> Error {
        Error::io(&self.display(name), error)
    }

    fn entry_raw(&self, name: &str) -> Option<Entry> {
        let stat = rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        Some(classify(FileType::from_raw_mode(stat.st_mode)))
    }
}

/// The refusal for a link met where fedc reads, writes or deletes.
pub(crate) fn symlink(path: &Path) -> Error {
    Error::output(
        codes::emit::SYMLINK,
        format!("{} is a symbolic link; fedc never reads, writes or deletes through links", path.display()),
    )
}

pub(super) fn not_a_file(path: &Path, entry: Entry) -> Error {
    Error::output(
        codes::emit::NOT_A_FILE,
        format!("{} is {}; fedc only reads, replaces and removes regular files here", path.display(), entry.describe()),
    )
}

fn open_cwd() -> Result<OwnedFd, Error> {
    rustix::fs::openat(CWD, ".", DIR_FLAGS, Mode::empty()).map_err(|e| Error::io(Path::new("."), e))
}

/// One plain name: what fedc validated before it reached here, checked once more because a
/// `/` or `..` would walk somewhere the caller never checked.
fn check_name(name: &str) -> Result<(), Error> {
    if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
        return Err(Error::output(codes::emit::UNSAFE_PATH, format!("refusing to use `{name}` as a file name")));
    }
    Ok(())
}

fn classify(kind: FileType) -> Entry {
    match kind {
        FileType::Symlink => Entry::Symlink,
        FileType::Directory => Entry::Dir,
        FileType::RegularFile => Entry::File,
        _ => Entry::Other,
    }
}

/// Splits `a/b/c` into `a/b` and `c` (`""` and the name for a top-level name).
pub(crate) fn split_parent(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

// Reading and writing whole files.
#[path = "safe_dir_files.rs"]
mod files;
#[cfg(test)]
#[path = "safe_dir_tests.rs"]
mod tests;
