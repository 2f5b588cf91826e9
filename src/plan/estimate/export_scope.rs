//! Export-scope AuthorizationPolicies in the estimate (`plan::federation_istio::scope`): at most
//! one per exporter cluster and target, a target being a Service or namespace an export rule names
//! with an exact namespace, or a Service a peer imports by exact name (a wildcard import takes only
//! names exported by name, whose Services the export rules already count).

use std::collections::{BTreeMap, BTreeSet};

use crate::load::Topology;

/// Upper bound of the policies, given the member-cluster count of every `istio`/`ossm3` mesh.
pub(super) fn policies(topology: &Topology, members: &BTreeMap<&str, u64>) -> u64 {
    let mut targets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for export in topology.exports.iter().map(|e| e.get_ref()) {
        let named = export.rules.iter().filter_map(|r| r.get_ref().service.as_ref()).map(|s| s.get_ref().as_str());
        let entry = targets.entry(export.mesh.get_ref().as_str()).or_default();
        entry.extend(named.filter(|s| !s.starts_with('*')));
    }
    for import in topology.imports.iter().map(|i| i.get_ref()) {
        let exact = import.rules.iter().filter_map(|r| r.get_ref().service.as_ref()).map(|s| s.get_ref().as_str());
        targets.entry(import.from.get_ref().as_str()).or_default().extend(exact.filter(|s| !s.contains('*')));
    }
    let per_mesh =
        targets.iter().map(|(mesh, t)| (t.len() as u64).saturating_mul(members.get(mesh).copied().unwrap_or(0)));
    per_mesh.fold(0, u64::saturating_add)
}
