//! `fedc graph`: the federation as a picture. Clusters hold meshes (a mesh spanning clusters is
//! drawn in each, joined by an east-west edge); peerings join meshes; service
//! flows go from the serving mesh to the mesh that imports (labelled with the services); failover
//! edges go from a mesh to the meshes serving its failover copy. Mermaid (rendered by GitHub and
//! GitLab in comments) or Graphviz DOT. Past [`AGGREGATE_ABOVE`] flows, flows are drawn once per
//! mesh pair with their count, so that 50 meshes stay legible.

mod draw;

use std::collections::BTreeMap;

use crate::explain::Explanation;
use crate::model::Federation;

pub(crate) use draw::{dot, mermaid};

/// More service flows than this are drawn aggregated per mesh pair.
pub(crate) const AGGREGATE_ABOVE: usize = 24;

/// With more peerings than this, aggregated pictures leave out the peering edges (a full peering
/// of 50 meshes has 1,225) and say how many there are; flows and failovers still show.
pub(crate) const PEERINGS_DRAWN_UP_TO: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Mermaid flowchart (paste into a GitHub/GitLab comment inside a ```mermaid block).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

/// What is drawn, independent of the syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Picture {
    pub(crate) federation: String,
    /// Cluster name → its meshes, in order (a mesh spanning clusters: in its first).
    pub(crate) clusters: BTreeMap<String, Vec<String>>,
    /// (mesh, another cluster it spans): drawn there too, joined by an east-west edge.
    pub(crate) spans: Vec<(String, String)>,
    /// Peered mesh pairs, each once (none when hidden).
    pub(crate) peerings: Vec<(String, String)>,
    /// How many peerings are not drawn.
    pub(crate) peerings_hidden: usize,
    /// (serving mesh, calling mesh) → labels: the services, or one count when aggregated.
    pub(crate) flows: BTreeMap<(String, String), Vec<String>>,
    /// (mesh, mesh serving the failover copy) → the services failing over.
    pub(crate) failovers: BTreeMap<(String, String), Vec<String>>,
}

/// The picture of `federation`; flows from `explanation`, aggregated when there are many.
pub(crate) fn picture(federation: &Federation, explanation: &Explanation, aggregate: bool) -> Picture {
    let mut clusters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for cluster in &federation.clusters {
        clusters.entry(cluster.name.value.clone()).or_default();
    }
    for id in federation.mesh_ids() {
        let cluster = federation.cluster_of(id).name.value.clone();
        clusters.entry(cluster).or_default().push(federation.mesh(id).name.value.clone());
    }
    let mut spans = Vec::new();
    for id in federation.mesh_ids() {
        let mesh = federation.mesh(id);
        let members = mesh.istio.as_ref().map_or(&[][..], |istio| &istio.members[..]);
        for member in members.iter().skip(1) {
            spans.push((mesh.name.value.clone(), federation.cluster(member.cluster).name.value.clone()));
        }
    }
    let mut peerings = Vec::new();
    for id in federation.mesh_ids() {
        for peer in federation.peers_of(id) {
            if id < peer {
                peerings.push((federation.mesh(id).name.value.clone(), federation.mesh(peer).name.value.clone()));
            }
        }
    }
    let mut flows: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut failovers: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for reach in &explanation.reachable {
        let label = if reach.condition.is_some() {
            format!("{} (if labelled)", reach.remote_service)
        } else {
            reach.remote_service.clone()
        };
        let labels = flows.entry((reach.remote_mesh.clone(), reach.mesh.clone())).or_default();
        if !labels.contains(&label) {
            labels.push(label);
        }
        if let Some(failover) = &reach.failover {
            for via in &failover.via {
                let list = failovers.entry((reach.mesh.clone(), via.clone())).or_default();
                if !list.contains(&reach.local_service) {
                    list.push(reach.local_service.clone());
                }
            }
        }
    }
    let total: usize = flows.values().map(Vec::len).sum();
    let mut peerings_hidden = 0;
    if aggregate || total > AGGREGATE_ABOVE {
        for labels in flows.values_mut() {
            let count = labels.len();
            *labels = vec![if count == 1 { "1 service".to_string() } else { format!("{count} services") }];
        }
        if peerings.len() > PEERINGS_DRAWN_UP_TO {
            peerings_hidden = std::mem::take(&mut peerings).len();
        }
    }
    Picture { federation: federation.name.value.clone(), clusters, spans, peerings, peerings_hidden, flows, failovers }
}
