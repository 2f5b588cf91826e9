//! `fedc init`: the starter topology passes `fedc check` with no finding, builds, is explained;
//! init never overwrites a file and never writes through a link.

use crate::support::{fedc, stdout};

#[test]
fn the_starter_passes_check_with_no_finding_and_builds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let init = fedc(&["init"], dir.path());
    assert_eq!(init.status.code(), Some(0), "{}", crate::support::stderr(&init));
    for file in ["federation.toml", "certs/red-root.pem", "certs/blue-root.pem"] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let check = fedc(&["check", "federation.toml", "--deny-warnings"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert_eq!(stdout(&check).trim(), "federation.toml: no findings");
    let build = fedc(&["build", "federation.toml", "--out", "rendered"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", crate::support::stderr(&build));
    // Two meshes, one export, one import, one failover: blue reaches red's payments as local,
    // failing over to red's region.
    let explained = stdout(&fedc(&["explain", "federation.toml"], dir.path()));
    assert!(explained.contains("payments.shop.svc.cluster.local"), "{explained}");
    assert!(explained.contains("us-west1 → us-east-1 (via red)"), "{explained}");
}

#[test]
fn init_into_a_named_path_in_a_subdirectory() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("fleet")).expect("mkdir");
    assert_eq!(fedc(&["init", "fleet/mesh.toml"], dir.path()).status.code(), Some(0));
    assert!(dir.path().join("fleet/certs/red-root.pem").is_file());
    assert_eq!(fedc(&["check", "fleet/mesh.toml", "--deny-warnings"], dir.path()).status.code(), Some(0));
}

#[test]
fn init_never_overwrites_and_writes_nothing_then() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("federation.toml"), "mine").expect("write");
    let output = fedc(&["init"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = crate::support::stderr(&output);
    assert!(message.contains("fedc::io::exists") && message.contains("never overwrites"), "{message}");
    assert_eq!(std::fs::read_to_string(dir.path().join("federation.toml")).expect("read"), "mine");
    assert!(!dir.path().join("certs").exists(), "nothing else written");
    // A certificate in the way stops it too, before the topology is written.
    let other = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(other.path().join("certs")).expect("mkdir");
    std::fs::write(other.path().join("certs/blue-root.pem"), "mine").expect("write");
    assert_eq!(fedc(&["init"], other.path()).status.code(), Some(2));
    assert!(!other.path().join("federation.toml").exists());
    assert_eq!(std::fs::read_to_string(other.path().join("certs/blue-root.pem")).expect("read"), "mine");
}

#[test]
fn init_refuses_links_even_dangling_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let canary = outside.path().join("canary");
    std::fs::write(&canary, "canary").expect("write");
    std::os::unix::fs::symlink(&canary, dir.path().join("federation.toml")).expect("link");
    std::os::unix::fs::symlink(outside.path().join("absent"), dir.path().join("other.toml")).expect("link");
    for target in ["federation.toml", "other.toml"] {
        let output = fedc(&["init", target], dir.path());
        assert_eq!(output.status.code(), Some(2), "{target}");
        assert!(crate::support::stderr(&output).contains("is a symbolic link"), "{target}");
    }
    assert_eq!(std::fs::read_to_string(&canary).expect("canary"), "canary");
    assert!(!outside.path().join("absent").exists());
    // A `certs` link to a directory elsewhere is refused: nothing is written through it.
    let third = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(outside.path(), third.path().join("certs")).expect("link");
    assert_eq!(fedc(&["init"], third.path()).status.code(), Some(2));
    assert_eq!(std::fs::read_dir(outside.path()).expect("list").count(), 1, "only the canary");
    assert!(!third.path().join("federation.toml").exists());
}
