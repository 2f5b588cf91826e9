//! Opening files a pull request may have planted, so that what is read is what was checked: every
//! component is opened relative to the directory before it (`openat`) with `O_NOFOLLOW`, so a
//! symbolic link is refused when it is used, not when it was looked at; the type is checked
//! before opening (a device may act on `open`) and again on the open descriptor (the name may
//! have been replaced in between); reading stops one byte past the limit, so a file that grows
//! while it is read cannot make fedc read more.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::FileProblem;

/// Directories on the way: never through a link.
const DIRECTORY: OFlags = OFlags::RDONLY.union(OFlags::DIRECTORY).union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC);

/// The file itself: never through a link, never waiting for a FIFO's writer, never taking a
/// terminal as controlling terminal.
const REGULAR: OFlags =
    OFlags::RDONLY.union(OFlags::NONBLOCK).union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC).union(OFlags::NOCTTY);

/// Opens `components` (plain names: no empty, `.` or `..` one) below `dir`, refusing a link
/// anywhere on the way and anything but a regular file at the end.
pub(crate) fn open_beneath(dir: BorrowedFd<'_>, components: &[&str]) -> Result<File, FileProblem> {
    let Some((name, parents)) = components.split_last() else {
        return Err(FileProblem::NotRegular { kind: "directory" });
    };
    let mut current: Option<OwnedFd> = None;
    for (depth, parent) in parents.iter().enumerate() {
        let at = current.as_ref().map_or(dir, |fd| fd.as_fd());
        let shown = components[..=depth].join("/");
        let next = rustix::fs::openat(at, *parent, DIRECTORY, Mode::empty())
            .map_err(|errno| directory_problem(at, parent, shown, errno))?;
        current = Some(next);
    }
    let at = current.as_ref().map_or(dir, |fd| fd.as_fd());
    open_regular(at, name, &components.join("/"))
}

/// Opens directory `name` in `dir` without following a link (for walking a tree).
pub(crate) fn open_directory(dir: BorrowedFd<'_>, name: &str, shown: &str) -> Result<OwnedFd, FileProblem> {
    rustix::fs::openat(dir, name, DIRECTORY, Mode::empty())
        .map_err(|errno| directory_problem(dir, name, shown.to_string(), errno))
}

/// Opens `name` in `dir` if it is a regular file, without following a link.
pub(crate) fn open_regular(dir: BorrowedFd<'_>, name: &str, shown: &str) -> Result<File, FileProblem> {
    let before = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).map_err(unreadable)?;
    require_regular(before.st_mode, shown)?;
    let fd = rustix::fs::openat(dir, name, REGULAR, Mode::empty()).map_err(|errno| match errno {
        Errno::LOOP | Errno::MLINK => FileProblem::Symlink { component: shown.to_string() },
        other => unreadable(other),
    })?;
    let opened = rustix::fs::fstat(&fd).map_err(unreadable)?;
    require_regular(opened.st_mode, shown)?;
    Ok(File::from(fd))
}

/// What kind of file a mode is, for a finding; `Ok` for a regular file.
pub(crate) fn require_regular(mode: rustix::fs::RawMode, shown: &str) -> Result<(), FileProblem> {
    let kind = match FileType::from_raw_mode(mode) {
        FileType::RegularFile => return Ok(()),
        FileType::Symlink => return Err(FileProblem::Symlink { component: shown.to_string() }),
        FileType::Directory => "directory",
        FileType::Fifo => "FIFO (named pipe)",
        FileType::CharacterDevice => "character device",
        FileType::BlockDevice => "block device",
        FileType::Socket => "socket",
        FileType::Unknown => "special file",
    };
    Err(FileProblem::NotRegular { kind })
}

/// Reads at most `limit` bytes; a file that holds more, or grows past it while read, is refused.
pub(crate) fn read_bounded(file: File, limit: u64) -> Result<Vec<u8>, FileProblem> {
    let size = file.metadata().map_err(|e| FileProblem::Unreadable(e.to_string()))?.len();
    if size > limit {
        return Err(FileProblem::TooLarge { limit });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::TooLarge { limit });
    }
    Ok(bytes)
}

/// [`read_bounded`], as UTF-8 text.
pub(crate) fn read_text(file: File, limit: u64) -> Result<String, FileProblem> {
    String::from_utf8(read_bounded(file, limit)?).map_err(|_| FileProblem::Unreadable("it is not UTF-8 text".into()))
}

/// Why directory `name` in `dir` could not be opened: a link, not a directory, or the OS reason.
fn directory_problem(dir: BorrowedFd<'_>, name: &str, shown: String, errno: Errno) -> FileProblem {
    if !matches!(errno, Errno::LOOP | Errno::MLINK | Errno::NOTDIR) {
        return unreadable(errno);
    }
    match rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).map(|s| FileType::from_raw_mode(s.st_mode)) {
        Ok(FileType::Symlink) => FileProblem::Symlink { component: shown },
        _ => FileProblem::Unreadable(format!("`{shown}` is not a directory")),
    }
}

pub(crate) fn unreadable(errno: Errno) -> FileProblem {
    FileProblem::Unreadable(std::io::Error::from(errno).to_string())
}
