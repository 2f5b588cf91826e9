use super::{Located, MeshId, Ref, ServiceName};
use crate::source::Span;

/// `mesh` sends traffic for `service` to the copy imported from region `to` when its own fail.
#[derive(Debug, Clone)]
pub struct Failover {
    pub mesh: Ref<MeshId>,
    pub service: ServiceName,
    pub from: Located<String>,
    pub to: Located<String>,
    pub outlier_detection: OutlierDetection,
    pub span: Span,
}

/// Failover only happens once unhealthy endpoints are ejected, so this is always emitted.
#[derive(Debug, Clone)]
pub struct OutlierDetection {
    pub consecutive_5xx_errors: Located<i64>,
    pub interval: Located<String>,
    pub base_ejection_time: Located<String>,
    pub max_ejection_percent: Option<Located<i64>>,
}

impl super::Federation {
    /// Locality the importing mesh gives everything imported through `block`.
    pub fn import_locality(&self, block: &super::ImportBlock) -> Option<super::Locality> {
        let explicit = block.locality.as_ref().map(|l| l.value.clone());
        explicit.or_else(|| self.cluster_of(block.from.id).locality.as_ref().map(|l| l.value.clone()))
    }
}
