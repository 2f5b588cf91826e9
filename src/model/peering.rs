use super::MeshId;
use crate::source::Span;

/// Two meshes that federate with each other (each gets a ServiceMeshPeer for the other).
#[derive(Debug, Clone)]
pub struct Peering {
    pub a: MeshId,
    pub b: MeshId,
    pub a_span: Span,
    pub b_span: Span,
    /// Index of the `[[peerings]]` entry it came from.
    pub entry: usize,
}

impl Peering {
    pub fn other(&self, mesh: MeshId) -> Option<MeshId> {
        if self.a == mesh {
            Some(self.b)
        } else if self.b == mesh {
            Some(self.a)
        } else {
            None
        }
    }

    pub fn span_of(&self, mesh: MeshId) -> Span {
        if self.a == mesh { self.a_span.clone() } else { self.b_span.clone() }
    }
}
