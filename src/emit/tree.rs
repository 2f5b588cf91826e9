//! What is on disk under the output root, read without following symbolic links: the facts the
//! build plan and `check --out` decide on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::error::Error;

/// The top-level directories fedc generates into; foreign files are looked for only below these.
pub const OUTPUT_ROOTS: [&str; 3] = ["clusters", "argocd", "flux"];
/// Names at the output root fedc uses for itself (the build lock, the journal, staging).
pub const RESERVED_PREFIX: &str = ".fedc-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    File,
    Dir,
    Symlink,
    /// A socket, device or other special file.
    Other,
}

impl Entry {
    pub fn describe(self) -> &'static str {
        match self {
            Entry::File => "a file",
            Entry::Dir => "a directory",
            Entry::Symlink => "a symbolic link",
            Entry::Other => "a special file",
        }
    }
}

/// Every entry below the scanned top-level directories, by `/`-separated relative path.
#[derive(Debug, Default)]
pub struct Tree {
    pub entries: BTreeMap<String, Entry>,
}

impl Tree {
    /// Scans `out/<root>` for every root in [`OUTPUT_ROOTS`] and in `extra_roots` (top-level names
    /// of paths fedc writes or owns). Symbolic links are recorded, never followed.
    pub fn scan<'a>(out: &Path, extra_roots: impl IntoIterator<Item = &'a str>) -> Result<Tree, Error> {
        let mut roots: BTreeSet<&str> = OUTPUT_ROOTS.into_iter().collect();
        roots.extend(extra_roots);
        let mut entries = BTreeMap::new();
        for root in roots {
            for item in walkdir::WalkDir::new(out.join(root)).follow_links(false).follow_root_links(false) {
                let item = match item {
                    Ok(item) => item,
                    Err(e) if e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => continue,
                    Err(e) => return Err(Error::io(e.path().unwrap_or(out), &e)),
                };
                let relative = relative_path(out, item.path());
                entries.insert(relative, classify(item.file_type()));
            }
        }
        Ok(Tree { entries })
    }

    pub fn get(&self, path: &str) -> Option<Entry> {
        self.entries.get(path).copied()
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, Entry)> {
        self.entries.iter().filter(|(_, e)| **e != Entry::Dir).map(|(p, e)| (p.as_str(), *e))
    }

    /// Refuses a path whose parent directories include a symbolic link or a non-directory.
    pub fn check_parents(&self, path: &str) -> Result<(), Error> {
        for parent in ancestors(path) {
            match self.get(parent) {
                None | Some(Entry::Dir) => {}
                Some(Entry::Symlink) => {
                    return Err(Error::output(
                        "fedc::emit::symlink",
                        format!(
                            "{parent} is a symbolic link; fedc does not write or delete through links (needed for {path})"
                        ),
                    ));
                }
                Some(other) => {
                    return Err(Error::output(
                        "fedc::emit::not-a-directory",
                        format!("{parent} is {}, but {path} needs it to be a directory", other.describe()),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Proper ancestors of a relative path, outermost first: `a/b/c` → `a`, `a/b`.
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// Whether `out` holds anything besides fedc's own bookkeeping files.
pub fn has_content(out: &Path) -> Result<bool, Error> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(out, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(out, e))?;
        if !entry.file_name().to_string_lossy().starts_with(RESERVED_PREFIX) {
            return Ok(true);
        }
    }
    Ok(false)
}

fn relative_path(out: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(out).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn classify(kind: std::fs::FileType) -> Entry {
    if kind.is_symlink() {
        Entry::Symlink
    } else if kind.is_dir() {
        Entry::Dir
    } else if kind.is_file() {
        Entry::File
    } else {
        Entry::Other
    }
}
