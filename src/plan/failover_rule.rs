//! The template context of a failover DestinationRule, the same for every target: only its
//! apiVersion and where it is written differ (`maistra::failover`, `federation_istio::importer`).

use serde::Serialize;

use super::common_labels;
use crate::model::{Failover, Federation};

#[derive(Serialize)]
pub(crate) struct FailoverRule<'a> {
    pub(crate) name: String,
    namespace: &'a str,
    labels: serde_json::Value,
    pub(crate) host: String,
    from: &'a str,
    to: &'a str,
    consecutive_5xx_errors: i64,
    interval: &'a str,
    base_ejection_time: &'a str,
    max_ejection_percent: Option<i64>,
}

impl<'a> FailoverRule<'a> {
    /// The rule for `failover`, on the local hostname of its service.
    pub(crate) fn of(federation: &Federation, failover: &'a Failover) -> FailoverRule<'a> {
        let service = &failover.service;
        let outlier = &failover.outlier_detection;
        FailoverRule {
            name: format!("{}-failover", service.name),
            namespace: &service.namespace,
            labels: common_labels(federation),
            host: format!("{}.{}.svc.cluster.local", service.name, service.namespace),
            from: &failover.from.value,
            to: &failover.to.value,
            consecutive_5xx_errors: outlier.consecutive_5xx_errors.value,
            interval: &outlier.interval.value,
            base_ejection_time: &outlier.base_ejection_time.value,
            max_ejection_percent: outlier.max_ejection_percent.as_ref().map(|m| m.value),
        }
    }
}
