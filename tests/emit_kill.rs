//! A real `kill -9` of a `fedc build` child process at several moments of a large build, then
//! recovery: the output and lock are byte-identical to the previous build or, only if the new
//! lock was committed, to the new one; never a mix.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{copy_dir, differing, fedc_bin, large_topology, stderr, tree};

/// Fully peered meshes: ~3,700 files in the old build, and a new one that moves, rewrites and
/// prunes most of them (fewer clusters, other addresses).
const OLD_MESHES: usize = 60;
const NEW_MESHES: usize = 56;

/// Where in its life a killed build stopped, seen from the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    /// Nothing changed yet (rendering, or staging before the journal).
    Before,
    /// Journal written, new lock not in place: the tree may be half-changed.
    Applying,
    /// New lock in place (journal possibly still there).
    Committed,
}

struct Fixture {
    _work: tempfile::TempDir,
    dir: PathBuf,
    new_topology: PathBuf,
    base: PathBuf,
    old: BTreeMap<String, Vec<u8>>,
    new: BTreeMap<String, Vec<u8>>,
}

fn build(topology: &Path, out: &Path) {
    let status = Command::new(fedc_bin())
        .args(["build", topology.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")])
        .stderr(Stdio::null())
        .status()
        .expect("run fedc");
    assert!(status.success());
}

/// A scratch directory in memory where there is one: a kill only tests what the kernel does with
/// renames and unlinks (the same on every filesystem), and churning thousands of files through
/// some disk filesystems (ext4 without a journal) costs a minute instead of seconds.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let in_memory = shm.is_dir().then(|| tempfile::tempdir_in(shm).ok()).flatten();
    in_memory.unwrap_or_else(|| tempfile::tempdir().expect("tempdir"))
}

fn fixture() -> Fixture {
    let work = scratch();
    let dir = work.path().to_path_buf();
    let (old_topology, new_topology) = (dir.join("old/federation.toml"), dir.join("new/federation.toml"));
    for (path, text) in [
        (&old_topology, large_topology(OLD_MESHES)),
        (&new_topology, large_topology(NEW_MESHES).replace(".example.com", ".example.net")),
    ] {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let (base, fresh) = (dir.join("base"), dir.join("fresh"));
    build(&old_topology, &base);
    build(&new_topology, &fresh);
    let (old, new) = (tree(&base), tree(&fresh));
    assert!(old.len() > 3000, "{} files", old.len());
    Fixture { _work: work, dir, new_topology, base, old, new }
}

/// When to kill the build.
#[derive(Debug, Clone, Copy)]
enum Trigger {
    /// This long after it started.
    After(Duration),
    /// This long after its journal appeared: inside the window where the tree is half-changed.
    AfterJournal(Duration),
}

/// Copies the old build, runs the new build on it and kills it (if still running) at `trigger`.
/// Returns where it stopped, after checking recovery leaves the old or the new output.
fn kill_and_recover(fixture: &Fixture, trigger: Trigger, round: usize) -> Phase {
    let out = fixture.dir.join(format!("run-{round}"));
    copy_dir(&fixture.base, &out);
    let journal = out.join(".fedc-journal");
    let mut child = Command::new(fedc_bin())
        .args(["build", fixture.new_topology.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")])
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn fedc");
    match trigger {
        Trigger::After(delay) => std::thread::sleep(delay),
        Trigger::AfterJournal(delay) => {
            while !journal.exists() && child.try_wait().expect("wait").is_none() {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(delay);
        }
    }
    let _ = child.kill(); // SIGKILL; fails only if it already exited
    let _ = child.wait();
    let lock_new = std::fs::read(out.join("fedc.lock")).ok().as_ref() == fixture.new.get("fedc.lock");
    let phase = match (journal.exists(), lock_new) {
        (_, true) => Phase::Committed,
        (true, false) => Phase::Applying,
        (false, false) => Phase::Before,
    };
    let recovered = crate::support::recover(&fixture.new_topology, &out);
    assert!(!stderr(&recovered).contains("another fedc"), "{}", stderr(&recovered));
    let now = tree(&out);
    let expected = if phase == Phase::Committed { &fixture.new } else { &fixture.old };
    let wrong = differing(&now, expected);
    assert!(
        wrong.is_empty(),
        "killed at {trigger:?} ({phase:?}): {} paths differ, e.g. {:?}",
        wrong.len(),
        &wrong[..5.min(wrong.len())]
    );
    std::fs::remove_dir_all(&out).expect("clean up");
    phase
}

#[test]
fn a_build_killed_at_any_moment_recovers_to_the_old_or_the_new_output() {
    let fixture = fixture();
    // How long the whole build takes here, to kill it at fractions of that.
    let out = fixture.dir.join("timed");
    copy_dir(&fixture.base, &out);
    let started = Instant::now();
    build(&fixture.new_topology, &out);
    let full = started.elapsed();
    assert_eq!(tree(&out), fixture.new, "an uninterrupted build equals a fresh one");
    std::fs::remove_dir_all(&out).expect("clean up");

    let early = [0.3, 0.6, 0.9].map(|fraction| Trigger::After(full.mul_f64(fraction)));
    let mid = [0, 2, 8, 25, 60].map(|ms| Trigger::AfterJournal(Duration::from_millis(ms)));
    let phases: Vec<(Trigger, Phase)> = early
        .into_iter()
        .chain(mid)
        .enumerate()
        .map(|(round, trigger)| (trigger, kill_and_recover(&fixture, trigger, round)))
        .collect();
    eprintln!("full build {full:?}; kills: {phases:?}");
    assert!(phases.iter().any(|(_, p)| *p == Phase::Applying), "no kill landed mid-transaction: {phases:?}");
}
