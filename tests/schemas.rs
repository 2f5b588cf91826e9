//! The compact schemas compiled into fedc (`src/render/schema/schemas.json`) are exactly what the
//! generator makes of ../shared/conformance/crds. `scripts/gen-schemas` rewrites the file
//! (`FEDC_UPDATE_SCHEMAS=1`); without ../shared the check skips visibly, unless
//! FEDC_REQUIRE_CONFORMANCE=1 (CI), where it fails.

use std::path::Path;

use fedc::render::schema::{self, generate};
use serde_json::{Value, json};

use crate::conformance::{crd_dir, skip};

fn committed_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/schema/schemas.json")
}

#[test]
fn committed_schemas_are_fresh() {
    let Some(dir) = crd_dir() else { return skip("../shared/conformance/crds not found (schemas.json not checked)") };
    let fresh = generate::to_text(&generate::generate(&dir).expect("generate schemas"));
    if std::env::var("FEDC_UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
        std::fs::write(committed_path(), &fresh).expect("write schemas.json");
        return;
    }
    assert!(
        schema::COMPACT == fresh,
        "src/render/schema/schemas.json is stale relative to {}: run scripts/gen-schemas",
        dir.display()
    );
}

#[test]
fn provenance_names_every_source() {
    let document: Value = serde_json::from_str(schema::COMPACT).expect("schemas.json is JSON");
    assert_eq!(document["generator"], json!(generate::GENERATOR));
    let entries = document["schemas"].as_array().expect("schemas");
    let hand_written = schema::hand_written().len();
    assert_eq!(hand_written, 11, "ConfigMap, kustomization.yaml and the nine kinds of schema::core");
    assert_eq!(entries.len(), generate::FROM_CRDS.len() + hand_written, "every CRD kind plus the hand-written ones");
    for entry in entries {
        let source = &entry["source"];
        let from_crd = source["sha256"].as_str().is_some_and(|s| s.len() == 64) && source["file"].is_string();
        let hand_written = source["handWritten"].as_str().is_some_and(|s| s.starts_with("not from a CRD"));
        assert!(from_crd || hand_written, "{} has no provenance: {source}", entry["kind"]);
    }
}

#[test]
fn compiled_schemas_reject_unknown_fields_and_other_kinds() {
    let mut peer = json!({
        "apiVersion": "federation.maistra.io/v1", "kind": "ServiceMeshPeer",
        "metadata": {"name": "green", "namespace": "red-system"},
        "spec": {"remote": {"addresses": ["a.example.com"]}, "gateways": {
            "ingress": {"name": "green-ingress"}, "egress": {"name": "green-egress"}},
            "security": {"trustDomain": "green.local", "clientID": "x", "certificateChain": {"kind": "ConfigMap", "name": "c"}}},
    });
    schema::validate(&peer).expect("a complete peer validates");
    peer["spec"]["remote"]["adresses"] = json!(["typo"]);
    let invalid = schema::validate(&peer).expect_err("a misspelt field is rejected");
    assert_eq!(invalid.path, "/spec/remote");
    peer["spec"]["remote"].as_object_mut().expect("remote").remove("adresses");
    peer["metadata"]["uuid"] = json!("x");
    assert_eq!(schema::validate(&peer).expect_err("not an ObjectMeta field").path, "/metadata");
    let binding =
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "x"}});
    assert!(schema::validate(&binding).is_err(), "fedc emits no ClusterRoleBinding");
}

#[test]
fn kustomization_files_may_only_list_relative_paths_inside_the_directory() {
    let config = |resource: &str| json!({"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": [resource]});
    assert!(schema::validate(&config("red-system/servicemeshpeer-green.yaml")).is_ok());
    for hostile in ["../../secrets.yaml", "/etc/passwd", "https://example.com/x.yaml", "a/../../b", ".hidden"] {
        assert!(schema::validate(&config(hostile)).is_err(), "{hostile} must be refused");
    }
}
