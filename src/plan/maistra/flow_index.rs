//! Lookups the per-peer planners need, computed once: a federation of 200 meshes has ~40k
//! (mesh, peer) pairs, so scanning every block per pair would be quadratic.

use std::collections::BTreeMap;

use crate::check::effective::failover::Resolver;
use crate::model::{ExportRule, Federation, ImportBlock, MeshId, ServiceName};

pub(crate) struct FlowIndex<'a> {
    exports_by_mesh: BTreeMap<MeshId, Vec<usize>>,
    import_by_pair: BTreeMap<(MeshId, MeshId), usize>,
    /// Per (import block, rule) index: the services that fail over through that rule.
    failovers: BTreeMap<(usize, usize), Vec<&'a ServiceName>>,
    federation: &'a Federation,
}

impl<'a> FlowIndex<'a> {
    pub(crate) fn new(federation: &'a Federation) -> Self {
        let mut exports_by_mesh: BTreeMap<MeshId, Vec<usize>> = BTreeMap::new();
        for (index, block) in federation.exports.iter().enumerate() {
            exports_by_mesh.entry(block.mesh.id).or_default().push(index);
        }
        let mut import_by_pair = BTreeMap::new();
        for (index, block) in federation.imports.iter().enumerate() {
            import_by_pair.entry((block.mesh.id, block.from.id)).or_insert(index);
        }
        let mut failovers: BTreeMap<(usize, usize), Vec<&ServiceName>> = BTreeMap::new();
        // Sources on the effective names (first match on both sides), as the checker sees them.
        let mut resolver = Resolver::new(federation);
        for failover in &federation.failovers {
            for source in resolver.sources(failover) {
                failovers.entry((source.block, source.rule)).or_default().push(&failover.service);
            }
        }
        Self { exports_by_mesh, import_by_pair, failovers, federation }
    }

    /// Export rules `mesh` applies to `peer`, in the order written.
    pub(crate) fn export_rules(&self, mesh: MeshId, peer: MeshId) -> impl Iterator<Item = &'a ExportRule> + '_ {
        let blocks = self.exports_by_mesh.get(&mesh).map_or(&[][..], Vec::as_slice);
        blocks
            .iter()
            .map(|i| &self.federation.exports[*i])
            .filter(move |b| b.applies_to(peer))
            .flat_map(|b| b.rules.iter())
    }

    /// The import block of `mesh` for `peer` (the checker refuses duplicates) and its index.
    pub(crate) fn import_block(&self, mesh: MeshId, peer: MeshId) -> Option<(usize, &'a ImportBlock)> {
        let index = *self.import_by_pair.get(&(mesh, peer))?;
        Some((index, &self.federation.imports[index]))
    }

    pub(crate) fn failovers_through(&self, block: usize, rule: usize) -> Vec<&'a ServiceName> {
        self.failovers.get(&(block, rule)).cloned().unwrap_or_default()
    }
}
