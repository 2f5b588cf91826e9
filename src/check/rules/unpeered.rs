//! Exports, imports and per-peer settings that name a mesh without a peering: without a
//! ServiceMeshPeer nothing reads them.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Exposure, Federation, MeshId};
use crate::source::Span;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    // A peering entry that lost a mesh may have been the one meant.
    let unpeered = |a: MeshId, b: MeshId| {
        let incomplete = cx.omissions.peerings_of.contains(&a) || cx.omissions.peerings_of.contains(&b);
        !incomplete && !fed.are_peered(a, b)
    };
    for block in &fed.exports {
        let mesh = fed.mesh(block.mesh.id);
        for peer in block.to.iter().flatten().filter(|r| unpeered(block.mesh.id, r.id)) {
            let peer_name = &fed.mesh(peer.id).name.value;
            out.push(
                Diagnostic::new(
                    codes::export::NOT_PEERED,
                    format!("mesh `{}` exports to `{peer_name}`, which is not its peer", mesh.name.value),
                )
                .label(peer.span.clone(), format!("no peering between `{}` and `{peer_name}`", mesh.name.value))
                .label(block.mesh.span.clone(), "exporting mesh")
                .help(peering_help(&mesh.name.value, peer_name, &format!("`{peer_name}` from `to`"))),
            );
        }
    }
    for block in fed.imports.iter().filter(|b| unpeered(b.mesh.id, b.from.id)) {
        let (mesh, from) = (&fed.mesh(block.mesh.id).name.value, &fed.mesh(block.from.id).name.value);
        out.push(
            Diagnostic::new(
                codes::import::NOT_PEERED,
                format!("mesh `{mesh}` imports from `{from}`, which is not its peer"),
            )
            .label(block.from.span.clone(), format!("no peering between `{mesh}` and `{from}`"))
            .label(block.mesh.span.clone(), "importing mesh")
            .help(peering_help(mesh, from, "this block")),
        );
    }
    for id in fed.mesh_ids().filter(|id| !cx.omissions.peerings_of.contains(id)) {
        peer_settings(out, fed, id);
    }
}

fn peering_help(mesh: &str, other: &str, remove: &str) -> String {
    if mesh == other {
        format!("a mesh federates with its peers, not with itself: remove {remove}")
    } else {
        format!("add a `[[peerings]]` entry with `{mesh}` and `{other}`, or remove {remove}")
    }
}

/// Keys of `gateways`, `ingress.addresses` and `ingress.node_ports` must be peers of the mesh.
/// Keys that are no mesh at all were reported while resolving.
fn peer_settings(out: &mut Vec<Diagnostic>, fed: &Federation, id: MeshId) {
    let mesh = fed.mesh(id);
    let mut keyed: Vec<(&str, &String, Span)> =
        mesh.gateway_overrides.iter().map(|(k, g)| ("gateways", k, g.span.clone())).collect();
    match &mesh.ingress.exposure {
        Exposure::LoadBalancer { addresses, .. } => {
            keyed.extend(addresses.iter().map(|(k, a)| ("ingress.addresses", k, a.span.clone())));
        }
        Exposure::NodePort { ports, .. } => {
            keyed.extend(ports.iter().map(|(k, p)| ("ingress.node_ports", k, p.span.clone())));
        }
    }
    for (table, key, span) in keyed {
        let Some(other) = fed.mesh_named(key) else { continue };
        if fed.are_peered(id, other) {
            continue;
        }
        out.push(
            Diagnostic::new(
                codes::mesh::NOT_A_PEER,
                format!("`{table}` of mesh `{}` has an entry for `{key}`, which is not its peer", mesh.name.value),
            )
            .label(span, "this setting is never used")
            .label(mesh.name.span.clone(), "mesh defined here")
            .help(peering_help(&mesh.name.value, key, "the entry")),
        );
    }
}
