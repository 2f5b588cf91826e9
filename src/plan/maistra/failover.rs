use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use crate::model::{Failover, Federation};

#[derive(Serialize)]
struct FailoverRule<'a> {
    name: String,
    namespace: &'a str,
    labels: serde_json::Value,
    host: String,
    from: &'a str,
    to: &'a str,
    consecutive_5xx_errors: i64,
    interval: &'a str,
    base_ejection_time: &'a str,
    max_ejection_percent: Option<i64>,
}

/// DestinationRule on the local hostname: the imported-as-local endpoints share it, so locality
/// load balancing can move traffic to them when local endpoints are ejected.
pub fn plan(federation: &Federation, failover: &Failover) -> PlannedFile {
    let service = &failover.service;
    let outlier = &failover.outlier_detection;
    let name = format!("{}-failover", service.name);
    let context = FailoverRule {
        name: name.clone(),
        namespace: &service.namespace,
        labels: common_labels(federation),
        host: format!("{}.{}.svc.cluster.local", service.name, service.namespace),
        from: &failover.from.value,
        to: &failover.to.value,
        consecutive_5xx_errors: outlier.consecutive_5xx_errors.value,
        interval: &outlier.interval.value,
        base_ejection_time: &outlier.base_ejection_time.value,
        max_ejection_percent: outlier.max_ejection_percent.as_ref().map(|m| m.value),
    };
    let id = object_id("networking.istio.io/v1beta1", "DestinationRule", &service.namespace, &name);
    let cluster = &federation.cluster_of(failover.mesh.id).name.value;
    cluster_object(cluster, "maistra/destinationrule-failover.yaml.j2", id, context)
}
