//! Where attachments may come from: the topology's directory tree and, only when the user says so
//! on the command line (`--allow-read DIR`), other directory trees. A path as written is resolved
//! by name (`..` removes the component before it, as a path reads, without asking the file system
//! what a link points to), must then lie inside one of these roots, and is opened below the root's
//! directory with no link followed, so what is read is inside the root whatever a pull request
//! planted.

use std::os::fd::{AsFd, OwnedFd};
use std::path::{Component, Path, PathBuf};

use rustix::fs::{Mode, OFlags};

use super::FileProblem;
use super::open::{open_beneath, read_text};
use crate::error::Error;

/// The most an attachment (root certificate, patch file) may hold: a ConfigMap cannot hold more.
pub(crate) const ATTACHMENT_LIMIT: u64 = 1024 * 1024;

/// A directory tree attachments may be read from.
struct Root {
    /// Absolute and without `.` or `..`, to compare paths with.
    path: PathBuf,
    /// Opened once; every attachment in it is opened relative to this descriptor.
    fd: OwnedFd,
}

pub(crate) struct Roots {
    topology_dir: Root,
    /// The topology's directory as the user named it, for messages.
    shown: String,
    allowed: Vec<Root>,
}

impl Roots {
    /// `topology_dir`: the directory the topology was read from (`fd`, already open).
    pub(crate) fn new(topology_dir: &Path, fd: OwnedFd, allow_read: &[PathBuf]) -> Result<Roots, Error> {
        let shown =
            if topology_dir.as_os_str().is_empty() { ".".to_string() } else { topology_dir.display().to_string() };
        let topology_dir = Root { path: normalized(topology_dir)?, fd };
        let allowed = allow_read.iter().map(|dir| allowed_root(dir)).collect::<Result<_, _>>()?;
        Ok(Roots { topology_dir, shown, allowed })
    }

    /// The text of the attachment at `written` (as the topology has it).
    pub(crate) fn read(&self, written: &str) -> Result<String, FileProblem> {
        let (root, components) = self.locate(written)?;
        let components: Vec<&str> = components.iter().map(String::as_str).collect();
        read_text(open_beneath(root.fd.as_fd(), &components)?, ATTACHMENT_LIMIT)
    }

    /// The root `written` lies in, and its components below that root. An absolute path is only
    /// taken inside an `--allow-read` directory: in a topology it is never portable.
    fn locate(&self, written: &str) -> Result<(&Root, Vec<String>), FileProblem> {
        let absolute = Path::new(written).is_absolute();
        let outside = || FileProblem::OutsideRepository { root: self.shown.clone(), absolute };
        let target = lexical(&self.topology_dir.path.join(written)).ok_or_else(outside)?;
        let candidates = std::iter::once(&self.topology_dir).filter(|_| !absolute).chain(&self.allowed);
        for root in candidates {
            if let Ok(rest) = target.strip_prefix(&root.path) {
                let components = rest.components().map(|c| c.as_os_str().to_str().map(str::to_string));
                if let Some(components) = components.collect::<Option<Vec<_>>>() {
                    return Ok((root, components));
                }
            }
        }
        Err(outside())
    }
}

/// An `--allow-read` directory, named on the command line: links on the way to it are followed.
fn allowed_root(dir: &Path) -> Result<Root, Error> {
    let fd = rustix::fs::open(dir, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())
        .map_err(|errno| Error::usage(format!("--allow-read {}: {}", dir.display(), std::io::Error::from(errno))))?;
    Ok(Root { path: normalized(dir)?, fd })
}

/// `dir` made absolute (against the working directory) and without `.` or `..`.
fn normalized(dir: &Path) -> Result<PathBuf, Error> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let absolute = std::path::absolute(dir).map_err(|e| Error::io(dir, e))?;
    lexical(&absolute).ok_or_else(|| Error::io_other(dir, "`..` above the root directory"))
}

/// An absolute path with `.` removed and each `..` taking away the name before it; `None` when
/// `..` would go above `/`.
fn lexical(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir | Component::Normal(_) => out.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() || out.as_os_str().is_empty() {
                    return None;
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_is_resolved_by_name() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), Some(PathBuf::from("/a/c/d")));
        assert_eq!(lexical(Path::new("/a/../..")), None);
        assert_eq!(lexical(Path::new("/a/..")), Some(PathBuf::from("/")));
    }
}
