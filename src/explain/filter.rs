//! `explain`'s filters must name something the topology has: a mistyped `--from nosuch` would
//! otherwise print "no mesh reaches a remote service" and exit 0, a wrong answer that looks right.

use std::collections::BTreeSet;

use super::{Explanation, Filter, names_overlap};
use crate::model::{ExportRule, Federation};
use crate::suggest;

/// Every filter value that names no mesh or service of `federation`, as one message per value
/// (with a "did you mean" when a known name is close); empty when all are known.
pub(crate) fn unknown_values(filter: &Filter, federation: &Federation, explanation: &Explanation) -> Vec<String> {
    let meshes: Vec<&str> = federation.meshes.iter().map(|m| m.name.value.as_str()).collect();
    let mut problems = Vec::new();
    for (flag, value) in [("--mesh", &filter.mesh), ("--from", &filter.from), ("--to", &filter.to)] {
        if let Some(value) = value.as_deref().filter(|v| !meshes.contains(v)) {
            let help = suggest::unknown_help("mesh", value, meshes.iter().copied());
            problems.push(format!("{flag} `{value}`: no mesh of that name; {help}"));
        }
    }
    if let Some(service) = filter.service.as_deref() {
        problems.extend(unknown_service(service, federation, explanation));
    }
    problems
}

/// `--service` is `namespace/name` (either side may be `*`) and overlaps a service the topology
/// names: one that is reached (as `explain` shows it), or one named exactly in an export, import
/// or failover. A rule's wildcard alone does not make a name known, or `bookinfo/*` would hide
/// every typo of a `bookinfo` service.
fn unknown_service(service: &str, federation: &Federation, explanation: &Explanation) -> Option<String> {
    let well_formed =
        service.split_once('/').is_some_and(|(ns, name)| !ns.is_empty() && !name.is_empty() && !name.contains('/'));
    if !well_formed {
        return Some(format!("--service `{service}`: expected `namespace/name` (either side may be `*`)"));
    }
    let known = service_names(federation, explanation);
    if known.iter().any(|k| names_overlap(service, k)) {
        return None;
    }
    let help = suggest::unknown_help("service", service, known.iter().map(String::as_str));
    Some(format!("--service `{service}`: no service of the topology matches; {help}"))
}

/// The `namespace/name` of every service reached (wildcards included) or named exactly.
fn service_names(federation: &Federation, explanation: &Explanation) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for rule in federation.exports.iter().flat_map(|block| &block.rules) {
        match rule {
            ExportRule::Name { service, .. } => {
                names.insert(service.to_string());
            }
            ExportRule::Labels(labels) => names.extend(labels.aliases.iter().map(|a| a.service.to_string())),
        }
    }
    names.extend(federation.imports.iter().flat_map(|block| &block.rules).map(|rule| rule.service.to_string()));
    names.extend(federation.failovers.iter().map(|failover| failover.service.to_string()));
    names.retain(|name| !name.contains('*'));
    for reach in &explanation.reachable {
        names.extend([reach.local_service.clone(), reach.remote_service.clone(), reach.exported_as.clone()]);
    }
    names
}
