//! Lookups by mesh over the federation's peerings, exports and imports, built once on first use:
//! without them, "the peers of a mesh" or "is this pair peered" scan every peering, and rules that
//! ask per mesh or per flow become quadratic on long peering rings or large full peerings.

use std::collections::{BTreeMap, BTreeSet};

use super::{Federation, MeshId};

#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Per mesh (by index), its peers sorted by name, each once.
    peers: Vec<Vec<MeshId>>,
    /// Peered pairs, smaller id first.
    peered: BTreeSet<(MeshId, MeshId)>,
    exports_by_mesh: BTreeMap<MeshId, Vec<usize>>,
    imports_by_mesh: BTreeMap<MeshId, Vec<usize>>,
    /// The first mesh of each name.
    by_name: BTreeMap<String, MeshId>,
}

impl Index {
    /// Built from `peerings`, `exports` and `imports`, which resolving sets before anything asks.
    pub(crate) fn build(federation: &Federation) -> Index {
        let mut peers = vec![Vec::new(); federation.meshes.len()];
        let mut peered = BTreeSet::new();
        for peering in &federation.peerings {
            if peered.insert((peering.a.min(peering.b), peering.a.max(peering.b))) {
                // A mesh peered with itself (a finding of its own) is its own peer, once.
                let sides = if peering.a == peering.b { 1 } else { 2 };
                for (mesh, peer) in [(peering.a, peering.b), (peering.b, peering.a)].into_iter().take(sides) {
                    if let Some(list) = peers.get_mut(mesh.0) {
                        list.push(peer);
                    }
                }
            }
        }
        for list in &mut peers {
            list.sort_by(|a: &MeshId, b: &MeshId| federation.mesh(*a).name.value.cmp(&federation.mesh(*b).name.value));
        }
        let mut exports_by_mesh: BTreeMap<MeshId, Vec<usize>> = BTreeMap::new();
        for (index, block) in federation.exports.iter().enumerate() {
            exports_by_mesh.entry(block.mesh.id).or_default().push(index);
        }
        let mut imports_by_mesh: BTreeMap<MeshId, Vec<usize>> = BTreeMap::new();
        for (index, block) in federation.imports.iter().enumerate() {
            imports_by_mesh.entry(block.mesh.id).or_default().push(index);
        }
        let mut by_name = BTreeMap::new();
        for (index, mesh) in federation.meshes.iter().enumerate() {
            by_name.entry(mesh.name.value.clone()).or_insert(MeshId(index));
        }
        Index { peers, peered, exports_by_mesh, imports_by_mesh, by_name }
    }

    pub(crate) fn peers(&self, mesh: MeshId) -> &[MeshId] {
        self.peers.get(mesh.0).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn mesh_named(&self, name: &str) -> Option<MeshId> {
        self.by_name.get(name).copied()
    }

    pub(crate) fn are_peered(&self, a: MeshId, b: MeshId) -> bool {
        self.peered.contains(&(a.min(b), a.max(b)))
    }

    /// Indices into `Federation::exports` of the blocks of `mesh`, in order.
    pub(crate) fn exports_of(&self, mesh: MeshId) -> &[usize] {
        self.exports_by_mesh.get(&mesh).map_or(&[], Vec::as_slice)
    }

    /// Indices into `Federation::imports` of the blocks of `mesh`, in order.
    pub(crate) fn imports_of(&self, mesh: MeshId) -> &[usize] {
        self.imports_by_mesh.get(&mesh).map_or(&[], Vec::as_slice)
    }
}
