//! Partner meshes in the estimate: what is emitted for meshes on `managed = false` clusters (their
//! hand-off) and what is not (anything in their cluster).

use std::collections::{BTreeMap, BTreeSet};

use super::Counter;
use crate::load::{Loaded, MeshDef, Topology};

/// A partner's hand-off topology (`partners/<partner>/federation.toml`), plus per mesh of ours in it.
pub(super) const HANDOFF_TOPOLOGY: u64 = 1_300;
pub(super) const HANDOFF_PER_MESH: u64 = 700;

/// Which meshes are partners (on a `managed = false` cluster), by name.
pub(super) struct Partners<'a> {
    pub(super) meshes: BTreeSet<&'a str>,
}

impl<'a> Partners<'a> {
    pub(super) fn of(topology: &'a Topology) -> Self {
        let unmanaged: BTreeSet<&str> = topology
            .clusters
            .iter()
            .map(|c| c.get_ref())
            .filter(|c| c.managed.as_ref().is_some_and(|m| !*m.get_ref()))
            .map(|c| c.name.get_ref().as_str())
            .collect();
        let meshes = topology
            .meshes
            .iter()
            .map(|m| m.get_ref())
            .filter(|m| m.cluster.as_ref().is_some_and(|c| unmanaged.contains(c.get_ref().as_str())))
            .map(|m| m.name.get_ref().as_str())
            .collect();
        Partners { meshes }
    }

    pub(super) fn contains(&self, mesh: &str) -> bool {
        self.meshes.contains(mesh)
    }
}

/// A mesh's peers: all of them, and those that are ours (not partners).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PeerCount {
    pub(super) all: u64,
    pub(super) ours: u64,
}

/// Peers per mesh name: every `[[peerings]]` entry of n meshes gives each of them n − 1 peers.
pub(super) fn peer_counts<'a>(topology: &'a Topology, partners: &Partners) -> BTreeMap<&'a str, PeerCount> {
    let mut peers: BTreeMap<&str, PeerCount> = BTreeMap::new();
    for entry in &topology.peerings {
        let names = &entry.get_ref().meshes;
        let ours_in_entry = names.iter().filter(|n| !partners.contains(n.get_ref())).count() as u64;
        let others = (names.len() as u64).saturating_sub(1);
        for name in names {
            let is_ours = u64::from(!partners.contains(name.get_ref()));
            let count = peers.entry(name.get_ref().as_str()).or_default();
            count.all = count.all.saturating_add(others);
            count.ours = count.ours.saturating_add(ours_in_entry - is_ours);
        }
    }
    peers
}

/// The root certificate a mesh names, when it was read.
pub(super) fn pem_of<'a>(loaded: &'a Loaded, mesh: &MeshDef) -> Option<&'a String> {
    let path = mesh.root_cert.as_ref()?;
    loaded.attachments.get(path.get_ref()).and_then(|pem| pem.as_ref().ok())
}

/// Per partner that peers with a mesh of ours, its hand-off (`partners/<partner>/`): the topology
/// and the root certificates it names, the partner's own and those of our meshes it peers with
/// (written as read, without a header). Linear: certificate sizes are summed per peering entry.
pub(super) fn handoffs(loaded: &Loaded, partners: &Partners, peers: &BTreeMap<&str, PeerCount>, files: &mut Counter) {
    let topology = &loaded.topology;
    let mesh_defs: BTreeMap<&str, &MeshDef> =
        topology.meshes.iter().map(|m| m.get_ref()).map(|m| (m.name.get_ref().as_str(), m)).collect();
    let cert_size = |name: &str| mesh_defs.get(name).and_then(|m| pem_of(loaded, m)).map(|t| t.len() as u64);
    let mut certs: BTreeMap<&str, Counter> = BTreeMap::new();
    for entry in &topology.peerings {
        let names = &entry.get_ref().meshes;
        let mut ours = Counter::default();
        for size in names.iter().filter(|n| !partners.contains(n.get_ref())).filter_map(|n| cert_size(n.get_ref())) {
            ours.add(1, size);
        }
        for name in names.iter().filter(|n| partners.contains(n.get_ref())) {
            let counter = certs.entry(name.get_ref().as_str()).or_default();
            counter.files = counter.files.saturating_add(ours.files);
            counter.bytes = counter.bytes.saturating_add(ours.bytes);
        }
    }
    for partner in &partners.meshes {
        let ours = peers.get(partner).map_or(0, |c| c.ours);
        if ours == 0 {
            continue; // nothing of ours to peer with: no hand-off
        }
        files.add(1, HANDOFF_TOPOLOGY.saturating_add(ours.saturating_mul(HANDOFF_PER_MESH)));
        if let Some(size) = cert_size(partner) {
            files.add(1, size);
        }
        let theirs = certs.get(partner).map_or((0, 0), |c| (c.files, c.bytes));
        files.files = files.files.saturating_add(theirs.0);
        files.bytes = files.bytes.saturating_add(theirs.1);
    }
}
