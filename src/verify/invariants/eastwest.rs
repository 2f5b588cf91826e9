//! Other clusters reach an `istio`/`ossm3` cluster through its east-west gateway's Service (the
//! one with the network label) at the address the topology gives, on port 15443: it must be a
//! LoadBalancer exposing 15443. A ClusterIP Service is reachable from its own cluster only, a
//! NodePort one not on 15443 (istio-multicluster reference, section A).

use super::Objects;
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for service in objects.readback.of_kind("Service").filter(|s| !s.fact("network").is_null()) {
        let ports = service.fact("ports").as_array().cloned().unwrap_or_default();
        let tls = ports.iter().any(|p| p["port"].as_u64() == Some(15443));
        let kind = service.fact("type");
        if kind == "LoadBalancer" && tls {
            continue;
        }
        out.push(
            Violation::new(
                codes::verify::GATEWAY,
                format!(
                    "the east-west gateway `{}` is a Service of type {}{}: other clusters cannot reach cluster `{}` through it",
                    service.path(),
                    shown(kind),
                    if tls { "" } else { " without port 15443" },
                    service.cluster()
                ),
                "the east-west gateway is a LoadBalancer on 15443 at the cluster's `eastwest_address`; an overlay or template may not change its type or drop the port",
            )
            .reads(service, "type")
            .reads(service, "ports"),
        );
    }
}
