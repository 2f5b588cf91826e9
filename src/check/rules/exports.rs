//! Export rules: two rules that publish different services under one exported name to the same
//! peer (the controller does not detect it, maistra-semantics §4), and label expressions the
//! controller would skip the whole rule for. Alias names are checked by `kubernetes_names`.

use std::collections::BTreeMap;

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{ExportRule, Federation, LabelExpression, MeshId, Pattern, ServicePattern};
use crate::suggest::unknown_help;

pub(crate) const RULE: Rule = Rule { run };

const OPERATORS: [&str; 4] = ["In", "NotIn", "Exists", "DoesNotExist"];

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for id in fed.mesh_ids() {
        collisions(out, fed, id);
    }
    let label_rules = fed.exports.iter().flat_map(|b| &b.rules).filter_map(|r| match r {
        ExportRule::Labels(labels) => Some(labels),
        ExportRule::Name { .. } => None,
    });
    for expression in label_rules.flat_map(|l| &l.expressions) {
        out.extend(expression_finding(expression));
    }
}

/// A name rule that maps one known service to one known exported name.
#[derive(Clone)]
struct ExactExport<'a> {
    source: &'a ServicePattern,
    exported: ServicePattern,
}

impl ExactExport<'_> {
    fn of(rule: &ExportRule) -> Option<ExactExport<'_>> {
        let ExportRule::Name { service, alias, .. } = rule else { return None };
        let exported = alias.as_ref().map_or_else(|| service.clone(), |a| a.apply(service));
        let exact = |p: &ServicePattern| p.namespace.exact().is_some() && p.name.exact().is_some();
        (exact(service) && exact(&exported)).then_some(ExactExport { source: service, exported })
    }
}

/// Two rules exporting different services under one name, and the peers that happens for; keyed
/// by the spans of both exported names.
type Collision<'a> = (ExactExport<'a>, ExactExport<'a>, Vec<&'a str>);

fn collisions(out: &mut Vec<Diagnostic>, fed: &Federation, id: MeshId) {
    let mut found: BTreeMap<(usize, usize, usize, usize), Collision> = BTreeMap::new();
    for peer in fed.peers_of(id) {
        let rules: Vec<ExactExport> = fed.export_rules(id, peer).filter_map(ExactExport::of).collect();
        // Per exported name, the earliest rule of each of its first two sources: enough to find,
        // for every rule, the earliest earlier one exporting another service under its name, in
        // one pass (thousands of rules in a block stay linear).
        let mut earliest: BTreeMap<(&Pattern, &Pattern), Vec<&ExactExport>> = BTreeMap::new();
        for again in &rules {
            let sources = earliest.entry((&again.exported.namespace, &again.exported.name)).or_default();
            let first = sources.iter().find(|first| !same_name(first.source, again.source)).copied();
            if sources.len() < 2 && sources.iter().all(|seen| !same_name(seen.source, again.source)) {
                sources.push(again);
            }
            let Some(first) = first else { continue };
            let key = (
                first.exported.span.start,
                first.exported.span.end,
                again.exported.span.start,
                again.exported.span.end,
            );
            let entry = found.entry(key).or_insert_with(|| (first.clone(), again.clone(), Vec::new()));
            entry.2.push(fed.mesh(peer).name.as_str());
        }
    }
    let mesh = &fed.mesh(id).name.value;
    for (first, again, peers) in found.into_values() {
        let peers: Vec<String> = peers.iter().map(|p| format!("`{p}`")).collect();
        out.push(
            Diagnostic::new(
                codes::export::NAME_COLLISION,
                format!(
                    "mesh `{mesh}` exports `{}` and `{}` both as `{}` to {}",
                    first.source,
                    again.source,
                    again.exported,
                    peers.join(", ")
                ),
            )
            .label(again.exported.span.clone(), format!("exports `{}` under this name", again.source))
            .label(first.exported.span.clone(), format!("already exports `{}` under it", first.source))
            .help("give one of them a different `alias`: a peer sees one service per exported name"),
        );
    }
}

fn same_name(a: &ServicePattern, b: &ServicePattern) -> bool {
    a.namespace == b.namespace && a.name == b.name
}

fn expression_finding(expression: &LabelExpression) -> Option<Diagnostic> {
    let operator = expression.operator.as_str();
    let key = &expression.key.value;
    if !OPERATORS.contains(&operator) {
        return Some(
            Diagnostic::new(
                codes::export::INVALID_OPERATOR,
                format!("label expression on `{key}` has unknown operator `{operator}`"),
            )
            .label(expression.operator.span.clone(), "not a label selector operator")
            .help(unknown_help("operator", operator, OPERATORS)),
        );
    }
    let needs_values = matches!(operator, "In" | "NotIn");
    if needs_values != expression.values.is_empty() {
        return None;
    }
    let (problem, help) = if needs_values {
        ("needs `values`", format!("list the label values `{operator}` compares `{key}` with"))
    } else {
        ("takes no `values`", format!("remove `values`: `{operator}` only tests whether `{key}` is set"))
    };
    let mut finding =
        Diagnostic::new(codes::export::INVALID_VALUES, format!("label expression `{key} {operator}` {problem}"))
            .label(expression.operator.span.clone(), format!("`{operator}` {problem}"));
    for value in &expression.values {
        finding = finding.label(value.span.clone(), "value");
    }
    Some(finding.help(format!("{help}; the controller skips the whole rule otherwise")))
}
