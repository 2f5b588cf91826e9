//! A build that fails or is killed before any step of its transaction leaves, after recovery, the
//! previous output and lock byte for byte, or (only once the new lock is in place) the new ones.
//! Fault injection through `fedc::emit::build_with_fault`, at every step of a build that
//! creates, replaces and prunes files and directories.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{differing, example_into, tree};
use fedc::emit::{self, BuildOptions, Fault, Recovery};

type Tree = BTreeMap<String, Vec<u8>>;

struct Scenario {
    _work: tempfile::TempDir,
    old: Tree,
    new: Tree,
    base: std::path::PathBuf,
    compiled: fedc::compile::Compiled,
}

/// The example built, and a change to it that writes, replaces and prunes (with a directory).
fn scenario() -> Scenario {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let base = work.path().join("base");
    let old_build = fedc::compile::compile(&topology, None).expect("compile");
    emit::build(&base, &old_build, BuildOptions::default()).expect("build old");
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
    let compiled = fedc::compile::compile(&topology, None).expect("compile new");
    let fresh = work.path().join("fresh");
    emit::build(&fresh, &compiled, BuildOptions::default()).expect("build new");
    let (old, new) = (tree(&base), tree(&fresh));
    assert!(old.keys().any(|p| !new.contains_key(p)), "the change prunes a file");
    assert!(new.keys().any(|p| !old.contains_key(p)), "the change adds a file");
    Scenario { old, new, base, compiled, _work: work }
}

/// `emit::recover`, tried again while the build lock is busy: the build released it, but a process
/// another test spawns at that moment may still hold a copy of its descriptor, between its fork
/// and its exec (the descriptor is closed on exec, not on fork). A lock this process still held
/// would stay busy through every try.
fn recover(out: &Path) -> Result<Recovery, fedc::error::Error> {
    for _ in 0..100 {
        match emit::recover(out) {
            Err(e) if e.to_string().contains("another fedc command is using it") => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
    emit::recover(out)
}

fn fresh_copy(scenario: &Scenario, name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::support::copy_dir(&scenario.base, &dir.path().join(name));
    dir
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
    assert!(!out.join(emit::JOURNAL_FILE).exists() && !out.join(emit::STAGING_DIR).exists(), "{what}: leftovers");
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
        let dir = fresh_copy(&scenario, "out");
        let out = dir.path().join("out");
        let result = emit::build_with_fault(&out, &scenario.compiled, BuildOptions::default(), Fault::CrashAfter(step));
        if result.is_ok() {
            assert_old_or_new(&scenario, &out, true, "no crash");
            break;
        }
        crashes += 1;
        let committed = lock_is_new(&scenario, &out);
        let recovery = recover(&out).expect("recover");
        assert_old_or_new(&scenario, &out, committed, &format!("crash before step {step} ({recovery:?})"));
        // The next build after recovery completes normally.
        emit::build(&out, &scenario.compiled, BuildOptions::default()).expect("build after recovery");
        assert_old_or_new(&scenario, &out, true, &format!("rebuild after crash before step {step}"));
    }
    assert!(crashes > 5 + file_changes(&scenario), "every step was interrupted once: {crashes}");
}

#[test]
fn a_build_failing_at_any_step_rolls_back_at_once() {
    let scenario = scenario();
    let mut failures = 0;
    for step in 0.. {
        let dir = fresh_copy(&scenario, "out");
        let out = dir.path().join("out");
        match emit::build_with_fault(&out, &scenario.compiled, BuildOptions::default(), Fault::FailAfter(step)) {
            Ok(_) => {
                assert_old_or_new(&scenario, &out, true, "no failure");
                break;
            }
            Err(error) => {
                failures += 1;
                assert!(error.to_string().contains("injected failure"), "{error}");
                // Only a failure after the commit point leaves something to finish.
                let committed = lock_is_new(&scenario, &out);
                let recovery = recover(&out).unwrap_or_else(|e| panic!("step {step} ({error}): recover: {e}"));
                assert!(committed || recovery == Recovery::Clean, "step {step}: rolled back in-process");
                assert_old_or_new(&scenario, &out, committed, &format!("failure before step {step}"));
            }
        }
    }
    assert!(failures > 5 + file_changes(&scenario), "{failures}");
}

#[test]
fn check_and_diff_refuse_an_interrupted_build_until_build_recovers_it() {
    let scenario = scenario();
    let dir = fresh_copy(&scenario, "out");
    let out = dir.path().join("out");
    // Step 8 lies between the journal and the commit: the tree is half-changed.
    let crashed = emit::build_with_fault(&out, &scenario.compiled, BuildOptions::default(), Fault::CrashAfter(8));
    assert!(crashed.is_err());
    assert!(out.join(emit::JOURNAL_FILE).exists());
    assert_ne!(tree(&out), scenario.old);
    let refused = emit::verify(&out, &scenario.compiled).expect_err("refused");
    assert!(refused.to_string().contains("run `fedc build` to undo it"), "{refused}");
    let report = emit::build(&out, &scenario.compiled, BuildOptions::default()).expect("build recovers");
    assert_eq!(report.recovered, Some(Recovery::RolledBack));
    assert_old_or_new(&scenario, &out, true, "build after an interrupted build");
    assert!(emit::verify(&out, &scenario.compiled).expect("verify").is_empty());
}
