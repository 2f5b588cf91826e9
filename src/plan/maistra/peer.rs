use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use super::{DISCOVERY_PORT, SERVICE_PORT};
use crate::model::{Federation, MeshId};

#[derive(Serialize)]
struct Peer<'a> {
    name: &'a str,
    namespace: &'a str,
    labels: serde_json::Value,
    addresses: Vec<String>,
    /// Only when the peer is reached on other ports than 15443 / 8188 (NodePort).
    service_port: Option<i64>,
    discovery_port: Option<i64>,
    ingress_gateway: String,
    egress_gateway: String,
    trust_domain: &'a str,
    client_id: String,
    ca_config_map: String,
}

#[derive(Serialize)]
struct CaRootCert<'a> {
    name: String,
    namespace: &'a str,
    labels: serde_json::Value,
    pem: String,
}

/// The identity `mesh` accepts discovery from on its ServiceMeshPeer for `peer`: the service
/// account of the peer's egress gateway for `mesh` (maistra-semantics §2, `clientID`).
pub(crate) fn client_id(federation: &Federation, id: MeshId, peer_id: MeshId) -> String {
    let (mesh, peer) = (federation.mesh(id), federation.mesh(peer_id));
    let egress = peer.egress_gateway(&mesh.name.value).value;
    format!("{}/ns/{}/sa/{egress}-service-account", peer.trust_domain.value, peer.namespace.value)
}

/// The ServiceMeshPeer `mesh` holds for `peer`, and the ConfigMap with the peer's root certificate.
pub(crate) fn plan(federation: &Federation, id: MeshId, peer_id: MeshId) -> Vec<PlannedFile> {
    let mesh = federation.mesh(id);
    let peer = federation.mesh(peer_id);
    let cluster = &federation.cluster_of(id).name.value;
    let peer_cluster = &federation.cluster_of(peer_id).name.value;
    // The peer's ingress gateway dedicated to this mesh, and its egress gateway that calls us.
    let remote_gateway = peer.ingress_gateway(&mesh.name.value).value;
    let endpoint = peer.ingress.endpoint_for(&mesh.name.value, &peer.name.value, &remote_gateway, peer_cluster);
    let (service_port, discovery_port) = match endpoint.ports {
        Some((service, discovery)) if (service, discovery) != (SERVICE_PORT, DISCOVERY_PORT) => {
            (Some(service), Some(discovery))
        }
        _ => (None, None),
    };
    let ca_config_map = format!("{}-ca-root-cert", peer.name.value);
    let context = Peer {
        name: &peer.name.value,
        namespace: &mesh.namespace.value,
        labels: common_labels(federation),
        addresses: endpoint.addresses.into_iter().map(|a| a.value).collect(),
        service_port,
        discovery_port,
        ingress_gateway: mesh.ingress_gateway(&peer.name.value).value,
        egress_gateway: mesh.egress_gateway(&peer.name.value).value,
        trust_domain: &peer.trust_domain.value,
        client_id: client_id(federation, id, peer_id),
        ca_config_map: ca_config_map.clone(),
    };
    let namespace = &mesh.namespace.value;
    let peer_object = object_id("federation.maistra.io/v1", "ServiceMeshPeer", namespace, &peer.name.value);
    let mut files = vec![cluster_object(cluster, "maistra/servicemeshpeer.yaml.j2", peer_object, context)];
    let certificate = peer.root_cert.as_ref().and_then(|c| c.certificates.clone());
    if let Some(pem) = certificate {
        let context = CaRootCert { name: ca_config_map.clone(), namespace, labels: common_labels(federation), pem };
        let id = object_id("v1", "ConfigMap", namespace, &ca_config_map);
        files.push(cluster_object(cluster, "maistra/ca-root-cert.yaml.j2", id, context));
    }
    files
}
