//! The override templates under `--templates DIR`. The directory is named on the command line, but
//! what is in it may come from a pull request: every file must be a regular file named like a
//! built-in template (a misspelt name would otherwise be ignored without a word, the built-in
//! rendering in its place), no link is followed, and each file is read up to a limit.

use std::collections::BTreeMap;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Component, Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::FileProblem;
use super::open::{open_directory, open_regular, read_text, require_regular};
use crate::diagnostic::codes;
use crate::error::Error;
use crate::suggest::did_you_mean;

/// The most a template file may hold (the largest built-in one holds a few KiB).
pub(crate) const TEMPLATE_LIMIT: u64 = 1024 * 1024;

/// The override of each template in `dir`, by name; `names` are the built-in templates.
pub(crate) fn template_overrides(dir: &Path, names: &[&str]) -> Result<BTreeMap<String, String>, Error> {
    let fd = open_root(dir)?;
    let mut walk = Walk { root: dir, names, found: BTreeMap::new() };
    walk.directory(fd.as_fd(), "")?;
    Ok(walk.found)
}

/// Opens the `--templates` directory as `--out` is opened: a relative path one component at a time
/// without following a link (all of it may lie in the checkout a pull request controls), an
/// absolute one normally up to its last component, which may not be a link. A linked directory
/// would let the repository point fedc at any directory of the CI machine, whose file names the
/// errors would then list.
fn open_root(dir: &Path) -> Result<OwnedFd, Error> {
    if dir.as_os_str().is_empty() {
        return Err(missing(dir, "does not exist"));
    }
    let follow = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let (start, rest) = match dir.parent() {
        Some(parent) if dir.is_absolute() => (parent, dir.strip_prefix(parent).unwrap_or(dir)),
        None if dir.is_absolute() => (dir, Path::new("")),
        _ => (Path::new("."), dir),
    };
    let mut fd = rustix::fs::open(start, follow, Mode::empty()).map_err(|errno| root_error(dir, dir, errno))?;
    let mut shown = if dir.is_absolute() { start.to_path_buf() } else { PathBuf::new() };
    for component in rest.components() {
        let name = match component {
            Component::Normal(name) => name.to_str().ok_or_else(|| missing(dir, "is not a UTF-8 path"))?,
            Component::ParentDir => "..",
            Component::CurDir | Component::RootDir | Component::Prefix(_) => continue,
        };
        shown.push(name);
        let next = rustix::fs::openat(&fd, name, follow | OFlags::NOFOLLOW, Mode::empty());
        fd = next.map_err(|errno| match rustix::fs::statat(&fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) if FileType::from_raw_mode(stat.st_mode) == FileType::Symlink => Error::Template {
                code: codes::template::SYMLINK,
                template: dir.display().to_string(),
                message: format!(
                    "`{}` is a symbolic link; fedc does not follow a link to or under the --templates directory: \
                     name the directory it points to",
                    shown.display()
                ),
            },
            _ => root_error(dir, &shown, errno),
        })?;
    }
    Ok(fd)
}

/// Why the `--templates` directory (reached as far as `at`) could not be opened.
fn root_error(dir: &Path, at: &Path, errno: Errno) -> Error {
    match errno {
        Errno::NOENT => missing(dir, "does not exist"),
        Errno::NOTDIR => missing(dir, "is not a directory"),
        other => Error::io(at, std::io::Error::from(other)),
    }
}

struct Walk<'a> {
    root: &'a Path,
    names: &'a [&'a str],
    found: BTreeMap<String, String>,
}

impl Walk<'_> {
    /// Every entry of the directory `fd`, which is `prefix` below the root, in name order.
    fn directory(&mut self, fd: BorrowedFd<'_>, prefix: &str) -> Result<(), Error> {
        for entry in self.entries(fd, prefix)? {
            let name = format!("{prefix}{entry}");
            let stat = rustix::fs::statat(fd, entry.as_str(), AtFlags::SYMLINK_NOFOLLOW)
                .map_err(|e| Error::io(&self.root.join(&name), std::io::Error::from(e)))?;
            match FileType::from_raw_mode(stat.st_mode) {
                FileType::Directory if self.names.iter().any(|n| n.starts_with(&format!("{name}/"))) => {
                    let sub = open_directory(fd, &entry, &name).map_err(|p| self.refused(&name, p))?;
                    self.directory(sub.as_fd(), &format!("{name}/"))?;
                }
                FileType::Directory => return Err(self.unknown(&format!("{name}/"))),
                FileType::RegularFile if self.names.contains(&name.as_str()) => {
                    let text = open_regular(fd, &entry, &name)
                        .and_then(|file| read_text(file, TEMPLATE_LIMIT))
                        .map_err(|p| self.refused(&name, p))?;
                    self.found.insert(name, text);
                }
                FileType::RegularFile => return Err(self.unknown(&name)),
                _ => return Err(self.refused(&name, require_regular(stat.st_mode, &name).err())),
            }
        }
        Ok(())
    }

    /// The names in directory `fd`, sorted, so that the first problem reported is always the same.
    fn entries(&self, fd: BorrowedFd<'_>, prefix: &str) -> Result<Vec<String>, Error> {
        let here = self.root.join(prefix);
        let io = |e: Errno| Error::io(&here, std::io::Error::from(e));
        let mut names = Vec::new();
        for entry in rustix::fs::Dir::read_from(fd).map_err(io)? {
            let bytes = entry.map_err(io)?.file_name().to_bytes().to_vec();
            if bytes == b"." || bytes == b".." {
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(name) => names.push(name),
                Err(e) => return Err(self.unknown(&format!("{prefix}{}", String::from_utf8_lossy(e.as_bytes())))),
            }
        }
        names.sort();
        Ok(names)
    }

    fn unknown(&self, name: &str) -> Error {
        let close = did_you_mean(name, self.names.iter().copied())
            .map_or_else(String::new, |close| format!(" (did you mean `{close}`?)"));
        Error::Template {
            code: codes::template::UNKNOWN_NAME,
            template: name.to_string(),
            message: format!(
                "`{}` is not the name of a template fedc uses{close}; every file under --templates must replace one \
                 (docs/topology.md lists them)",
                self.root.join(name).display()
            ),
        }
    }

    /// A file that may not be read; `None` only for a type `require_regular` accepts (never here).
    fn refused(&self, name: &str, problem: impl Into<Option<FileProblem>>) -> Error {
        let path = self.root.join(name);
        let shown = path.display();
        let (code, message) = match problem.into() {
            Some(FileProblem::Symlink { component }) => (
                codes::template::SYMLINK,
                format!(
                    "`{}` is a symbolic link; fedc does not follow links under --templates",
                    self.root.join(component).display()
                ),
            ),
            Some(FileProblem::NotRegular { kind }) => {
                (codes::template::NOT_REGULAR, format!("`{shown}` is a {kind}, not a regular file"))
            }
            Some(FileProblem::TooLarge { limit }) => (
                codes::template::TOO_LARGE,
                format!("`{shown}` is larger than {}, the most a template may hold", super::size(limit)),
            ),
            Some(FileProblem::Unreadable(reason) | FileProblem::OutsideRepository { root: reason, .. }) => {
                return Error::io_other(&path, reason);
            }
            None => return Error::io_other(&path, "not a regular file"),
        };
        Error::Template { code, template: name.to_string(), message }
    }
}

fn missing(dir: &Path, what: &str) -> Error {
    Error::Template {
        code: codes::template::DIR_MISSING,
        template: dir.display().to_string(),
        message: format!("the --templates directory {what}"),
    }
}
