use super::{
    Cluster, ClusterId, ExpiryWarning, ExportBlock, ExportRule, Failover, GitOps, ImportBlock, Index, Located, Mesh,
    MeshId, Overlay, Peering,
};

/// The topology with every reference resolved to an index and every default filled in.
/// Produced by `check::resolve`; once the rules pass, `plan` turns it into objects.
#[derive(Debug, Clone)]
pub(crate) struct Federation {
    pub(crate) name: Located<String>,
    pub(crate) target: Target,
    pub(crate) gitops: Option<GitOps>,
    pub(crate) clusters: Vec<Cluster>,
    pub(crate) meshes: Vec<Mesh>,
    pub(crate) peerings: Vec<Peering>,
    pub(crate) exports: Vec<ExportBlock>,
    pub(crate) imports: Vec<ImportBlock>,
    pub(crate) failovers: Vec<Failover>,
    pub(crate) overlays: Vec<Overlay>,
    /// `[federation] certificate_expiry_warning`, or its default.
    pub(crate) certificate_expiry_warning: Located<ExpiryWarning>,
    /// Lookups by mesh, built on first use (after resolving has set peerings, exports, imports).
    pub(crate) index: std::sync::OnceLock<Index>,
}

/// The mesh product the output is for. OSSM 3 / upstream Istio multi-network is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// OpenShift Service Mesh 2.x federation (`federation.maistra.io`).
    Maistra,
}

impl Federation {
    pub(crate) fn mesh(&self, id: MeshId) -> &Mesh {
        &self.meshes[id.0]
    }

    pub(crate) fn cluster(&self, id: ClusterId) -> &Cluster {
        &self.clusters[id.0]
    }

    pub(crate) fn cluster_of(&self, mesh: MeshId) -> &Cluster {
        self.cluster(self.mesh(mesh).cluster)
    }

    /// Whether `mesh` is run by someone else (its cluster has `managed = false`).
    pub(crate) fn is_partner(&self, mesh: MeshId) -> bool {
        self.cluster_of(mesh).is_partner()
    }

    pub(crate) fn mesh_ids(&self) -> impl Iterator<Item = MeshId> + '_ {
        (0..self.meshes.len()).map(MeshId)
    }

    pub(crate) fn mesh_named(&self, name: &str) -> Option<MeshId> {
        self.index().mesh_named(name)
    }

    pub(crate) fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(self))
    }

    /// Peers of `mesh`, sorted by name, each once.
    pub(crate) fn peers_of(&self, mesh: MeshId) -> Vec<MeshId> {
        self.index().peers(mesh).to_vec()
    }

    pub(crate) fn are_peered(&self, a: MeshId, b: MeshId) -> bool {
        self.index().are_peered(a, b)
    }

    /// Export rules `mesh` applies to `peer`, in the order written.
    pub(crate) fn export_rules(&self, mesh: MeshId, peer: MeshId) -> impl Iterator<Item = &ExportRule> {
        let blocks = self.index().exports_of(mesh).iter().map(|i| &self.exports[*i]);
        blocks.filter(move |b| b.applies_to(peer)).flat_map(|b| b.rules.iter())
    }

    /// The import blocks of `mesh` with their indices into `imports`, in order.
    pub(crate) fn imports_of(&self, mesh: MeshId) -> impl Iterator<Item = (usize, &ImportBlock)> {
        self.index().imports_of(mesh).iter().map(|i| (*i, &self.imports[*i]))
    }
}
