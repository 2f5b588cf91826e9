use crate::source::Span;

/// A resolved value and where it came from in the topology. Defaulted values point at the
/// definition that implied them (usually the owner's name), so findings still have a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl Located<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// A resolved reference to a mesh or cluster: the index it names and the span of the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeshId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClusterId(pub usize);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref<T> {
    pub id: T,
    pub span: Span,
}
