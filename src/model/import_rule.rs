use super::{Locality, Located, MeshId, Pattern, Ref, ServiceAlias, ServiceName, ServicePattern};
use crate::source::Span;

/// An `[[imports]]` block: what `mesh` imports from `from`, becoming one ImportedServiceSet.
#[derive(Debug, Clone)]
pub(crate) struct ImportBlock {
    pub(crate) mesh: Ref<MeshId>,
    pub(crate) from: Ref<MeshId>,
    pub(crate) domain_suffix: Option<Located<String>>,
    /// Explicit locality; otherwise the exporting mesh's cluster locality applies.
    pub(crate) locality: Option<Located<Locality>>,
    pub(crate) rules: Vec<ImportRule>,
    pub(crate) span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct ImportRule {
    pub(crate) service: ServicePattern,
    pub(crate) alias: Option<ServiceAlias>,
    pub(crate) as_local: Option<Located<bool>>,
    pub(crate) domain_suffix: Option<Located<String>>,
    /// Set when the rule was written as a label selector, which the controller ignores.
    pub(crate) label_selector: Option<Span>,
    /// `istio`/`ossm3` importers: `(name, number)` of each port, as written (`ports`).
    pub(crate) ports: Vec<(Located<String>, Located<i64>)>,
    /// Where `ports` is written; `None` when absent.
    pub(crate) ports_span: Option<Span>,
    /// `istio`/`ossm3` importers: the exporter's service account behind the service, `{name}`
    /// standing for the Service's name (`service_account`); pins the ServiceEntry's identity.
    pub(crate) service_account: Option<Located<String>>,
    pub(crate) span: Span,
}

impl ImportRule {
    pub(crate) fn is_local(&self) -> bool {
        self.as_local.as_ref().is_some_and(|l| l.value)
    }

    /// The name the peer must advertise for this rule to import it as `service`: where the alias
    /// fixes a side, the selector's side (possibly `*`); where it keeps the original, `service`'s.
    pub(crate) fn exported_name_of(&self, service: &ServiceName) -> ServicePattern {
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
