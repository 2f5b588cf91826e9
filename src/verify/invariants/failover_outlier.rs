//! Every failover DestinationRule has outlier detection: without it Envoy never ejects the
//! failing local endpoints and the failover never triggers (maistra-semantics §10).

use super::Objects;
use super::failover_local::fails_over;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for rule in objects.readback.of_kind("DestinationRule") {
        if !fails_over(rule.fact("locality failover")) || !rule.fact("outlier detection").is_null() {
            continue;
        }
        out.push(
            Violation::new(
                "fedc::verify::no-outlier-detection",
                format!(
                    "the failover DestinationRule for {} (`{}`) has no outlier detection: local endpoints are never ejected and the failover never triggers",
                    shown(rule.fact("host")),
                    rule.path
                ),
                "outlier detection comes from `outlier_detection` on the `[[failover]]` in the topology; an overlay or template may not remove it",
            )
            .reads(rule, "outlier detection"),
        );
    }
}
