//! Clusters of one `istio`/`ossm3` mesh are on separate networks (that is what the east-west
//! gateways fedc emits are for), so their network names must differ. istiod routes through a
//! network's gateway only to endpoints whose network differs from the caller's: with one name,
//! cross-cluster calls go straight to pod IPs the caller cannot reach, and the east-west path is
//! silently never used (reference A1; the ASM guide passes `--network default` twice).

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::Cluster;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for mesh in &fed.meshes {
        let Some(istio) = &mesh.istio else { continue };
        let clusters: Vec<&Cluster> = istio.members.iter().map(|m| fed.cluster(m.cluster)).collect();
        let keyed = clusters.iter().map(|c| (c.network.as_str(), *c));
        for (first, again) in repeats(keyed) {
            if first.name.value == again.name.value {
                continue; // the same cluster listed twice: fedc::istio::duplicate-cluster-name
            }
            out.push(
                Diagnostic::new(
                    codes::istio::SHARED_NETWORK,
                    format!(
                        "clusters `{}` and `{}` of mesh `{}` share network name `{}`",
                        first.name.value, again.name.value, mesh.name.value, again.network.value
                    ),
                )
                .label(again.network.span.clone(), network_label(again))
                .label(first.network.span.clone(), network_label(first))
                .help(
                    "istiod sends traffic through the east-west gateway only to endpoints on a network other than the caller's; \
                     with one network name it calls the other cluster's pod IPs directly, which a separate network cannot reach, \
                     and the east-west path is silently never used. Give each cluster its own `network` (e.g. `network-<cluster>`)",
                ),
            );
        }
    }
}

fn network_label(cluster: &Cluster) -> String {
    format!("network of cluster `{}`", cluster.name.value)
}
