//! The hostnames import rules give the services they bring in (maistra-semantics §3): by default
//! `<name>.<namespace>.svc.<peer>-imports.local`, `<name>.<namespace>.<domain_suffix>` with a suffix,
//! and `<name>.<namespace>.svc.cluster.local` when imported as local.

use std::fmt;

use crate::model::{Federation, ImportBlock, ImportRule, Pattern};

/// The suffix Kubernetes gives local services; the controller refuses it as an import suffix.
pub const LOCAL_SUFFIX: &str = "svc.cluster.local";

/// An imported hostname; name or namespace is `*` when the rule imports several services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedHost {
    pub name: Pattern,
    pub namespace: Pattern,
    pub suffix: String,
}

impl ImportedHost {
    /// The hostname of services `rule` (in `block`) imports.
    pub fn of(federation: &Federation, block: &ImportBlock, rule: &ImportRule) -> ImportedHost {
        let result = rule.alias.as_ref().map_or_else(|| rule.service.clone(), |a| a.apply(&rule.service));
        let suffix = if rule.is_local() {
            LOCAL_SUFFIX.to_string()
        } else {
            let explicit = rule.domain_suffix.as_ref().or(block.domain_suffix.as_ref());
            explicit.map_or_else(
                || format!("svc.{}-imports.local", federation.mesh(block.from.id).name.value),
                |s| s.value.clone(),
            )
        };
        ImportedHost { name: result.name, namespace: result.namespace, suffix }
    }

    pub fn is_exact(&self) -> bool {
        self.name.exact().is_some() && self.namespace.exact().is_some()
    }

    /// Whether some service could get this hostname from both rules.
    pub fn overlaps(&self, other: &ImportedHost) -> bool {
        self.suffix == other.suffix && self.name.overlaps(&other.name) && self.namespace.overlaps(&other.namespace)
    }
}

impl fmt::Display for ImportedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.name, self.namespace, self.suffix)
    }
}

impl ImportedHost {
    /// The same services imported as local.
    pub fn local(host: ImportedHost) -> ImportedHost {
        ImportedHost { suffix: LOCAL_SUFFIX.to_string(), ..host }
    }
}
