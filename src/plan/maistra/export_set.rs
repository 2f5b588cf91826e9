use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use super::FlowIndex;
use crate::model::{ExportRule, Federation, MeshId, Pattern, ServiceAlias};

#[derive(Serialize)]
struct ExportSet<'a> {
    name: &'a str,
    namespace: &'a str,
    labels: serde_json::Value,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Rule {
    NameSelector {
        namespace: String,
        name: String,
        alias: Option<Alias>,
    },
    LabelSelector {
        namespace: String,
        match_labels: Vec<(String, String)>,
        match_expressions: Vec<Expression>,
        aliases: Vec<LabelAlias>,
    },
}

#[derive(Serialize)]
pub(super) struct Alias {
    pub(super) namespace: Option<String>,
    pub(super) name: Option<String>,
}

impl Alias {
    /// `*` on an alias side means "keep": it is left out of the object.
    pub(super) fn from(alias: &ServiceAlias) -> Alias {
        Alias { namespace: alias.namespace.exact().map(Into::into), name: alias.name.exact().map(Into::into) }
    }
}

#[derive(Serialize)]
struct Expression {
    key: String,
    operator: String,
    values: Vec<String>,
}

#[derive(Serialize)]
struct LabelAlias {
    namespace: String,
    name: String,
    alias: Alias,
}

/// The ExportedServiceSet `mesh` holds for `peer`; none when nothing is exported to it.
pub(crate) fn plan(federation: &Federation, index: &FlowIndex, id: MeshId, peer: MeshId) -> Option<PlannedFile> {
    let rules: Vec<Rule> = index.export_rules(id, peer).map(rule).collect();
    if rules.is_empty() {
        return None;
    }
    let mesh = federation.mesh(id);
    let peer_name = &federation.mesh(peer).name.value;
    let context =
        ExportSet { name: peer_name, namespace: &mesh.namespace.value, labels: common_labels(federation), rules };
    let object = object_id("federation.maistra.io/v1", "ExportedServiceSet", &mesh.namespace.value, peer_name);
    Some(cluster_object(&federation.cluster_of(id).name.value, "maistra/exportedserviceset.yaml.j2", object, context))
}

fn rule(rule: &ExportRule) -> Rule {
    match rule {
        ExportRule::Name { service, alias, .. } => Rule::NameSelector {
            namespace: service.namespace.as_crd().into(),
            name: service.name.as_crd().into(),
            alias: alias.as_ref().map(Alias::from),
        },
        ExportRule::Labels(labels) => Rule::LabelSelector {
            namespace: match &labels.namespace.value {
                Pattern::Any => "*".into(),
                Pattern::Exact(ns) => ns.clone(),
            },
            match_labels: labels.match_labels.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect(),
            match_expressions: labels
                .expressions
                .iter()
                .map(|e| Expression {
                    key: e.key.value.clone(),
                    operator: e.operator.value.clone(),
                    values: e.values.iter().map(|v| v.value.clone()).collect(),
                })
                .collect(),
            aliases: labels
                .aliases
                .iter()
                .map(|a| LabelAlias {
                    namespace: a.service.namespace.as_crd().into(),
                    name: a.service.name.as_crd().into(),
                    alias: Alias::from(&a.alias),
                })
                .collect(),
        },
    }
}
