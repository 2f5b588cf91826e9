//! The two sides of a diff as path → content: a directory of output, or a fresh render.

use std::path::Path;

use super::model::Files;
use crate::emit::{Lock, OUTPUT_ROOTS};
use crate::error::Error;
use crate::render::RenderedFile;

/// The output in `dir`: the files its `fedc.lock` lists (what a build would replace or prune),
/// or, without a lock, every file under `clusters/`, `argocd/` and `flux/`. Never follows links.
pub fn output_dir(dir: &Path) -> Result<Files, Error> {
    if !dir.is_dir() {
        return Err(Error::io(dir, "not a directory"));
    }
    let paths: Vec<String> = match Lock::read(dir)? {
        Some((lock, _)) => lock.files.into_keys().collect(),
        None => walk(dir)?,
    };
    let mut files = Files::new();
    for relative in paths {
        let path = relative.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&path, e)),
            Ok(meta) if !meta.is_file() => {
                return Err(Error::io(&path, "not a regular file (fedc does not follow links)"));
            }
            Ok(_) => {}
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        files.insert(relative, String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(files)
}

pub fn rendered(files: &[RenderedFile]) -> Files {
    files.iter().map(|f| (f.path.clone(), f.content.clone())).collect()
}

fn walk(dir: &Path) -> Result<Vec<String>, Error> {
    let mut paths = Vec::new();
    for root in OUTPUT_ROOTS {
        let top = dir.join(root);
        if !top.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&top).follow_links(false).follow_root_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io(&top, e))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            paths.push(relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
        }
    }
    Ok(paths)
}
