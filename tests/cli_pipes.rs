//! `fedc diff … | head` closes the pipe early: fedc stops writing and exits with its usual code,
//! without a panic.

use std::process::{Command, Stdio};

use crate::support::{example_into, fedc, fedc_bin, stderr};

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    let topology = topology.to_str().expect("utf-8 path");
    let built = fedc(&["build", topology, "--out", "new"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    std::fs::create_dir(dir.path().join("old")).expect("empty base");
    let mut child = Command::new(fedc_bin())
        .args(["diff", "--old", "old", "--new", "new"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fedc");
    drop(child.stdout.take()); // the reader is gone before fedc writes
    let output = child.wait_with_output().expect("fedc ends");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(!log.contains("panicked"), "{log}");
    assert_eq!(output.status.code(), Some(1), "different trees, as without a pipe: {log}");
}
