//! The two sides of a diff as path → content: a directory of output, or a fresh render.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::model::Files;
use crate::diagnostic::codes;
use crate::emit::{self, FileSum, FileSums, Lock, SafeDir};
use crate::error::Error;
use crate::plan::estimate::{Limits, size};

/// The output in `dir`: the files its `fedc.lock` lists (what a build would replace or prune),
/// or, without a lock, every file under `clusters/`, `argocd/` and `flux/`. Never follows links;
/// refuses (`fedc::diff::too-large`) more files or bytes than `limits` allow before reading past
/// them (the directory may come from a pull request). Shares the content of each file whose bytes
/// are those of the file at the same path in `shared` (another side): an unchanged file is then
/// held once, not twice.
pub(crate) fn output_dir_sharing(dir: &Path, limits: Limits, shared: &Files) -> Result<Files, Error> {
    let (_, paths) = listing(dir, limits)?;
    let mut files = Files::new();
    read_listed(dir, &paths, limits, |relative, bytes| {
        let content = match (shared.get(relative), std::str::from_utf8(&bytes)) {
            (Some(same), Ok(text)) if **same == *text => Arc::clone(same),
            _ => Arc::from(String::from_utf8_lossy(&bytes)),
        };
        files.insert(relative.clone(), content);
    })?;
    Ok(files)
}

/// The committed output as a fresh render is compared with it (`diff::Streamed`): the sha256 of
/// each file [`output_dir_sharing`] would read (under the same limits), and the federation its
/// lock names.
#[derive(Debug, Default)]
pub(crate) struct Digests {
    pub(crate) files: FileSums,
    pub(crate) federation: Option<String>,
}

/// [`Digests`] of the output in `dir`.
pub(crate) fn output_dir_digests(dir: &Path, limits: Limits) -> Result<Digests, Error> {
    let (lock, paths) = listing(dir, limits)?;
    let mut files = BTreeMap::new();
    read_listed(dir, &paths, limits, |relative, bytes| {
        files.insert(relative.clone(), FileSum::of(&bytes));
    })?;
    Ok(Digests { files, federation: lock.and_then(|lock| lock.federation) })
}

/// The content of `paths` (of a [`Digests`] listing) read a second time: of the committed
/// files, only those a fresh render changes are held.
pub(crate) fn output_dir_rest(dir: &Path, limits: Limits, paths: &[String]) -> Result<Files, Error> {
    let mut files = Files::new();
    read_listed(dir, paths, limits, |relative, bytes| {
        files.insert(relative.clone(), Arc::from(String::from_utf8_lossy(&bytes)));
    })?;
    Ok(files)
}

/// The lock of the output in `dir` and the paths a diff reads there (see [`output_dir_sharing`]).
fn listing(dir: &Path, limits: Limits) -> Result<(Option<Lock>, Vec<String>), Error> {
    if !dir.is_dir() {
        return Err(Error::io_other(dir, "not a directory"));
    }
    let lock = Lock::read(dir)?.map(|(lock, _)| lock);
    let roots = lock.iter().flat_map(|lock| lock.files.keys()).filter_map(|p| p.split('/').next());
    let found = emit::files_in_tree(dir, roots)?;
    let on_disk: BTreeSet<String> = found.iter().map(|(path, _)| path.clone()).collect();
    let paths = match &lock {
        Some(lock) => lock.files.keys().filter_map(|p| present(p, &on_disk)).collect::<Result<Vec<_>, _>>()?,
        None => on_disk.iter().cloned().collect(),
    };
    // A link or special file to be read is refused before anything is opened.
    let mut refused: BTreeMap<String, Error> =
        found.into_iter().filter_map(|(p, refusal)| Some((p, refusal?))).collect();
    if let Some(refusal) = paths.iter().find_map(|path| refused.remove(path)) {
        return Err(refusal);
    }
    if paths.len() as u64 > limits.max_files {
        return Err(too_large(
            dir,
            format!("{} files", paths.len()),
            format!("{} files (--max-files)", limits.max_files),
        ));
    }
    Ok((lock, paths))
}

/// Reads `paths` of `dir`, handing each file's bytes to `take` in path order, within the
/// `--max-bytes` budget counted in that order. Opened relative to `dir` without following links,
/// as the listing was (the tree may come from a pull request).
fn read_listed(
    dir: &Path,
    paths: &[String],
    limits: Limits,
    mut take: impl FnMut(&String, Vec<u8>),
) -> Result<(), Error> {
    let Some(root) = SafeDir::open_out(dir, false)? else { return Err(Error::io_other(dir, "not a directory")) };
    let mut budget = limits.max_bytes;
    let over_budget = || {
        too_large(
            dir,
            format!("more than {}", size(limits.max_bytes)),
            format!("{} (--max-bytes)", size(limits.max_bytes)),
        )
    };
    // Small files are read on every core a piece at a time; anything else (a larger file, an
    // error) is read again in path order with what is left of the budget: the same outcome as
    // reading one file after the other, and at most a piece of small files read ahead.
    for piece in paths.chunks(READ_PIECE) {
        let names: Vec<&str> = piece.iter().map(String::as_str).collect();
        let ahead = emit::read_files(&root, &names, budget.min(SMALL_FILE), |_, read| read.ok());
        for (relative, ahead) in piece.iter().zip(ahead) {
            let bytes = match ahead {
                Some(bytes) => bytes,
                None => read_one(&root, relative, budget).map_err(|error| {
                    if error.code() == Some(codes::emit::TOO_LARGE) { over_budget() } else { error }
                })?,
            };
            budget = budget.checked_sub(bytes.len() as u64).ok_or_else(over_budget)?;
            take(relative, bytes);
        }
    }
    Ok(())
}

/// The file at `relative` under `root`, up to `limit` bytes.
fn read_one(root: &SafeDir, relative: &str, limit: u64) -> Result<Vec<u8>, Error> {
    let read = emit::read_files(root, &[relative], limit, |_, read| read).pop();
    read.unwrap_or_else(|| Err(Error::io_other(&root.display(relative), "not read")))
}

/// Files read at once, and the size up to which a file is read ahead (see [`output_dir_sharing`]).
const READ_PIECE: usize = 256;
const SMALL_FILE: u64 = 64 << 10;

fn too_large(dir: &Path, found: String, limit: String) -> Error {
    Error::output(
        codes::diff::TOO_LARGE,
        format!("{}: the output to compare holds {found}, more than the limit of {limit}", dir.display()),
    )
}

/// Whether a file the lock lists is there to read: absent is fine (it was deleted), but not
/// behind a link or a file where a directory should be.
fn present(path: &str, on_disk: &BTreeSet<String>) -> Option<Result<String, Error>> {
    if on_disk.contains(path) {
        return Some(Ok(path.to_string()));
    }
    let blocked = path.match_indices('/').map(|(i, _)| &path[..i]).find(|parent| on_disk.contains(*parent))?;
    Some(Err(Error::output(
        codes::diff::NOT_A_DIRECTORY,
        format!("{blocked} is not a directory; fedc does not follow links (needed for {path})"),
    )))
}
