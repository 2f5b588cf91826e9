//! The gateways a ServiceMeshPeer names exist in its mesh's control plane, enabled, in the
//! `sni-dnat` router mode, with the federation ports (15443 for data, 8188 for discovery): the
//! controller looks them up by name and the gateway side hard-codes both ports; an egress gateway
//! that restricts its network view sees the peer's network `network-<peer>` (maistra-semantics §8).
//! The ingress gateway for a peer is exposed where that peer dials it: a LoadBalancer on 15443 and
//! 8188, or a NodePort whose node ports are the ports the peer's ServiceMeshPeer dials; a
//! ClusterIP Service only to a peer in the same cluster.

use rayon::prelude::*;
use serde_json::Value;

use super::{Objects, name};
use crate::diagnostic::codes;
use crate::model::MeshId;
use crate::verify::facts::{Gateway, gateway};
use crate::verify::finding::{Violation, shown};
use crate::verify::readback::Seen;

const PORTS: [u64; 2] = [15443, 8188];

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    // The heaviest invariant (two gateway descriptions parsed per pair): its pairs are checked
    // on every core, their violations kept in pair order.
    let found: Vec<Vec<Violation<'a>>> = objects
        .ossm2_pairs()
        .into_par_iter()
        .map(|(mesh, peer)| {
            let mut found = Vec::new();
            check_pair(objects, mesh, peer, &mut found);
            found
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

/// The gateways of `mesh`'s ServiceMeshPeer for `peer`.
fn check_pair<'a>(objects: &Objects<'a>, mesh: MeshId, peer: MeshId, out: &mut Vec<Violation<'a>>) {
    let (Some(smp), Some(plane)) = (objects.for_peer(mesh, "ServiceMeshPeer", peer), objects.control_plane(mesh))
    else {
        return;
    };
    let (m, p) = (name(objects.federation, mesh), name(objects.federation, peer));
    // Each side's gateway as the control plane describes it, read once: the ingress one is
    // also what `exposure` checks.
    let sides =
        [("ingress gateway", "ingress gateways"), ("egress gateway", "egress gateways")].map(|(side, gateways)| {
            (side, gateways, smp.fact(side).as_str().and_then(|n| gateway(plane.fact(gateways), n)))
        });
    for &(side, gateways, ref gateway) in &sides {
        let named = smp.fact(side);
        let problem = match gateway {
            None => Some("which `{m}`'s control plane does not run".to_string()),
            Some(gateway) => unusable(gateway, side, p),
        };
        let Some(problem) = problem else { continue };
        out.push(
            Violation::new(
                codes::verify::GATEWAY,
                format!(
                    "`{m}`'s peer `{p}` uses the {side} {}, {}: the federation with `{p}` has no path",
                    shown(named),
                    problem.replace("{m}", m)
                ),
                "gateway names come from `[meshes.gateways]` in the topology, which names them on both objects; an overlay or template may not rename, disable, re-port or reconfigure them",
            )
            .reads(smp, side)
            .reads(plane, gateways),
        );
    }
    let [(_, _, ingress), _] = &sides;
    if let Some(violation) = ingress.as_ref().and_then(|gateway| exposure(objects, mesh, peer, (smp, plane), gateway)) {
        out.push(violation);
    }
}

/// What makes a gateway unusable for the federation with `peer`, if anything.
fn unusable(gateway: &Gateway, side: &str, peer: &str) -> Option<String> {
    let ports: Vec<u64> = gateway.ports.iter().filter_map(|p| p.port.as_u64()).collect();
    if gateway.enabled != Value::Bool(true) || !PORTS.iter().all(|p| ports.contains(p)) {
        return Some("which `{m}`'s control plane does not run enabled with ports 15443 and 8188".to_string());
    }
    let mode = &gateway.router_mode;
    if !mode.is_null() && *mode != "sni-dnat" {
        return Some(format!("whose router mode is {}, not `sni-dnat`", shown(mode)));
    }
    let view = &gateway.requested_network_view;
    let network = format!("network-{peer}");
    if side == "egress gateway" && !view.is_null() && !view.as_array().is_some_and(|v| v.iter().any(|n| *n == *network))
    {
        return Some(format!("whose network view {} hides `{network}`, where `{peer}`'s services are", shown(view)));
    }
    None
}

/// The peer dials our ingress gateway for it (`gateway`, as `plane` describes it) at ports its
/// ServiceMeshPeer for us gives (15443 and 8188 when it gives none): the gateway's Service must
/// expose exactly those.
fn exposure<'a>(
    objects: &Objects<'a>,
    mesh: MeshId,
    peer: MeshId,
    ours: (&'a Seen, &'a Seen),
    gateway: &Gateway,
) -> Option<Violation<'a>> {
    let (smp, plane) = ours;
    let theirs = objects.for_peer(peer, "ServiceMeshPeer", mesh)?;
    let dialed = |fact: &str, default: u64| theirs.fact(fact).as_u64().unwrap_or(default);
    let dials = [dialed("service port", PORTS[0]), dialed("discovery port", PORTS[1])];
    let node_port = |port: u64| {
        let ports = gateway.ports.iter();
        ports.filter(|p| p.port.as_u64() == Some(port)).find_map(|p| p.node_port.as_u64())
    };
    let federation = objects.federation;
    let same_cluster = federation.cluster_of(mesh).name.value == federation.cluster_of(peer).name.value;
    let exposed = match gateway.service_type.as_str() {
        Some("LoadBalancer") => dials == PORTS,
        Some("NodePort") => dials.iter().zip(PORTS).all(|(dial, port)| node_port(port) == Some(*dial)),
        _ => same_cluster && dials == PORTS,
    };
    if exposed {
        return None;
    }
    let (m, p) = (name(federation, mesh), name(federation, peer));
    Some(
        Violation::new(
            codes::verify::GATEWAY,
            format!(
                "`{p}` dials `{m}`'s ingress gateway {} on ports {} and {}, but its Service is of type {} with ports {}: `{p}` cannot reach `{m}`",
                shown(smp.fact("ingress gateway")),
                dials[0],
                dials[1],
                shown(&gateway.service_type),
                shown(&gateway.ports_value())
            ),
            "how peers reach a mesh comes from `[meshes.ingress]` in the topology (its type, node ports, addresses), which fedc writes on both sides; an overlay or template may not change one side",
        )
        .reads(plane, "ingress gateways")
        .reads(theirs, "service port")
        .reads(theirs, "discovery port"),
    )
}
