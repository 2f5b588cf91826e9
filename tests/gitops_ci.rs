//! The CI recipe's pieces that live in fedc: `fedc diff` against a base branch with no output yet,
//! the `.gitignore` fedc owns in its output, and the one recipe shown identically in the workflow
//! file, docs/gitops.md and the README. (scripts/replay-ci.sh replays the whole recipe in .ci/run.)

use crate::support::{example_into, fedc, repo, stderr, stdout};

#[test]
fn diff_against_a_base_without_output_lists_every_object_as_added() {
    let work = tempfile::tempdir().expect("tempdir");
    example_into(work.path());
    std::fs::create_dir(work.path().join("base")).expect("mkdir");
    let output = fedc(&["diff", "federation.toml", "--out", "base/rendered", "--format", "json"], work.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("base/rendered does not exist yet"), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let built = crate::support::built(&work.path().join("federation.toml"), &[]);
    // Every file the build writes but fedc.lock (not an object, not compared).
    assert_eq!(report["counts"]["add"], built.len() - 1, "{report}");
    assert_eq!(report["counts"]["change"], 0);
    assert_eq!(report["counts"]["remove"], 0);
    assert!(!work.path().join("base/rendered").exists(), "diff created the base");

    let report_only = fedc(&["diff", "federation.toml", "--out", "base/rendered", "--exit-zero"], work.path());
    assert_eq!(report_only.status.code(), Some(0), "{}", stderr(&report_only));
    let old = fedc(&["diff", "--old", "base/rendered", "--new", "base"], work.path());
    assert_eq!(old.status.code(), Some(0), "an empty base against an empty directory: {}", stderr(&old));
}

#[test]
fn a_base_whose_parent_is_missing_is_still_an_error() {
    let work = tempfile::tempdir().expect("tempdir");
    example_into(work.path());
    let output = fedc(&["diff", "federation.toml", "--out", "no-such-checkout/rendered"], work.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("no-such-checkout"), "{}", stderr(&output));
}

#[test]
fn the_output_ignores_fedcs_working_files_and_owns_its_gitignore() {
    let work = tempfile::tempdir().expect("tempdir");
    example_into(work.path());
    let built = fedc(&["build", "federation.toml", "--out", "rendered"], work.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let out = work.path().join("rendered");
    assert!(out.join(".fedc-build.lock").exists(), "the build lock stays (see docs/gitops.md)");
    let ignore = std::fs::read_to_string(out.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "/.fedc-*"), "{ignore}");
    let lock = std::fs::read_to_string(out.join("fedc.lock")).expect("lock");
    assert!(lock.contains("\".gitignore\""), "the .gitignore is a generated file: {lock}");

    std::fs::write(out.join(".gitignore"), "*\n").expect("hand edit");
    let check = fedc(&["check", "federation.toml", "--out", "rendered"], work.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("edited   .gitignore"), "{}", stdout(&check));
}

/// The workflow of examples/ci/fedc.yml, from `name:` on.
fn workflow() -> String {
    let text = std::fs::read_to_string(repo().join("examples/ci/fedc.yml")).expect("workflow");
    let start = text.find("name: fedc").expect("workflow name");
    text[start..].to_string()
}

#[test]
fn docs_and_readme_show_the_one_recipe_of_the_workflow_file() {
    let workflow = workflow();
    let docs = std::fs::read_to_string(repo().join("docs/gitops.md")).expect("docs");
    assert!(
        docs.contains(&format!("```yaml\n{workflow}```")),
        "docs/gitops.md must show examples/ci/fedc.yml verbatim"
    );
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("readme");
    let steps = &workflow[workflow.find("      - name: Committed output").expect("check step")..];
    assert!(readme.contains(steps), "README.md must show the workflow's check and diff steps verbatim");
    assert!(workflow.contains("fetch-depth: 0"), "the diff step needs the base branch");
}

#[test]
fn pre_commit_hooks_run_fedc_check_and_check_out() {
    let hooks = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).expect("hooks");
    let hooks: serde_yaml_ng::Value = serde_yaml_ng::from_str(&hooks).expect("hooks YAML");
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["fedc-check", "fedc-check-out", "fedc-check-source", "fedc-check-out-source"]);
    // The binary on PATH first (nothing compiles); the same hooks built from source after.
    let languages: Vec<&str> = hooks.iter().filter_map(|h| h["language"].as_str()).collect();
    assert_eq!(languages, ["system", "system", "rust", "rust"]);
    for hook in hooks {
        assert_eq!(hook["entry"].as_str(), Some("fedc check"));
        assert_eq!(hook["pass_filenames"].as_bool(), Some(false), "fedc takes the topology, not the changed files");
    }
    assert_eq!(hooks[1]["args"], hooks[3]["args"]);
    let args: Vec<&str> = hooks[1]["args"].as_sequence().expect("args").iter().filter_map(|a| a.as_str()).collect();
    assert_eq!(args, ["federation.toml", "--out", "rendered"]);
}
