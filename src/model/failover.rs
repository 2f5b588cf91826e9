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

/// An import rule that brings the failover's service in from a mesh in the target region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailoverSource {
    pub peer: MeshId,
    /// Index into `Federation::imports`, and of the rule in that block.
    pub block: usize,
    pub rule: usize,
}

impl super::Federation {
    /// Locality the importing mesh gives everything imported through `block`.
    pub fn import_locality(&self, block: &super::ImportBlock) -> Option<super::Locality> {
        let explicit = block.locality.as_ref().map(|l| l.value.clone());
        explicit.or_else(|| self.cluster_of(block.from.id).locality.as_ref().map(|l| l.value.clone()))
    }

    /// Import rules of `failover.mesh` whose result is the failover's service, from a peer whose
    /// imported locality is in the target region. First matching rule per block (first match wins).
    pub fn failover_sources(&self, failover: &Failover) -> Vec<FailoverSource> {
        let service = &failover.service;
        let mut sources = Vec::new();
        for (index, block) in self.imports_of(failover.mesh.id) {
            let region = self.import_locality(block).and_then(|l| l.region).map(|r| r.value);
            if region.as_deref() != Some(failover.to.value.as_str()) {
                continue;
            }
            let matching = block.rules.iter().position(|rule| {
                let result = rule.alias.as_ref().map_or_else(|| rule.service.clone(), |a| a.apply(&rule.service));
                result.matches(&service.namespace, &service.name)
            });
            if let Some(rule) = matching {
                sources.push(FailoverSource { peer: block.from.id, block: index, rule });
            }
        }
        sources
    }
}
