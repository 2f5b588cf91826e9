//! Rules that never take effect because an earlier rule always wins (maistra-semantics §4–§5:
//! export rules, the aliases of a label rule and import rules are tried in order, first match
//! wins). Evaluated on the witness services of `check::effective`, so exact for name patterns.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Rule;
use crate::check::Context;
use crate::check::effective::{Exports, import_of};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{ExportRule, Federation, MeshId};
use crate::source::Span;

pub(crate) const RULE: Rule = Rule { run };

/// A rule (or label alias) no service reaches, the earlier one that takes its services, and the
/// peers this happens for.
pub(crate) struct Shadow {
    pub(crate) rule: Span,
    pub(crate) winner: Span,
    pub(crate) alias: bool,
    pub(crate) peers: Vec<MeshId>,
}

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for shadow in cx.shadowed_exports().values() {
        let mesh_peers: Vec<String> = shadow.peers.iter().map(|p| format!("`{}`", fed.mesh(*p).name.value)).collect();
        let what = if shadow.alias { "alias" } else { "export rule" };
        out.push(
            Diagnostic::new(
                codes::export::SHADOWED_RULE,
                format!(
                    "this {what} never takes effect for {}: an earlier one always matches first",
                    mesh_peers.join(", ")
                ),
            )
            .label(shadow.rule.clone(), format!("never reached: the controller uses the first {what} that matches"))
            .label(shadow.winner.clone(), "this earlier one matches every service it would")
            .help(format!("move the more specific {what} before the general one, or remove it")),
        );
    }
    for block in &fed.imports {
        let (mesh, from) = (block.mesh.id, block.from.id);
        if !fed.are_peered(mesh, from) || cx.omissions.exports_of.contains(&from) {
            continue;
        }
        let Some(exports) = Exports::of(fed, from, mesh) else { continue };
        let mut winners: BTreeMap<usize, Option<usize>> = BTreeMap::new();
        for outcome in &exports.outcomes {
            if let Some((index, _)) = import_of(&block.rules, &outcome.name.0, &outcome.name.1) {
                winners.entry(index).or_insert(None);
            }
        }
        for (index, rule) in block.rules.iter().enumerate() {
            if rule.label_selector.is_some() || winners.contains_key(&index) {
                continue;
            }
            // Some exported name it matches went to an earlier rule; none at all is `never-exported`.
            let taken = exports.outcomes.iter().find_map(|o| {
                let matches = rule.service.matches(&o.name.0, &o.name.1);
                matches.then(|| import_of(&block.rules, &o.name.0, &o.name.1)).flatten()
            });
            let Some((winner, _)) = taken else { continue };
            let from_name = &fed.mesh(from).name.value;
            out.push(
                Diagnostic::new(
                    codes::import::SHADOWED_RULE,
                    format!("this import rule never takes effect: an earlier rule imports everything it matches from `{from_name}`"),
                )
                .label(rule.service.span.clone(), "never reached: the controller uses the first import rule that matches")
                .label(block.rules[winner].service.span.clone(), "this earlier rule matches first")
                .help("move the more specific rule before the general one, or remove it"),
            );
        }
    }
}

/// The shadowed export rules and aliases, keyed by where they are written (`(start, end)`).
pub(crate) type Shadowed = BTreeMap<(usize, usize), Shadow>;

/// Every export rule or label alias that no service reaches, keyed by where it is written.
pub(crate) fn shadowed_exports(fed: &Federation) -> Shadowed {
    // Each mesh's exports are evaluated on their own core; merged in mesh order, as one loop would.
    let meshes: Vec<MeshId> = fed.mesh_ids().collect();
    let per_mesh: Vec<Vec<(Span, Span, bool, MeshId)>> = meshes
        .into_par_iter()
        .map(|mesh| {
            let mut unreachable = Vec::new();
            for peer in fed.peers_of(mesh) {
                let Some(exports) = Exports::of(fed, mesh, peer) else { continue };
                for (index, rule) in exports.rules.iter().enumerate() {
                    let found = unreached(&exports, index, rule).into_iter();
                    unreachable.extend(found.map(|(at, winner, alias)| (at, winner, alias, peer)));
                }
            }
            unreachable
        })
        .collect();
    let mut found = Shadowed::new();
    for (at, winner, alias, peer) in per_mesh.into_iter().flatten() {
        let entry =
            found.entry((at.start, at.end)).or_insert_with(|| Shadow { rule: at, winner, alias, peers: Vec::new() });
        entry.peers.push(peer);
    }
    found
}

/// The rule itself when no service reaches it, else the aliases of a label rule none reaches.
fn unreached(exports: &Exports, index: usize, rule: &ExportRule) -> Vec<(Span, Span, bool)> {
    let span_of = |i: usize| selector_span(exports.rules[i]);
    if !exports.reached(index, None) {
        let selector = match rule {
            ExportRule::Name { service, .. } => service.clone(),
            ExportRule::Labels(labels) => crate::model::ServicePattern {
                namespace: labels.namespace.value.clone(),
                name: crate::model::Pattern::Any,
                span: labels.span.clone(),
            },
        };
        return exports
            .winner_over(&selector, index)
            .map(|w| (span_of(index), span_of(w), false))
            .into_iter()
            .collect();
    }
    let ExportRule::Labels(labels) = rule else { return Vec::new() };
    let mut found = Vec::new();
    for (k, alias) in labels.aliases.iter().enumerate() {
        if exports.reached(index, Some(k)) {
            continue;
        }
        let earlier = exports.outcomes.iter().find(|o| {
            o.rule == index && o.alias.is_some_and(|a| a < k) && alias.service.matches(&o.source.0, &o.source.1)
        });
        if let Some(alias_index) = earlier.and_then(|o| o.alias) {
            found.push((alias.span.clone(), labels.aliases[alias_index].span.clone(), true));
        }
    }
    found
}

pub(crate) fn selector_span(rule: &ExportRule) -> Span {
    match rule {
        ExportRule::Name { service, .. } => service.span.clone(),
        ExportRule::Labels(labels) => labels.namespace.span.clone(),
    }
}
