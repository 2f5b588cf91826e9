//! Failover sources on the effective names (maistra-semantics §4–§6): a failover of `service` in
//! mesh M to region R goes through the import rule that, in the controller's evaluation, really
//! imports a service of a peer in R under the name `service`. The peer's export rules (and label
//! aliases) are tried in order, first match wins; the exported name is then matched against M's
//! import rules in order, first match wins. A rule whose own pattern would give `service` but that
//! the controller never reaches for it is not a source: the caller learns why (`Cause`).
//!
//! Evaluated on the witness services of `check::effective` (the failover's service is one of
//! them), so exact; when the witness set is too large, on the names each rule could advertise.

use std::collections::BTreeMap;

use super::{Coverage, Name, coverage, exported_to_with, import_of};
use crate::model::{ExportedName, Failover, Federation, ImportBlock, ImportRule, MeshId, ServicePattern};

/// An import rule through which `failover.mesh` really imports the failover's service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FailoverSource {
    pub(crate) peer: MeshId,
    /// Index into `Federation::imports`, and of the rule in that block.
    pub(crate) block: usize,
    pub(crate) rule: usize,
}

/// What one import block of the failing-over mesh does for the failover's service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// Rule `rule` imports the service; `certain` is false when only a label selector of the
    /// peer exports the name it comes from.
    Source { rule: usize, certain: bool },
    /// Rule `rule` would give the service by its own pattern, but the controller never imports
    /// it through that rule, because of `cause`.
    Missed { rule: usize, cause: Cause },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The peer exports `exported`, which the rule would turn into the service, but the earlier
    /// rule `winner` matches it first and imports it as `imported`.
    Shadowed { exported: Name, winner: usize, imported: Name },
    /// The peer does not export `wanted` (the name the rule turns into the service) to the mesh;
    /// `matches_exports`: the rule matches something else the peer exports.
    NotExported { wanted: ServicePattern, matches_exports: bool },
}

/// One import block of the failing-over mesh and its role, if it has one.
#[derive(Debug, Clone)]
pub(crate) struct BlockRole {
    pub(crate) block: usize,
    pub(crate) peer: MeshId,
    pub(crate) in_target_region: bool,
    pub(crate) role: Role,
}

/// What a peer exports to a mesh; `effective`: first-match names on the witness set (else the
/// names each rule could advertise).
struct Exported {
    names: Vec<ExportedName>,
    effective: bool,
}

/// Resolves failovers, evaluating each (exporter, importer) pair once.
pub(crate) struct Resolver<'a> {
    fed: &'a Federation,
    exported: BTreeMap<(MeshId, MeshId), Exported>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(fed: &'a Federation) -> Self {
        Resolver { fed, exported: BTreeMap::new() }
    }

    /// The sources of `failover`: per import block from a peer whose imported locality is in the
    /// target region, the rule that really imports the service.
    pub(crate) fn sources(&mut self, failover: &Failover) -> Vec<FailoverSource> {
        let roles = self.roles(failover).into_iter().filter(|r| r.in_target_region);
        roles
            .filter_map(|r| match r.role {
                Role::Source { rule, .. } => Some(FailoverSource { peer: r.peer, block: r.block, rule }),
                Role::Missed { .. } => None,
            })
            .collect()
    }

    /// Every import block of the failover's mesh (any region) that imports the service or has a
    /// rule meant to.
    pub(crate) fn roles(&mut self, failover: &Failover) -> Vec<BlockRole> {
        let fed = self.fed;
        let mut roles = Vec::new();
        for (index, block) in fed.imports_of(failover.mesh.id) {
            let region = fed.import_locality(block).and_then(|l| l.region).map(|r| r.value);
            let in_target_region = region.as_deref() == Some(failover.to.value.as_str());
            let exported = self.exported_for(block.from.id, block.mesh.id);
            if let Some(role) = role_of(block, &failover.service, exported) {
                roles.push(BlockRole { block: index, peer: block.from.id, in_target_region, role });
            }
        }
        roles
    }

    fn exported_for(&mut self, from: MeshId, to: MeshId) -> &Exported {
        let fed = self.fed;
        self.exported.entry((from, to)).or_insert_with(|| {
            let (names, effective) = exported_to_with(fed, from, to);
            Exported { names, effective }
        })
    }
}

/// The sources of one failover (see [`Resolver::sources`]).
pub(crate) fn sources(fed: &Federation, failover: &Failover) -> Vec<FailoverSource> {
    Resolver::new(fed).sources(failover)
}

/// The service the rule gives, by its own pattern (the rule as written).
pub(crate) fn written_result(rule: &ImportRule) -> ServicePattern {
    rule.alias.as_ref().map_or_else(|| rule.service.clone(), |a| a.apply(&rule.service))
}

fn role_of(block: &ImportBlock, service: &crate::model::ServiceName, exported: &Exported) -> Option<Role> {
    if exported.effective
        && let Some(source) = effective_source(block, service, &exported.names)
    {
        return Some(source);
    }
    let (namespace, name) = (service.namespace.as_str(), service.name.as_str());
    let candidate =
        block.rules.iter().position(|r| r.label_selector.is_none() && written_result(r).matches(namespace, name))?;
    let rule = &block.rules[candidate];
    let wanted = rule.exported_name_of(service);
    let matches_exports = coverage(&rule.service, &exported.names) != Coverage::None;
    if !exported.effective {
        // No first-match evaluation: the rule counts if the peer may advertise the wanted name.
        return Some(match coverage(&wanted, &exported.names) {
            Coverage::Resolved => Role::Source { rule: candidate, certain: true },
            Coverage::Unresolved => Role::Source { rule: candidate, certain: false },
            Coverage::None => Role::Missed { rule: candidate, cause: Cause::NotExported { wanted, matches_exports } },
        });
    }
    let cause =
        shadowing(block, candidate, &wanted, &exported.names).unwrap_or(Cause::NotExported { wanted, matches_exports });
    Some(Role::Missed { rule: candidate, cause })
}

/// The first rule that imports an exported name as `service` (label-selected names only when no
/// name exported for certain gets there through that rule).
fn effective_source(block: &ImportBlock, service: &crate::model::ServiceName, names: &[ExportedName]) -> Option<Role> {
    let mut best: Option<(usize, bool)> = None;
    for exported in names {
        let (namespace, name) = (exported.name.namespace.as_crd(), exported.name.name.as_crd());
        let Some((rule, imported)) = import_of(&block.rules, namespace, name) else { continue };
        if imported.0 != service.namespace || imported.1 != service.name {
            continue;
        }
        best = match best {
            Some((first, certain)) if first < rule => Some((first, certain)),
            Some((first, certain)) if first == rule => Some((first, certain || exported.resolved)),
            _ => Some((rule, exported.resolved)),
        };
    }
    best.map(|(rule, certain)| Role::Source { rule, certain })
}

/// An exported name the candidate rule would turn into the service, taken by an earlier rule
/// (names exported for certain first).
fn shadowing(block: &ImportBlock, candidate: usize, wanted: &ServicePattern, names: &[ExportedName]) -> Option<Cause> {
    let mut ordered: Vec<&ExportedName> = names.iter().collect();
    ordered.sort_by_key(|e| !e.resolved);
    ordered.into_iter().find_map(|e| {
        let (namespace, name) = (e.name.namespace.as_crd(), e.name.name.as_crd());
        if !wanted.matches(namespace, name) {
            return None;
        }
        let (winner, imported) = import_of(&block.rules, namespace, name)?;
        let exported = (namespace.to_string(), name.to_string());
        (winner < candidate).then_some(Cause::Shadowed { exported, winner, imported })
    })
}
