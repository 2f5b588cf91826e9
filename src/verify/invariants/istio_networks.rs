//! Within a cluster of an `istio`/`ossm3` mesh, every object that states the cluster's network
//! agrees: the control plane's `global.network`, the control-plane Namespace's
//! `topology.istio.io/network` label and the east-west gateway's. istiod routes cross-network
//! traffic by these labels: one that differs sends it to the wrong gateway or nowhere. And the
//! clusters of one mesh are on different networks (the topology's `fedc::istio::shared-network`):
//! with one name istiod calls the other cluster's pod IPs directly instead of its gateway.

use serde_json::Value;

use super::{Objects, name};
use crate::diagnostic::codes;
use crate::model::MeshId;
use crate::verify::finding::{Violation, shown};
use crate::verify::readback::Seen;

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (mesh, clusters) in objects.istio_meshes() {
        let namespace = &objects.federation.mesh(mesh).namespace.value;
        for &cluster in &clusters {
            let Some(plane) = objects.istio_control_plane(cluster) else { continue };
            let network = plane.fact("network");
            for (claim, fact) in claims(objects, cluster, namespace) {
                if claimed(claim, fact) == *network {
                    continue;
                }
                let m = name(objects.federation, mesh);
                out.push(
                    Violation::new(
                        codes::verify::NETWORK,
                        format!(
                            "in cluster `{cluster}` (mesh `{m}`) the control plane is on network {}, but `{}` says {}: cross-network traffic is routed by the wrong network",
                            shown(network),
                            claim.path(),
                            shown(&claimed(claim, fact))
                        ),
                        "a cluster's network comes from `network` on the cluster in the topology; an overlay or template may not change it on one object",
                    )
                    .reads(plane, "network")
                    .reads(claim, fact),
                );
            }
        }
        shared(objects, mesh, &clusters, out);
    }
}

/// Two clusters of `mesh` whose control planes say one network.
fn shared<'a>(objects: &Objects<'a>, mesh: MeshId, clusters: &[&'a str], out: &mut Vec<Violation<'a>>) {
    let namespace = &objects.federation.mesh(mesh).namespace.value;
    let planes: Vec<&'a Seen> = clusters.iter().filter_map(|c| objects.istio_control_plane(c)).collect();
    for (i, first) in planes.iter().enumerate() {
        let network = first.fact("network");
        let Some(again) = planes[i + 1..].iter().find(|p| !network.is_null() && p.fact("network") == network) else {
            continue;
        };
        let m = name(objects.federation, mesh);
        let mut violation = Violation::new(
            codes::verify::NETWORK,
            format!(
                "clusters `{}` and `{}` of mesh `{m}` are both on network {}: istiod calls the other cluster's pod IPs directly instead of its east-west gateway, and cross-cluster calls fail",
                first.cluster(),
                again.cluster(),
                shown(network)
            ),
            "a cluster's network comes from `network` on the cluster in the topology, one per cluster; an overlay or template may not move a cluster onto another's network",
        );
        for plane in [*first, *again] {
            violation = violation.reads(plane, "network");
            for (claim, fact) in claims(objects, plane.cluster(), namespace) {
                violation = violation.reads(claim, fact);
            }
        }
        out.push(violation);
    }
}

/// The other objects of `cluster` that state its network, with the fact that does.
fn claims<'a>(objects: &Objects<'a>, cluster: &'a str, namespace: &str) -> Vec<(&'a Seen, &'static str)> {
    let readback = objects.readback;
    let mut claims = Vec::new();
    if let Some(ns) = readback.object(cluster, "Namespace", "", namespace) {
        claims.push((ns, "network"));
    }
    claims
        .extend(readback.in_cluster(cluster, "Service").filter(|s| s.namespace() == namespace).map(|s| (s, "network")));
    claims.extend(
        readback.in_cluster(cluster, "IstioOperator").filter(|s| s.fact("mesh ID").is_null()).map(|s| (s, "gateways")),
    );
    claims
}

/// The network a claim states: the fact itself, or an east-west IstioOperator's gateway label.
fn claimed(claim: &Seen, fact: &str) -> Value {
    match fact {
        "gateways" => {
            let gateways = claim.fact("gateways").as_array().cloned().unwrap_or_default();
            gateways.iter().find_map(|g| g.pointer("/label/topology.istio.io~1network").cloned()).unwrap_or(Value::Null)
        }
        _ => claim.fact(fact).clone(),
    }
}
