use super::super::failover_rule::FailoverRule;
use super::super::{PlannedFile, cluster_object, object_id};
use crate::model::{Failover, Federation};

/// DestinationRule on the local hostname: the imported-as-local endpoints share it, so locality
/// load balancing can move traffic to them when local endpoints are ejected.
pub(crate) fn plan(federation: &Federation, failover: &Failover) -> PlannedFile {
    let context = FailoverRule::of(federation, failover);
    let id = object_id("networking.istio.io/v1beta1", "DestinationRule", &failover.service.namespace, &context.name);
    let cluster = &federation.cluster_of(failover.mesh.id).name.value;
    cluster_object(cluster, "maistra/destinationrule-failover.yaml.j2", id, context)
}
