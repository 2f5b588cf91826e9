//! Helpers for the unit tests (compiled only for them): a topology run through the pipeline the
//! binary runs, its files collected.

use std::path::Path;

use crate::compile::{Options, Prepared, prepare_with};
use crate::render::RenderedFile;

/// `topology` prepared and rendered chunk by chunk, as `fedc build` renders it (no `--target`
/// when `target` is `None`), every file collected and sorted by path.
pub(crate) fn rendered(topology: &Path, target: Option<&str>) -> (Prepared, Vec<RenderedFile>) {
    let options = Options { target: target.and_then(crate::model::MeshTarget::parse), ..Options::default() };
    let prepared = prepare_with(topology, None, &options).expect("the topology prepares");
    let mut files = Vec::new();
    prepared
        .render_each(|chunk| {
            files.extend(chunk);
            Ok(())
        })
        .expect("the topology renders");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (prepared, files)
}

/// A path in the repository.
pub(crate) fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every topology of `examples/` and `tests/fixtures/` (`.toml` files), sorted.
pub(crate) fn topologies() -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for entry in std::fs::read_dir(repo(dir)).expect("topology directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
