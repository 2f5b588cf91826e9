//! The two sides of a diff as path → content: a directory of output, or a fresh render.

use std::collections::BTreeSet;
use std::path::Path;

use super::model::Files;
use crate::emit::{self, Lock};
use crate::error::Error;
use crate::render::RenderedFile;

/// The output in `dir`: the files its `fedc.lock` lists (what a build would replace or prune),
/// or, without a lock, every file under `clusters/`, `argocd/` and `flux/`. Never follows links.
pub fn output_dir(dir: &Path) -> Result<Files, Error> {
    if !dir.is_dir() {
        return Err(Error::io(dir, "not a directory"));
    }
    let lock = Lock::read(dir)?.map(|(lock, _)| lock);
    let roots = lock.iter().flat_map(|lock| lock.files.keys()).filter_map(|p| p.split('/').next());
    let on_disk: BTreeSet<String> = emit::files_in_tree(dir, roots)?.into_iter().collect();
    let paths = match &lock {
        Some(lock) => lock.files.keys().filter_map(|p| present(p, &on_disk)).collect::<Result<Vec<_>, _>>()?,
        None => on_disk.iter().cloned().collect(),
    };
    let mut files = Files::new();
    for relative in paths {
        let path = relative.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
        if !std::fs::symlink_metadata(&path).map_err(|e| Error::io(&path, e))?.is_file() {
            return Err(Error::io(&path, "not a regular file (fedc does not follow links)"));
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        files.insert(relative, String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(files)
}

/// Whether a file the lock lists is there to read: absent is fine (it was deleted), but not
/// behind a link or a file where a directory should be.
fn present(path: &str, on_disk: &BTreeSet<String>) -> Option<Result<String, Error>> {
    if on_disk.contains(path) {
        return Some(Ok(path.to_string()));
    }
    let blocked = path.match_indices('/').map(|(i, _)| &path[..i]).find(|parent| on_disk.contains(*parent))?;
    Some(Err(Error::output(
        "fedc::diff::not-a-directory",
        format!("{blocked} is not a directory; fedc does not follow links (needed for {path})"),
    )))
}

pub fn rendered(files: &[RenderedFile]) -> Files {
    files.iter().map(|f| (f.path.clone(), f.content.clone())).collect()
}
