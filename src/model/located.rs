use crate::source::Span;

/// A resolved value and where it came from in the topology. Defaulted values point at the
/// definition that implied them (usually the owner's name), so findings still have a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

impl<T> Located<T> {
    pub(crate) fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl Located<String> {
    pub(crate) fn as_str(&self) -> &str {
        &self.value
    }
}

/// A resolved reference to a mesh or cluster: the index it names and the span of the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct MeshId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ClusterId(pub usize);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ref<T> {
    pub(crate) id: T,
    pub(crate) span: Span,
}
