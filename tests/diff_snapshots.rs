//! `fedc diff` on a change that adds, changes and removes objects in two clusters, in all three
//! formats (snapshots under tests/snapshots/), and its exit codes. Both modes agree.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{example_into, fedc, stderr, stdout};

struct Scenario {
    work: tempfile::TempDir,
}

impl Scenario {
    fn dir(&self) -> &Path {
        self.work.path()
    }
}

/// `old/`: the example built. Then the topology adds an export (an object and a kustomization
/// entry), drops an import (an object) and tunes failover (a changed object); `new/` is that built.
fn scenario() -> Scenario {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    let built = fedc(&["build", "federation.toml", "--out", "old"], work.path());
    assert!(built.status.success(), "{}", stderr(&built));
    crate::support::edit(&topology, |t| {
        t.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = 5")
            .replace(
                "[[exports]]\nmesh = \"green\"",
                "[[exports]]\nmesh = \"blue\"\nto = [\"red\"]\n  [[exports.rules]]\n  service = \"bookinfo/details\"\n\n[[exports]]\nmesh = \"green\"",
            )
            .replace(
                "[[imports]]\nmesh = \"blue\"\nfrom = \"red\"\n  [[imports.rules]]\n  service = \"ratings/ratings\"                  # red exports it by label, under an alias\n  ports = { http = 9080 }\n  service_account = \"ratings\"\n",
                "",
            )
    });
    let built = fedc(&["build", "federation.toml", "--out", "new"], work.path());
    assert!(built.status.success(), "{}", stderr(&built));
    Scenario { work }
}

fn diff_dirs(scenario: &Scenario, format: &str) -> Output {
    fedc(&["diff", "--old", "old", "--new", "new", "--format", format], scenario.dir())
}

#[test]
fn text() {
    let scenario = scenario();
    let output = diff_dirs(&scenario, "text");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    // The headline leaves the changed kustomization.yaml out (bookkeeping).
    assert!(
        text.starts_with("1 to add, 1 to change, 1 to remove across 2 clusters (and 1 bookkeeping file)\n"),
        "{text}"
    );
    insta::assert_snapshot!("diff_text", text);
}

#[test]
fn markdown() {
    let scenario = scenario();
    let output = diff_dirs(&scenario, "markdown");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("<!-- fedc-diff -->\n"), "{text}");
    insta::assert_snapshot!("diff_markdown", text);
}

#[test]
fn json() {
    let scenario = scenario();
    let output = diff_dirs(&scenario, "json");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let value: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    assert_eq!(value["counts"], serde_json::json!({ "add": 1, "change": 2, "remove": 1 }));
    insta::assert_snapshot!("diff_json", text);
}

#[test]
fn rendered_against_committed_output_matches_the_two_directory_mode() {
    let scenario = scenario();
    for format in ["text", "markdown", "json"] {
        let output = fedc(&["diff", "federation.toml", "--out", "old", "--format", format], scenario.dir());
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        // Only the topology mode knows check's findings; otherwise the reports are the same.
        assert_eq!(without_findings(&stdout(&output), format), stdout(&diff_dirs(&scenario, format)), "{format}");
    }
}

/// A report without the findings the topology mode adds (markdown section, JSON fields).
fn without_findings(report: &str, format: &str) -> String {
    match format {
        "markdown" => {
            let start = report.find("\n#### Check findings\n").expect("findings section");
            let end = start + 1 + report[start + 1..].find("\n#### ").expect("next section");
            format!("{}{}", &report[..start], &report[end..])
        }
        "json" => {
            let mut value: serde_json::Value = serde_json::from_str(report).expect("json");
            let object = value.as_object_mut().expect("object");
            let findings = object.insert("findings".into(), serde_json::json!([]));
            assert!(findings.is_some_and(|f| f.as_array().is_some_and(|a| !a.is_empty())));
            format!("{}\n", serde_json::to_string_pretty(&value).expect("json"))
        }
        _ => report.to_string(),
    }
}

#[test]
fn exit_codes_identical_different_exit_zero_and_errors() {
    let scenario = scenario();
    let identical = fedc(&["diff", "federation.toml", "--out", "new"], scenario.dir());
    assert_eq!(identical.status.code(), Some(0), "{}", stderr(&identical));
    assert_eq!(stdout(&identical), "no changes\n");
    let report_only = fedc(&["diff", "federation.toml", "--out", "old", "--exit-zero"], scenario.dir());
    assert_eq!(report_only.status.code(), Some(0));
    assert!(!stdout(&report_only).is_empty());
    let missing = fedc(&["diff", "--old", "old", "--new", "nowhere"], scenario.dir());
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nowhere"), "{}", stderr(&missing));
    let usage = fedc(&["diff", "federation.toml", "--old", "old", "--new", "new"], scenario.dir());
    assert_eq!(usage.status.code(), Some(2));

    std::fs::write(scenario.dir().join("old/.fedc-journal"), "{}").expect("write");
    let interrupted = fedc(&["diff", "federation.toml", "--out", "old"], scenario.dir());
    assert_eq!(interrupted.status.code(), Some(2));
    assert!(stderr(&interrupted).contains("run `fedc build` to undo it first"), "{}", stderr(&interrupted));
}

#[test]
fn colour_only_in_text_and_only_when_asked() {
    let scenario = scenario();
    let dir = |extra: &[&str]| {
        let mut args = vec!["diff", "--old", "old", "--new", "new"];
        args.extend_from_slice(extra);
        stdout(&fedc(&args, scenario.dir()))
    };
    assert!(dir(&["--color", "always"]).contains("\x1b[32m+"));
    assert!(!dir(&[]).contains('\x1b'), "not a terminal");
    assert!(!dir(&["--color", "always", "--format", "markdown"]).contains('\x1b'));
}

#[test]
fn a_renamed_object_is_a_removal_and_an_addition_and_a_moved_one_a_change() {
    let work = tempfile::tempdir().expect("tempdir");
    let file = |dir: &str, path: &str, text: &str| {
        let path: PathBuf = work.path().join(dir).join(path);
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    let object = |name: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: ns\n");
    file("a", "clusters/east/ns/configmap-one.yaml", &object("one"));
    file("b", "clusters/east/ns/configmap-uno.yaml", &object("uno"));
    file("a", "clusters/east/ns/configmap-two.yaml", &object("two"));
    file("b", "clusters/east/other/configmap-two.yaml", &object("two"));
    let output = fedc(&["diff", "--old", "a", "--new", "b", "--format", "json"], work.path());
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let actions: Vec<(String, String)> = value["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| (c["label"].as_str().expect("label").to_string(), c["action"].as_str().expect("action").to_string()))
        .collect();
    let expected = [("ConfigMap ns/one", "removed"), ("ConfigMap ns/two", "changed"), ("ConfigMap ns/uno", "added")];
    assert_eq!(actions, expected.map(|(a, b)| (a.to_string(), b.to_string())));
    let text = stdout(&fedc(&["diff", "--old", "a", "--new", "b"], work.path()));
    assert!(text.contains("~ ConfigMap ns/two (changed, moved from clusters/east/ns/configmap-two.yaml to clusters/east/other/configmap-two.yaml)"), "{text}");
}

#[test]
fn a_large_markdown_diff_stays_under_the_pull_request_comment_limit() {
    let work = tempfile::tempdir().expect("tempdir");
    for (name, text) in [
        ("old", crate::support::large_topology(20)),
        ("new", crate::support::large_topology(20).replace(".example.com", ".example.net")),
    ] {
        std::fs::write(work.path().join(format!("{name}.toml")), text).expect("write");
        let built = fedc(&["build", &format!("{name}.toml"), "--out", name], work.path());
        assert!(built.status.success(), "{}", stderr(&built));
    }
    let markdown = stdout(&fedc(&["diff", "--old", "old", "--new", "new", "--format", "markdown"], work.path()));
    assert!(markdown.len() < 65_536, "{} characters", markdown.len());
    assert!(markdown.contains("Diff left out to keep this under GitHub's comment size limit"));
    let text = stdout(&fedc(&["diff", "--old", "old", "--new", "new"], work.path()));
    assert!(text.len() > 65_536, "the text format is never cut");
}

#[test]
fn diff_does_not_read_through_symbolic_links() {
    let scenario = scenario();
    let west = scenario.dir().join("old/clusters/west");
    std::fs::rename(&west, scenario.dir().join("west-elsewhere")).expect("mv");
    std::os::unix::fs::symlink(scenario.dir().join("west-elsewhere"), &west).expect("symlink");
    let output = fedc(&["diff", "federation.toml", "--out", "old"], scenario.dir());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error[fedc::diff::not-a-directory]: "), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("clusters/west is not a directory; fedc does not follow links"),
        "{}",
        stderr(&output)
    );
}

/// Exit 1 means "different"; a topology with errors is a failure to compare: exit 2, even with
/// `--exit-zero`, and in markdown (a pull-request comment) a line saying nothing was compared.
#[test]
fn a_topology_with_errors_is_a_failure_not_a_difference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    assert!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.success());
    let broken = std::fs::read_to_string(&topology).expect("topology").replace("name = \"red\"", "name = \"RED\"");
    std::fs::write(&topology, broken).expect("topology");
    for extra in [&[][..], &["--exit-zero"][..]] {
        let args = [&["diff", "federation.toml", "--out", "rendered", "--format", "markdown"][..], extra].concat();
        let run = fedc(&args, dir.path());
        assert_eq!(run.status.code(), Some(2), "{extra:?}: {}", stderr(&run));
        assert!(stderr(&run).contains("error"), "the findings on stderr: {}", stderr(&run));
        assert_eq!(
            stdout(&run),
            "**fedc diff**: the topology has errors, so nothing was compared; `fedc check` lists them (and the job log).\n"
        );
    }
    let text = fedc(&["diff", "federation.toml", "--out", "rendered"], dir.path());
    assert_eq!((text.status.code(), stdout(&text).as_str()), (Some(2), ""));
}

/// An output holding one object in two files (hand-edited; without a lock every file under the
/// output roots is read): the file that is byte for byte what fedc renders at its own path is
/// unchanged, and the copy, sorted before it, is what a build removes (`diff::Streamed`).
#[test]
fn an_object_copied_to_a_second_file_is_the_copy_removed() {
    let work = tempfile::tempdir().expect("tempdir");
    example_into(work.path());
    let built = fedc(&["build", "federation.toml", "--out", "out"], work.path());
    assert!(built.status.success(), "{}", stderr(&built));
    std::fs::remove_file(work.path().join("out/fedc.lock")).expect("remove the lock");
    let original = work.path().join("out/clusters/east/red-system/servicemeshcontrolplane-red.yaml");
    let copy = original.with_file_name("0-copy.yaml");
    std::fs::copy(&original, &copy).expect("copy");
    let output = fedc(&["diff", "federation.toml", "--out", "out", "--format", "json"], work.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let changes = value["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{value}");
    assert_eq!(changes[0]["action"], "removed", "{value}");
    assert_eq!(changes[0]["old_path"], "clusters/east/red-system/0-copy.yaml", "{value}");
}
