use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use super::FlowIndex;
use super::export_set::Alias;
use crate::model::{Federation, ImportRule, MeshId, Pattern, ServiceAlias};

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
pub fn plan(federation: &Federation, flows: &FlowIndex, id: MeshId, peer: MeshId) -> Option<PlannedFile> {
    let (index, block) = flows.import_block(id, peer)?;
    let failover_rules = flows.failover_rules(index);
    let rules = block.rules.iter().enumerate().map(|(i, r)| rule(r, failover_rules.contains(&i))).collect();
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

/// A rule a failover depends on is imported as local, under a fixed namespace (the controller
/// skips `importAsLocal` rules whose alias namespace is not fixed).
fn rule(rule: &ImportRule, for_failover: bool) -> Rule {
    let mut alias = rule.alias.clone();
    let mut import_as_local = rule.as_local.as_ref().map(|l| l.value);
    if for_failover {
        import_as_local = Some(true);
        let fixed = alias.as_ref().is_some_and(|a| a.namespace.exact().is_some());
        if let (false, Some(namespace)) = (fixed, rule.service.namespace.exact()) {
            let name = alias.as_ref().map_or(Pattern::Any, |a| a.name.clone());
            let span = rule.span.clone();
            alias = Some(ServiceAlias { namespace: Pattern::Exact(namespace.into()), name, span });
        }
    }
    Rule {
        namespace: rule.service.namespace.as_crd().into(),
        name: rule.service.name.as_crd().into(),
        alias: alias.as_ref().map(Alias::from),
        import_as_local,
        domain_suffix: rule.domain_suffix.as_ref().map(|s| s.value.clone()),
    }
}
