//! Flux Kustomizations, one per cluster directory: in each cluster's own `flux/<cluster>/` (Flux
//! runs in every cluster), or all in `flux/<management cluster>/`, each applying to its cluster
//! through a kubeconfig Secret (one management cluster runs Flux for all).

use serde::Serialize;
use serde_json::{Value, json};

use super::{PlannedFile, common_labels, object_id};
use crate::model::{Federation, Flux, GitOps};

pub fn plan(federation: &Federation, gitops: &GitOps, flux: &Flux) -> Vec<PlannedFile> {
    federation
        .clusters
        .iter()
        .filter(|c| !c.is_partner())
        .enumerate()
        .map(|(index, cluster)| kustomization(federation, gitops, flux, index, &cluster.name.value))
        .collect()
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
    source_kind: &'a str,
    source_name: &'a str,
    depends_on: &'a [String],
    decryption: Option<Value>,
    kube_config: Option<Value>,
    /// The cluster's control planes: Flux reports the Kustomization ready once they are.
    health_checks: Vec<Value>,
}

fn kustomization(federation: &Federation, gitops: &GitOps, flux: &Flux, index: usize, cluster: &str) -> PlannedFile {
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
    let health_checks = federation
        .meshes
        .iter()
        .filter(|m| m.cluster.0 == index)
        .map(|m| json!({ "name": m.name.value, "namespace": m.namespace.value }))
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
        source_kind: &flux.source_kind,
        source_name: &flux.source_name,
        depends_on: &flux.depends_on,
        decryption,
        kube_config,
        health_checks,
    };
    PlannedFile {
        path,
        cluster: None,
        template: "gitops/flux-kustomization.yaml.j2",
        context: serde_json::to_value(context).unwrap_or_default(),
        object: Some(object),
    }
}
