use std::path::Path;

use crate::error::Error;
use crate::render::RenderedFile;

/// Writes every file under `out` (temp file + rename each); unchanged files are left untouched.
pub fn write_tree(out: &Path, files: &[RenderedFile]) -> Result<usize, Error> {
    let mut written = 0;
    for file in files {
        let path = out.join(&file.path);
        if std::fs::read(&path).is_ok_and(|existing| existing == file.content.as_bytes()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let temp = path.with_extension("yaml.fedc-tmp");
        std::fs::write(&temp, &file.content).map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, &path).map_err(|e| Error::io(&path, e))?;
        written += 1;
    }
    Ok(written)
}
