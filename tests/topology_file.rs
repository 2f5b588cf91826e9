//! The topology file itself, as a pull request could leave it: a link to a file of the CI machine,
//! a FIFO, a huge file. Each is refused with a coded failure (exit 2), in JSON too, and nothing of
//! a foreign file is echoed. Run with `cargo test --test integration topology_file::`.

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::{example_into, fedc, stderr, stdout};

/// The failure's code in `fedc check --format json` output (failures are printed on stderr).
fn json_code(output: &std::process::Output) -> String {
    let report: serde_json::Value = serde_json::from_str(&stderr(output)).expect("JSON on stderr");
    report["error"]["code"].as_str().expect("code").to_string()
}

fn check(dir: &Path, topology: &str) -> std::process::Output {
    fedc(&["check", topology], dir)
}

#[test]
fn a_symlinked_topology_is_refused_and_its_target_not_quoted() {
    let work = tempfile::tempdir().expect("tempdir");
    let secret = work.path().join("secret.txt");
    std::fs::write(&secret, "password = hunter2 [\n").expect("write");
    symlink(&secret, work.path().join("federation.toml")).expect("symlink");
    let output = check(work.path(), "federation.toml");
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("error[fedc::io::symlink]"), "{err}");
    assert!(!err.contains("hunter2") && !stdout(&output).contains("hunter2"), "{err}");
    let json = fedc(&["check", "federation.toml", "--format", "json"], work.path());
    assert_eq!(json_code(&json), "fedc::io::symlink");
}

#[test]
fn a_topology_in_a_linked_directory_is_read_since_the_user_named_that_path() {
    let work = tempfile::tempdir().expect("tempdir");
    let real = work.path().join("real");
    std::fs::create_dir_all(&real).expect("mkdir");
    example_into(&real);
    symlink(&real, work.path().join("linked")).expect("symlink");
    let output = check(work.path(), "linked/federation.toml");
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// Opened non-blocking and refused on its type: a blocking open would wait for a writer forever.
#[test]
fn a_fifo_topology_is_refused_without_waiting() {
    let work = tempfile::tempdir().expect("tempdir");
    let fifo = work.path().join("federation.toml");
    rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, 0o644.into(), 0).expect("mkfifo");
    let output = check(work.path(), "federation.toml");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::io::not-regular]"), "{}", stderr(&output));
    let json = fedc(&["check", "federation.toml", "--format", "json"], work.path());
    assert_eq!(json_code(&json), "fedc::io::not-regular");
}

#[test]
fn a_device_topology_is_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let output = check(work.path(), "/dev/zero");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::io::not-regular]: /dev/zero: the topology is a character device"));
}

#[test]
fn a_topology_over_the_limit_is_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let limit = 8 * 1024 * 1024; // docs/security.md: 8 MiB by default
    std::fs::write(work.path().join("federation.toml"), "#".repeat(limit + 1)).expect("write");
    let output = check(work.path(), "federation.toml");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::io::too-large]"), "{}", stderr(&output));
    let json = fedc(&["check", "federation.toml", "--format", "json"], work.path());
    assert_eq!(json_code(&json), "fedc::io::too-large");
}
