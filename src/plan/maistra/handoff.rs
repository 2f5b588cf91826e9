//! The hand-off file for a partner mesh (a mesh on a `managed = false` cluster, run by someone
//! else): `partners/<partner>.yaml`, outside the synced `clusters/` directories, with what its team
//! must configure to peer with each of our meshes, in the topology's own terms (a document for
//! people, not a Kubernetes object): the addresses and ports they dial, our trust domain, root
//! certificate and egress identity, the names we export to them (effective, first match wins) and
//! the names we import from them.

use serde::Serialize;
use serde_json::json;

use super::super::PlannedFile;
use super::{DISCOVERY_PORT, SERVICE_PORT};
use crate::check::effective::{Exports, shown};
use crate::model::{Federation, MeshId};

#[derive(Serialize)]
struct OurMesh {
    /// Name their ServiceMeshPeer, ExportedServiceSet and ImportedServiceSet for us must have.
    name: String,
    trust_domain: String,
    namespace: String,
    /// What they dial to reach the ingress gateway we dedicate to them.
    addresses: Vec<String>,
    service_port: i64,
    discovery_port: i64,
    /// The identity our egress gateway presents to them (their `clientID` for us).
    client_id: String,
    root_cert_pem: Option<String>,
    /// Names we export to them: what their import rules can match.
    exports_to_you: Vec<String>,
    /// Our import rules (`namespace/name` of what they export): what they must export to us.
    imports_from_you: Vec<String>,
}

pub fn plan(federation: &Federation) -> Vec<PlannedFile> {
    let partners = federation.mesh_ids().filter(|m| federation.is_partner(*m));
    partners.map(|partner| handoff(federation, partner)).collect()
}

fn handoff(federation: &Federation, partner: MeshId) -> PlannedFile {
    let partner_name = &federation.mesh(partner).name.value;
    let ours = federation.peers_of(partner).into_iter().filter(|m| !federation.is_partner(*m));
    let meshes: Vec<OurMesh> = ours.map(|mesh| our_mesh(federation, mesh, partner)).collect();
    let context = json!({ "partner": partner_name, "federation": federation.name.value, "peers": meshes });
    PlannedFile {
        path: format!("partners/{partner_name}.yaml"),
        cluster: None,
        template: "maistra/partner-handoff.yaml.j2",
        context,
        object: None,
    }
}

fn our_mesh(federation: &Federation, id: MeshId, partner: MeshId) -> OurMesh {
    let mesh = federation.mesh(id);
    let partner_name = &federation.mesh(partner).name.value;
    let cluster = &federation.cluster_of(id).name.value;
    let gateway = mesh.ingress_gateway(partner_name).value;
    let endpoint = mesh.ingress.endpoint_for(partner_name, &mesh.name.value, &gateway, cluster);
    let (service_port, discovery_port) = endpoint.ports.unwrap_or((SERVICE_PORT, DISCOVERY_PORT));
    let exported = Exports::of(federation, id, partner).map(|e| e.names()).unwrap_or_default();
    let mut exports_to_you: Vec<String> = exported.iter().map(|e| shown(&e.name)).collect();
    exports_to_you.dedup();
    let imports = federation.imports_of(id).filter(|(_, b)| b.from.id == partner);
    let imports_from_you = imports.flat_map(|(_, b)| b.rules.iter().map(|r| r.service.to_string())).collect();
    OurMesh {
        name: mesh.name.value.clone(),
        trust_domain: mesh.trust_domain.value.clone(),
        namespace: mesh.namespace.value.clone(),
        addresses: endpoint.addresses.into_iter().map(|a| a.value).collect(),
        service_port,
        discovery_port,
        client_id: format!(
            "{}/ns/{}/sa/{}-service-account",
            mesh.trust_domain.value,
            mesh.namespace.value,
            mesh.egress_gateway(partner_name).value
        ),
        root_cert_pem: mesh.root_cert.as_ref().and_then(|c| c.pem.clone()),
        exports_to_you,
        imports_from_you,
    }
}
