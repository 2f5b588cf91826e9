//! `fedc status` (issue 21), run through the fedc binary: the fixtures under tests/status/ (each
//! checked against its CRD's status schema), a snapshot of the report of each situation, the
//! formats, live mode through a fake `kubectl` on PATH (a missing context, a permission error, a
//! timeout), and hostile status files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{copy_dir, fedc_bin, repo, stderr, stdout};

/// The time every snapshot is judged at: 17 s after the fixtures' last full sync.
pub(crate) const NOW: &str = "2021-10-05T13:06:00Z";

fn fixtures() -> PathBuf {
    repo().join("tests/status")
}

/// A scratch directory holding `topology` (and its certificates) and `status/`: the files of
/// `base` with those of `situation` over them.
pub(crate) fn situation(topology: &str, base: &str, situation: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixtures().join(topology), dir.path().join(topology)).expect("copy topology");
    copy_dir(&fixtures().join("certs"), &dir.path().join("certs"));
    copy_dir(&fixtures().join(base), &dir.path().join("status"));
    if situation != base {
        copy_dir(&fixtures().join(situation), &dir.path().join("status"));
    }
    dir
}

pub(crate) fn run_in(dir: &Path, args: &[&str], path: Option<&str>) -> Output {
    let mut command = Command::new(fedc_bin());
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().expect("run fedc")
}

pub(crate) fn from_files(dir: &Path, topology: &str, extra: &[&str]) -> Output {
    let mut args = vec!["status", topology, "--from", "status", "--now", NOW];
    args.extend_from_slice(extra);
    run_in(dir, &args, None)
}

/// (element title, state, code) of every element that is not up, from the JSON report.
pub(crate) fn not_up(json: &str) -> Vec<(String, String, String)> {
    let report: Value = serde_json::from_str(json).expect("JSON report");
    let elements = report["elements"].as_array().expect("elements");
    elements
        .iter()
        .filter(|e| e["state"] != "up" && e["state"] != "not checked")
        .map(|e| {
            let code = e["finding"]["code"].as_str().unwrap_or("-").to_string();
            (e["title"].as_str().expect("title").to_string(), e["state"].as_str().expect("state").to_string(), code)
        })
        .collect()
}

#[test]
fn every_fixture_status_validates_against_its_crd_status_schema() {
    let Some(crds) = crate::conformance::crd_dir() else {
        return crate::conformance::skip("../shared/conformance/crds not found");
    };
    let mut validated = 0;
    for kind in ["servicemeshpeers", "exportedservicesets", "importedservicesets"] {
        let text = std::fs::read_to_string(crds.join(format!("{kind}.federation.maistra.io.yaml"))).expect("crd");
        let crd: Value = serde_yaml_ng::from_str(&text).expect("crd yaml");
        let schema = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
        let status = strict(&schema["properties"]["status"]);
        let whole = jsonschema::options().with_draft(jsonschema::Draft::Draft4).build(schema).expect("object schema");
        let only_status = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&status)
            .expect("status schema");
        let kind_name = crd["spec"]["names"]["kind"].as_str().expect("kind");
        // The check can fail: a wrong type, an unknown field and a time that is not RFC 3339 are refused.
        let wrong = serde_json::json!({ "discoveryStatus": { "active": [{ "pod": "p", "watch": { "connected": "yes", "lastFullSync": "13:05" } }] }, "exportedServices": [{ "exportedName": "x", "localService": { "hostname": "h", "name": "n", "namespace": "s", "port": 1 } }], "importedServices": 1 });
        assert!(only_status.iter_errors(&wrong).count() >= 2, "{kind_name}: the status schema refuses a broken status");
        for (path, object) in fixture_objects().into_iter().filter(|(_, o)| o["kind"] == kind_name) {
            let errors: Vec<String> = whole
                .iter_errors(&object)
                .chain(only_status.iter_errors(&object["status"]))
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{path}: {kind_name} {}: {}", object["metadata"]["name"], errors.join("; "));
            assert!(object["status"].is_object(), "{path}: every fixture object has a status");
            validated += 1;
        }
    }
    assert_eq!(validated, 27, "ServiceMeshPeers, ExportedServiceSets and ImportedServiceSets in tests/status");
}

/// Every object of every fixture file, with its file.
fn fixture_objects() -> Vec<(String, Value)> {
    let mut objects = Vec::new();
    for entry in walkdir::WalkDir::new(fixtures()).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("fixture");
        let path = entry.path().strip_prefix(repo()).expect("in repo").display().to_string();
        for document in serde_yaml_ng::Deserializer::from_str(&text) {
            let value: Value = serde::Deserialize::deserialize(document).expect("fixture YAML");
            let items = value["items"].as_array().cloned().unwrap_or_else(|| vec![value.clone()]);
            objects.extend(items.into_iter().map(|item| (path.clone(), item)));
        }
    }
    objects
}

/// The schema with unknown fields refused wherever it lists properties: a fixture field the CRD
/// does not have would be pruned by the API server, so it must not be in a fixture.
fn strict(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut map: serde_json::Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), strict(v))).collect();
            if map.contains_key("properties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        other => other.clone(),
    }
}

/// An element that is not up: title, state, code.
type NotUp<'a> = (&'a str, &'a str, &'a str);

/// Each OSSM 2 situation: its exit code and the elements that are not up, with their codes.
#[test]
fn each_situation_after_a_rollout_is_reported_element_by_element() {
    let peer_down = [
        ("red → green", "down", "fedc::status::peer-disconnected"),
        ("green → red", "down", "fedc::status::peer-not-watching"),
    ];
    let cases: [(&str, u8, &[NotUp]); 7] = [
        ("up", 0, &[]),
        ("disconnected", 1, &peer_down),
        (
            "export-nothing",
            1,
            &[
                ("labels federated=true in bookinfo: red → green", "down", "fedc::status::export-matched-nothing"),
                ("bookinfo/*: green ← red", "down", "fedc::status::import-missing"),
            ],
        ),
        (
            "import-missing",
            1,
            &[
                ("bookinfo/ratings: green ← red", "down", "fedc::status::import-missing"),
                ("bookinfo/ratings in green → us-east-1", "down", "fedc::status::failover-incomplete"),
            ],
        ),
        ("stale", 1, &[("red → green", "down", "fedc::status::sync-stale")]),
        (
            "object-missing",
            1,
            &[
                ("bookinfo/ratings: green ← red", "down", "fedc::status::object-missing"),
                ("bookinfo/*: green ← red", "down", "fedc::status::object-missing"),
                ("bookinfo/ratings in green → us-east-1", "down", "fedc::status::object-missing"),
            ],
        ),
        ("unknown-cluster", 0, &[]),
    ];
    for (name, code, expected) in cases {
        let dir = situation("federation.toml", "up", name);
        let text = from_files(dir.path(), "federation.toml", &[]);
        assert_eq!(text.status.code(), Some(i32::from(code)), "{name}: {}{}", stdout(&text), stderr(&text));
        insta::assert_snapshot!(format!("status_{name}"), stdout(&text));
        let json = from_files(dir.path(), "federation.toml", &["--format", "json"]);
        assert_eq!(json.status.code(), Some(i32::from(code)), "{name} (json)");
        let expected: Vec<(String, String, String)> =
            expected.iter().map(|(t, s, c)| (t.to_string(), s.to_string(), c.to_string())).collect();
        assert_eq!(not_up(&stdout(&json)), expected, "{name}");
    }
}

#[test]
fn a_file_for_a_cluster_the_topology_does_not_know_is_a_note() {
    let dir = situation("federation.toml", "up", "unknown-cluster");
    let json = from_files(dir.path(), "federation.toml", &["--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&json)).expect("json");
    let notes: Vec<&str> =
        report["notes"].as_array().expect("notes").iter().map(|n| n["code"].as_str().unwrap_or("")).collect();
    assert_eq!(notes, ["fedc::status::unknown-cluster"]);
    assert_eq!(json.status.code(), Some(0), "a note alone does not fail");
    let denied = from_files(dir.path(), "federation.toml", &["--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1), "--deny-warnings counts notes");
}

#[test]
fn every_format_of_one_report() {
    let dir = situation("federation.toml", "up", "disconnected");
    for format in ["json", "markdown", "github"] {
        let output = from_files(dir.path(), "federation.toml", &["--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        insta::assert_snapshot!(format!("status_disconnected_{format}"), stdout(&output));
    }
    let github = stdout(&from_files(dir.path(), "federation.toml", &["--format", "github"]));
    let annotations: Vec<&str> = github.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 2, "one annotation per element that is down:\n{github}");
    assert!(annotations.iter().all(|a| a.starts_with("::error file=federation.toml,line=33,")), "{github}");
}

#[test]
fn istio_meshes_are_checked_by_labels_addresses_and_names() {
    let up = situation("istio.toml", "istio-up", "istio-up");
    let output = from_files(up.path(), "istio.toml", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    insta::assert_snapshot!("status_istio_up", stdout(&output));
    let broken = situation("istio.toml", "istio-up", "istio-broken");
    let output = from_files(broken.path(), "istio.toml", &[]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("status_istio_broken", stdout(&output));
    let json = stdout(&from_files(broken.path(), "istio.toml", &["--format", "json"]));
    let expected = [
        ("bookinfo/ratings: shop ← retail", "down", "fedc::status::object-missing"),
        ("west: east-west gateway istio-eastwestgateway (retail)", "down", "fedc::status::eastwest-address"),
        ("shop: `topology.istio.io/network` of namespace istio-shop (shop)", "down", "fedc::status::network-label"),
        ("shop: east-west gateway istio-eastwestgateway (shop)", "degraded", "fedc::status::eastwest-address"),
        ("west: remote secret istio-remote-secret-east (retail)", "down", "fedc::status::object-missing"),
    ];
    let expected: Vec<(String, String, String)> =
        expected.iter().map(|(t, s, c)| (t.to_string(), s.to_string(), c.to_string())).collect();
    assert_eq!(not_up(&json), expected);
    // The remote secrets' data (a fake kubeconfig, base64) is never read into the report.
    for dir in [&up, &broken] {
        for format in ["text", "json", "markdown", "github"] {
            let shown = stdout(&from_files(dir.path(), "istio.toml", &["--format", format]));
            assert!(!shown.contains("a3ViZWNvbmZpZz") && !shown.contains("never printed"), "{format}: {shown}");
        }
    }
}

/// An ASM mesh rolled out as the runbook says: the remote secrets carry the kube context's name
/// (`asmcli create-mesh`, and the ExternalSecrets `build` writes), not the cluster ID.
#[test]
fn asm_remote_secrets_are_expected_under_the_names_build_gives_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let examples = crate::support::repo().join("examples");
    std::fs::copy(examples.join("multicluster.toml"), dir.path().join("multicluster.toml")).expect("copy");
    copy_dir(&examples.join("certs"), &dir.path().join("certs"));
    copy_dir(&fixtures().join("asm-up"), &dir.path().join("status"));
    let output = from_files(dir.path(), "multicluster.toml", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON report");
    let titles: Vec<&str> = report["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .filter_map(|e| e["title"].as_str())
        .filter(|t| t.contains("remote secret"))
        .collect();
    assert_eq!(
        titles,
        [
            "cluster-2: remote secret istio-remote-secret-cluster-1 (asm)",
            "cluster-1: remote secret istio-remote-secret-cluster-2 (asm)"
        ]
    );
    let built = crate::support::fedc(&["build", "multicluster.toml", "--out", "rendered"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let external =
        dir.path().join("rendered/clusters/cluster-1/istio-system/externalsecret-istio-remote-secret-cluster-2.yaml");
    assert!(external.is_file(), "build writes the ExternalSecret under the same name");
}
