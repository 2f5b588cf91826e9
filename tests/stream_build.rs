//! `fedc build` renders and stages a chunk of files at a time (issue 13: memory proportional to
//! the output), so a topology can fail to render after the output directory was opened and files
//! were staged. Such a failure must still leave nothing behind: no directory the build created
//! (nor its parents), no staged file, the previous tree and lock byte for byte.

use std::path::Path;

use crate::support::{example_into, fedc, stderr, tree};

/// `kustomization.yaml` is planned after every cluster object, so a template that renders a list
/// instead of a mapping fails late, when the other files are staged already.
fn broken_kustomization(dir: &Path) -> String {
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(templates.join("kustomization.yaml.j2"), "- not\n- a mapping\n").expect("write template");
    templates.display().to_string()
}

#[test]
fn a_late_render_failure_removes_the_output_directory_and_parents_it_created() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let templates = broken_kustomization(work.path());
    let canary = work.path().join("canary.yaml");
    std::fs::write(&canary, "kind: Canary\n").expect("canary");
    let topology = topology.to_str().expect("utf-8");
    let output = fedc(&["build", topology, "--out", "deep/er/out", "--templates", &templates], work.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("kustomization.yaml"), "{}", stderr(&output));
    assert!(!work.path().join("deep").exists(), "the build created deep/er/out and must remove it all");
    assert_eq!(std::fs::read(&canary).expect("canary"), b"kind: Canary\n");
}

#[test]
fn a_late_render_failure_after_staging_leaves_the_previous_build_untouched() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let out = work.path().join("out");
    let built = fedc(&["build", "federation.toml", "--out", "out"], work.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let before = tree(&out);
    // Under another name every file's header changes, so every file is staged before the
    // kustomizations fail to render.
    std::fs::rename(&topology, work.path().join("renamed.toml")).expect("rename");
    let templates = broken_kustomization(work.path());
    let output = fedc(&["build", "renamed.toml", "--out", "out", "--templates", &templates], work.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(tree(&out), before, "the tree, its lock and fedc's own files are as before");
    assert!(!out.join(".fedc-staging").exists(), "staged files are removed");
}

#[test]
fn a_late_render_failure_leaves_an_empty_output_directory_empty() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let templates = broken_kustomization(work.path());
    let out = work.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let topology = topology.to_str().expect("utf-8");
    let output = fedc(&["build", topology, "--out", "out", "--templates", &templates], work.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // `tree` leaves the build lock file out; this reads every entry.
    let left: Vec<_> = std::fs::read_dir(&out).expect("read out").map(|e| e.expect("entry").file_name()).collect();
    assert!(left.is_empty(), "not even the build lock file stays: {left:?}");
    assert!(out.is_dir(), "the directory was there before");
}
