//! Hostile strings from a pull request, end to end through the `fedc` binary: values that are not
//! what their field means are refused with a coded finding and nothing is written (the previous
//! output and a canary outside `--out` stay byte for byte); strings an overlay writes verbatim
//! into an object come out so that YAML readers read exactly those strings back.

use std::path::Path;

use serde_json::{Map, Value};

use crate::support::{AMBIGUOUS, SPECIAL};
use crate::support::{edit, example_into, fedc, stderr, tree};

const CANARY: &[u8] = b"outside --out: fedc must not touch this\n";

/// Builds the example into `work/out`, plants a canary next to it; returns the topology's path.
fn built_example(work: &Path) -> std::path::PathBuf {
    let topology = example_into(work);
    std::fs::write(work.join("canary.txt"), CANARY).expect("canary");
    let first = fedc(&["build", "federation.toml", "--out", "out"], work);
    assert!(first.status.success(), "{}", stderr(&first));
    topology
}

#[test]
fn hostile_values_are_refused_with_codes_and_nothing_is_written() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = built_example(work.path());
    let before = tree(&work.path().join("out"));
    edit(&topology, |t| {
        t.replace(
            "repo_url = \"https://git.example.com/platform/fleet.git\"",
            "repo_url = \"https://ci:ghp_SECRETTOKEN@git.example.com/platform/fleet.git\"",
        )
        .replace("revision = \"main\"", "revision = \"main\\nkind: Secret\"")
        .replace("path = \"rendered\"", "path = \"../../../etc\"")
        .replace("project = \"platform\"", "project = \"platform\\u2028x\"")
        .replace("flux = { source = \"fleet\"", "flux = { source_kind = \"GitRepo\\u0085\", source = \"fleet\"")
        .replace("network = \"east-network\"", "network = \"east network\"")
        .replace("locality = { region = \"europe-west1\" }", "locality = { region = \"\" }")
    });
    let run = fedc(&["build", "federation.toml", "--out", "out", "--format", "json"], work.path());
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let report: Value = serde_json::from_str(&stderr(&run)).expect("JSON report");
    let codes: Vec<&str> =
        report["diagnostics"].as_array().expect("diagnostics").iter().filter_map(|d| d["code"].as_str()).collect();
    let expected = [
        "fedc::gitops::invalid-repo-url",
        "fedc::gitops::invalid-revision",
        "fedc::gitops::invalid-path",
        "fedc::name::invalid",
        "fedc::gitops::unknown-source-kind",
        "fedc::label::invalid",
        "fedc::value::empty",
    ];
    for code in expected {
        assert!(codes.contains(&code), "expected `{code}` in {codes:?}");
    }
    assert!(!stderr(&run).contains("SECRETTOKEN"), "the report repeats the credential");
    assert_eq!(tree(&work.path().join("out")), before, "a refused build changed the output");
    assert_eq!(std::fs::read(work.path().join("canary.txt")).expect("canary"), CANARY);
}

/// Annotation values an overlay sets: every YAML-ambiguous word and special character, alone, inside
/// text and as multi-line text; but for those kustomize cannot read back (DEL, C1 controls other
/// than NEL, U+FFFE, U+FFFF), which fedc refuses (tests/kustomize_characters.rs).
fn hostile_strings() -> Vec<String> {
    let words = AMBIGUOUS.iter().map(|w| w.to_string());
    let kustomize_refuses = |c: &char| matches!(u32::from(*c), 0x7F..=0x84 | 0x86..=0x9F | 0xFFFE | 0xFFFF);
    let chars = SPECIAL.chars().filter(|c| !kustomize_refuses(c));
    let chars = chars.flat_map(|c| [c.to_string(), format!("a{c}b"), format!("line{c}\nnext\n")]);
    let extra = ["-----BEGIN X-----\nAAAA\n-----END X-----\n", "a\u{2028}\u{2029}\u{85}b", "\u{feff}yes", "x: y\n- z"];
    words.chain(chars).chain(extra.map(String::from)).collect()
}

#[test]
fn strings_an_overlay_writes_read_back_exactly_with_both_yaml_parsers() {
    let work = tempfile::tempdir().expect("tempdir");
    let topology = built_example(work.path());
    let strings = hostile_strings();
    let annotations: Map<String, Value> =
        strings.iter().enumerate().map(|(i, s)| (format!("example.com/s{i}"), Value::String(s.clone()))).collect();
    let patch = serde_json::json!({ "metadata": { "annotations": annotations } });
    std::fs::create_dir_all(work.path().join("overlays")).expect("mkdir");
    std::fs::write(work.path().join("overlays/hostile.json"), patch.to_string()).expect("patch");
    edit(&topology, |t| {
        t + "\n[[overlays]]\ncluster = \"east\"\nkind = \"ServiceMeshControlPlane\"\nname = \"red\"\nmerge_file = \"overlays/hostile.json\"\n"
    });
    let run = fedc(&["build", "federation.toml", "--out", "out"], work.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let path = work.path().join("out/clusters/east/red-system/servicemeshcontrolplane-red.yaml");
    let text = std::fs::read_to_string(&path).expect("SMCP");
    let libyaml: Value = serde_yaml_ng::from_str(&text).expect("serde_yaml_ng reads it");
    let mut read_back = libyaml["metadata"]["annotations"].as_object().cloned().unwrap_or_default();
    // fedc's own annotations (the Argo CD sync wave) sit beside the overlay's.
    read_back.retain(|key, _| key.starts_with("example.com/"));
    assert_eq!(read_back, annotations, "serde_yaml_ng");
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("yaml-rust2 reads it");
    let read = &docs[0]["metadata"]["annotations"];
    for (key, value) in &annotations {
        assert_eq!(read[key.as_str()].as_str(), value.as_str(), "yaml-rust2, {key}");
    }
    assert_eq!(std::fs::read(work.path().join("canary.txt")).expect("canary"), CANARY);
}
