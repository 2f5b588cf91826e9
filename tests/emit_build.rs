//! `fedc build` into a directory it already wrote: nothing rewritten without a change, exactly the
//! files no longer generated pruned, foreign files and symbolic links never touched, a directory
//! without a lock adopted only with --force, one build at a time.

use std::path::Path;

use crate::support::{example_into, fedc, large_topology, stamps, stderr, tree};

fn build(topology: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", topology.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    fedc(&args, topology.parent().expect("dir"))
}

fn build_ok(topology: &Path, out: &Path) -> String {
    let output = build(topology, out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

#[test]
fn a_rebuild_with_no_change_writes_nothing() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let out = work.path().join("out");
    build_ok(&topology, &out);
    let before = stamps(&out);
    let dir_before = std::fs::metadata(&out).expect("stat").modified().expect("mtime");
    // Coarse filesystem clocks: make any rewrite observable.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let report = build_ok(&topology, &out);
    assert!(report.contains("0 written, 0 removed, 33 unchanged; fedc.lock unchanged"), "{report}");
    assert_eq!(stamps(&out), before, "a file (or the lock) was rewritten");
    assert!(before.contains_key("fedc.lock"));
    assert_eq!(std::fs::metadata(&out).expect("stat").modified().expect("mtime"), dir_before, "the root changed");
}

#[test]
fn a_removed_mesh_prunes_exactly_its_files() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = work.path().join("federation.toml");
    let out = work.path().join("out");
    // 9 and 8 meshes both make 2 clusters: dropping m008 changes nothing else's placement.
    std::fs::write(&topology, large_topology(9)).expect("write");
    build_ok(&topology, &out);
    let before = tree(&out);
    std::fs::write(&topology, large_topology(8)).expect("write");
    build_ok(&topology, &out);
    let after = tree(&out);

    let fresh = work.path().join("fresh");
    build_ok(&topology, &fresh);
    assert_eq!(after, tree(&fresh), "a rebuild must equal a fresh build");
    let pruned: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    let of_m008: Vec<&String> = before.keys().filter(|p| p.contains("m008")).collect();
    assert!(pruned.len() >= 9, "{pruned:?}");
    assert_eq!(pruned, of_m008, "exactly the files of the removed mesh are pruned");
    assert!(!out.join("clusters/c000/m008-system").exists(), "its emptied directory goes too");
}

#[test]
fn a_foreign_file_is_reported_and_never_deleted() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = work.path().join("federation.toml");
    let out = work.path().join("out");
    std::fs::write(&topology, large_topology(9)).expect("write");
    build_ok(&topology, &out);
    // One beside generated files, one in the directory pruning empties.
    let notes = out.join("clusters/c000/notes.md");
    let keep = out.join("clusters/c000/m008-system/keep.yaml");
    std::fs::write(&notes, "mine\n").expect("write");
    std::fs::write(&keep, "kind: Mine\n").expect("write");
    std::fs::write(&topology, large_topology(8)).expect("write");
    let report = build_ok(&topology, &out);
    assert_eq!(std::fs::read_to_string(&notes).expect("notes survive"), "mine\n");
    assert_eq!(std::fs::read_to_string(&keep).expect("keep survives"), "kind: Mine\n");
    assert!(report.contains("warning: clusters/c000/notes.md: a file fedc did not generate"), "{report}");
    assert!(report.contains("clusters/c000/m008-system/keep.yaml"), "{report}");
    assert!(!out.join("clusters/c000/m008-system/servicemeshcontrolplane-m008.yaml").exists());
}

#[test]
fn symbolic_links_are_never_followed() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let out = work.path().join("out");
    let outside = work.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    std::fs::write(outside.join("secret.yaml"), "precious\n").expect("write");
    build_ok(&topology, &out);

    // A generated file replaced by a link to a file outside.
    let peer = out.join("clusters/east/red-system/servicemeshpeer-blue.yaml");
    std::fs::remove_file(&peer).expect("rm");
    std::os::unix::fs::symlink(outside.join("secret.yaml"), &peer).expect("symlink");
    let output = build(&topology, &out, &["--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("servicemeshpeer-blue.yaml is a symbolic link"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(outside.join("secret.yaml")).expect("read"), "precious\n");
    assert!(peer.is_symlink());
    std::fs::remove_file(&peer).expect("rm");

    // A cluster directory replaced by a link to a directory outside.
    let west = out.join("clusters/west");
    std::fs::rename(&west, work.path().join("west-moved")).expect("mv");
    std::os::unix::fs::symlink(&outside, &west).expect("symlink");
    let output = build(&topology, &out, &["--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("clusters/west is a symbolic link"), "{}", stderr(&output));
    let names: Vec<_> = std::fs::read_dir(&outside).expect("ls").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names, ["secret.yaml"], "nothing was written through the link");
    std::fs::remove_file(&west).expect("rm");

    // A foreign link in the tree is reported and left as it is.
    let link = out.join("clusters/east/linked.yaml");
    std::os::unix::fs::symlink(outside.join("secret.yaml"), &link).expect("symlink");
    let report = build_ok(&topology, &out);
    assert!(report.contains("clusters/east/linked.yaml: a symbolic link fedc did not generate"), "{report}");
    assert!(link.is_symlink());
    assert_eq!(std::fs::read_to_string(outside.join("secret.yaml")).expect("read"), "precious\n");
}

#[test]
fn a_non_empty_directory_without_a_lock_needs_force() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let out = work.path().join("out");
    std::fs::create_dir_all(out.join("clusters/east/red-system")).expect("mkdir");
    std::fs::write(out.join("README.md"), "fleet\n").expect("write");
    let collision = out.join("clusters/east/red-system/servicemeshpeer-blue.yaml");
    std::fs::write(&collision, "hand-written\n").expect("write");

    let output = build(&topology, &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::emit::not-empty]: "), "{}", stderr(&output));
    assert!(stderr(&output).contains("is not empty and has no fedc.lock"), "{}", stderr(&output));
    assert!(!out.join("fedc.lock").exists());
    assert_eq!(std::fs::read_to_string(&collision).expect("read"), "hand-written\n");

    let report = stderr(&build(&topology, &out, &["--force"]));
    assert!(report.contains("servicemeshpeer-blue.yaml: replaced a file fedc did not own (--force)"), "{report}");
    assert!(out.join("fedc.lock").exists());
    assert_eq!(std::fs::read_to_string(out.join("README.md")).expect("read"), "fleet\n");
    assert_ne!(std::fs::read_to_string(&collision).expect("read"), "hand-written\n");
}

#[test]
fn a_generated_path_colliding_with_a_foreign_file_is_refused_without_force() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let out = work.path().join("out");
    build_ok(&topology, &out);
    // Make the failover DestinationRule someone else's: out of the lock, other content on disk.
    crate::support::edit(&topology, |t| t.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = 4"));
    let rule = out.join("clusters/west/bookinfo/destinationrule-ratings-failover.yaml");
    let lock = std::fs::read_to_string(out.join("fedc.lock")).expect("lock");
    let lock_without_rule: String =
        lock.lines().filter(|l| !l.contains("destinationrule-ratings-failover")).collect::<Vec<_>>().join("\n");
    std::fs::write(out.join("fedc.lock"), lock_without_rule + "\n").expect("write lock");
    std::fs::write(&rule, "mine\n").expect("write");

    let output = build(&topology, &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("error[fedc::emit::foreign-file]: "), "{message}");
    assert!(message.contains("would overwrite files fedc does not own"), "{message}");
    assert!(message.contains("clusters/west/bookinfo/destinationrule-ratings-failover.yaml"), "{message}");
    assert_eq!(std::fs::read_to_string(&rule).expect("read"), "mine\n", "refused before writing anything");
    assert!(build(&topology, &out, &["--force"]).status.success());
    assert!(std::fs::read_to_string(&rule).expect("read").contains("consecutive5xxErrors: 4"));
}

#[test]
fn a_second_build_into_the_same_output_is_refused_while_one_runs() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let out = work.path().join("out");
    build_ok(&topology, &out);
    let before = tree(&out);
    // Hold the build lock the way a running build does.
    let held = std::fs::OpenOptions::new().write(true).open(out.join(".fedc-build.lock")).expect("open");
    held.try_lock().expect("lock");
    crate::support::edit(&topology, |t| t.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = 4"));

    let output = build(&topology, &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::emit::busy]: "), "{}", stderr(&output));
    assert!(stderr(&output).contains("another fedc command is using it"), "{}", stderr(&output));
    let check = fedc(&["check", topology.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")], work.path());
    assert_eq!(check.status.code(), Some(2));
    assert!(stderr(&check).contains("a fedc build is writing to it"), "{}", stderr(&check));
    assert_eq!(tree(&out), before);

    drop(held);
    build_ok(&topology, &out);
    assert_ne!(tree(&out), before);
}

#[test]
fn a_directory_at_a_generated_file_or_a_file_at_a_generated_directory_is_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let out = work.path().join("out");
    build_ok(&topology, &out);
    let file = out.join("clusters/west/bookinfo/destinationrule-ratings-failover.yaml");
    std::fs::remove_file(&file).expect("rm");
    std::fs::create_dir(&file).expect("mkdir");
    let output = build(&topology, &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::emit::not-a-file]: "), "{}", stderr(&output));
    std::fs::remove_dir(&file).expect("rmdir");

    let dir = out.join("clusters/west/bookinfo");
    std::fs::remove_dir_all(&dir).expect("rm -r");
    std::fs::write(&dir, "in the way\n").expect("write");
    let before = tree(&out);
    let output = build(&topology, &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::emit::not-a-directory]: "), "{}", stderr(&output));
    assert_eq!(tree(&out), before, "nothing changed");
}
