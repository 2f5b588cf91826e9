//! Two import rules of one mesh that give services the same hostname: the controller keeps both in
//! its registry and clients reach one of them unpredictably. Hostnames are computed on the
//! effective names (`check::hostnames::of_block`: what each peer really exports, first match wins
//! on both sides), so a rule an earlier one always beats collides with nothing, and a wildcard
//! only with what the peer can export. One finding per pair of rules.
//!
//! One exception: rules of *different* peers that import a failover's service as local. The
//! controller's aggregate registry merges same-hostname services across its Kubernetes and
//! federation registries (maistra-semantics §3, `importAsLocal`), so the local pods and every
//! peer's import become one service: that is how a failover region served by several peers is
//! load-balanced, each ImportedServiceSet carrying its own locality under one DestinationRule.
//! Two rules of one peer on one hostname stay an error (one registry, one service per hostname).

use std::collections::BTreeSet;

use super::Rule;
use crate::check::Context;
use crate::check::effective::failover::Resolver;
use crate::check::hostnames::{LOCAL_SUFFIX, RuleHost, of_block};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, ImportRule, MeshId};

pub(crate) const RULE: Rule = Rule { run };

struct Imported<'a> {
    from: MeshId,
    rule: &'a ImportRule,
    at: RuleHost,
    /// Computed on effective names (else on the rule's own pattern).
    effective: bool,
}

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    // Computed once: per mesh it would be (meshes × failovers × imports).
    let mut resolver = Resolver::new(fed);
    let forced: BTreeSet<(usize, usize)> =
        fed.failovers.iter().flat_map(|f| resolver.sources(f)).map(|s| (s.block, s.rule)).collect();
    let merged = failover_hosts(fed);
    for id in fed.mesh_ids() {
        let imported = imported(fed, id, &forced);
        let mut reported = BTreeSet::new();
        for (index, again) in imported.iter().enumerate() {
            let clash =
                imported[..index].iter().find(|first| collide(first, again) && !multi_peer(&merged, id, first, again));
            if let Some(first) = clash
                && reported.insert((first.at.block, first.at.rule, again.at.block, again.at.rule))
            {
                out.push(finding(fed, id, first, again));
            }
        }
    }
}

/// Every hostname the name-selector import rules of `mesh` give, rule by rule.
fn imported<'a>(fed: &'a Federation, mesh: MeshId, forced: &BTreeSet<(usize, usize)>) -> Vec<Imported<'a>> {
    let mut imported = Vec::new();
    for (index, block) in fed.imports_of(mesh) {
        let (hosts, effective) = of_block(fed, index, block, forced);
        for at in hosts {
            imported.push(Imported { from: block.from.id, rule: &block.rules[at.rule], at, effective });
        }
    }
    imported
}

fn collide(first: &Imported, again: &Imported) -> bool {
    if (first.at.block, first.at.rule) == (again.at.block, again.at.rule) {
        return false;
    }
    let same_peer = first.from == again.from;
    if !(first.effective && again.effective) {
        // Blocks from the same peer are one ImportedServiceSet (two are an error of their own);
        // without effective names, overlapping selectors of one peer are first-match, not a clash.
        let shadowed = same_peer && first.rule.service.overlaps(&again.rule.service);
        return !shadowed && first.at.host.overlaps(&again.at.host, false);
    }
    // Two blocks from one peer are `fedc::import::duplicate-block` already: one finding.
    let duplicate_block = same_peer && first.at.block != again.at.block;
    !duplicate_block && first.at.host.overlaps(&again.at.host, same_peer)
}

/// (mesh, namespace, name) of every failover's service: its local hostname is where peers' imports
/// merge with the local pods.
fn failover_hosts(fed: &Federation) -> BTreeSet<(MeshId, &str, &str)> {
    fed.failovers.iter().map(|f| (f.mesh.id, f.service.namespace.as_str(), f.service.name.as_str())).collect()
}

/// Two peers import a failover's service as local, each for certain under exactly its hostname.
fn multi_peer(merged: &BTreeSet<(MeshId, &str, &str)>, mesh: MeshId, first: &Imported, again: &Imported) -> bool {
    let local = |i: &Imported| {
        let host = &i.at.host;
        let (Some(namespace), Some(name)) = (host.namespace.exact(), host.name.exact()) else { return false };
        i.at.certain && host.is_exact() && host.suffix == LOCAL_SUFFIX && merged.contains(&(mesh, namespace, name))
    };
    first.from != again.from && first.at.host == again.at.host && local(first) && local(again)
}

fn finding(fed: &Federation, mesh: MeshId, first: &Imported, again: &Imported) -> Diagnostic {
    let mesh = &fed.mesh(mesh).name.value;
    let (first_from, again_from) = (&fed.mesh(first.from).name.value, &fed.mesh(again.from).name.value);
    let label = |i: &Imported, from: &str| format!("imports `{}` from `{from}`", i.at.host);
    let certain = |i: &Imported| i.at.host.is_exact() && i.at.certain;
    let base = if certain(first) && certain(again) {
        Diagnostic::new(
            codes::import::HOSTNAME_COLLISION,
            format!("mesh `{mesh}` imports two services as `{}`", again.at.host),
        )
    } else {
        Diagnostic::new(
            codes::import::HOSTNAME_OVERLAP,
            format!(
                "mesh `{mesh}` may import two services under one hostname: `{}` and `{}`",
                first.at.host, again.at.host
            ),
        )
    };
    base.label(again.rule.service.span.clone(), label(again, again_from))
        .label(first.rule.service.span.clone(), label(first, first_from))
        .help("give one rule an `alias` or a `domain_suffix` of its own, so that every imported hostname is unique")
}
