//! The expected state, from the topology through fedc's own pipeline: one element per thing the
//! topology says (each peering in both directions, each export rule per peer, each import rule,
//! each failover, and for `istio`/`ossm3` meshes each member cluster's network, east-west gateway
//! and remote secrets), with the objects fedc generates for it. Which objects those are is asked
//! of the planner's own functions (`plan::maistra`, `plan::istio`, `plan::federation_istio`), so
//! `status` can never look for a name `build` does not write.

use crate::model::{ExportRule, Federation, MeshId, Pattern};
use crate::plan::maistra::flow_index::FlowIndex;
use crate::plan::maistra::{export_set, failover, import_set, peer};
use crate::plan::{ObjectId, PlannedFile};
use crate::source::Span;

use super::expected_istio::IstioPlan;
use super::snapshot::Key;

/// An object fedc generates, and the cluster it goes to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Placed {
    pub(crate) cluster: String,
    pub(crate) key: Key,
}

/// What an element is about, and so how its status is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum What {
    /// `mesh`'s ServiceMeshPeer for `peer`: our istiod watching the peer, the peer's istiod
    /// connected to us.
    Peer { mesh: MeshId, peer: MeshId },
    /// Rule `rule` of what `mesh` exports to `peer` (`Federation::export_rules`' order).
    Export { mesh: MeshId, peer: MeshId, rule: usize },
    /// Rule `rule` of import block `block`.
    Import { block: usize, rule: usize },
    /// Failover `index`: the DestinationRule, and the import it goes through.
    Failover { index: usize },
    /// `istio`/`ossm3`: objects whose presence is what can be told without a data plane.
    Present,
    /// The control-plane namespace's `topology.istio.io/network` label on one member cluster.
    Network { network: String },
    /// The east-west gateway Service's external address on one member cluster.
    EastWest { network: String, address: Option<String> },
    /// Nothing fedc generates shows it; the reason.
    NotChecked(String),
}

/// Groups of the report, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    Peerings,
    Exports,
    Imports,
    Failover,
    Clusters,
}

impl Group {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Group::Peerings => "peering",
            Group::Exports => "export",
            Group::Imports => "import",
            Group::Failover => "failover",
            Group::Clusters => "cluster",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub(crate) what: What,
    pub(crate) group: Group,
    /// `red → green`, `bookinfo/ratings: red → green`.
    pub(crate) title: String,
    /// The topology line the element comes from.
    pub(crate) span: Span,
    /// The objects fedc generates for it, each on its cluster.
    pub(crate) objects: Vec<Placed>,
}

/// Every element of the federation, peerings first, in the order the topology writes them.
pub(crate) fn elements(fed: &Federation) -> Vec<Element> {
    let flows = FlowIndex::new(fed);
    let istio = IstioPlan::new(fed);
    let mut elements = peerings(fed, &istio);
    elements.extend(exports(fed, &flows));
    elements.extend(imports(fed, &flows, &istio));
    elements.extend(failovers(fed, &flows));
    elements.extend(super::expected_istio::elements(fed, &istio));
    elements
}

/// The objects of planned files, each on its cluster (files outside cluster directories have none).
pub(crate) fn placed(files: impl IntoIterator<Item = PlannedFile>) -> Vec<Placed> {
    let place = |file: PlannedFile| Some(Placed { cluster: file.cluster?, key: key(&file.object?) });
    files.into_iter().filter_map(place).collect()
}

pub(crate) fn key(id: &ObjectId) -> Key {
    let group = id.api_version.rsplit_once('/').map_or("", |(group, _)| group);
    Key::new(group, &id.kind, id.namespace.as_deref().unwrap_or(""), &id.name)
}

fn name(fed: &Federation, id: MeshId) -> &str {
    &fed.mesh(id).name.value
}

fn is_istio(fed: &Federation, id: MeshId) -> bool {
    fed.mesh(id).istio.is_some()
}

/// Why a partner's side is not checked.
fn partner(fed: &Federation, id: MeshId) -> What {
    What::NotChecked(format!("run by the team of partner mesh `{}`; their `fedc status` reports it", name(fed, id)))
}

fn peerings(fed: &Federation, istio: &IstioPlan) -> Vec<Element> {
    let mut seen = std::collections::BTreeSet::new();
    let mut elements = Vec::new();
    for peering in &fed.peerings {
        if !seen.insert((peering.a.min(peering.b), peering.a.max(peering.b))) {
            continue;
        }
        for (mesh, peer) in [(peering.a, peering.b), (peering.b, peering.a)] {
            let title = format!("{} → {}", name(fed, mesh), name(fed, peer));
            let span = peering.span_of(mesh);
            let (what, objects) = if fed.is_partner(mesh) {
                (partner(fed, mesh), Vec::new())
            } else if is_istio(fed, mesh) {
                super::expected_istio::peering(fed, istio, mesh, peer)
            } else {
                (What::Peer { mesh, peer }, placed(peer::plan(fed, mesh, peer)))
            };
            elements.push(Element { what, group: Group::Peerings, title, span, objects });
        }
    }
    elements
}

fn exports(fed: &Federation, flows: &FlowIndex) -> Vec<Element> {
    let mut elements = Vec::new();
    for mesh in fed.mesh_ids() {
        for peer in fed.peers_of(mesh) {
            for (rule, written) in fed.export_rules(mesh, peer).enumerate() {
                let title = format!("{}: {} → {}", describe(written), name(fed, mesh), name(fed, peer));
                let (what, objects) = if fed.is_partner(mesh) {
                    (partner(fed, mesh), Vec::new())
                } else if is_istio(fed, mesh) {
                    let why = "an Istio mesh exports through its east-west gateway: the importer's ServiceEntries show it (its imports)";
                    (What::NotChecked(why.into()), Vec::new())
                } else {
                    (What::Export { mesh, peer, rule }, placed(export_set::plan(fed, flows, mesh, peer)))
                };
                elements.push(Element { what, group: Group::Exports, title, span: written.span().clone(), objects });
            }
        }
    }
    elements.sort_by_key(|e| e.span.start);
    elements
}

/// A rule as the title shows it: `bookinfo/ratings`, `west-data-center/* as bookinfo/*`,
/// `labels export-service=true in red-ratings`.
fn describe(rule: &ExportRule) -> String {
    match rule {
        ExportRule::Name { service, alias: None, .. } => service.to_string(),
        ExportRule::Name { service, alias: Some(alias), .. } => format!("{service} as {}", alias.apply(service)),
        ExportRule::Labels(labels) => {
            let mut selector: Vec<String> =
                labels.match_labels.iter().map(|(k, v)| format!("{k}={}", v.value)).collect();
            selector.extend(labels.expressions.iter().map(|e| format!("{} {}", e.key.value, e.operator.value)));
            let scope = match &labels.namespace.value {
                Pattern::Any => "any namespace".to_string(),
                Pattern::Exact(namespace) => namespace.clone(),
            };
            format!("labels {} in {scope}", if selector.is_empty() { "(any)".into() } else { selector.join(",") })
        }
    }
}

fn imports(fed: &Federation, flows: &FlowIndex, istio: &IstioPlan) -> Vec<Element> {
    let mut elements = Vec::new();
    for (index, block) in fed.imports.iter().enumerate() {
        let (mesh, from) = (block.mesh.id, block.from.id);
        for (rule, written) in block.rules.iter().enumerate() {
            let title = format!("{}: {} ← {}", written.service, name(fed, mesh), name(fed, from));
            let (what, objects) = if fed.is_partner(mesh) {
                (partner(fed, mesh), Vec::new())
            } else if is_istio(fed, mesh) {
                super::expected_istio::import(fed, istio, index, rule)
            } else {
                (What::Import { block: index, rule }, placed(import_set::plan(fed, flows, mesh, from)))
            };
            elements.push(Element { what, group: Group::Imports, title, span: written.span.clone(), objects });
        }
    }
    elements
}

fn failovers(fed: &Federation, flows: &FlowIndex) -> Vec<Element> {
    let mut resolver = crate::check::effective::failover::Resolver::new(fed);
    let mut elements = Vec::new();
    for (index, f) in fed.failovers.iter().enumerate() {
        let mesh = f.mesh.id;
        let title = format!("{} in {} → {}", f.service, name(fed, mesh), f.to.value);
        let (what, objects) = if fed.is_partner(mesh) {
            (partner(fed, mesh), Vec::new())
        } else if is_istio(fed, mesh) {
            (What::Present, placed(crate::plan::federation_istio::importer::failover(fed, f)))
        } else {
            let mut objects = placed([failover::plan(fed, f)]);
            for source in resolver.sources(f) {
                objects.extend(placed(import_set::plan(fed, flows, mesh, source.peer)));
            }
            objects.sort();
            objects.dedup();
            (What::Failover { index }, objects)
        };
        elements.push(Element { what, group: Group::Failover, title, span: f.span.clone(), objects });
    }
    elements
}
