//! Service flows along peerings: an import rule must match something the peer exports to this
//! mesh, and an export should be imported by some peer. Label-selected exports match Service labels
//! fedc cannot see, so a match only through them is a warning.

use std::collections::BTreeSet;

use super::Rule;
use super::shadowed::selector_span;
use crate::check::Context;
use crate::check::effective::{Coverage, Exports, coverage, exported_to, shown};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{
    ExportBlock, ExportRule, ExportedName, Federation, ImportBlock, ImportRule, MeshId, ServicePattern,
};
use crate::source::Span;
use crate::suggest::{Budget, did_you_mean};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let omitted = cx.omissions;
    // (importer, exporter) pairs with an import that matches nothing: the exports it missed are
    // probably what it meant, so they are not reported as unimported as well.
    let mut broken = BTreeSet::new();
    let budget = Budget::default();
    let imports = fed.imports.iter().filter(|b| !omitted.exports_of.contains(&b.from.id));
    for block in imports.filter(|b| fed.are_peered(b.mesh.id, b.from.id)) {
        let exported = exported_to(fed, block.from.id, block.mesh.id);
        for rule in block.rules.iter().filter(|r| r.label_selector.is_none()) {
            let finding = import_finding(fed, block, rule, &exported, &budget);
            if finding.as_ref().is_some_and(Diagnostic::is_error) {
                broken.insert((block.mesh.id, block.from.id));
            }
            out.extend(finding);
        }
    }
    // A shadowed rule is reported as such, not also as not imported.
    let shadowed = cx.shadowed_exports();
    let exports = fed.exports.iter().filter(|b| !omitted.imported_from.contains(&b.mesh.id));
    for block in exports.filter(|b| !omitted.peerings_of.contains(&b.mesh.id)) {
        let reached = |r: &&ExportRule| {
            let at = selector_span(r);
            !shadowed.contains_key(&(at.start, at.end))
        };
        for rule in block.rules.iter().filter(reached) {
            out.extend(export_finding(cx, block, rule, &broken));
        }
    }
}

fn import_finding(
    fed: &Federation,
    block: &ImportBlock,
    rule: &ImportRule,
    exported: &[ExportedName],
    budget: &Budget,
) -> Option<Diagnostic> {
    let (mesh, from) = (&fed.mesh(block.mesh.id).name.value, &fed.mesh(block.from.id).name.value);
    let wanted = &rule.service;
    match coverage(wanted, exported) {
        Coverage::Resolved => None,
        Coverage::Unresolved => Some(
            Diagnostic::new(
                codes::import::MAYBE_NOT_EXPORTED,
                format!("`{wanted}` is exported by `{from}` to `{mesh}` only if its Service labels match"),
            )
            .label(wanted.span.clone(), "matches only label-selected exports")
            .help(format!("make sure the Service carries the labels `{from}` exports by, or export it by name")),
        ),
        Coverage::None => Some(
            Diagnostic::new(
                codes::import::NEVER_EXPORTED,
                format!("mesh `{mesh}` imports `{wanted}` from `{from}`, which never exports it to `{mesh}`"),
            )
            .label(wanted.span.clone(), "matches nothing the peer exports to this mesh")
            .label(block.from.span.clone(), format!("imported from `{from}`"))
            .help(cause(fed, block, wanted).unwrap_or_else(|| exports_help(from, mesh, wanted, exported, budget))),
        ),
    }
}

fn exports_help(from: &str, mesh: &str, wanted: &ServicePattern, exported: &[ExportedName], budget: &Budget) -> String {
    let mut names: Vec<String> = exported.iter().take(budget.candidates()).map(|e| shown(&e.name)).collect();
    names.dedup();
    if names.is_empty() {
        return format!("`{from}` exports nothing to `{mesh}`: add an `[[exports]]` block for it");
    }
    let written = wanted.to_string();
    if let Some(close) = did_you_mean(&written, names.iter().map(String::as_str)) {
        return format!("did you mean `{close}`?");
    }
    let list: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
    format!("`{from}` exports {} to `{mesh}`; import one of these or export the service", list.join(", "))
}

fn export_finding(
    cx: &Context,
    block: &ExportBlock,
    rule: &ExportRule,
    broken: &BTreeSet<(MeshId, MeshId)>,
) -> Option<Diagnostic> {
    let fed = cx.federation;
    let targets: Vec<MeshId> = match &block.to {
        Some(to) => to.iter().map(|r| r.id).filter(|p| fed.are_peered(block.mesh.id, *p)).collect(),
        None => fed.peers_of(block.mesh.id),
    };
    let incomplete =
        targets.iter().any(|t| cx.omissions.imports_of.contains(t) || broken.contains(&(*t, block.mesh.id)));
    if incomplete || (block.to.is_some() && targets.is_empty()) {
        return None;
    }
    let names = rule.exported_names();
    let imported = targets.iter().any(|peer| {
        let blocks = fed.imports_of(*peer).map(|(_, b)| b).filter(|b| b.from.id == block.mesh.id);
        // A label-selector import rule (an error of its own) counts as importing anything.
        let mut rules = blocks.flat_map(|b| &b.rules);
        rules.any(|r| names.iter().any(|n| n.name.overlaps(&r.service)))
    });
    if imported {
        return None;
    }
    let mesh = &fed.mesh(block.mesh.id).name.value;
    Some(
        Diagnostic::new(codes::export::NOT_IMPORTED, format!("no peer of `{mesh}` imports what this rule exports"))
            .label(rule_span(rule), "exported, never imported")
            .help("add an import rule on a peer that needs the service, or remove the export"),
    )
}

fn rule_span(rule: &ExportRule) -> Span {
    match rule {
        ExportRule::Name { service, .. } => service.span.clone(),
        ExportRule::Labels(labels) => labels.namespace.span.clone(),
    }
}

/// The real reason an import matches nothing, when it is not a typo: the peer exports the service
/// under an alias, or the export rule that would export it is shadowed by an earlier one.
pub(super) fn cause(fed: &Federation, block: &ImportBlock, wanted: &ServicePattern) -> Option<String> {
    let exports = Exports::of(fed, block.from.id, block.mesh.id)?;
    let from = &fed.mesh(block.from.id).name.value;
    let renamed = exports.outcomes.iter().find(|o| wanted.matches(&o.source.0, &o.source.1) && o.source != o.name);
    if let Some(o) = renamed {
        let alias = shown(&ServicePattern {
            namespace: crate::model::Pattern::Exact(o.name.0.clone()),
            name: crate::model::Pattern::Exact(o.name.1.clone()),
            span: wanted.span.clone(),
        });
        return Some(format!(
            "`{from}` exports `{}` under the alias `{alias}`: import `{alias}` (use an import `alias` to rename it back)",
            shown(&ServicePattern { span: wanted.span.clone(), ..source_pattern(&o.source) })
        ));
    }
    let dead = exports.rules.iter().enumerate().find(|(index, rule)| {
        !exports.reached(*index, None) && rule.exported_names().iter().any(|n| n.name.overlaps(wanted))
    });
    dead.map(|(_, rule)| {
        let at = selector_span(rule);
        format!(
            "the export rule for `{}` never takes effect: an earlier export rule of `{from}` matches first (see `fedc::export::shadowed-rule`)",
            shown(&ServicePattern { span: at, ..source_of(rule) })
        )
    })
}

fn source_pattern(name: &(String, String)) -> ServicePattern {
    ServicePattern {
        namespace: crate::model::Pattern::Exact(name.0.clone()),
        name: crate::model::Pattern::Exact(name.1.clone()),
        span: 0..0,
    }
}

fn source_of(rule: &ExportRule) -> ServicePattern {
    match rule {
        ExportRule::Name { service, .. } => service.clone(),
        ExportRule::Labels(labels) => ServicePattern {
            namespace: labels.namespace.value.clone(),
            name: crate::model::Pattern::Any,
            span: labels.span.clone(),
        },
    }
}
