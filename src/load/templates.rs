//! The override templates under `--templates DIR`. The directory is named on the command line, but
//! what is in it may come from a pull request: every file must be a regular file named like a
//! built-in template (a misspelt name would otherwise be ignored without a word, the built-in
//! rendering in its place), no link is followed, and each file is read up to a limit.

use std::collections::BTreeMap;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::FileProblem;
use super::open::{open_directory, open_regular, read_text, require_regular};
use crate::error::Error;
use crate::suggest::did_you_mean;

/// The most a template file may hold (the largest built-in one holds a few KiB).
pub const TEMPLATE_LIMIT: u64 = 1024 * 1024;

/// The override of each template in `dir`, by name; `names` are the built-in templates.
pub fn template_overrides(dir: &Path, names: &[&str]) -> Result<BTreeMap<String, String>, Error> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(dir, flags, Mode::empty()).map_err(|errno| match errno {
        Errno::NOENT => missing(dir, "does not exist"),
        Errno::NOTDIR => missing(dir, "is not a directory"),
        other => Error::io(dir, std::io::Error::from(other)),
    })?;
    let mut walk = Walk { root: dir, names, found: BTreeMap::new() };
    walk.directory(fd.as_fd(), "")?;
    Ok(walk.found)
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
            code: "fedc::template::unknown-name",
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
                "fedc::template::symlink",
                format!(
                    "`{}` is a symbolic link; fedc does not follow links under --templates",
                    self.root.join(component).display()
                ),
            ),
            Some(FileProblem::NotRegular { kind }) => {
                ("fedc::template::not-regular", format!("`{shown}` is a {kind}, not a regular file"))
            }
            Some(FileProblem::TooLarge { limit }) => (
                "fedc::template::too-large",
                format!("`{shown}` is larger than {}, the most a template may hold", super::size(limit)),
            ),
            Some(FileProblem::Unreadable(reason) | FileProblem::OutsideRepository { root: reason, .. }) => {
                return Error::io(&path, reason);
            }
            None => return Error::io(&path, "not a regular file"),
        };
        Error::Template { code, template: name.to_string(), message }
    }
}

fn missing(dir: &Path, what: &str) -> Error {
    Error::Template {
        code: "fedc::template::dir-missing",
        template: dir.display().to_string(),
        message: format!("the --templates directory {what}"),
    }
}
