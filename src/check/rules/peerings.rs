//! Peerings the controller cannot honour: a mesh peered with itself, a pair peered twice (also
//! through overlapping multi-mesh entries), and a peer named like the local cluster (the local
//! registry already uses that ID, so the controller refuses the peer; maistra-semantics §1).

use std::collections::{BTreeMap, BTreeSet};

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, MeshId, Peering};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for peering in fed.peerings.iter().filter(|p| p.a == p.b) {
        let name = &fed.mesh(peering.a).name.value;
        out.push(
            Diagnostic::new(codes::peer::SELF, format!("mesh `{name}` is peered with itself"))
                .label(peering.b_span.clone(), "listed again here")
                .label(peering.a_span.clone(), "first listed here")
                .help("list each mesh once per `[[peerings]]` entry: federation connects two different meshes"),
        );
    }
    duplicates(cx, out);
    cluster_names(out, fed);
}

/// Every pair of meshes peered more than once: the peerings of each pair, in the order written.
fn duplicates(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let mut by_pair: BTreeMap<(MeshId, MeshId), Vec<&Peering>> = BTreeMap::new();
    for peering in fed.peerings.iter().filter(|p| p.a != p.b) {
        by_pair.entry((peering.a.min(peering.b), peering.a.max(peering.b))).or_default().push(peering);
    }
    for ((a, b), peerings) in by_pair {
        let Some((first, again)) = peerings.split_first() else { continue };
        for again in again {
            out.push(duplicate(fed, first, again, a, b));
        }
    }
}

fn duplicate(fed: &Federation, first: &Peering, again: &Peering, a: MeshId, b: MeshId) -> Diagnostic {
    let (a_name, b_name) = (&fed.mesh(a).name.value, &fed.mesh(b).name.value);
    let help = if first.entry == again.entry {
        "list each mesh once in the entry".to_string()
    } else {
        format!("remove the pair `{a_name}`–`{b_name}` from one entry: every pair of meshes is peered once")
    };
    Diagnostic::new(codes::peer::DUPLICATE, format!("meshes `{a_name}` and `{b_name}` are peered twice"))
        .label(again.span_of(a), "peered again here")
        .label(again.span_of(b), "with this mesh")
        .label(first.span_of(a), "first peered here")
        .label(first.span_of(b), "with this mesh")
        .help(help)
}

fn cluster_names(out: &mut Vec<Diagnostic>, fed: &Federation) {
    let mut reported = BTreeSet::new();
    for peering in fed.peerings.iter().filter(|p| p.a != p.b) {
        for (local, peer) in [(peering.a, peering.b), (peering.b, peering.a)] {
            let cluster = fed.cluster_of(local);
            let peer_name = &fed.mesh(peer).name.value;
            if *peer_name != cluster.name.value || !reported.insert((local, peer)) {
                continue;
            }
            let local_name = &fed.mesh(local).name.value;
            out.push(
                Diagnostic::new(
                    codes::peer::NAME_IS_CLUSTER_NAME,
                    format!("peer `{peer_name}` of mesh `{local_name}` has the name of the cluster `{local_name}` runs on"),
                )
                .label(peering.span_of(peer), "this peer's services would be registered under the cluster's ID")
                .label(cluster.name.span.clone(), "cluster of the local mesh")
                .help(format!(
                    "rename mesh `{peer_name}` or cluster `{}`: the controller refuses a peer named like an existing registry",
                    cluster.name.value
                )),
            );
        }
    }
}
