//! Every failover DestinationRule has outlier detection that can eject an endpoint: without it,
//! or with `consecutive5xxErrors` or `maxEjectionPercent` at 0, Envoy never ejects the failing
//! local endpoints and the failover never triggers (maistra-semantics §10; the topology refuses
//! the same values as `fedc::failover::invalid-outlier`).

use super::Objects;
use super::failover_local::is_failover;
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};

/// The fields that stop all ejection at 0 (Istio's defaults, when absent, eject).
const AT_LEAST_ONE: [&str; 2] = ["consecutive5xxErrors", "maxEjectionPercent"];

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for rule in objects.readback.of_kind("DestinationRule").filter(|r| is_failover(r)) {
        let outlier = rule.fact("outlier detection");
        let problem = if outlier.is_null() {
            "has no outlier detection".to_string()
        } else if let Some(field) = AT_LEAST_ONE.iter().find(|f| outlier[**f].as_i64().is_some_and(|n| n < 1)) {
            format!("sets outlier detection's `{field}` to {}", shown(&outlier[*field]))
        } else {
            continue;
        };
        out.push(
            Violation::new(
                codes::verify::NO_OUTLIER_DETECTION,
                format!(
                    "the failover DestinationRule for {} (`{}`) {problem}: local endpoints are never ejected and the failover never triggers",
                    shown(rule.fact("host")),
                    rule.path()
                ),
                "outlier detection comes from `outlier_detection` on the `[[failover]]` in the topology (at least 1 error, 1 to 100 percent); an overlay or template may not remove or disable it",
            )
            .reads(rule, "outlier detection"),
        );
    }
}
