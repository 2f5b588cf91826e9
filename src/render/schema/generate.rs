//! Writes `schemas.json`, the compact schemas compiled into fedc: for each kind fedc emits, the
//! served version's `openAPIV3Schema` of its CRD in `../shared/conformance/crds/` (see SOURCES.md
//! there), tightened by [`super::tighten`], with the provenance of each (file, sha256, CRD, version).
//! Run by `scripts/gen-schemas`; a test fails when the committed file is stale.

use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::tighten;

/// Who writes the file (recorded in it).
pub const GENERATOR: &str = "scripts/gen-schemas (fedc::render::schema::generate)";

/// Every `(apiVersion, kind)` fedc emits that a CRD defines, and the CRD file (relative to
/// `conformance/crds/`) whose served version is used.
pub const FROM_CRDS: &[(&str, &str, &str)] = &[
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
    // Federation between Istio meshes (plan/federation_istio).
    ("networking.istio.io/v1", "ServiceEntry", "istio/serviceentries.networking.istio.io.yaml"),
    ("networking.istio.io/v1", "WorkloadEntry", "istio/workloadentries.networking.istio.io.yaml"),
    ("security.istio.io/v1", "AuthorizationPolicy", "istio/authorizationpolicies.security.istio.io.yaml"),
    ("networking.istio.io/v1", "DestinationRule", "upstream/destinationrules.networking.istio.io.yaml"),
    ("gateway.networking.k8s.io/v1", "Gateway", "gateway-api/gateways.gateway.networking.k8s.io.yaml"),
    // Schema-less (it preserves unknown fields): installer input, checked field by field in tests.
    ("install.istio.io/v1alpha1", "IstioOperator", "istio/istiooperators.install.istio.io.yaml"),
];

/// The compact schema document for the CRDs in `crd_dir` (`…/conformance/crds`).
pub fn generate(crd_dir: &Path) -> Result<Value, String> {
    let mut schemas = Vec::new();
    for (api_version, kind, file) in FROM_CRDS {
        schemas.push(from_crd(crd_dir, file, api_version, kind)?);
    }
    schemas.push(json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "source": {"handWritten": "not from a CRD: core/v1 ConfigMap from the Kubernetes API reference (fedc::render::schema::tighten::config_map)"},
        "schema": tighten::config_map(),
    }));
    for ((api_version, kind), schema) in super::core::all() {
        let schema = tighten::with_object_root(tighten::strict(&schema), &api_version, &kind);
        schemas.push(json!({
            "apiVersion": api_version, "kind": kind,
            "source": {"handWritten": "not from a CRD: compact schema from the API reference (fedc::render::schema::core)"},
            "schema": schema,
        }));
    }
    schemas.push(json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "source": {"handWritten": "not from a CRD: kustomize's kustomization.yaml restricted to what fedc writes (fedc::render::schema::tighten::kustomize_config)"},
        "schema": tighten::kustomize_config(),
    }));
    Ok(json!({
        "generator": GENERATOR,
        "note": "Generated: do not edit. Regenerate with scripts/gen-schemas after ../shared/conformance/crds changes.",
        "schemas": schemas,
    }))
}

/// The document as committed: one line per kind (provenance first), the schema compact, so the
/// file stays small (it is compiled in) and a change shows as the lines of the kinds it touches.
pub fn to_text(document: &Value) -> String {
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
    Ok(json!({
        "apiVersion": api_version,
        "kind": kind,
        "source": {
            "file": format!("conformance/crds/{file}"),
            "sha256": hex(&Sha256::digest(&bytes)),
            "crd": crd["metadata"]["name"],
            "version": version,
        },
        "schema": tighten::crd_object(&served["schema"]["openAPIV3Schema"], api_version, kind),
    }))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
