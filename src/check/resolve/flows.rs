//! Exports, imports and failovers: the service flows between meshes.

use toml::Spanned;

use super::clusters::locality;
use super::{Resolver, located};
use crate::diagnostic::{Diagnostic, codes};
use crate::load::{ExportDef, ExportRuleDef, FailoverDef, ImportDef, ImportRuleDef, OutlierDetectionDef, Text};
use crate::model::{
    ExportBlock, ExportRule, Failover, Federation, ImportBlock, ImportRule, LabelAlias, LabelExport, LabelExpression,
    Located, OutlierDetection, Pattern, ServiceAlias, ServiceName, ServicePattern,
};

impl Resolver<'_> {
    pub(super) fn exports(&mut self, defs: &[Spanned<ExportDef>]) -> Vec<ExportBlock> {
        let mut blocks = Vec::new();
        for def in defs {
            let def = def.get_ref();
            let reported = self.diagnostics.len();
            let mesh = self.mesh_ref(&def.mesh, codes::export::UNKNOWN_MESH, "export");
            let to: Option<Vec<_>> = def.to.as_ref().map(|to| {
                to.iter().filter_map(|peer| self.mesh_ref(peer, codes::export::UNKNOWN_MESH, "export")).collect()
            });
            let rules: Vec<ExportRule> = def.rules.iter().filter_map(|r| self.export_rule(r)).collect();
            let lost_target = to.as_ref().map(Vec::len) != def.to.as_ref().map(Vec::len);
            if let Some(mesh) = mesh {
                if lost_target || self.diagnostics.len() > reported {
                    self.omissions.exports_of.insert(mesh.id);
                }
                blocks.push(ExportBlock { mesh, to, rules });
            }
        }
        blocks
    }

    fn export_rule(&mut self, def: &Spanned<ExportRuleDef>) -> Option<ExportRule> {
        let span = def.span();
        let rule = def.get_ref();
        let is_label = rule.labels.is_some() || !rule.expressions.is_empty() || !rule.aliases.is_empty();
        match (&rule.service, is_label) {
            (Some(service), false) => {
                let namespace_misplaced = rule.namespace.as_ref().map(|n| n.span());
                if let Some(at) = namespace_misplaced {
                    self.report(shape_error(
                        at,
                        "`namespace` belongs to label rules; a name rule writes `service = \"namespace/name\"`",
                    ));
                }
                let service = self.pattern(service)?;
                let alias = rule.alias.as_ref().and_then(|a| self.alias(a));
                Some(ExportRule::Name { service, alias, span })
            }
            (None, true) => {
                if let Some(alias) = &rule.alias {
                    self.report(shape_error(
                        alias.span(),
                        "a label rule renames with `aliases = [{ service, alias }]`",
                    ));
                }
                Some(ExportRule::Labels(self.label_export(rule, span)))
            }
            (Some(service), true) => {
                self.report(shape_error(
                    service.span(),
                    "a rule selects by `service` or by `labels`/`expressions`, not both",
                ));
                None
            }
            (None, false) => {
                self.report(shape_error(span, "an export rule needs `service = \"namespace/name\"` or `labels`"));
                None
            }
        }
    }

    fn label_export(&mut self, rule: &ExportRuleDef, span: crate::source::Span) -> LabelExport {
        let namespace = rule.namespace.as_ref().map_or_else(
            || Located::new(Pattern::Any, span.clone()),
            |n| Located::new(Pattern::parse(n.get_ref()), n.span()),
        );
        LabelExport {
            namespace,
            match_labels: rule
                .labels
                .as_ref()
                .map(|l| l.get_ref().iter().map(|(k, v)| (k.clone(), located(v))).collect())
                .unwrap_or_default(),
            expressions: rule
                .expressions
                .iter()
                .map(|e| {
                    let e = e.get_ref();
                    LabelExpression {
                        key: located(&e.key),
                        operator: located(&e.operator),
                        values: e.values.iter().map(located).collect(),
                    }
                })
                .collect(),
            aliases: rule
                .aliases
                .iter()
                .filter_map(|a| {
                    let span = a.span();
                    let a = a.get_ref();
                    Some(LabelAlias { service: self.pattern(&a.service)?, alias: self.alias(&a.alias)?, span })
                })
                .collect(),
            span,
        }
    }

    pub(super) fn imports(&mut self, defs: &[Spanned<ImportDef>]) -> Vec<ImportBlock> {
        let mut blocks = Vec::new();
        for def in defs {
            let span = def.span();
            let def = def.get_ref();
            let reported = self.diagnostics.len();
            let mesh = self.mesh_ref(&def.mesh, codes::import::UNKNOWN_MESH, "import");
            let from = self.mesh_ref(&def.from, codes::import::UNKNOWN_MESH, "import");
            let rules: Vec<ImportRule> = def.rules.iter().filter_map(|r| self.import_rule(r)).collect();
            let complete = mesh.is_some() && from.is_some() && self.diagnostics.len() == reported;
            if !complete {
                self.omissions.imports_of.extend(mesh.as_ref().map(|m| m.id));
                self.omissions.imported_from.extend(from.as_ref().map(|f| f.id));
            }
            if let (Some(mesh), Some(from)) = (mesh, from) {
                blocks.push(ImportBlock {
                    mesh,
                    from,
                    domain_suffix: def.domain_suffix.as_ref().map(located),
                    locality: def.locality.as_ref().map(|l| Located::new(locality(l.get_ref()), l.span())),
                    rules,
                    span,
                });
            }
        }
        blocks
    }

    fn import_rule(&mut self, def: &Spanned<ImportRuleDef>) -> Option<ImportRule> {
        let span = def.span();
        let rule = def.get_ref();
        let label_selector = rule.labels.as_ref().map(|l| l.span());
        let service = match (&rule.service, &label_selector) {
            (Some(service), _) => self.pattern(service)?,
            // Kept (matching everything) so that the import rule can explain why labels do not work.
            (None, Some(at)) => ServicePattern { namespace: Pattern::Any, name: Pattern::Any, span: at.clone() },
            (None, None) => {
                self.report(shape_error(span, "an import rule needs `service = \"namespace/name\"`"));
                return None;
            }
        };
        Some(ImportRule {
            service,
            alias: rule.alias.as_ref().and_then(|a| self.alias(a)),
            as_local: rule.as_local.as_ref().map(|b| Located::new(*b.get_ref(), b.span())),
            domain_suffix: rule.domain_suffix.as_ref().map(located),
            label_selector,
            ports: rule.ports.as_ref().map_or_else(Vec::new, |ports| {
                ports
                    .get_ref()
                    .iter()
                    .map(|(name, number)| {
                        (Located::new(name.clone(), number.span()), Located::new(*number.get_ref(), number.span()))
                    })
                    .collect()
            }),
            ports_span: rule.ports.as_ref().map(Spanned::span),
            service_account: rule.service_account.as_ref().map(located),
            span,
        })
    }

    pub(super) fn failovers(&mut self, defs: &[Spanned<FailoverDef>], federation: &Federation) -> Vec<Failover> {
        let mut failovers = Vec::new();
        for def in defs {
            let span = def.span();
            let def = def.get_ref();
            let mesh = self.mesh_ref(&def.mesh, codes::failover::UNKNOWN_MESH, "failover");
            let service = self.service_name(&def.service);
            let (Some(mesh), Some(service)) = (mesh, service) else { continue };
            let from = match (&def.from, federation.cluster_of(mesh.id).region()) {
                (Some(from), _) => located(from),
                (None, Some(region)) => region.clone(),
                (None, None) => {
                    let cluster = federation.cluster_of(mesh.id);
                    // A zone without region is `fedc::locality::invalid`, the root cause.
                    if cluster.locality.as_ref().is_some_and(|l| !l.value.is_valid_combination()) {
                        continue;
                    }
                    self.report(
                        Diagnostic::new(
                            codes::failover::NO_SOURCE_REGION,
                            format!(
                                "failover of `{service}` in mesh `{}` has no region to fail over from",
                                def.mesh.get_ref()
                            ),
                        )
                        .label(def.mesh.span(), "this mesh's cluster has no `locality.region`")
                        .label(cluster.name.span.clone(), "cluster defined here")
                        .help("give the cluster a `locality = { region = \"…\" }` or the failover a `from` region"),
                    );
                    continue;
                }
            };
            let outlier_detection = outlier_detection(def.outlier_detection.as_ref(), &span);
            failovers.push(Failover { mesh, service, from, to: located(&def.to), outlier_detection, span });
        }
        failovers
    }

    fn pattern(&mut self, text: &Text) -> Option<ServicePattern> {
        let pattern = ServicePattern::parse(text.get_ref(), text.span());
        if pattern.is_none() {
            self.report(bad_service(text, "`namespace/name`, either side may be `*`"));
        }
        pattern
    }

    fn alias(&mut self, text: &Text) -> Option<ServiceAlias> {
        let alias = ServiceAlias::parse(text.get_ref(), text.span());
        if alias.is_none() {
            self.report(bad_service(text, "`namespace/name`; `*` keeps the original"));
        }
        alias
    }

    fn service_name(&mut self, text: &Text) -> Option<ServiceName> {
        let pattern = self.pattern(text)?;
        match (pattern.namespace.exact(), pattern.name.exact()) {
            (Some(namespace), Some(name)) => {
                Some(ServiceName { namespace: namespace.into(), name: name.into(), span: text.span() })
            }
            _ => {
                self.report(bad_service(text, "one service `namespace/name`, without `*`"));
                None
            }
        }
    }
}

fn shape_error(span: crate::source::Span, help: &str) -> Diagnostic {
    Diagnostic::new(codes::rule::INVALID_SHAPE, "this rule is not one fedc can compile").label(span, "here").help(help)
}

fn bad_service(text: &Text, expected: &str) -> Diagnostic {
    Diagnostic::new(codes::service::INVALID_REFERENCE, format!("`{}` is not a service reference", text.get_ref()))
        .label(text.span(), format!("expected {expected}"))
        .help("write services as `namespace/name`, for example `bookinfo/ratings`")
}

/// Defaults that make failover actually happen: every local endpoint may be ejected (Istio's
/// default of 10% would keep traffic local), after 5 consecutive 5xx, checked every 10 s.
fn outlier_detection(def: Option<&Spanned<OutlierDetectionDef>>, owner: &crate::source::Span) -> OutlierDetection {
    let at = def.map_or_else(|| owner.clone(), Spanned::span);
    let def = def.map(Spanned::get_ref);
    let number = |v: Option<&Spanned<i64>>, default: i64| {
        v.map_or_else(|| Located::new(default, at.clone()), |v| Located::new(*v.get_ref(), v.span()))
    };
    let text =
        |v: Option<&Text>, default: &str| v.map_or_else(|| Located::new(default.to_string(), at.clone()), located);
    OutlierDetection {
        consecutive_5xx_errors: number(def.and_then(|d| d.consecutive_5xx_errors.as_ref()), 5),
        interval: text(def.and_then(|d| d.interval.as_ref()), "10s"),
        base_ejection_time: text(def.and_then(|d| d.base_ejection_time.as_ref()), "30s"),
        max_ejection_percent: Some(number(def.and_then(|d| d.max_ejection_percent.as_ref()), 100)),
    }
}
