//! Two peers that would dial the same ingress address share one gateway in effect: each peer puts
//! a DENY AuthorizationPolicy and a discovery Gateway on the ingress it reaches, so they deny each
//! other (maistra-semantics §8, "one dedicated ingress per peer"). A LoadBalancer address pattern
//! without a per-peer placeholder does that for every peer of a mesh with several; explicit
//! address lists can do it for two. Two peers given one gateway name are `fedc::gateway::shared`.

use std::collections::BTreeMap;

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Exposure, Federation, Located, MeshId};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for id in fed.mesh_ids() {
        let Exposure::LoadBalancer { pattern, addresses } = &fed.mesh(id).ingress.exposure else { continue };
        let peers = fed.peers_of(id);
        let by_pattern: Vec<MeshId> =
            peers.iter().copied().filter(|p| !addresses.contains_key(&fed.mesh(*p).name.value)).collect();
        match pattern {
            Some(pattern) if by_pattern.len() > 1 && !per_peer(&pattern.value) => {
                out.push(no_placeholder(fed, id, pattern, &by_pattern));
            }
            _ => {}
        }
        out.extend(duplicates(fed, id, &peers));
    }
}

/// Whether the pattern gives each peer its own address.
fn per_peer(pattern: &str) -> bool {
    pattern.contains("{peer}") || pattern.contains("{gateway}")
}

fn no_placeholder(fed: &Federation, id: MeshId, pattern: &Located<String>, peers: &[MeshId]) -> Diagnostic {
    let names: Vec<String> = peers.iter().map(|p| format!("`{}`", fed.mesh(*p).name.value)).collect();
    Diagnostic::new(
        codes::ingress::ADDRESS_WITHOUT_PLACEHOLDER,
        format!(
            "mesh `{}` gives its peers {} one ingress address `{}`",
            fed.mesh(id).name.value,
            names.join(", "),
            pattern.value
        ),
    )
    .label(pattern.span.clone(), "no `{gateway}` or `{peer}`: every peer dials the same gateway")
    .help("each peer needs its own ingress gateway and address: write e.g. \"{gateway}.red.example.com\"")
}

/// Addresses two peers with different gateways would both dial (explicit lists, or a list equal
/// to what the pattern gives another peer).
fn duplicates(fed: &Federation, id: MeshId, peers: &[MeshId]) -> Vec<Diagnostic> {
    let mesh = fed.mesh(id);
    let cluster = &fed.cluster_of(id).name.value;
    let mut dialled: BTreeMap<String, (MeshId, Located<String>)> = BTreeMap::new();
    let mut found = Vec::new();
    for peer in peers {
        let peer_name = &fed.mesh(*peer).name.value;
        let gateway = mesh.ingress_gateway(peer_name);
        let endpoint = mesh.ingress.endpoint_for(peer_name, &mesh.name.value, &gateway.value, cluster);
        for address in endpoint.addresses {
            let Some((first, at)) = dialled.get(&address.value) else {
                dialled.insert(address.value.clone(), (*peer, address));
                continue;
            };
            let first_name = &fed.mesh(*first).name.value;
            let same_gateway = mesh.ingress_gateway(first_name).value == gateway.value;
            let pattern_made_both = at.span == address.span;
            if same_gateway || pattern_made_both {
                continue; // `gateway::shared`, or the pattern finding above
            }
            found.push(
                Diagnostic::new(
                    codes::ingress::SHARED_ADDRESS,
                    format!(
                        "peers `{first_name}` and `{peer_name}` of mesh `{}` would both dial `{}`",
                        mesh.name.value, address.value
                    ),
                )
                .label(address.span.clone(), format!("`{peer_name}` dials this address"))
                .label(at.span.clone(), format!("so does `{first_name}`"))
                .help("give each peer the address of its own ingress gateway"),
            );
        }
    }
    found
}
