//! The usual slips of a new user, each with a message that says what to do: a YAML file given as
//! topology, `--out` naming a file or the lock, `check --out` / `diff --out` on a directory that
//! does not exist. Nothing is written in any of these cases. (Topology wording slips, `[[mesh]]`,
//! misspelt keys, type errors, are UI cases: tests/ui/load-*.toml.)

use crate::support::{example_into, fedc, stderr, stdout};

#[test]
fn a_yaml_file_given_as_topology_is_named_yaml() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("federation.yaml"), "apiVersion: v1\nkind: ConfigMap\n").expect("write");
    let check = fedc(&["check", "federation.yaml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    let shown = stdout(&check);
    assert!(shown.contains("fedc::load::not-toml") && shown.contains("fedc topologies are TOML"), "{shown}");
    let build = fedc(&["build", "federation.yaml", "--out", "rendered"], dir.path());
    assert_eq!(build.status.code(), Some(1));
    assert!(stderr(&build).contains("fedc::load::not-toml"));
    assert!(!dir.path().join("rendered").exists(), "nothing written");
}

#[test]
fn out_naming_the_lock_or_a_file_is_refused_with_the_directory_to_give() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    assert_eq!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
    let lock = std::fs::read(dir.path().join("rendered/fedc.lock")).expect("lock");
    for command in [&["build", "federation.toml"][..], &["check", "federation.toml"], &["diff", "federation.toml"]] {
        let mut args = command.to_vec();
        args.extend(["--out", "rendered/fedc.lock"]);
        let output = fedc(&args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(message.contains("fedc::io::out-is-lock") && message.contains("--out rendered"), "{message}");
    }
    let topology = std::fs::read(dir.path().join("federation.toml")).expect("topology");
    let output = fedc(&["build", "federation.toml", "--out", "federation.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("fedc::io::out-not-directory"), "{}", stderr(&output));
    assert_eq!(std::fs::read(dir.path().join("federation.toml")).expect("topology"), topology, "untouched");
    assert_eq!(std::fs::read(dir.path().join("rendered/fedc.lock")).expect("lock"), lock, "untouched");
}

#[test]
fn check_and_diff_on_a_missing_directory_say_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    let check = fedc(&["check", "federation.toml", "--out", "nowhere"], dir.path());
    assert_eq!(check.status.code(), Some(2));
    let message = stderr(&check);
    assert!(message.contains("fedc::io::out-missing") && message.contains("does not exist"), "{message}");
    assert!(message.contains("fedc build TOPOLOGY --out nowhere"), "{message}");
    let diff = fedc(&["diff", "federation.toml", "--out", "nowhere/deeper"], dir.path());
    assert_eq!(diff.status.code(), Some(2));
    assert!(stderr(&diff).contains("fedc::io::out-missing"), "{}", stderr(&diff));
    // A missing --out whose parent exists is the base of the pull request that adopts fedc.
    let adopting = fedc(&["diff", "federation.toml", "--out", "rendered"], dir.path());
    assert_eq!(adopting.status.code(), Some(1));
    assert!(stderr(&adopting).contains("does not exist yet"), "{}", stderr(&adopting));
    for message in [stderr(&check), stderr(&diff)] {
        assert!(!message.contains("journal") && !message.contains("staging"), "no internal file named: {message}");
    }
    assert!(!dir.path().join("nowhere").exists(), "nothing created");
}
