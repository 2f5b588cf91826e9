use super::Located;
use crate::source::Span;

/// A patch applied to every generated object its selector matches, after rendering.
#[derive(Debug, Clone)]
pub(crate) struct Overlay {
    pub(crate) cluster: Option<Located<String>>,
    pub(crate) kind: Option<Located<String>>,
    pub(crate) namespace: Option<Located<String>>,
    pub(crate) name: Option<Located<String>>,
    pub(crate) patch: OverlayPatch,
    /// Human name for errors, e.g. `overlays[2]`.
    pub(crate) label: String,
    pub(crate) span: Span,
}

#[derive(Debug, Clone)]
pub(crate) enum OverlayPatch {
    /// RFC 6902.
    Json(json_patch::Patch),
    /// RFC 7386.
    Merge(serde_json::Value),
}

impl Overlay {
    pub(crate) fn selects(&self, cluster: &str, kind: &str, namespace: &str, name: &str) -> bool {
        let matches = |want: &Option<Located<String>>, have: &str| want.as_ref().is_none_or(|w| w.value == have);
        matches(&self.cluster, cluster)
            && matches(&self.kind, kind)
            && matches(&self.namespace, namespace)
            && matches(&self.name, name)
    }
}
