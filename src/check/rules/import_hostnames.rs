//! Two import rules of one mesh that give services the same hostname: the controller keeps both in
//! its registry and clients reach one of them unpredictably. Within the rules for one peer the
//! first match wins, so only rules that select different services can collide there.

use std::collections::BTreeSet;

use super::Rule;
use crate::check::Context;
use crate::check::hostnames::ImportedHost;
use crate::diagnostic::Diagnostic;
use crate::model::{Federation, ImportRule, MeshId};

pub const RULE: Rule = Rule { name: "import-hostnames", run };

struct Imported<'a> {
    from: MeshId,
    rule: &'a ImportRule,
    host: ImportedHost,
}

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    // Computed once: per mesh it would be (meshes × failovers × imports).
    let forced: BTreeSet<(usize, usize)> =
        fed.failovers.iter().flat_map(|f| fed.failover_sources(f)).map(|s| (s.block, s.rule)).collect();
    for id in fed.mesh_ids() {
        let imported = imported(fed, id, &forced);
        for (index, again) in imported.iter().enumerate() {
            let clash = imported[..index].iter().find(|first| collide(first, again));
            if let Some(first) = clash {
                out.push(finding(fed, id, first, again));
            }
        }
    }
}

/// Every name-selector import rule of `mesh`, with the hostname it produces. Rules a failover
/// depends on are imported as local whatever they say (the plan forces it).
fn imported<'a>(fed: &'a Federation, mesh: MeshId, forced: &BTreeSet<(usize, usize)>) -> Vec<Imported<'a>> {
    let mut imported = Vec::new();
    for (index, block) in fed.imports_of(mesh) {
        for (position, rule) in block.rules.iter().enumerate().filter(|(_, r)| r.label_selector.is_none()) {
            let mut host = ImportedHost::of(fed, block, rule);
            if forced.contains(&(index, position)) {
                host = ImportedHost::local(host);
            }
            imported.push(Imported { from: block.from.id, rule, host });
        }
    }
    imported
}

fn collide(first: &Imported, again: &Imported) -> bool {
    // Blocks from the same peer are one ImportedServiceSet (two are an error of their own).
    let shadowed = first.from == again.from && first.rule.service.overlaps(&again.rule.service);
    !shadowed && first.host.overlaps(&again.host)
}

fn finding(fed: &Federation, mesh: MeshId, first: &Imported, again: &Imported) -> Diagnostic {
    let mesh = &fed.mesh(mesh).name.value;
    let (first_from, again_from) = (&fed.mesh(first.from).name.value, &fed.mesh(again.from).name.value);
    let label = |i: &Imported, from: &str| format!("imports `{}` from `{from}`", i.host);
    let base = if first.host.is_exact() && again.host.is_exact() {
        Diagnostic::error(
            "fedc::import::hostname-collision",
            format!("mesh `{mesh}` imports two services as `{}`", again.host),
        )
    } else {
        Diagnostic::warning(
            "fedc::import::hostname-overlap",
            format!("mesh `{mesh}` may import two services under one hostname: `{}` and `{}`", first.host, again.host),
        )
    };
    base.label(again.rule.service.span.clone(), label(again, again_from))
        .label(first.rule.service.span.clone(), label(first, first_from))
        .help("give one rule an `alias` or a `domain_suffix` of its own, so that every imported hostname is unique")
}
