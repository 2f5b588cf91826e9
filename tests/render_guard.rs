//! Template overrides (`--templates DIR`) and the size estimate, through the fedc binary: a
//! template that renders another object, an object its kind's schema rejects, or several documents
//! fails with a code (exit 2, JSON with `--format json`) and nothing is written, inside or outside
//! `--out`; a topology estimated above `--max-files` is refused before anything is checked.

use std::path::{Path, PathBuf};

use crate::support::{example_into, fedc, large_topology, stderr, stdout, tree};

const CA_HEAD: &str = "{%- from \"macros.j2\" import metadata -%}\napiVersion: v1\nkind: ConfigMap\n{{ metadata(name, namespace, labels) }}\ndata:\n  root-cert.pem: {{ pem | tojson }}\n";

struct Case {
    dir: tempfile::TempDir,
    topology: PathBuf,
    canary: PathBuf,
}

/// The example, a `templates/maistra/ca-root-cert.yaml.j2` override and a canary beside `out/`.
fn case(ca_template: &str) -> Case {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    let templates = dir.path().join("templates/maistra");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(templates.join("ca-root-cert.yaml.j2"), ca_template).expect("write template");
    let canary = dir.path().join("canary.yaml");
    std::fs::write(&canary, "kind: Canary\n").expect("canary");
    Case { dir, topology, canary }
}

impl Case {
    fn build(&self, extra: &[&str]) -> std::process::Output {
        let (topology, templates) = (self.topology.to_str().expect("utf-8"), self.path("templates"));
        let mut args = vec!["build", topology, "--out", "out", "--templates", &templates];
        args.extend_from_slice(extra);
        fedc(&args, self.dir.path())
    }

    fn path(&self, relative: &str) -> String {
        self.dir.path().join(relative).display().to_string()
    }

    /// Nothing was written: no output directory, the canary untouched.
    fn assert_untouched(&self) {
        assert!(!self.dir.path().join("out").exists(), "nothing may be written");
        assert_eq!(std::fs::read(&self.canary).expect("canary"), b"kind: Canary\n");
    }
}

fn failure(case: &Case, code: &str) -> String {
    let output = case.build(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains(&format!("error[{code}]")), "{text}");
    assert!(text.contains("maistra/ca-root-cert.yaml.j2"), "names the template: {text}");
    case.assert_untouched();
    text
}

#[test]
fn a_template_must_render_one_yaml_mapping() {
    failure(&case("- a list\n- not an object\n"), "fedc::template::not-a-mapping");
    failure(&case("data: [never closed\n"), "fedc::template::invalid-yaml");
}

#[test]
fn a_template_may_not_render_another_object() {
    let binding = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: {{ name }}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\n";
    let text = failure(&case(binding), "fedc::template::identity-changed");
    assert!(text.contains("ClusterRoleBinding"), "{text}");
    let renamed = CA_HEAD.replace("metadata(name,", "metadata(name ~ \"-x\",");
    failure(&case(&renamed), "fedc::template::identity-changed");
}

#[test]
fn a_template_may_not_add_fields_the_schema_rejects() {
    let text = failure(&case(&format!("{CA_HEAD}unexpected: true\n")), "fedc::template::invalid-object");
    assert!(text.contains("unexpected"), "names the field: {text}");
    let wrong_type = CA_HEAD.replace("{{ pem | tojson }}", "[1, 2]");
    let text = failure(&case(&wrong_type), "fedc::template::invalid-object");
    assert!(text.contains("/data/root-cert.pem"), "names the path: {text}");
}

#[test]
fn a_template_may_not_write_what_kustomize_or_the_api_server_refuses() {
    // DEL, escaped as YAML allows: fedc would write it back, but kustomize cannot read it.
    let del = CA_HEAD.replace("{{ pem | tojson }}", "\"a\\x7Fb\"");
    let text = failure(&case(&del), "fedc::template::refused-character");
    assert!(text.contains("U+007F") && text.contains("/data/root-cert.pem"), "names the character and path: {text}");
    // 320,000 bytes of annotations, over the API server's 256 KiB.
    let big = "{% for i in range(10000) %}0123456789abcdef0123456789abcdef{% endfor %}";
    let annotated = CA_HEAD.replace(
        "{{ metadata(name, namespace, labels) }}\n",
        &format!("metadata:\n  name: {{{{ name }}}}\n  namespace: {{{{ namespace }}}}\n  annotations:\n    example.com/big: \"{big}\"\n"),
    );
    failure(&case(&annotated), "fedc::template::annotations-too-large");
}

#[test]
fn a_template_may_not_write_more_than_etcd_stores() {
    // 1.8 MB in one value: a valid ConfigMap the API server cannot store.
    let large = CA_HEAD.replace("{{ pem | tojson }}", "\"{% for i in range(200) %}{{ \"x\" * 9000 }}{% endfor %}\"");
    let text = failure(&case(&large), "fedc::template::object-too-large");
    assert!(text.contains("over 1.5 MiB as JSON"), "{text}");
    // A loop over large strings is stopped at 4 MiB of text, before it takes the memory.
    let endless =
        CA_HEAD.replace("{{ pem | tojson }}", "\"{% for i in range(100000) %}{{ \"x\" * 90000 }}{% endfor %}\"");
    let text = failure(&case(&endless), "fedc::template::object-too-large");
    assert!(text.contains("rendered more than 4 MiB of text (stopped there)"), "{text}");
}

#[test]
fn a_template_renders_exactly_one_document() {
    let extra = "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: evil\n";
    failure(&case(&format!("{CA_HEAD}{extra}")), "fedc::template::multiple-documents");
}

#[test]
fn template_failures_are_json_with_format_json() {
    let case = case(&format!("{CA_HEAD}unexpected: true\n"));
    let output = case.build(&["--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let document: serde_json::Value = serde_json::from_str(&stderr(&output)).expect("stderr is one JSON document");
    assert_eq!(document["error"]["code"], "fedc::template::invalid-object");
    assert!(document["error"]["message"].as_str().is_some_and(|m| m.contains("ca-root-cert")));
    case.assert_untouched();
}

#[test]
fn a_template_cannot_loop_for_long() {
    // 10^10 iterations: without a bound on the work of one render this would run for hours.
    let spin =
        format!("{{% for a in range(100000) %}}{{% for b in range(100000) %}}{{% endfor %}}{{% endfor %}}{CA_HEAD}");
    let text = failure(&case(&spin), "fedc::template::failed");
    assert!(text.contains("fuel"), "says why: {text}");
}

#[test]
fn an_unchanged_override_still_builds() {
    let case = case(CA_HEAD);
    let output = case.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!tree(&case.dir.path().join("out")).is_empty());
}

fn large(meshes: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = dir.path().join("federation.toml");
    std::fs::write(&topology, large_topology(meshes)).expect("write topology");
    (dir, topology)
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    fedc(args, dir)
}

#[test]
fn a_two_thousand_mesh_full_peering_is_refused_before_checking() {
    let (dir, topology) = large(2000);
    let topology = topology.to_str().expect("utf-8");
    for args in
        [vec!["build", topology, "--out", "out"], vec!["check", topology], vec!["diff", topology, "--out", "out"]]
    {
        let output = run(dir.path(), &args);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        // `diff` exits 1 for "different": a topology it cannot compare is a failure (2).
        let expected = if args[0] == "diff" { 2 } else { 1 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {all}");
        assert!(all.contains("fedc::federation::too-large") && all.contains("--max-files"), "{args:?}: {all}");
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
}

/// `explain`, `graph` and the `--base` of a diff plan the whole federation too: the same estimate
/// refuses the same topology before checking it, with the same report `check` prints (exit 1).
/// Without the guard, each ran for minutes on this topology.
#[test]
fn explain_graph_and_a_diff_base_refuse_what_check_refuses() {
    let (dir, topology) = large(2000);
    let huge = topology.to_str().expect("utf-8");
    let checked = run(dir.path(), &["check", huge]);
    assert_eq!(checked.status.code(), Some(1), "{}", stdout(&checked));
    let expected = stdout(&checked);
    assert!(expected.contains("fedc::federation::too-large") && expected.contains("--max-files"), "{expected}");
    std::fs::write(dir.path().join("small.toml"), large_topology(4)).expect("write");
    let built = run(dir.path(), &["build", "small.toml", "--out", "out"]);
    assert!(built.status.success(), "{}", stderr(&built));
    for args in [
        vec!["explain", huge],
        vec!["explain", huge, "--reverse", "--format", "json"],
        vec!["graph", huge],
        vec!["graph", huge, "--format", "dot"],
        vec!["diff", "small.toml", "--out", "out", "--base", huge],
    ] {
        let output = run(dir.path(), &args);
        let code = if args[0] == "diff" { 2 } else { 1 };
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        // `diff` prints the small topology's warnings first.
        let err = stderr(&output);
        let report = if args[0] == "diff" { err.get(err.len().saturating_sub(expected.len())..) } else { Some(&*err) };
        assert!(report == Some(expected.as_str()), "{args:?}: not the report `check` prints");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    // `status` resolves the whole federation too; a topology it cannot judge is exit 2 there.
    let status = run(dir.path(), &["status", huge, "--from", "."]);
    assert_eq!(status.status.code(), Some(2), "status");
    assert!(stderr(&status) == expected, "status: not the report `check` prints");
    // The limits are theirs too: lowered, the small topology is refused as well.
    for args in [vec!["explain", "small.toml", "--max-files", "10"], vec!["graph", "small.toml", "--max-bytes", "1K"]] {
        let output = run(dir.path(), &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("fedc::federation::too-large"), "{args:?}: {}", stderr(&output));
    }
}

/// The estimate bounds the topology as written; an overlay without a selector copying a large
/// value into every object is counted while rendering, and refused before anything is written.
#[test]
fn overlays_cannot_take_the_output_past_the_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    let value = "x".repeat(200_000);
    std::fs::write(
        dir.path().join("big.json"),
        format!("{{\"metadata\": {{\"annotations\": {{\"example.com/big\": \"{value}\"}}}}}}"),
    )
    .expect("overlay file");
    let text = std::fs::read_to_string(&topology).expect("topology") + "\n[[overlays]]\nmerge_file = \"big.json\"\n";
    std::fs::write(&topology, text).expect("topology");
    let topology = topology.to_str().expect("utf-8");
    let refused = run(dir.path(), &["build", topology, "--out", "out", "--max-bytes", "4M"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).starts_with("error[fedc::emit::output-too-large]: the rendered output passed --max-files 1000000 or --max-bytes 4194304 ("), "{}", stderr(&refused));
    assert!(!dir.path().join("out").exists(), "nothing written");
    let checked = run(dir.path(), &["check", topology, "--max-bytes", "4M"]);
    assert_eq!(checked.status.code(), Some(2), "check counts the same: {}", stderr(&checked));
    let built = run(dir.path(), &["build", topology, "--out", "out", "--max-bytes", "64M"]);
    assert!(built.status.success(), "within raised limits: {}", stderr(&built));
}

#[test]
fn the_limits_can_be_lowered_and_raised() {
    let (dir, topology) = large(12);
    let topology = topology.to_str().expect("utf-8");
    let refused = run(dir.path(), &["build", topology, "--out", "out", "--max-bytes", "64K", "--format", "json"]);
    assert_eq!(refused.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_str(&stderr(&refused)).expect("JSON findings");
    assert_eq!(document["diagnostics"][0]["code"], "fedc::federation::too-large");
    assert!(!dir.path().join("out").exists());
    let built = run(dir.path(), &["build", topology, "--out", "out", "--max-files", "600", "--max-bytes", "1M"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let bad = run(dir.path(), &["check", topology, "--max-bytes", "12X"]);
    assert_eq!(bad.status.code(), Some(2), "an unknown unit is a usage error");
}
