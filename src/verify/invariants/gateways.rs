//! The gateways a ServiceMeshPeer names exist in its mesh's control plane, enabled, with the
//! federation ports (15443 for data, 8188 for discovery): the controller looks them up by name
//! and the gateway side hard-codes both ports (maistra-semantics §8).

use serde_json::Value;

use super::{Objects, name};
use crate::verify::finding::{Violation, shown};

const PORTS: [u64; 2] = [15443, 8188];

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (mesh, peer) in objects.ossm2_pairs() {
        let (Some(smp), Some(plane)) = (objects.for_peer(mesh, "ServiceMeshPeer", peer), objects.control_plane(mesh))
        else {
            continue;
        };
        for (side, gateways) in [("ingress gateway", "ingress gateways"), ("egress gateway", "egress gateways")] {
            let named = smp.fact(side);
            let gateway = named.as_str().and_then(|n| plane.fact(gateways).get(n));
            if gateway.is_some_and(usable) {
                continue;
            }
            let (m, p) = (name(objects.federation, mesh), name(objects.federation, peer));
            out.push(
                Violation::new(
                    "fedc::verify::gateway",
                    format!(
                        "`{m}`'s peer `{p}` uses the {side} {}, which `{m}`'s control plane does not run enabled with ports 15443 and 8188: the federation with `{p}` has no path",
                        shown(named)
                    ),
                    "gateway names come from `[meshes.gateways]` in the topology, which names them on both objects; an overlay or template may not rename, disable or re-port them",
                )
                .reads(smp, side)
                .reads(plane, gateways),
            );
        }
    }
}

/// Enabled, with both federation ports on its Service.
fn usable(gateway: &Value) -> bool {
    let ports: Vec<u64> =
        gateway["ports"].as_array().map(|p| p.iter().filter_map(Value::as_u64).collect()).unwrap_or_default();
    gateway["enabled"] == Value::Bool(true) && PORTS.iter().all(|p| ports.contains(p))
}
