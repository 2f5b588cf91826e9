//! The hostnames import rules give the services they bring in (maistra-semantics §3): by default
//! `<name>.<namespace>.svc.<peer>-imports.local`, `<name>.<namespace>.<domain_suffix>` with a suffix,
//! and `<name>.<namespace>.svc.cluster.local` when imported as local.
//!
//! They are computed on the effective names (`check::effective`, maistra-semantics §4–§5): what
//! the exporter really exports to the importer, matched against the import rules in order, first
//! match wins. A rule an earlier one always beats gives no hostname, and a wildcard rule gives
//! only the names the exporter can export. [`OTHER`] on a side stands for the names the topology
//! does not mention for that pair of meshes (shown as `*`).

use std::collections::BTreeSet;
use std::fmt;

use crate::check::effective::{Exports, OTHER, import_of};
use crate::model::{Federation, ImportBlock, ImportRule, Pattern};

/// The suffix Kubernetes gives local services; the controller refuses it as an import suffix.
pub(crate) const LOCAL_SUFFIX: &str = "svc.cluster.local";

/// An imported hostname; name or namespace is `*` when the rule imports several services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportedHost {
    pub(crate) name: Pattern,
    pub(crate) namespace: Pattern,
    pub(crate) suffix: String,
}

impl ImportedHost {
    /// The hostname of services `rule` (in `block`) imports.
    pub(crate) fn of(federation: &Federation, block: &ImportBlock, rule: &ImportRule) -> ImportedHost {
        let result = rule.alias.as_ref().map_or_else(|| rule.service.clone(), |a| a.apply(&rule.service));
        ImportedHost { name: result.name, namespace: result.namespace, suffix: suffix(federation, block, rule) }
    }

    pub(crate) fn is_exact(&self) -> bool {
        let fixed = |p: &Pattern| p.exact().is_some_and(|n| n != OTHER);
        fixed(&self.name) && fixed(&self.namespace)
    }

    /// Whether some service could get this hostname from both rules. `same_witnesses`: both were
    /// computed on one exporter's names, where [`OTHER`] is none of the names mentioned; across
    /// exporters it may be any name.
    pub(crate) fn overlaps(&self, other: &ImportedHost, same_witnesses: bool) -> bool {
        let side = |a: &Pattern, b: &Pattern| match (a.exact(), b.exact()) {
            (Some(OTHER), Some(OTHER)) => true,
            (Some(OTHER), Some(_)) | (Some(_), Some(OTHER)) => !same_witnesses,
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
        self.suffix == other.suffix && side(&self.name, &other.name) && side(&self.namespace, &other.namespace)
    }
}

impl fmt::Display for ImportedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |p: &Pattern| match p.exact() {
            Some(OTHER) | None => "*".to_string(),
            Some(name) => name.to_string(),
        };
        write!(f, "{}.{}.{}", side(&self.name), side(&self.namespace), self.suffix)
    }
}

/// A hostname the import rule `rule` of block `block` gives.
#[derive(Debug, Clone)]
pub(crate) struct RuleHost {
    pub(crate) block: usize,
    pub(crate) rule: usize,
    pub(crate) host: ImportedHost,
    /// False when a label selector on the exporting side decides whether the name is exported.
    pub(crate) certain: bool,
}

/// The hostnames the rules of import block `index` give, on the names its exporter effectively
/// exports (first match wins on both sides); `forced` rules are imported as local whatever they
/// say (a failover depends on them). The flag is false when the exporter's names could not be
/// evaluated (too many rules): then every rule gives the hostnames of its own pattern.
pub(crate) fn of_block(
    fed: &Federation,
    index: usize,
    block: &ImportBlock,
    forced: &BTreeSet<(usize, usize)>,
) -> (Vec<RuleHost>, bool) {
    let host = |position: usize, host: ImportedHost| {
        if forced.contains(&(index, position)) { ImportedHost::local(host) } else { host }
    };
    let Some(exports) = Exports::of(fed, block.from.id, block.mesh.id) else {
        let rules = block.rules.iter().enumerate().filter(|(_, r)| r.label_selector.is_none());
        let hosts = rules
            .map(|(position, rule)| RuleHost {
                block: index,
                rule: position,
                host: host(position, ImportedHost::of(fed, block, rule)),
                certain: true,
            })
            .collect();
        return (hosts, false);
    };
    let mut seen = BTreeSet::new();
    let mut hosts = Vec::new();
    for exported in exports.names() {
        let (namespace, name) = (exported.name.namespace.as_crd(), exported.name.name.as_crd());
        let Some((position, imported)) = import_of(&block.rules, namespace, name) else { continue };
        if !seen.insert((position, imported.clone(), exported.resolved)) {
            continue;
        }
        let rule = &block.rules[position];
        let named = ImportedHost {
            name: Pattern::Exact(imported.1),
            namespace: Pattern::Exact(imported.0),
            suffix: suffix(fed, block, rule),
        };
        hosts.push(RuleHost { block: index, rule: position, host: host(position, named), certain: exported.resolved });
    }
    hosts.sort_by_key(|h| h.rule);
    (hosts, true)
}

impl ImportedHost {
    /// The same services imported as local.
    pub(crate) fn local(host: ImportedHost) -> ImportedHost {
        ImportedHost { suffix: LOCAL_SUFFIX.to_string(), ..host }
    }
}

/// The domain suffix of what `rule` imports: `svc.cluster.local` as local, else the rule's, the
/// block's, or `svc.<peer>-imports.local`.
fn suffix(federation: &Federation, block: &ImportBlock, rule: &ImportRule) -> String {
    if rule.is_local() {
        return LOCAL_SUFFIX.to_string();
    }
    written_suffix(federation, block, rule)
}

/// The domain suffix `rule` gives when not imported as local: the rule's, the block's, or the
/// controller's default `svc.<peer>-imports.local`.
pub(crate) fn written_suffix(federation: &Federation, block: &ImportBlock, rule: &ImportRule) -> String {
    let explicit = rule.domain_suffix.as_ref().or(block.domain_suffix.as_ref());
    explicit
        .map_or_else(|| format!("svc.{}-imports.local", federation.mesh(block.from.id).name.value), |s| s.value.clone())
}
