use std::collections::BTreeMap;

use super::{Located, MeshId, Pattern, Ref, ServiceAlias, ServicePattern};
use crate::source::Span;

/// An `[[exports]]` block: rules `mesh` applies, in order, to what it exports to each of `to`.
#[derive(Debug, Clone)]
pub(crate) struct ExportBlock {
    pub(crate) mesh: Ref<MeshId>,
    /// Explicit peers; `None` means every peer of `mesh`.
    pub(crate) to: Option<Vec<Ref<MeshId>>>,
    pub(crate) rules: Vec<ExportRule>,
}

impl ExportBlock {
    pub(crate) fn applies_to(&self, peer: MeshId) -> bool {
        self.to.as_ref().is_none_or(|to| to.iter().any(|r| r.id == peer))
    }
}

#[derive(Debug, Clone)]
pub(crate) enum ExportRule {
    Name { service: ServicePattern, alias: Option<ServiceAlias>, span: Span },
    Labels(LabelExport),
}

#[derive(Debug, Clone)]
pub(crate) struct LabelExport {
    pub(crate) namespace: Located<Pattern>,
    pub(crate) match_labels: BTreeMap<String, Located<String>>,
    pub(crate) expressions: Vec<LabelExpression>,
    pub(crate) aliases: Vec<LabelAlias>,
    pub(crate) span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct LabelExpression {
    pub(crate) key: Located<String>,
    pub(crate) operator: Located<String>,
    pub(crate) values: Vec<Located<String>>,
}

#[derive(Debug, Clone)]
pub(crate) struct LabelAlias {
    pub(crate) service: ServicePattern,
    pub(crate) alias: ServiceAlias,
    pub(crate) span: Span,
}

/// What an export rule advertises to a peer: the exported `namespace/name` pattern, and whether
/// fedc knows it exactly (label selectors match Service labels fedc cannot see).
#[derive(Debug, Clone)]
pub(crate) struct ExportedName {
    pub(crate) name: ServicePattern,
    pub(crate) resolved: bool,
}

impl ExportRule {
    pub(crate) fn span(&self) -> &Span {
        match self {
            ExportRule::Name { span, .. } => span,
            ExportRule::Labels(labels) => &labels.span,
        }
    }

    /// The names this rule can advertise (after aliases).
    pub(crate) fn exported_names(&self) -> Vec<ExportedName> {
        match self {
            ExportRule::Name { service, alias, .. } => {
                let name = alias.as_ref().map_or_else(|| service.clone(), |a| a.apply(service));
                vec![ExportedName { name, resolved: true }]
            }
            ExportRule::Labels(rule) => {
                let scope = ServicePattern {
                    namespace: rule.namespace.value.clone(),
                    name: Pattern::Any,
                    span: rule.span.clone(),
                };
                let mut names: Vec<ExportedName> = rule
                    .aliases
                    .iter()
                    .map(|a| ExportedName { name: a.alias.apply(&a.service), resolved: false })
                    .collect();
                // Services no alias matches keep their names.
                names.push(ExportedName { name: scope, resolved: false });
                names
            }
        }
    }
}
