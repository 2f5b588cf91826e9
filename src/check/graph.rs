//! The federation as a graph: clusters host meshes, meshes peer, services flow along exports and
//! imports. Rules ask it about structure (duplicate peerings, flows without a peering, paths).

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{ClusterId, Federation, MeshId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Cluster(ClusterId),
    Mesh(MeshId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// cluster → mesh
    Hosts,
    /// mesh → mesh, both directions, one pair per `Federation::peerings` entry (index kept).
    Peers(usize),
    /// exporter → importer, per export block index.
    Exports(usize),
    /// exporter → importer, per import block index (the flow an import asks for).
    Imports(usize),
}

pub struct FederationGraph {
    pub graph: DiGraph<Node, Edge>,
    meshes: Vec<NodeIndex>,
}

impl FederationGraph {
    pub fn build(federation: &Federation) -> Self {
        let mut graph = DiGraph::new();
        let clusters: Vec<NodeIndex> =
            (0..federation.clusters.len()).map(|i| graph.add_node(Node::Cluster(ClusterId(i)))).collect();
        let meshes: Vec<NodeIndex> = federation.mesh_ids().map(|m| graph.add_node(Node::Mesh(m))).collect();
        for (id, mesh) in federation.meshes.iter().enumerate() {
            graph.add_edge(clusters[mesh.cluster.0], meshes[id], Edge::Hosts);
        }
        for (index, peering) in federation.peerings.iter().enumerate() {
            graph.add_edge(meshes[peering.a.0], meshes[peering.b.0], Edge::Peers(index));
            graph.add_edge(meshes[peering.b.0], meshes[peering.a.0], Edge::Peers(index));
        }
        for (index, block) in federation.exports.iter().enumerate() {
            let peers = match &block.to {
                Some(to) => to.iter().map(|r| r.id).collect(),
                None => federation.peers_of(block.mesh.id),
            };
            for peer in peers {
                graph.add_edge(meshes[block.mesh.id.0], meshes[peer.0], Edge::Exports(index));
            }
        }
        for (index, block) in federation.imports.iter().enumerate() {
            graph.add_edge(meshes[block.from.id.0], meshes[block.mesh.id.0], Edge::Imports(index));
        }
        Self { graph, meshes }
    }

    /// Indices into `Federation::peerings` of every peering between `a` and `b`.
    pub fn peerings_between(&self, a: MeshId, b: MeshId) -> Vec<usize> {
        self.graph
            .edges_connecting(self.meshes[a.0], self.meshes[b.0])
            .filter_map(|e| match e.weight() {
                Edge::Peers(index) => Some(*index),
                _ => None,
            })
            .collect()
    }

    /// Meshes `mesh` has a peering with, by graph edge (duplicates included).
    pub fn neighbours(&self, mesh: MeshId) -> impl Iterator<Item = MeshId> + '_ {
        self.graph.edges(self.meshes[mesh.0]).filter_map(|e| match (e.weight(), self.graph[e.target()]) {
            (Edge::Peers(_), Node::Mesh(peer)) => Some(peer),
            _ => None,
        })
    }
}
