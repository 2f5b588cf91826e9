use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use super::FlowIndex;
use super::export_set::Alias;
use crate::model::{Federation, ImportRule, MeshId, Pattern, ServiceAlias, ServiceName};

#[derive(Serialize)]
struct ImportSet<'a> {
    name: &'a str,
    namespace: &'a str,
    labels: serde_json::Value,
    domain_suffix: Option<&'a str>,
    locality: Option<Locality>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
struct Locality {
    region: Option<String>,
    zone: Option<String>,
    subzone: Option<String>,
}

#[derive(Serialize)]
struct Rule {
    namespace: String,
    name: String,
    alias: Option<Alias>,
    import_as_local: Option<bool>,
    domain_suffix: Option<String>,
}

/// The ImportedServiceSet `mesh` holds for `peer`; none when it imports nothing from it.
pub(crate) fn plan(federation: &Federation, flows: &FlowIndex, id: MeshId, peer: MeshId) -> Option<PlannedFile> {
    let (index, block) = flows.import_block(id, peer)?;
    let rules =
        block.rules.iter().enumerate().flat_map(|(i, r)| rules(r, &flows.failovers_through(index, i))).collect();
    let locality = federation.import_locality(block).map(|l| Locality {
        region: l.region.map(|v| v.value),
        zone: l.zone.map(|v| v.value),
        subzone: l.subzone.map(|v| v.value),
    });
    let mesh = federation.mesh(id);
    let peer_name = &federation.mesh(peer).name.value;
    let context = ImportSet {
        name: peer_name,
        namespace: &mesh.namespace.value,
        labels: common_labels(federation),
        domain_suffix: block.domain_suffix.as_ref().map(|s| s.as_str()),
        locality,
        rules,
    };
    let object = object_id("federation.maistra.io/v1", "ImportedServiceSet", &mesh.namespace.value, peer_name);
    Some(cluster_object(&federation.cluster_of(id).name.value, "maistra/importedserviceset.yaml.j2", object, context))
}

/// One import rule as written, preceded by a dedicated rule for each failover that goes through it
/// when it is a wildcard: a failover must not turn every service a `bookinfo/*` rule imports into a
/// local one. An exact rule is itself made local.
fn rules(rule: &ImportRule, failovers: &[&ServiceName]) -> Vec<Rule> {
    let mut out = Vec::new();
    let mut force_local = false;
    for service in failovers {
        let exported = rule.exported_name_of(service);
        let exact = (exported.namespace.exact(), exported.name.exact());
        let is_this_rule = rule.service.namespace.exact().is_some() && rule.service.name.exact().is_some();
        match exact {
            (Some(namespace), Some(name)) if !is_this_rule => out.push(dedicated(rule, service, namespace, name)),
            // Exact already, or the exported name cannot be told: the rule itself becomes local.
            _ => force_local = true,
        }
    }
    out.push(written(rule, force_local));
    out
}

/// Imports exactly the exported `namespace/name` as the local `service`.
fn dedicated(rule: &ImportRule, service: &ServiceName, namespace: &str, name: &str) -> Rule {
    Rule {
        namespace: namespace.into(),
        name: name.into(),
        alias: Some(Alias {
            namespace: Some(service.namespace.clone()),
            name: (service.name != name).then(|| service.name.clone()),
        }),
        import_as_local: Some(true),
        domain_suffix: rule.domain_suffix.as_ref().map(|s| s.value.clone()),
    }
}

/// The rule as written; as-local rules get the fixed alias namespace the controller requires
/// (it skips `importAsLocal` rules whose alias namespace is empty or `*`).
fn written(rule: &ImportRule, force_local: bool) -> Rule {
    let import_as_local = if force_local { Some(true) } else { rule.as_local.as_ref().map(|l| l.value) };
    let mut alias = rule.alias.clone();
    let fixed = alias.as_ref().is_some_and(|a| a.namespace.exact().is_some());
    if let (Some(true), false, Some(namespace)) = (import_as_local, fixed, rule.service.namespace.exact()) {
        let name = alias.as_ref().map_or(Pattern::Any, |a| a.name.clone());
        alias = Some(ServiceAlias { namespace: Pattern::Exact(namespace.into()), name, span: rule.span.clone() });
    }
    Rule {
        namespace: rule.service.namespace.as_crd().into(),
        name: rule.service.name.as_crd().into(),
        alias: alias.as_ref().map(Alias::from),
        import_as_local,
        domain_suffix: rule.domain_suffix.as_ref().map(|s| s.value.clone()),
    }
}
