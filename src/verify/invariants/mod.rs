//! The federation's invariants, one per file, each over the objects as read back: what the
//! controllers need to agree on for a flow to work. On fedc's own rendering they hold (the
//! topology's checks and the planner make sure); a violation comes from a template override or an
//! overlay, which `finding` names.

mod ca_roots;
mod client_ids;
mod cross_network_tls;
mod dns_capture;
mod eastwest;
mod endpoints;
mod export_scope;
mod failover_local;
mod failover_outlier;
mod failover_rule;
mod gateways;
mod import_endpoints;
mod imports_exported;
mod istio_identity;
mod istio_networks;
mod istio_trust;
mod trust_domains;

use rayon::prelude::*;

use super::finding::Violation;
use super::readback::{ReadBack, Seen};
use crate::model::{Federation, MeshId, MeshTarget};

/// One invariant: appends a violation per place the objects break it.
type Invariant = for<'a> fn(&Objects<'a>, &mut Vec<Violation<'a>>);

const ALL: [Invariant; 16] = [
    trust_domains::check,
    client_ids::check,
    gateways::check,
    ca_roots::check,
    imports_exported::check,
    failover_local::check,
    failover_outlier::check,
    failover_rule::check,
    istio_identity::check,
    istio_networks::check,
    istio_trust::check,
    cross_network_tls::check,
    dns_capture::check,
    import_endpoints::check,
    eastwest::check,
    export_scope::check,
];

/// Every violation, invariant by invariant.
pub(crate) fn violations<'a>(readback: &'a ReadBack, federation: &'a Federation) -> Vec<Violation<'a>> {
    let objects = Objects { readback, federation };
    // The invariants are independent: they run on every core, their violations kept in order.
    let found: Vec<Vec<Violation<'a>>> = ALL
        .par_iter()
        .map(|invariant| {
            let mut found = Vec::new();
            invariant(&objects, &mut found);
            found
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// The objects read back, looked up by the federation's meshes.
pub(crate) struct Objects<'a> {
    pub(crate) readback: &'a ReadBack,
    pub(crate) federation: &'a Federation,
}

impl<'a> Objects<'a> {
    /// The OpenShift Service Mesh 2 meshes whose objects fedc emits (partners' are not ours).
    fn ossm2_meshes(&self) -> impl Iterator<Item = MeshId> + 'a {
        let federation = self.federation;
        federation
            .mesh_ids()
            .filter(move |id| federation.mesh(*id).target.value == MeshTarget::Ossm2 && !federation.is_partner(*id))
    }

    /// The control plane of an OSSM 2 mesh.
    fn control_plane(&self, mesh: MeshId) -> Option<&'a Seen> {
        let (m, cluster) = (self.federation.mesh(mesh), &self.federation.cluster_of(mesh).name.value);
        self.readback.object(cluster, "ServiceMeshControlPlane", &m.namespace.value, &m.name.value)
    }

    /// An OSSM 2 mesh's object of `kind` for its peer `peer` (ServiceMeshPeer, export and import sets).
    fn for_peer(&self, mesh: MeshId, kind: &str, peer: MeshId) -> Option<&'a Seen> {
        let (m, cluster) = (self.federation.mesh(mesh), &self.federation.cluster_of(mesh).name.value);
        self.readback.object(cluster, kind, &m.namespace.value, &self.federation.mesh(peer).name.value)
    }

    /// Every (mesh, peer) both managed OSSM 2 meshes, peered.
    fn ossm2_pairs(&self) -> Vec<(MeshId, MeshId)> {
        let ours: std::collections::BTreeSet<MeshId> = self.ossm2_meshes().collect();
        let mut pairs = Vec::new();
        for mesh in &ours {
            let peers = self.federation.index().peers(*mesh).iter().filter(|p| ours.contains(p));
            pairs.extend(peers.map(|peer| (*mesh, *peer)));
        }
        pairs
    }

    /// The clusters of each `istio`/`ossm3` mesh, by name.
    fn istio_meshes(&self) -> Vec<(MeshId, Vec<&'a str>)> {
        let federation = self.federation;
        federation
            .mesh_ids()
            .filter_map(|id| {
                let istio = federation.mesh(id).istio.as_ref()?;
                let clusters = istio.members.iter().map(|m| federation.cluster(m.cluster).name.value.as_str());
                Some((id, clusters.collect()))
            })
            .collect()
    }

    /// The control-plane configuration of `cluster`: the Sail `Istio`, or the IstioOperator that
    /// sets a mesh ID (the east-west gateway's does not).
    fn istio_control_plane(&self, cluster: &str) -> Option<&'a Seen> {
        let readback = self.readback;
        let sail = readback.in_cluster(cluster, "Istio").next();
        sail.or_else(|| readback.in_cluster(cluster, "IstioOperator").find(|s| !s.fact("mesh ID").is_null()))
    }
}

/// The name of a mesh, for messages.
fn name(federation: &Federation, mesh: MeshId) -> &str {
    &federation.mesh(mesh).name.value
}
