use super::MeshId;
use crate::source::Span;

/// Two meshes that federate with each other (each gets a ServiceMeshPeer for the other).
#[derive(Debug, Clone)]
pub(crate) struct Peering {
    pub(crate) a: MeshId,
    pub(crate) b: MeshId,
    pub(crate) a_span: Span,
    pub(crate) b_span: Span,
    /// Index of the `[[peerings]]` entry it came from.
    pub(crate) entry: usize,
}

impl Peering {
    pub(crate) fn other(&self, mesh: MeshId) -> Option<MeshId> {
        if self.a == mesh {
            Some(self.b)
        } else if self.b == mesh {
            Some(self.a)
        } else {
            None
        }
    }

    pub(crate) fn span_of(&self, mesh: MeshId) -> Span {
        if self.a == mesh { self.a_span.clone() } else { self.b_span.clone() }
    }
}
