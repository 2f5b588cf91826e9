//! Effective names: what a mesh really exports to a peer and what the peer really imports, with
//! the controller's semantics (maistra-semantics §4–§5): export rules, the aliases of a label rule,
//! and import rules are tried in order and the **first match wins**.
//!
//! fedc does not know the services of a mesh, but rules only ever compare a name with the exact
//! names written in the topology (or accept any with `*`). So every service behaves like one of a
//! finite *witness* set: the namespaces and names the rules mention, plus [`OTHER`], standing for
//! any name the topology does not mention. Evaluating first-match on each witness is exact: a rule
//! is shadowed if and only if no witness reaches it. The witness set is the product of the
//! mentioned namespaces and names; when it times the rules exceed [`EVALUATION_LIMIT`] it is not
//! built and the callers fall back to the rules' own names (no shadowing analysis).

use std::collections::BTreeSet;

use crate::model::{ExportRule, ExportedName, Federation, ImportRule, LabelExport, MeshId, Pattern, ServicePattern};

pub(crate) mod failover;
pub(crate) mod listed;
#[cfg(test)]
mod names_tests;

/// Stands for every name the topology does not mention (not a valid Kubernetes name).
pub(crate) const OTHER: &str = "\u{1}other";

/// Rule evaluations (witness services × export rules) per (exporter, importer) pair at most;
/// beyond, no analysis: a block of thousands of rules must not cost minutes.
pub(crate) const EVALUATION_LIMIT: usize = 1 << 21;

/// A concrete `namespace/name`.
pub(crate) type Name = (String, String);

/// One way a service is exported: under `name`, by `rule` (index into the peer's rule list) and,
/// for a label rule, its alias `alias`. `resolved` is false when a label selector decides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Exported {
    pub(crate) source: Name,
    pub(crate) name: Name,
    pub(crate) rule: usize,
    pub(crate) alias: Option<usize>,
    pub(crate) resolved: bool,
}

/// The first-match evaluation of `rules` for the service `namespace/name`: usually one outcome or
/// none. A label rule with a selector may or may not match (fedc cannot see Service labels), so
/// evaluation then continues and later rules give further, unresolved, outcomes.
pub(crate) fn export_of(rules: &[&ExportRule], namespace: &str, name: &str) -> Vec<Exported> {
    let mut outcomes = Vec::new();
    let mut certain = true;
    // Built once a rule matches: most witnesses of a pair match none.
    let source = || (namespace.to_string(), name.to_string());
    for (index, rule) in rules.iter().enumerate() {
        match rule {
            ExportRule::Name { service, alias, .. } => {
                if service.matches(namespace, name) {
                    let source = source();
                    let renamed =
                        alias.as_ref().map_or_else(|| source.clone(), |a| rename(&a.namespace, &a.name, &source));
                    outcomes.push(Exported { source, name: renamed, rule: index, alias: None, resolved: certain });
                    return outcomes;
                }
            }
            ExportRule::Labels(labels) => {
                if !labels.namespace.value.admits(namespace) {
                    continue;
                }
                let source = source();
                let (alias, renamed) = label_alias(labels, &source);
                let selects_all = labels.match_labels.is_empty() && labels.expressions.is_empty();
                let resolved = certain && selects_all;
                outcomes.push(Exported { source, name: renamed, rule: index, alias, resolved });
                if selects_all {
                    return outcomes;
                }
                certain = false;
            }
        }
    }
    outcomes
}

/// The first alias of a label rule that matches, and the name it gives; none keeps the name.
fn label_alias(labels: &LabelExport, source: &Name) -> (Option<usize>, Name) {
    let hit = labels.aliases.iter().enumerate().find(|(_, a)| a.service.matches(&source.0, &source.1));
    match hit {
        Some((index, a)) => (Some(index), rename(&a.alias.namespace, &a.alias.name, source)),
        None => (None, source.clone()),
    }
}

fn rename(namespace: &Pattern, name: &Pattern, source: &Name) -> Name {
    let pick = |alias: &Pattern, original: &str| alias.exact().unwrap_or(original).to_string();
    (pick(namespace, &source.0), pick(name, &source.1))
}

/// The first import rule (label-selector rules are skipped, as the controller does) that matches
/// the exported `namespace/name`, and the name it imports it as.
pub(crate) fn import_of(rules: &[ImportRule], namespace: &str, name: &str) -> Option<(usize, Name)> {
    let (index, rule) =
        rules.iter().enumerate().find(|(_, r)| r.label_selector.is_none() && r.service.matches(namespace, name))?;
    let source = (namespace.to_string(), name.to_string());
    let imported = rule.alias.as_ref().map_or_else(|| source.clone(), |a| rename(&a.namespace, &a.name, &source));
    Some((index, imported))
}

/// What `from` exports to `to`, evaluated on the witness set; `None` when that set is too large.
#[derive(Debug)]
pub(crate) struct Exports<'a> {
    pub(crate) rules: Vec<&'a ExportRule>,
    pub(crate) outcomes: Vec<Exported>,
}

impl<'a> Exports<'a> {
    pub(crate) fn of(fed: &'a Federation, from: MeshId, to: MeshId) -> Option<Exports<'a>> {
        let rules: Vec<&ExportRule> = fed.export_rules(from, to).collect();
        let (namespaces, names) = witnesses(fed, &rules, from, to)?;
        let mut outcomes: BTreeSet<Exported> = BTreeSet::new();
        for namespace in &namespaces {
            for name in &names {
                outcomes.extend(export_of(&rules, namespace, name));
            }
        }
        Some(Exports { rules, outcomes: outcomes.into_iter().collect() })
    }

    /// The exported names (as patterns, [`OTHER`] for unmentioned sides), each once.
    pub(crate) fn names(&self) -> Vec<ExportedName> {
        let mut seen = BTreeSet::new();
        let mut names = Vec::new();
        for outcome in &self.outcomes {
            if seen.insert((outcome.name.clone(), outcome.resolved || outcome.alias.is_some())) {
                let name = ServicePattern {
                    namespace: Pattern::Exact(outcome.name.0.clone()),
                    name: Pattern::Exact(outcome.name.1.clone()),
                    span: self.rules[outcome.rule].span().clone(),
                };
                // The alias target of a label rule is a name the exporting side wrote down: an
                // import of it is intended even though fedc cannot see the labels.
                let resolved = outcome.resolved || outcome.alias.is_some();
                names.push(ExportedName { name, resolved });
            }
        }
        names
    }

    /// Whether rule `index` (or alias `alias` of it) is reached by some service.
    pub(crate) fn reached(&self, index: usize, alias: Option<usize>) -> bool {
        self.outcomes.iter().any(|o| o.rule == index && (alias.is_none() || o.alias == alias))
    }

    /// The rule that takes the services `selector` matches away from a later rule.
    pub(crate) fn winner_over(&self, selector: &ServicePattern, later: usize) -> Option<usize> {
        let over = |o: &&Exported| o.rule < later && selector.matches(&o.source.0, &o.source.1);
        self.outcomes.iter().find(over).map(|o| o.rule)
    }
}

/// The namespaces and the names mentioned by the rules between the two meshes (both directions of
/// the flow, and failovers of the importer), plus [`OTHER`] on each side: the witnesses are their
/// product.
fn witnesses(
    fed: &Federation,
    rules: &[&ExportRule],
    from: MeshId,
    to: MeshId,
) -> Option<(BTreeSet<String>, BTreeSet<String>)> {
    let mut namespaces = BTreeSet::from([OTHER.to_string()]);
    let mut names = BTreeSet::from([OTHER.to_string()]);
    let mut add = |namespace: &Pattern, name: &Pattern| {
        namespaces.extend(namespace.exact().map(String::from));
        names.extend(name.exact().map(String::from));
    };
    for rule in rules {
        match rule {
            ExportRule::Name { service, alias, .. } => {
                add(&service.namespace, &service.name);
                if let Some(a) = alias {
                    add(&a.namespace, &a.name);
                }
            }
            ExportRule::Labels(labels) => {
                add(&labels.namespace.value, &Pattern::Any);
                for a in &labels.aliases {
                    add(&a.service.namespace, &a.service.name);
                    add(&a.alias.namespace, &a.alias.name);
                }
            }
        }
    }
    for (_, block) in fed.imports_of(to).filter(|(_, b)| b.from.id == from) {
        for rule in &block.rules {
            add(&rule.service.namespace, &rule.service.name);
            if let Some(a) = &rule.alias {
                add(&a.namespace, &a.name);
            }
        }
    }
    for failover in fed.failovers.iter().filter(|f| f.mesh.id == to) {
        add(&Pattern::Exact(failover.service.namespace.clone()), &Pattern::Exact(failover.service.name.clone()));
    }
    if namespaces.len().saturating_mul(names.len()).saturating_mul(rules.len().max(1)) > EVALUATION_LIMIT {
        return None;
    }
    Some((namespaces, names))
}

/// How a pattern reads in a message: [`OTHER`] is any unmentioned name, shown as `*`.
pub(crate) fn shown(pattern: &ServicePattern) -> String {
    let side = |p: &Pattern| match p.exact() {
        Some(OTHER) | None => "*".to_string(),
        Some(name) => name.to_string(),
    };
    format!("{}/{}", side(&pattern.namespace), side(&pattern.name))
}

/// What `from` exports to `to`, first match wins. When the witness set is too large, the names
/// every rule could advertise. The alias targets of label rules count as known names: the
/// exporting side wrote them down, so an import of one is intended.
pub(crate) fn exported_to(fed: &Federation, from: MeshId, to: MeshId) -> Vec<ExportedName> {
    exported_to_with(fed, from, to).0
}

/// [`exported_to`], and whether the names are the first-match ones (else what rules advertise).
pub(crate) fn exported_to_with(fed: &Federation, from: MeshId, to: MeshId) -> (Vec<ExportedName>, bool) {
    if let Some(exports) = Exports::of(fed, from, to) {
        return (exports.names(), true);
    }
    let mut names = Vec::new();
    for rule in fed.export_rules(from, to) {
        if let ExportRule::Labels(labels) = rule {
            let targets =
                labels.aliases.iter().map(|a| ExportedName { name: a.alias.apply(&a.service), resolved: true });
            names.extend(targets);
        }
        names.extend(rule.exported_names());
    }
    (names, false)
}

/// How well exported names cover a wanted pattern.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Coverage {
    None,
    /// Only through label-selected exports.
    Unresolved,
    Resolved,
}

pub(crate) fn coverage(wanted: &ServicePattern, exported: &[ExportedName]) -> Coverage {
    let overlapping = exported.iter().filter(|e| e.name.overlaps(wanted));
    overlapping
        .map(|e| if e.resolved { Coverage::Resolved } else { Coverage::Unresolved })
        .max()
        .unwrap_or(Coverage::None)
}
