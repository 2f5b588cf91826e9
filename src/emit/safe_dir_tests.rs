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

/// A file is read whole in one call when it is the size `fstat` gave (an empty one too), and
/// refused past the limit without its bytes.
#[test]
fn a_file_is_read_whole_and_refused_past_the_limit() {
    let (dir, out) = world();
    for (name, bytes) in [("empty", Vec::new()), ("small", b"kind: X\n".to_vec()), ("large", vec![b'x'; 3 << 20])] {
        std::fs::write(dir.path().join("out").join(name), &bytes).expect("write");
        assert_eq!(out.read_file_within(name, 4 << 20).expect("read"), Some(bytes), "{name}");
    }
    let refused = out.read_file_within("small", 7).expect_err("over the limit");
    assert_eq!(refused.code(), Some(codes::emit::TOO_LARGE), "{refused}");
    assert_eq!(out.read_file_within("small", 8).expect("at the limit").map(|b| b.len()), Some(8));
}

/// A file that is not the size `fstat` gave when it is read (here a `/proc` file, which `fstat`
/// gives as empty) is read on to its end, and still refused past the limit.
#[cfg(target_os = "linux")]
#[test]
fn a_file_larger_than_fstat_said_is_read_to_its_end() {
    // `/proc/self` is a link, which `SafeDir` refuses: the process's own directory by its number.
    let here = Path::new("/proc").join(std::process::id().to_string());
    let proc = SafeDir::open_out(&here, false).expect("open /proc/<pid>").expect("exists");
    let status = proc.read_file_within("status", 1 << 20).expect("read").expect("exists");
    let text = String::from_utf8_lossy(&status);
    assert!(text.starts_with("Name:") && text.contains("\nPid:") && text.ends_with('\n'), "{text}");
    let refused = proc.read_file_within("status", 16).expect_err("over the limit");
    assert_eq!(refused.code(), Some(codes::emit::TOO_LARGE), "{refused}");
}
