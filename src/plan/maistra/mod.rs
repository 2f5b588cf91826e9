//! OpenShift Service Mesh 2.x federation (`federation.maistra.io/v1`, `maistra.io/v2`): per mesh,
//! its control plane and, per peer, a ServiceMeshPeer, CA ConfigMap, export and import sets;
//! per failover, a DestinationRule. See ../shared/reference/maistra-semantics.md.

mod control_plane;
pub(crate) mod export_set;
pub(crate) mod failover;
pub(crate) mod flow_index;
mod handoff;
pub(crate) mod import_set;
pub(crate) mod peer;

use flow_index::FlowIndex;

use super::PlannedFile;
use crate::model::Federation;

/// Every file of the `ossm2` meshes, in pieces, so that a caller can render and drop each before
/// the next is planned: one per mesh (its control plane and, per peer, its federation objects),
/// then the failovers and partner handoffs.
pub(crate) fn chunks(federation: &Federation) -> impl Iterator<Item = Vec<PlannedFile>> + '_ {
    let index = FlowIndex::new(federation);
    // `istio`/`ossm3` meshes are planned by `plan/istio/`; the checker refuses peering them.
    // Partner meshes are run by someone else: nothing goes into their clusters.
    let ours = |m: &crate::model::MeshId| federation.mesh(*m).istio.is_none() && !federation.is_partner(*m);
    let meshes: Vec<_> = federation.mesh_ids().filter(ours).collect();
    let per_mesh = meshes.into_iter().map(move |mesh| plan_mesh(federation, &index, mesh));
    per_mesh.chain(std::iter::once_with(move || plan_rest(federation)))
}

fn plan_mesh(federation: &Federation, index: &FlowIndex, mesh: crate::model::MeshId) -> Vec<PlannedFile> {
    let peers = federation.peers_of(mesh);
    let mut files = vec![control_plane::plan(federation, mesh, &peers)];
    for &peer in &peers {
        files.extend(peer::plan(federation, mesh, peer));
        files.extend(export_set::plan(federation, index, mesh, peer));
        files.extend(import_set::plan(federation, index, mesh, peer));
    }
    files
}

fn plan_rest(federation: &Federation) -> Vec<PlannedFile> {
    let our_failovers = federation
        .failovers
        .iter()
        .filter(|f| federation.mesh(f.mesh.id).istio.is_none() && !federation.is_partner(f.mesh.id));
    let mut files: Vec<PlannedFile> = our_failovers.map(|f| failover::plan(federation, f)).collect();
    files.extend(handoff::plan(federation));
    files
}

/// Federation gateway ports: hard-coded on the gateway side by the controller.
pub(crate) const SERVICE_PORT: i64 = 15443;
pub(crate) const DISCOVERY_PORT: i64 = 8188;
