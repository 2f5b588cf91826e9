//! Federation gateways: one dedicated ingress and one dedicated egress gateway per peer (peers that
//! share one deny each other's discovery), never the SMCP's default gateway names, and no name used
//! twice in the SMCP (ingress and egress gateways share one name space; maistra-semantics §8, §10).

use std::collections::BTreeSet;

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, Located, Mesh, MeshId};

pub(crate) const RULE: Rule = Rule { run };

const RESERVED: [&str; 2] = ["istio-ingressgateway", "istio-egressgateway"];

/// One gateway a mesh dedicates to a peer.
struct Gateway<'a> {
    kind: &'static str,
    peer: &'a str,
    name: Located<String>,
}

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for id in cx.federation.mesh_ids() {
        let mesh = cx.federation.mesh(id);
        let gateways = gateways(cx.federation, id);
        reserved(out, mesh, &gateways);
        shared(out, mesh, &gateways);
        ingress_named_like_egress(out, mesh, &gateways);
    }
}

fn gateways(fed: &Federation, id: MeshId) -> Vec<Gateway<'_>> {
    let mesh = fed.mesh(id);
    let mut names = BTreeSet::new();
    let peers = fed.peers_of(id).into_iter().map(|p| fed.mesh(p).name.as_str()).filter(|n| names.insert(*n));
    let peers: Vec<&str> = peers.collect();
    let ingress = peers.iter().map(|p| Gateway { kind: "ingress", peer: p, name: mesh.ingress_gateway(p) });
    let egress = peers.iter().map(|p| Gateway { kind: "egress", peer: p, name: mesh.egress_gateway(p) });
    ingress.chain(egress).collect()
}

fn reserved(out: &mut Vec<Diagnostic>, mesh: &Mesh, gateways: &[Gateway]) {
    for gateway in gateways.iter().filter(|g| RESERVED.contains(&g.name.as_str())) {
        out.push(
            Diagnostic::new(
                codes::gateway::RESERVED,
                format!("{} gateway of mesh `{}` for `{}` is named `{}`", gateway.kind, mesh.name.value, gateway.peer, gateway.name.value),
            )
            .label(gateway.name.span.clone(), "the SMCP's default gateway has this name")
            .help(format!(
                "choose another name (the default is `{}-{}`): the SMCP webhook refuses additional gateways named like the default ones",
                gateway.kind, gateway.peer
            )),
        );
    }
}

fn shared(out: &mut Vec<Diagnostic>, mesh: &Mesh, gateways: &[Gateway]) {
    for (first, again) in repeats(gateways.iter().map(|g| ((g.kind, g.name.as_str()), g))) {
        out.push(
            Diagnostic::new(
                codes::gateway::SHARED,
                format!(
                    "mesh `{}` uses {} gateway `{}` for both `{}` and `{}`",
                    mesh.name.value, again.kind, again.name.value, first.peer, again.peer
                ),
            )
            .label(again.name.span.clone(), name_label(again, mesh))
            .label(first.name.span.clone(), name_label(first, mesh))
            .help(format!(
                "give each peer its own {} gateway: each peer's policies on a shared gateway block the other's discovery",
                again.kind
            )),
        );
    }
}

fn ingress_named_like_egress(out: &mut Vec<Diagnostic>, mesh: &Mesh, gateways: &[Gateway]) {
    let mut reported = BTreeSet::new();
    for ingress in gateways.iter().filter(|g| g.kind == "ingress") {
        let clash = gateways.iter().find(|g| g.kind == "egress" && g.name.value == ingress.name.value);
        let Some(egress) = clash else { continue };
        if !reported.insert(ingress.name.as_str()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                codes::gateway::DUPLICATE,
                format!(
                    "mesh `{}` has an ingress and an egress gateway named `{}`",
                    mesh.name.value, ingress.name.value
                ),
            )
            .label(ingress.name.span.clone(), name_label(ingress, mesh))
            .label(egress.name.span.clone(), name_label(egress, mesh))
            .help("rename one of them: ingress and egress gateways of a control plane need distinct names"),
        );
    }
}

fn name_label(gateway: &Gateway, mesh: &Mesh) -> String {
    let by_default = if gateway.name.span == mesh.name.span { " by default" } else { "" };
    format!("{} gateway for `{}`{by_default}", gateway.kind, gateway.peer)
}
