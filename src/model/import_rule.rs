use super::{Locality, Located, MeshId, Pattern, Ref, ServiceAlias, ServiceName, ServicePattern};
use crate::source::Span;

/// An `[[imports]]` block: what `mesh` imports from `from`, becoming one ImportedServiceSet.
#[derive(Debug, Clone)]
pub struct ImportBlock {
    pub mesh: Ref<MeshId>,
    pub from: Ref<MeshId>,
    pub domain_suffix: Option<Located<String>>,
    /// Explicit locality; otherwise the exporting mesh's cluster locality applies.
    pub locality: Option<Located<Locality>>,
    pub rules: Vec<ImportRule>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ImportRule {
    pub service: ServicePattern,
    pub alias: Option<ServiceAlias>,
    pub as_local: Option<Located<bool>>,
    pub domain_suffix: Option<Located<String>>,
    /// Set when the rule was written as a label selector, which the controller ignores.
    pub label_selector: Option<Span>,
    /// `istio`/`ossm3` importers: `(name, number)` of each port, as written (`ports`).
    pub ports: Vec<(Located<String>, Located<i64>)>,
    /// Where `ports` is written; `None` when absent.
    pub ports_span: Option<Span>,
    /// `istio`/`ossm3` importers: the exporter's service account behind the service, `{name}`
    /// standing for the Service's name (`service_account`); pins the ServiceEntry's identity.
    pub(crate) service_account: Option<Located<String>>,
    pub span: Span,
}

impl ImportRule {
    pub fn is_local(&self) -> bool {
        self.as_local.as_ref().is_some_and(|l| l.value)
    }

    /// The name the peer must advertise for this rule to import it as `service`: where the alias
    /// fixes a side, the selector's side (possibly `*`); where it keeps the original, `service`'s.
    pub fn exported_name_of(&self, service: &ServiceName) -> ServicePattern {
        let side = |alias: Option<&Pattern>, selector: &Pattern, wanted: &str| match alias {
            Some(Pattern::Exact(_)) => selector.clone(),
            _ => Pattern::Exact(wanted.to_string()),
        };
        let alias = self.alias.as_ref();
        ServicePattern {
            namespace: side(alias.map(|a| &a.namespace), &self.service.namespace, &service.namespace),
            name: side(alias.map(|a| &a.name), &self.service.name, &service.name),
            span: self.service.span.clone(),
        }
    }
}
