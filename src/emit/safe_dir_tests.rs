//! `SafeDir` refuses links at the moment of use, and a directory once opened stays the one that
//! was opened even if a link is swapped in at its name afterwards.

use std::os::unix::fs::symlink;
use std::path::Path;

use super::*;
use crate::diagnostic::codes;

fn world() -> (tempfile::TempDir, SafeDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("out/a/b")).expect("mkdir");
    std::fs::create_dir(dir.path().join("outside")).expect("mkdir");
    std::fs::write(dir.path().join("outside/canary"), "canary\n").expect("write");
    let out = SafeDir::open_out(&dir.path().join("out"), false).expect("open").expect("exists");
    (dir, out)
}

fn canary(root: &Path) -> String {
    std::fs::read_to_string(root.join("outside/canary")).expect("canary")
}

#[test]
fn a_link_on_the_way_is_refused_with_its_code() {
    let (dir, out) = world();
    std::fs::rename(dir.path().join("out/a"), dir.path().join("moved")).expect("mv");
    symlink(dir.path().join("outside"), dir.path().join("out/a")).expect("symlink");
    for error in [
        out.walk("a/b").expect_err("walk"),
        out.walk_creating("a/c").expect_err("walk_creating"),
        out.open_dir("a").expect_err("open_dir"),
        out.read_file("a").expect_err("read"),
        out.open_lock_file("a", true).expect_err("lock"),
    ] {
        assert_eq!(error.code(), Some(codes::emit::SYMLINK), "{error}");
    }
    assert!(out.create_file("a", b"x").is_err(), "never created through a link");
    assert_eq!(canary(dir.path()), "canary\n");
    assert!(!dir.path().join("outside/c").exists());
}

#[test]
fn an_open_directory_is_not_redirected_by_a_link_swapped_in_later() {
    let (dir, out) = world();
    let a = out.open_dir("a").expect("open a");
    // The attacker moves the real directory away and puts a link to outside at its name.
    std::fs::rename(dir.path().join("out/a"), dir.path().join("out/real-a")).expect("mv");
    symlink(dir.path().join("outside"), dir.path().join("out/a")).expect("symlink");
    a.create_file("new.yaml", b"written\n").expect("write through the open directory");
    assert!(!a.remove_file("canary").expect("remove"), "outside/canary is not in a");
    assert_eq!(std::fs::read_to_string(dir.path().join("out/real-a/new.yaml")).expect("read"), "written\n");
    assert_eq!(canary(dir.path()), "canary\n");
    assert!(!dir.path().join("outside/new.yaml").exists());
}

#[test]
fn names_that_would_walk_elsewhere_are_refused() {
    let (_dir, out) = world();
    for name in ["..", ".", "", "a/b", "x\0y"] {
        assert_eq!(out.remove_file(name).expect_err(name).code(), Some(codes::emit::UNSAFE_PATH), "{name:?}");
    }
    assert_eq!(out.walk("a/../..").expect_err("dotdot").code(), Some(codes::emit::UNSAFE_PATH));
}

#[test]
fn a_link_at_a_file_name_is_removed_or_replaced_as_a_link() {
    let (dir, out) = world();
    symlink(dir.path().join("outside/canary"), dir.path().join("out/tmp")).expect("symlink");
    assert!(out.remove_file("tmp").expect("unlink"));
    symlink(dir.path().join("outside/canary"), dir.path().join("out/lock")).expect("symlink");
    out.create_file("staged", b"new\n").expect("stage");
    out.rename_to("staged", &out, "lock").expect("rename over the link");
    assert_eq!(std::fs::read_to_string(dir.path().join("out/lock")).expect("read"), "new\n");
    assert_eq!(canary(dir.path()), "canary\n");
}
