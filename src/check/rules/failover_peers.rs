//! A failover served by several OpenShift Service Mesh 2 peers (maistra-semantics §3, §7, §8).
//! Each peer's import of the service as local merges with the local pods in the aggregate
//! registry (allowed by `import-hostnames`), but so do the hidden `.remote` services behind them
//! when the peers advertise the service under one name: their hostname is
//! `<name>.<namespace>.svc.<importer>-exports.local` whichever peer exports it. Each egress gateway
//! then keeps to its own peer only if istiod filters those merged endpoints by the gateway's
//! `requestedNetworkView` (`network-<peer>`, which fedc sets): that depends on the control plane
//! (SMCP v2.5 filters only when multi-network is on), so it is reported, once per group of peers.

use std::collections::BTreeMap;

use super::Rule;
use crate::check::Context;
use crate::check::effective::failover::{Resolver, Role};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Failover, Federation, ImportRule, MeshId};

pub(crate) const RULE: Rule = Rule { run };

/// A peer whose import joins the failover's local service, and the rule it goes through.
struct Merged<'a> {
    peer: MeshId,
    rule: &'a ImportRule,
}

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let mut resolver = Resolver::new(fed);
    // Istio meshes have no egress gateways; a partner's failover is not ours to check.
    let checked = |f: &&Failover| fed.mesh(f.mesh.id).istio.is_none() && !fed.is_partner(f.mesh.id);
    for failover in fed.failovers.iter().filter(checked) {
        for (exported, peers) in by_exported_name(fed, &mut resolver, failover) {
            if peers.len() > 1 {
                out.push(finding(fed, failover, &exported, &peers));
            }
        }
    }
}

/// The peers whose import joins the failover's local service (a source in the target region is
/// imported as local whatever its rule says; elsewhere only an `as_local` rule joins), grouped by
/// the exact name each advertises the service under.
fn by_exported_name<'a>(
    fed: &'a Federation,
    resolver: &mut Resolver<'a>,
    failover: &Failover,
) -> BTreeMap<(String, String), Vec<Merged<'a>>> {
    let mut groups: BTreeMap<(String, String), Vec<Merged<'a>>> = BTreeMap::new();
    for role in resolver.roles(failover) {
        let Role::Source { rule, certain: true } = role.role else { continue };
        let rule = &fed.imports[role.block].rules[rule];
        if !(role.in_target_region || rule.is_local()) {
            continue;
        }
        let exported = rule.exported_name_of(&failover.service);
        let (Some(namespace), Some(name)) = (exported.namespace.exact(), exported.name.exact()) else { continue };
        let group = groups.entry((namespace.to_string(), name.to_string())).or_default();
        if group.iter().all(|m| m.peer != role.peer) {
            group.push(Merged { peer: role.peer, rule });
        }
    }
    groups
}

fn finding(
    fed: &Federation,
    failover: &Failover,
    (namespace, name): &(String, String),
    peers: &[Merged],
) -> Diagnostic {
    let mesh = &fed.mesh(failover.mesh.id).name.value;
    let mut names: Vec<&str> = peers.iter().map(|m| fed.mesh(m.peer).name.value.as_str()).collect();
    names.sort_unstable();
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let listed = match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    };
    let remote = format!("{name}.{namespace}.svc.{mesh}-exports.local");
    let mut finding = Diagnostic::new(
        codes::failover::NETWORK_VIEW,
        format!(
            "failover of `{}` in mesh `{mesh}` reaches {listed} through one hostname `{remote}`: \
             each egress gateway keeps to its own peer only through its network view",
            failover.service
        ),
    )
    .label(failover.service.span.clone(), "fails over to several peers");
    for merged in peers {
        let peer = &fed.mesh(merged.peer).name.value;
        finding =
            finding.label(merged.rule.service.span.clone(), format!("imports `{namespace}/{name}` from `{peer}`"));
    }
    finding.help(format!(
        "the peers' `.remote` services share the hostname `{remote}` and merge in `{mesh}`'s registry; the egress gateway \
         for each peer (`requestedNetworkView: [network-<peer>]`) avoids the other peers' ingress gateways only where istiod \
         filters endpoints by network view (SMCP v2.5 does when multi-network is on). To depend on nothing, have each peer \
         export the service under its own name (an export `alias`, e.g. `{namespace}-<peer>/{name}`) and import each back \
         with `alias = \"{namespace}/{name}\"` and `as_local = true`; or acknowledge this warning"
    ))
}
