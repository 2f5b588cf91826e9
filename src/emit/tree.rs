//! What is on disk under the output root, read without following symbolic links: the facts the
//! build plan and `check --out` decide on.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use super::entry::Entry;
use super::safe_dir::{MAX_READ, SafeDir, split_parent};
use crate::diagnostic::codes;
use crate::error::Error;

/// The top-level directories fedc generates into; foreign files are looked for only below these.
/// `installer/` holds what an operator applies by hand (the `istio` target), never synced.
pub(crate) const OUTPUT_ROOTS: [&str; 5] = ["clusters", "argocd", "flux", "installer", "partners"];
/// Files at the output root that fedc generates and owns: the `.gitignore` that keeps its working
/// files (`.fedc-*`) out of git.
pub(crate) const ROOT_FILES: [&str; 1] = [".gitignore"];
/// Names at the output root fedc uses for itself (the build lock, the journal, staging).
pub(crate) const RESERVED_PREFIX: &str = ".fedc-";
/// Deeper than anything fedc generates (`clusters/<cluster>/<namespace>/<file>`) by far; a
/// bound so a planted tree cannot exhaust the stack or the file descriptors.
const MAX_DEPTH: usize = 64;

/// Every entry below the scanned top-level directories, by `/`-separated relative path.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub(crate) entries: BTreeMap<String, Entry>,
}

impl Tree {
    /// Scans `out/<root>` for every root in [`OUTPUT_ROOTS`], [`ROOT_FILES`] and `extra_roots` (top-level names
    /// of paths fedc writes or owns). Symbolic links are recorded, never followed; every
    /// directory is opened relative to its parent without following links.
    pub(crate) fn scan<'a>(out: &SafeDir, extra_roots: impl IntoIterator<Item = &'a str>) -> Result<Tree, Error> {
        let mut roots: BTreeSet<&str> = OUTPUT_ROOTS.into_iter().chain(ROOT_FILES).collect();
        roots.extend(extra_roots.into_iter().filter(|root| is_plain_name(root)));
        let mut tree = Tree::default();
        for root in roots {
            match out.entry(root)? {
                None => {}
                Some(Entry::Dir) => {
                    tree.entries.insert(root.to_string(), Entry::Dir);
                    tree.scan_dir(&out.open_dir(root)?, root, 1)?;
                }
                Some(other) => {
                    tree.entries.insert(root.to_string(), other);
                }
            }
        }
        Ok(tree)
    }

    fn scan_dir(&mut self, dir: &SafeDir, prefix: &str, depth: usize) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(Error::io_other(&dir.display(""), format!("directories nested deeper than {MAX_DEPTH}")));
        }
        for (name, entry) in dir.entries()? {
            let path = format!("{prefix}/{name}");
            if entry == Entry::Dir {
                self.scan_dir(&dir.open_dir(&name)?, &path, depth + 1)?;
            }
            self.entries.insert(path, entry);
        }
        Ok(())
    }

    pub(crate) fn get(&self, path: &str) -> Option<Entry> {
        self.entries.get(path).copied()
    }

    pub(crate) fn files(&self) -> impl Iterator<Item = (&str, Entry)> {
        self.entries.iter().filter(|(_, e)| **e != Entry::Dir).map(|(p, e)| (p.as_str(), *e))
    }

    /// Refuses a path whose parent directories include a symbolic link or a non-directory.
    pub(crate) fn check_parents(&self, path: &str) -> Result<(), Error> {
        for parent in ancestors(path) {
            match self.get(parent) {
                None | Some(Entry::Dir) => {}
                Some(Entry::Symlink) => {
                    return Err(Error::output(
                        codes::emit::SYMLINK,
                        format!(
                            "{parent} is a symbolic link; fedc does not write or delete through links (needed for {path})"
                        ),
                    ));
                }
                Some(other) => {
                    return Err(Error::output(
                        codes::emit::NOT_A_DIRECTORY,
                        format!("{parent} is {}, but {path} needs it to be a directory", other.describe()),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Proper ancestors of a relative path, outermost first: `a/b/c` → `a`, `a/b`.
pub(crate) fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// Whether `out` holds anything besides fedc's own bookkeeping files.
pub(crate) fn has_content(out: &SafeDir) -> Result<bool, Error> {
    Ok(out.entries()?.iter().any(|(name, _)| !name.starts_with(RESERVED_PREFIX)))
}

/// One path component fedc may create: not empty, not `.` or `..`, no separator, not hidden.
pub(crate) fn is_plain_name(name: &str) -> bool {
    // Bytes: each of these characters is one byte in UTF-8, and no other character holds one.
    !name.is_empty() && !name.starts_with('.') && !name.bytes().any(|b| matches!(b, b'/' | b'\\' | b':' | 0))
}

/// Files read by one task of [`read_files`].
const READ_PIECE: usize = 32;

/// Reads the regular files at `paths` (which the scan found as files) and maps each one's bytes
/// with `map`, in parallel (see [`read_files`]); results in the order of `paths`, or the first
/// failure in that order.
pub(crate) fn map_files<R: Send>(
    out: &SafeDir,
    paths: &[&str],
    map: impl Fn(usize, Vec<u8>) -> R + Sync,
) -> Result<Vec<R>, Error> {
    read_files(out, paths, MAX_READ, |i, read| read.map(|bytes| map(i, bytes))).into_iter().collect()
}

/// Reads the regular files at `paths`, each up to `limit` bytes, and maps each one's outcome with
/// `map`, in parallel, opening each parent directory once per piece of `READ_PIECE` files;
/// results in the order of `paths`. A file that is missing, a link, over `limit` or in a directory
/// that cannot be opened is an error handed to `map` (a directory's own error to the first of its
/// files in each piece, the others told only that it could not be opened).
pub(crate) fn read_files<R: Send>(
    out: &SafeDir,
    paths: &[&str],
    limit: u64,
    map: impl Fn(usize, Result<Vec<u8>, Error>) -> R + Sync,
) -> Vec<R> {
    let mut by_parent: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, path) in paths.iter().enumerate() {
        by_parent.entry(split_parent(path).0).or_default().push(i);
    }
    // Pieces of one directory too, so that the files of a few directories (a build's chunk of one
    // mesh) are still read on every core; each piece opens its directory once.
    let groups: Vec<(&str, Vec<usize>)> = by_parent
        .into_iter()
        .flat_map(|(parent, indices)| {
            indices.chunks(READ_PIECE).map(|piece| (parent, piece.to_vec())).collect::<Vec<_>>()
        })
        .collect();
    let mapped: Vec<Vec<(usize, R)>> = groups
        .par_iter()
        .map(|(parent, indices)| {
            let (dir, mut unopened) = match out.walk(parent) {
                Ok(Some(dir)) => (Some(dir), None),
                Ok(None) => (None, Some(Error::io_other(&out.display(parent), "vanished while reading"))),
                Err(error) => (None, Some(error)),
            };
            let mut mapped = Vec::with_capacity(indices.len());
            for &i in indices {
                let name = split_parent(paths[i]).1;
                let read = match &dir {
                    Some(dir) => dir.read_file_within(name, limit).and_then(|read| {
                        read.ok_or_else(|| Error::io_other(&dir.display(name), "vanished while reading"))
                    }),
                    None => Err(unopened
                        .take()
                        .unwrap_or_else(|| Error::io_other(&out.display(parent), "could not be opened"))),
                };
                mapped.push((i, map(i, read)));
            }
            mapped
        })
        .collect();
    let mut flat: Vec<(usize, R)> = mapped.into_iter().flatten().collect();
    flat.sort_by_key(|(i, _)| *i);
    flat.into_iter().map(|(_, r)| r).collect()
}
