//! A build that fails or is killed before any step of its transaction leaves, after recovery, the
//! previous output and lock byte for byte, or (only once the new lock is in place) the new ones.
//! The fedc binary the tests run has fault injection (`FEDC_FAULT`, src/emit/fault.rs): it fails
//! (`fail-before:N`) or exits as if killed (`crash-before:N`) before step N of a real, streamed
//! build that creates, replaces and prunes files and directories over several chunks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{differing, example_into, fedc_bin, stderr, tree};

type Tree = BTreeMap<String, Vec<u8>>;

/// The exit status of a build that `crash-before:N` ended.
const CRASHED: i32 = 86;

struct Scenario {
    work: tempfile::TempDir,
    old: Tree,
    new: Tree,
    base: PathBuf,
    topology: PathBuf,
}

/// `fedc build TOPOLOGY --out OUT`, with `fault` in `FEDC_FAULT` if any.
fn build(topology: &Path, out: &Path, fault: Option<String>) -> Output {
    let mut command = Command::new(fedc_bin());
    command.args(["build".as_ref(), topology.as_os_str(), "--out".as_ref(), out.as_os_str()]).env("NO_COLOR", "1");
    match fault {
        Some(fault) => command.env("FEDC_FAULT", fault),
        None => command.env_remove("FEDC_FAULT"),
    };
    command.output().expect("run fedc")
}

fn built(topology: &Path, out: &Path) {
    let output = build(topology, out, None);
    assert!(output.status.success(), "build failed: {}", stderr(&output));
}

/// The example built, and a change to it that writes, replaces and prunes (with a directory).
fn scenario() -> Scenario {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let base = work.path().join("base");
    built(&topology, &base);
    crate::support::edit(&topology, |t| {
        let t = t.replace("{gateway}.red.east.example.com", "{gateway}.red.east.example.net");
        let start = t.find("[[failover]]").expect("failover");
        let end = t.find("# --- what the model does not cover").expect("marker");
        let t = format!("{}{}", &t[..start], &t[end..]);
        t.replace(
            "[[exports]]\nmesh = \"green\"",
            "[[exports]]\nmesh = \"blue\"\nto = [\"red\"]\n  [[exports.rules]]\n  service = \"bookinfo/details\"\n\n[[exports]]\nmesh = \"green\"",
        )
    });
    let fresh = work.path().join("fresh");
    built(&topology, &fresh);
    let (old, new) = (tree(&base), tree(&fresh));
    assert!(old.keys().any(|p| !new.contains_key(p)), "the change prunes a file");
    assert!(new.keys().any(|p| !old.contains_key(p)), "the change adds a file");
    Scenario { old, new, base, topology, work }
}

fn recover(scenario: &Scenario, out: &Path) -> Output {
    crate::support::recover(&scenario.topology, out)
}

fn fresh_copy(scenario: &Scenario, name: &str) -> PathBuf {
    let out = tempfile::Builder::new().tempdir_in(scenario.work.path()).expect("tempdir").keep().join(name);
    crate::support::copy_dir(&scenario.base, &out);
    out
}

fn assert_old_or_new(scenario: &Scenario, out: &Path, committed: bool, what: &str) {
    let now = tree(out);
    let expected = if committed { &scenario.new } else { &scenario.old };
    assert!(
        now == *expected,
        "{what}: differs from the {} output in {:?}",
        if committed { "new" } else { "previous" },
        differing(&now, expected)
    );
    assert!(!out.join(".fedc-journal").exists() && !out.join(".fedc-staging").exists(), "{what}: leftovers");
    assert!(!scenario.old.keys().any(|p| p.contains(".fedc-")));
}

/// Files written or pruned: each is at least one step of the transaction.
fn file_changes(scenario: &Scenario) -> usize {
    differing(&scenario.old, &scenario.new).iter().filter(|p| *p != "fedc.lock").count()
}

fn lock_is_new(scenario: &Scenario, out: &Path) -> bool {
    std::fs::read(out.join("fedc.lock")).ok().as_ref() == scenario.new.get("fedc.lock")
}

#[test]
fn a_build_killed_before_any_step_recovers_to_the_old_or_the_new_output() {
    let scenario = scenario();
    let mut crashes = 0;
    for step in 0.. {
        let out = fresh_copy(&scenario, "out");
        let output = build(&scenario.topology, &out, Some(format!("crash-before:{step}")));
        if output.status.success() {
            assert_old_or_new(&scenario, &out, true, "no crash");
            break;
        }
        assert_eq!(output.status.code(), Some(CRASHED), "step {step}: {}", stderr(&output));
        crashes += 1;
        let committed = lock_is_new(&scenario, &out);
        let recovered = recover(&scenario, &out);
        assert!(!stderr(&recovered).contains("another fedc"), "step {step}: {}", stderr(&recovered));
        assert_old_or_new(&scenario, &out, committed, &format!("crash before step {step}"));
        // The next build after recovery completes normally.
        built(&scenario.topology, &out);
        assert_old_or_new(&scenario, &out, true, &format!("rebuild after crash before step {step}"));
    }
    assert!(crashes > 5 + file_changes(&scenario), "every step was interrupted once: {crashes}");
}

#[test]
fn a_build_failing_at_any_step_rolls_back_at_once() {
    let scenario = scenario();
    let mut failures = 0;
    for step in 0.. {
        let out = fresh_copy(&scenario, "out");
        let output = build(&scenario.topology, &out, Some(format!("fail-before:{step}")));
        if output.status.success() {
            assert_old_or_new(&scenario, &out, true, "no failure");
            break;
        }
        failures += 1;
        assert_eq!(output.status.code(), Some(2), "step {step}");
        assert!(stderr(&output).contains("error[fedc::emit::injected]: injected failure"), "{}", stderr(&output));
        // Only a failure after the commit point leaves something to finish; before it, the build
        // rolled back in-process and left nothing behind.
        let committed = lock_is_new(&scenario, &out);
        if !committed {
            assert_old_or_new(&scenario, &out, false, &format!("failure before step {step}, no recovery"));
        }
        recover(&scenario, &out);
        assert_old_or_new(&scenario, &out, committed, &format!("failure before step {step}"));
    }
    assert!(failures > 5 + file_changes(&scenario), "{failures}");
}

#[test]
fn check_and_diff_refuse_an_interrupted_build_until_build_recovers_it() {
    let scenario = scenario();
    let out = fresh_copy(&scenario, "out");
    // Step 8 lies between the journal and the commit: the tree is half-changed.
    let crashed = build(&scenario.topology, &out, Some("crash-before:8".to_string()));
    assert_eq!(crashed.status.code(), Some(CRASHED));
    assert!(out.join(".fedc-journal").exists());
    assert_ne!(tree(&out), scenario.old);
    let (topology, out_arg) = (scenario.topology.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    for command in ["check", "diff"] {
        let refused = crate::support::fedc(&[command, topology, "--out", out_arg], scenario.work.path());
        assert_eq!(refused.status.code(), Some(2), "{command}");
        assert!(stderr(&refused).contains("run `fedc build` to undo it"), "{command}: {}", stderr(&refused));
    }
    let rebuilt = build(&scenario.topology, &out, None);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    assert!(stderr(&rebuilt).contains("\nfedc: undid an interrupted build in "), "{}", stderr(&rebuilt));
    assert_old_or_new(&scenario, &out, true, "build after an interrupted build");
    let checked = crate::support::fedc(&["check", topology, "--out", out_arg], scenario.work.path());
    assert!(checked.status.success(), "{}", crate::support::stdout(&checked));
}
