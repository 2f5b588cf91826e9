//! OpenShift Service Mesh 2.x federation (`federation.maistra.io/v1`, `maistra.io/v2`): per mesh,
//! its control plane and, per peer, a ServiceMeshPeer, CA ConfigMap, export and import sets;
//! per failover, a DestinationRule. See ../shared/reference/maistra-semantics.md.

mod control_plane;
mod export_set;
mod failover;
mod flow_index;
mod handoff;
mod import_set;
mod peer;

use flow_index::FlowIndex;

use super::PlannedFile;
use crate::model::Federation;

pub fn plan(federation: &Federation) -> Vec<PlannedFile> {
    let index = FlowIndex::new(federation);
    let mut files = Vec::new();
    // `istio`/`ossm3` meshes are planned by `plan/istio/`; the checker refuses peering them.
    // Partner meshes are run by someone else: nothing goes into their clusters.
    let ours = |m: &crate::model::MeshId| federation.mesh(*m).istio.is_none() && !federation.is_partner(*m);
    for mesh in federation.mesh_ids().filter(ours) {
        let peers = federation.peers_of(mesh);
        files.push(control_plane::plan(federation, mesh, &peers));
        for &peer in &peers {
            files.extend(peer::plan(federation, mesh, peer));
            files.extend(export_set::plan(federation, &index, mesh, peer));
            files.extend(import_set::plan(federation, &index, mesh, peer));
        }
    }
    let our_failovers = federation
        .failovers
        .iter()
        .filter(|f| federation.mesh(f.mesh.id).istio.is_none() && !federation.is_partner(f.mesh.id));
    files.extend(our_failovers.map(|f| failover::plan(federation, f)));
    files.extend(handoff::plan(federation));
    files
}

/// Federation gateway ports: hard-coded on the gateway side by the controller.
pub const SERVICE_PORT: i64 = 15443;
pub const DISCOVERY_PORT: i64 = 8188;
