//! Each `istio-remote` Gateway an importer holds maps one remote network to one east-west address
//! (reference A6, B5): istiod sends traffic for an endpoint on that network to that address. Two
//! exporting clusters on different networks with one `eastwest_address` make istiod send one
//! network's traffic to the other network's gateway, which serves its own cluster's services.
//! Only clusters importers reach are checked: elsewhere `eastwest_address` is not used.

use std::collections::BTreeSet;
use std::net::IpAddr;

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Cluster, ClusterId, Federation, Located, MeshId};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let remote = remote_clusters(fed);
    let keyed = remote.iter().filter_map(|&id| {
        let cluster = fed.cluster(id);
        cluster.eastwest_address.as_ref().map(|a| (canonical(&a.value), (cluster, a)))
    });
    for (first, again) in repeats(keyed) {
        if first.0.network.value != again.0.network.value {
            out.push(finding(first, again));
        }
    }
}

/// The clusters of every `istio`/`ossm3` mesh another such mesh imports from.
fn remote_clusters(fed: &Federation) -> BTreeSet<ClusterId> {
    let istio = |id: MeshId| fed.mesh(id).istio.is_some();
    let exporters = fed.imports.iter().filter(|b| istio(b.mesh.id) && istio(b.from.id)).map(|b| b.from.id);
    let members = exporters.flat_map(|id| fed.mesh(id).istio.iter().flat_map(|i| i.members.iter()));
    members.map(|m| m.cluster).collect()
}

/// One spelling per address: DNS names are case-insensitive, IPv6 has several spellings.
fn canonical(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => address.trim_end_matches('.').to_ascii_lowercase(),
    }
}

/// A cluster and its `eastwest_address`.
type Addressed<'a> = (&'a Cluster, &'a Located<String>);

fn finding((first, first_address): Addressed, (again, again_address): Addressed) -> Diagnostic {
    let side = |c: &Cluster| format!("cluster `{}` (network `{}`)", c.name.value, c.network.value);
    Diagnostic::new(
        codes::istio::SHARED_EASTWEST_ADDRESS,
        format!("{} and {} have one east-west address `{}`", side(first), side(again), again_address.value),
    )
    .label(again_address.span.clone(), format!("given for network `{}`", again.network.value))
    .label(first_address.span.clone(), format!("also given for network `{}`", first.network.value))
    .help(format!(
        "importers reach each remote network through the address of its `istio-remote` Gateway: with one address, \
         traffic for network `{}` lands on the east-west gateway of network `{}` (or the other way round), which \
         routes it to its own cluster's services. Give each cluster the address of its own `istio-eastwestgateway` \
         load balancer",
        again.network.value, first.network.value
    ))
}
