//! Objects of both flavours that Argo CD / Flux sync: the control-plane namespace and the
//! `cross-network-gateway` that exposes every `*.local` service through the east-west gateway.

use serde::Serialize;

use super::super::{ObjectId, PlannedFile, cluster_object, common_labels, object_id};
use super::MemberView;
use super::eastwest::{self, NETWORK_LABEL, TLS_PORT};
use crate::plan::federation_istio::exposed_hosts;

#[derive(Serialize)]
struct Namespace<'a> {
    name: &'a str,
    labels: serde_json::Value,
    annotations: serde_json::Value,
}

/// istiod reads its cluster's network from this label; an installer adds it only when it creates
/// the namespace, so it is declared here. Pruning is off: removing the namespace from the output
/// must never delete a running control plane.
pub(crate) fn namespace(view: &MemberView) -> PlannedFile {
    namespace_named(view, view.namespace(), Some(view.network))
}

/// A namespace of the mesh's own (control plane, CNI), never pruned by Argo CD or Flux; `network`
/// labels the control plane's.
pub(crate) fn namespace_named(view: &MemberView, name: &str, network: Option<&str>) -> PlannedFile {
    let mut labels = common_labels(view.federation);
    if let Some(network) = network {
        labels[NETWORK_LABEL] = serde_json::Value::from(network);
    }
    let annotations = serde_json::json!({
        "argocd.argoproj.io/sync-options": "Prune=false",
        "kustomize.toolkit.fluxcd.io/prune": "disabled",
    });
    let id = ObjectId { api_version: "v1".into(), kind: "Namespace".into(), namespace: None, name: name.into() };
    cluster_object(view.cluster, "istio/namespace.yaml.j2", id, Namespace { name, labels, annotations })
}

#[derive(Serialize)]
struct CrossNetworkGateway<'a> {
    name: &'static str,
    namespace: &'a str,
    labels: serde_json::Value,
    selector: Vec<(&'static str, String)>,
    port: i64,
    hosts: Vec<String>,
}

pub(crate) const CROSS_NETWORK_GATEWAY: &str = "cross-network-gateway";

/// `AUTO_PASSTHROUGH` on 15443 for `*.local`: the gateway routes by the SNI the calling sidecar
/// set, without terminating the end-to-end mTLS. A mesh federated with other Istio meshes exposes
/// only what it exports (`federation_istio::exposed_hosts`).
pub(crate) fn cross_network_gateway(view: &MemberView) -> PlannedFile {
    let selector = eastwest::selector(view.network).into_iter().filter(|(k, _)| *k == "istio").collect();
    let context = CrossNetworkGateway {
        name: CROSS_NETWORK_GATEWAY,
        namespace: view.namespace(),
        labels: common_labels(view.federation),
        selector,
        port: TLS_PORT,
        hosts: exposed_hosts(view.federation, view.mesh_id).unwrap_or_else(|| vec!["*.local".to_string()]),
    };
    let id = object_id("networking.istio.io/v1", "Gateway", view.namespace(), CROSS_NETWORK_GATEWAY);
    cluster_object(view.cluster, "istio/cross-network-gateway.yaml.j2", id, context)
}
