//! Writes `schemas.json`, the compact schemas compiled into fedc, from the upstream sources in
//! `../shared/conformance/` (see `crds/SOURCES.md` there): for each kind fedc emits, the served
//! version's `openAPIV3Schema` of its CRD, or Kubernetes' own JSON Schema of a built-in kind
//! (`kubernetes.rs`), tightened by [`super::tighten`]; with the provenance of each (every source
//! file and its sha256) and, for CRDs, the defaults and CEL rules the API server applies
//! (`skeleton.rs`). Only tests run it: `scripts/gen-schemas` rewrites the file through
//! `committed_schemas_are_fresh`, which fails when the committed file is stale.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{kubernetes, skeleton, tighten};

/// Who writes the file (recorded in it).
pub(crate) const GENERATOR: &str = "scripts/gen-schemas (fedc::render::schema::generate)";

/// Every `(apiVersion, kind)` fedc emits that a CRD defines, and the CRD file (relative to
/// `conformance/crds/`) whose served version is used.
pub(crate) const FROM_CRDS: &[(&str, &str, &str)] = &[
    ("maistra.io/v2", "ServiceMeshControlPlane", "servicemeshcontrolplanes.maistra.io.yaml"),
    ("federation.maistra.io/v1", "ServiceMeshPeer", "servicemeshpeers.federation.maistra.io.yaml"),
    ("federation.maistra.io/v1", "ExportedServiceSet", "exportedservicesets.federation.maistra.io.yaml"),
    ("federation.maistra.io/v1", "ImportedServiceSet", "importedservicesets.federation.maistra.io.yaml"),
    ("networking.istio.io/v1beta1", "DestinationRule", "destinationrules.networking.istio.io.yaml"),
    ("argoproj.io/v1alpha1", "ApplicationSet", "applicationsets.argoproj.io.yaml"),
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "kustomizations.kustomize.toolkit.fluxcd.io.yaml"),
    ("networking.istio.io/v1", "Gateway", "istio/gateways.networking.istio.io.yaml"),
    ("sailoperator.io/v1", "Istio", "istio/istios.sailoperator.io.yaml"),
    ("sailoperator.io/v1", "IstioCNI", "sail/istiocnis.sailoperator.io.yaml"),
    ("external-secrets.io/v1", "ExternalSecret", "external-secrets/externalsecrets.external-secrets.io.yaml"),
    // Federation between Istio meshes (plan/federation_istio).
    ("networking.istio.io/v1", "ServiceEntry", "istio/serviceentries.networking.istio.io.yaml"),
    ("networking.istio.io/v1", "WorkloadEntry", "istio/workloadentries.networking.istio.io.yaml"),
    ("security.istio.io/v1", "AuthorizationPolicy", "istio/authorizationpolicies.security.istio.io.yaml"),
    ("networking.istio.io/v1", "DestinationRule", "upstream/destinationrules.networking.istio.io.yaml"),
    ("gateway.networking.k8s.io/v1", "Gateway", "gateway-api/gateways.gateway.networking.k8s.io.yaml"),
    // Schema-less (it preserves unknown fields): installer input, checked field by field in tests.
    ("install.istio.io/v1alpha1", "IstioOperator", "istio/istiooperators.install.istio.io.yaml"),
];

/// Every built-in `(apiVersion, kind)` fedc emits, and its schema file in `conformance/kubernetes/`.
pub(crate) const FROM_KUBERNETES: &[(&str, &str, &str)] = &[
    ("v1", "Namespace", "namespace-v1.json"),
    ("v1", "ServiceAccount", "serviceaccount-v1.json"),
    ("v1", "Service", "service-v1.json"),
    ("v1", "ConfigMap", "configmap-v1.json"),
    ("apps/v1", "Deployment", "deployment-apps-v1.json"),
    ("rbac.authorization.k8s.io/v1", "Role", "role-rbac-v1.json"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebinding-rbac-v1.json"),
    ("policy/v1", "PodDisruptionBudget", "poddisruptionbudget-policy-v1.json"),
    ("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscaler-autoscaling-v2.json"),
];

/// The compact schema document for the sources in `conformance` (`…/shared/conformance`).
pub(crate) fn generate(conformance: &Path) -> Result<Value, String> {
    let mut schemas = Vec::new();
    for (api_version, kind, file) in FROM_CRDS {
        schemas.push(from_crd(&conformance.join("crds"), file, api_version, kind)?);
    }
    let definitions = kubernetes::Definitions::read(&conformance.join("kubernetes"))?;
    for (api_version, kind, file) in FROM_KUBERNETES {
        schemas.push(definitions.kind(file, api_version, kind)?);
    }
    schemas.push(json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "source": {"handWritten": "not an API object: kustomize's kustomization.yaml restricted to what fedc writes (fedc::render::schema::tighten::kustomize_config)"},
        "schema": tighten::kustomize_config(),
    }));
    Ok(json!({
        "generator": GENERATOR,
        "note": "Generated: do not edit. Regenerate with scripts/gen-schemas after ../shared/conformance changes.",
        "schemas": schemas,
    }))
}

/// The document as committed: one line per kind (provenance first), the schema compact, so the
/// file stays small (it is compiled in) and a change shows as the lines of the kinds it touches.
pub(crate) fn to_text(document: &Value) -> String {
    let line = |value: &Value| serde_json::to_string(value).unwrap_or_default();
    let entries: Vec<String> =
        document["schemas"].as_array().into_iter().flatten().map(|entry| format!("    {}", line(entry))).collect();
    format!(
        "{{\n  \"generator\": {},\n  \"note\": {},\n  \"schemas\": [\n{}\n  ]\n}}\n",
        line(&document["generator"]),
        line(&document["note"]),
        entries.join(",\n")
    )
}

fn from_crd(crd_dir: &Path, file: &str, api_version: &str, kind: &str) -> Result<Value, String> {
    let path = crd_dir.join(file);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let crd: Value = serde_yaml_ng::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let (group, version) = api_version.split_once('/').ok_or_else(|| format!("{api_version}: no group"))?;
    if crd["spec"]["group"] != json!(group) || crd["spec"]["names"]["kind"] != json!(kind) {
        return Err(format!("{}: not the CRD of {group} {kind}", path.display()));
    }
    let versions = crd["spec"]["versions"].as_array().ok_or_else(|| format!("{}: no versions", path.display()))?;
    let served = versions
        .iter()
        .find(|v| v["name"] == json!(version) && v["served"] == json!(true))
        .ok_or_else(|| format!("{}: version {version} is not served", path.display()))?;
    let open_api = &served["schema"]["openAPIV3Schema"];
    let mut entry = json!({
        "apiVersion": api_version,
        "kind": kind,
        "source": {
            "file": format!("conformance/crds/{file}"),
            "sha256": sha256(&bytes),
            "crd": crd["metadata"]["name"],
            "version": version,
        },
        "schema": tighten::crd_object(open_api, api_version, kind),
    });
    if let Some(structural) = skeleton::of(open_api).map_err(|e| format!("{}: {e}", path.display()))? {
        entry["structural"] = structural;
    }
    Ok(entry)
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `../shared/conformance` (or `$FEDC_SHARED_DIR/conformance`), when present.
pub(crate) fn conformance_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("FEDC_SHARED_DIR") {
        Some(shared) => PathBuf::from(shared),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
    .join("conformance");
    dir.is_dir().then_some(dir)
}

/// Without `../shared` a check skips, visibly, unless FEDC_REQUIRE_CONFORMANCE=1 (CI).
pub(crate) fn skip(reason: &str) {
    let required = std::env::var("FEDC_REQUIRE_CONFORMANCE").is_ok_and(|v| v == "1");
    assert!(!required, "conformance required (FEDC_REQUIRE_CONFORMANCE=1) but {reason}");
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {reason}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/schema/schemas.json")
    }

    /// `scripts/gen-schemas` runs this with FEDC_UPDATE_SCHEMAS=1 to rewrite the file.
    #[test]
    fn committed_schemas_are_fresh() {
        let Some(dir) = conformance_dir() else { return skip("../shared/conformance not found") };
        let fresh = to_text(&generate(&dir).expect("generate schemas"));
        if std::env::var("FEDC_UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
            std::fs::write(committed_path(), &fresh).expect("write schemas.json");
            return;
        }
        assert!(
            super::super::COMPACT == fresh,
            "src/render/schema/schemas.json is stale relative to {}: run scripts/gen-schemas",
            dir.display()
        );
    }

    #[test]
    fn provenance_names_every_source() {
        let document: Value = serde_json::from_str(super::super::COMPACT).expect("schemas.json is JSON");
        assert_eq!(document["generator"], json!(GENERATOR));
        let entries = document["schemas"].as_array().expect("schemas");
        assert_eq!(entries.len(), FROM_CRDS.len() + FROM_KUBERNETES.len() + 1, "every kind, and kustomization.yaml");
        let hex = |v: &Value| v.as_str().is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()));
        for entry in entries {
            let source = &entry["source"];
            let from_crd =
                hex(&source["sha256"]) && source["file"].as_str().is_some_and(|f| f.starts_with("conformance/crds/"));
            let from_kubernetes = hex(&source["sha256"])
                && source["file"].as_str().is_some_and(|f| f.starts_with("conformance/kubernetes/"))
                && hex(&source["definitions"]["sha256"]);
            let hand_written = entry["kind"] == json!("Kustomization")
                && source["handWritten"].as_str().is_some_and(|s| s.starts_with("not an API object"));
            assert!(from_crd || from_kubernetes || hand_written, "{} has no provenance: {source}", entry["kind"]);
        }
    }
}
