use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use crate::model::{Exposure, Federation, MeshId, SmcpVersion};

#[derive(Serialize)]
struct ControlPlane<'a> {
    name: &'a str,
    namespace: &'a str,
    labels: serde_json::Value,
    version: String,
    /// The mutating webhook sets `gateways.openshiftRoute.enabled: false` on create from v2.5 on.
    openshift_route_off: bool,
    cluster_name: &'a str,
    network: &'a str,
    trust_domain: &'a str,
    ingress: Vec<IngressGateway>,
    egress: Vec<EgressGateway>,
}

#[derive(Serialize)]
struct IngressGateway {
    name: String,
    service_type: &'static str,
    annotations: Vec<(&'static str, &'static str)>,
    /// `(service, discovery)` node ports when exposed as NodePort.
    node_ports: Option<(i64, i64)>,
}

#[derive(Serialize)]
struct EgressGateway {
    name: String,
    /// The network the controller puts the peer's imported endpoints on.
    network_view: String,
}

pub(crate) fn plan(federation: &Federation, id: MeshId, peers: &[MeshId]) -> PlannedFile {
    let mesh = federation.mesh(id);
    let cluster = federation.cluster_of(id);
    let mut ingress = Vec::new();
    let mut egress = Vec::new();
    for &peer in peers {
        let peer_name = &federation.mesh(peer).name.value;
        let (service_type, node_ports) = match &mesh.ingress.exposure {
            Exposure::LoadBalancer { .. } => ("LoadBalancer", None),
            Exposure::NodePort { ports, .. } => {
                ("NodePort", ports.get(peer_name).map(|p| (p.service.value, p.discovery.value)))
            }
        };
        let annotations = match service_type {
            "LoadBalancer" => cluster.platform.value.ingress_annotations().to_vec(),
            _ => Vec::new(),
        };
        ingress.push(IngressGateway {
            name: mesh.ingress_gateway(peer_name).value,
            service_type,
            annotations,
            node_ports,
        });
        egress.push(EgressGateway {
            name: mesh.egress_gateway(peer_name).value,
            network_view: format!("network-{peer_name}"),
        });
    }
    let context = ControlPlane {
        name: &mesh.name.value,
        namespace: &mesh.namespace.value,
        labels: common_labels(federation),
        version: mesh.version.value.to_string(),
        openshift_route_off: mesh.version.value >= SmcpVersion { major: 2, minor: 5 },
        cluster_name: &cluster.name.value,
        network: &cluster.network.value,
        trust_domain: &mesh.trust_domain.value,
        ingress,
        egress,
    };
    let id = object_id("maistra.io/v2", "ServiceMeshControlPlane", &mesh.namespace.value, &mesh.name.value);
    cluster_object(&cluster.name.value, "maistra/servicemeshcontrolplane.yaml.j2", id, context)
}
