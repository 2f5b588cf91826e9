//! Golden output: the rendered tree of every example and fixture is committed under
//! `snapshots/<topology name>/` and reviewed like code. A change in output fails here with a diff.
//! After an intended change: `FEDC_UPDATE_SNAPSHOTS=1 cargo test --test integration golden`, then review `git diff snapshots/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every topology in examples/ and tests/fixtures/ (file stems are unique across both).
fn topologies() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("topology directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
}

/// Every file below `dir`, by `/`-separated relative path.
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).expect("prefix");
            let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.insert(key, std::fs::read_to_string(entry.path()).expect("read"));
        }
    }
    files
}

fn unified(old: &str, new: &str, path: &str) -> String {
    similar::TextDiff::from_lines(old, new).unified_diff().header(&format!("snapshots/{path}"), "rendered").to_string()
}

#[test]
fn rendered_output_matches_the_committed_snapshots() {
    let update = std::env::var("FEDC_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let mut problems = Vec::new();
    let variants = topologies().iter().flat_map(|t| crate::support::built_variants(t)).collect::<Vec<_>>();
    for (name, rendered) in variants {
        let dir = root().join("snapshots").join(&name);
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            for (path, content) in &rendered {
                let target = dir.join(path);
                std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                std::fs::write(target, content).expect("write snapshot");
            }
            continue;
        }
        let committed = read_tree(&dir);
        for (path, content) in &rendered {
            match committed.get(path) {
                None => problems.push(format!("{name}/{path}: rendered but not in snapshots/")),
                Some(old) if old != content => problems.push(unified(old, content, &format!("{name}/{path}"))),
                Some(_) => {}
            }
        }
        for path in committed.keys().filter(|p| !rendered.contains_key(*p)) {
            problems.push(format!("{name}/{path}: in snapshots/ but no longer rendered"));
        }
    }
    assert!(
        problems.is_empty(),
        "output differs from snapshots/ (if intended: FEDC_UPDATE_SNAPSHOTS=1 cargo test --test integration golden, then review git diff):\n{}",
        problems.join("\n")
    );
}
