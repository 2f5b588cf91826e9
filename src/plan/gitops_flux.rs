//! Flux Kustomizations, one per cluster directory: in each cluster's own `flux/<cluster>/` (Flux
//! runs in every cluster), or all in `flux/<management cluster>/`, each applying to its cluster
//! through a kubeconfig Secret (one management cluster runs Flux for all).

use serde::Serialize;
use serde_json::{Value, json};

use super::{PlannedFile, common_labels, object_id};
use crate::model::{ClusterId, Federation, Flux, GitOps, MeshTarget};

pub(crate) fn plan(federation: &Federation, gitops: &GitOps, flux: &Flux) -> Vec<PlannedFile> {
    federation
        .clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_partner())
        .map(|(index, cluster)| kustomization(federation, gitops, flux, ClusterId(index), &cluster.name.value))
        .collect()
}

/// A control-plane kind Flux checks: `(apiVersion, kind, expression when Ready, expression when failed)`.
/// Both guard a missing `status.conditions` (a new object has no status yet; without the guard
/// the expression fails to evaluate and Flux waits for the timeout instead of progressing), and
/// `failed` lets Flux report the failure at once (RFC-0009).
type HealthKind = (&'static str, &'static str, &'static str, &'static str);

/// OpenShift Service Mesh 2: `Reconciled` is `False` with one of the operator's error reasons
/// when an install or reconcile fails (maistra/api `status` conditions).
const SMCP: HealthKind = (
    "maistra.io/v2",
    "ServiceMeshControlPlane",
    "has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
    "has(status.conditions) && status.conditions.exists(c, c.type == 'Reconciled' && c.status == 'False' && c.reason in ['InstallError', 'ReconcileError', 'ValidationError', 'DependencyMissingError'])",
);
/// The Sail operator's `Istio` and `IstioCNI`: `Reconciled` is `False` (reason `ReconcileError`)
/// when reconciling fails.
const SAIL_READY: &str =
    "has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')";
const SAIL_FAILED: &str =
    "has(status.conditions) && status.conditions.exists(c, c.type == 'Reconciled' && c.status == 'False')";
const ISTIO: HealthKind = ("sailoperator.io/v1", "Istio", SAIL_READY, SAIL_FAILED);
const ISTIO_CNI: HealthKind = ("sailoperator.io/v1", "IstioCNI", SAIL_READY, SAIL_FAILED);

/// The control-plane objects of one cluster directory, `(kind, name, namespace)`: each `ossm2`
/// mesh's ServiceMeshControlPlane, and for an `ossm3` member the Sail `Istio` and `IstioCNI`
/// (cluster-scoped, named `default`). An `istio` cluster syncs no control plane.
fn control_planes(federation: &Federation, cluster: ClusterId) -> Vec<(HealthKind, String, Option<String>)> {
    let mut found = Vec::new();
    for mesh in &federation.meshes {
        match (mesh.target.value, &mesh.istio) {
            (MeshTarget::Ossm2, _) if mesh.cluster == cluster => {
                found.push((SMCP, mesh.name.value.clone(), Some(mesh.namespace.value.clone())));
            }
            (MeshTarget::Ossm3, Some(istio)) if istio.members.iter().any(|m| m.cluster == cluster) => {
                found.push((ISTIO, "default".to_string(), None));
                found.push((ISTIO_CNI, "default".to_string(), None));
            }
            _ => {}
        }
    }
    found
}

#[derive(Serialize)]
struct FluxContext<'a> {
    name: String,
    namespace: &'a str,
    labels: Value,
    annotations: Value,
    interval: &'a str,
    path: String,
    prune: bool,
    wait: bool,
    timeout: &'a Option<String>,
    retry_interval: &'a str,
    source_kind: &'a str,
    source_name: &'a str,
    depends_on: &'a [String],
    decryption: Option<Value>,
    kube_config: Option<Value>,
    /// The cluster's control planes: Flux reports the Kustomization ready once they are.
    health_checks: Vec<Value>,
    /// One CEL health check per control-plane kind in the directory.
    health_exprs: Vec<Value>,
}

fn kustomization(federation: &Federation, gitops: &GitOps, flux: &Flux, id: ClusterId, cluster: &str) -> PlannedFile {
    let federation_name = &federation.name.value;
    let (path, name, kube_config) = match &flux.management {
        None => (format!("flux/{cluster}/kustomization-{federation_name}.yaml"), federation_name.clone(), None),
        Some(management) => {
            let secret = management.kubeconfig_secrets.get(cluster).cloned().unwrap_or_default();
            let mut secret_ref = json!({ "name": secret });
            if let Some(key) = &management.kubeconfig_key {
                secret_ref["key"] = json!(key);
            }
            let name = format!("{federation_name}-{cluster}");
            (
                format!("flux/{}/kustomization-{name}.yaml", management.cluster.value),
                name,
                Some(json!({ "secretRef": secret_ref })),
            )
        }
    };
    let planes = control_planes(federation, id);
    let health_checks = planes
        .iter()
        .map(|((api_version, kind, ..), name, namespace)| {
            json!({ "apiVersion": api_version, "kind": kind, "name": name, "namespace": namespace })
        })
        .collect();
    let mut kinds: Vec<HealthKind> = planes.iter().map(|(kind, ..)| *kind).collect();
    kinds.sort();
    kinds.dedup();
    let health_exprs = kinds
        .into_iter()
        .map(|(api_version, kind, current, failed)| {
            json!({ "apiVersion": api_version, "kind": kind, "current": current, "failed": failed })
        })
        .collect();
    let decryption = flux.decryption.as_ref().map(|d| match &d.secret {
        Some(secret) => json!({ "provider": d.provider, "secretRef": { "name": secret } }),
        None => json!({ "provider": d.provider }),
    });
    let object = object_id("kustomize.toolkit.fluxcd.io/v1", "Kustomization", &flux.namespace, &name);
    let context = FluxContext {
        name,
        namespace: &flux.namespace,
        labels: common_labels(federation),
        annotations: json!({}),
        interval: &flux.interval,
        path: format!("./{}", gitops.cluster_path(cluster)),
        prune: flux.prune,
        wait: flux.wait,
        timeout: &flux.timeout,
        retry_interval: &flux.retry_interval,
        source_kind: &flux.source_kind,
        source_name: &flux.source_name,
        depends_on: &flux.depends_on,
        decryption,
        kube_config,
        health_checks,
        health_exprs,
    };
    PlannedFile {
        path,
        cluster: None,
        template: "gitops/flux-kustomization.yaml.j2",
        context: serde_json::to_value(context).unwrap_or_default(),
        object: Some(object),
    }
}
