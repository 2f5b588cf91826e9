use super::{Located, MeshId, Ref, ServiceName};
use crate::source::Span;

/// `mesh` sends traffic for `service` to the copy imported from region `to` when its own fail.
#[derive(Debug, Clone)]
pub(crate) struct Failover {
    pub(crate) mesh: Ref<MeshId>,
    pub(crate) service: ServiceName,
    pub(crate) from: Located<String>,
    pub(crate) to: Located<String>,
    pub(crate) outlier_detection: OutlierDetection,
    pub(crate) span: Span,
}

/// Failover only happens once unhealthy endpoints are ejected, so this is always emitted.
#[derive(Debug, Clone)]
pub(crate) struct OutlierDetection {
    pub(crate) consecutive_5xx_errors: Located<i64>,
    pub(crate) interval: Located<String>,
    pub(crate) base_ejection_time: Located<String>,
    pub(crate) max_ejection_percent: Option<Located<i64>>,
}

impl super::Federation {
    /// Locality the importing mesh gives everything imported through `block`.
    pub(crate) fn import_locality(&self, block: &super::ImportBlock) -> Option<super::Locality> {
        let explicit = block.locality.as_ref().map(|l| l.value.clone());
        explicit.or_else(|| self.cluster_of(block.from.id).locality.as_ref().map(|l| l.value.clone()))
    }
}
