//! `[[acknowledge]]` covers the warning found after checking, from the command line:
//! `fedc::gitops::out-mismatch` (`--out` against `[gitops] path`), in `build` and `check --out`,
//! with the same code and item semantics as every other warning; `check` alone never reports such
//! an acknowledgement unused (it does not see `--out`).
//! Run with `cargo test --test integration acknowledge_out::`.

use std::path::Path;

use crate::support::{fedc, repo, stderr, stdout};

const ACKNOWLEDGE: &str =
    "\n[[acknowledge]]\ncode = \"fedc::gitops::out-mismatch\"\nitem = \"ITEM\"\nreason = \"REASON\"\n";

/// The UI case without its acknowledgement, plus one for `item` with `reason` (if any).
fn scene(item: Option<(&str, &str)>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("certs")).expect("certs");
    std::fs::copy(repo().join("tests/ui/certs/root.pem"), dir.path().join("certs/root.pem")).expect("cert");
    let mut text = std::fs::read_to_string(repo().join("tests/ui/gitops-out-mismatch.toml")).expect("topology");
    if let Some((item, reason)) = item {
        text.push_str(&ACKNOWLEDGE.replace("ITEM", item).replace("REASON", reason));
    }
    std::fs::write(dir.path().join("topology.toml"), text).expect("write");
    dir
}

fn build(dir: &Path, out: &str) -> std::process::Output {
    fedc(&["build", "topology.toml", "--out", out, "--deny-warnings"], dir)
}

#[test]
fn an_acknowledged_out_mismatch_passes_build_and_check_out_with_deny_warnings() {
    let dir = scene(Some(("deploy/mesh", "CI renders into a scratch directory")));
    let built = build(dir.path(), "scratch");
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(!stderr(&built).contains("out-mismatch"), "{}", stderr(&built));
    let checked = fedc(&["check", "topology.toml", "--out", "scratch", "--deny-warnings"], dir.path());
    assert_eq!(checked.status.code(), Some(0), "{}{}", stdout(&checked), stderr(&checked));
    // `check` without `--out` cannot know: the acknowledgement is not reported unused.
    let plain = fedc(&["check", "topology.toml", "--deny-warnings"], dir.path());
    assert_eq!(plain.status.code(), Some(0), "{}", stdout(&plain));
    assert!(stdout(&plain).contains("no findings"), "{}", stdout(&plain));
}

#[test]
fn without_acknowledgement_or_for_another_item_the_warning_stays() {
    for item in [None, Some(("deploy/other", "a stale path")), Some(("deploy/mesh", " "))] {
        let dir = scene(item);
        let built = build(dir.path(), "scratch");
        assert_eq!(built.status.code(), Some(1), "{item:?}: {}", stderr(&built));
        let expected = if item.is_some_and(|(_, r)| r.trim().is_empty()) {
            "fedc::acknowledge::no-reason"
        } else {
            "fedc::gitops::out-mismatch"
        };
        assert!(stderr(&built).contains(expected), "{item:?}: {}", stderr(&built));
        assert!(!dir.path().join("scratch").exists(), "{item:?}: nothing written");
    }
}

#[test]
fn check_out_reports_the_mismatch_as_build_does() {
    let dir = scene(None);
    let built = fedc(&["build", "topology.toml", "--out", "scratch"], dir.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(stderr(&built).contains("fedc::gitops::out-mismatch"), "{}", stderr(&built));
    let checked = fedc(&["check", "topology.toml", "--out", "scratch", "--deny-warnings"], dir.path());
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    assert!(stderr(&checked).contains("fedc::gitops::out-mismatch"), "{}", stderr(&checked));
}
