//! Computes the reachability entries from the resolved federation.

use super::{Condition, Explanation, FailoverChain, Outlier, Path, Reach, VERSION};
use crate::check::effective::Exports;
use crate::check::hostnames::{LOCAL_SUFFIX, written_suffix};
use crate::model::{ExportRule, Federation, ImportBlock, ImportRule, MeshId, Pattern, ServicePattern};

/// The port a peer's ingress gateway serves federated traffic on, unless NodePort says otherwise.
const SERVICE_PORT: i64 = 15443;

/// One name a mesh exports to a peer: the service behind it and the selector, if any.
struct Exported {
    remote: ServicePattern,
    name: ServicePattern,
    /// What the export rule's alias fixed, per side (a fixed side hides the original name).
    alias_fixed: (bool, bool),
    condition: Option<Condition>,
}

/// Every remote service each mesh can reach, sorted by mesh, then hostname.
pub(crate) fn reachability(federation: &Federation) -> Explanation {
    let mut reachable = Vec::new();
    for block in &federation.imports {
        if !federation.are_peered(block.mesh.id, block.from.id) {
            continue;
        }
        let exported = exports_to(federation, block.from.id, block.mesh.id);
        for name in &exported {
            reachable.extend(imports(federation, block, name));
        }
    }
    reachable.sort();
    reachable.dedup();
    Explanation { version: VERSION, federation: federation.name.value.clone(), reachable }
}

/// What `mesh` exports to `peer`, rule by rule, leaving out rules (and label-rule aliases) that no
/// service reaches because an earlier rule always wins (the controller's first match, as the
/// checker evaluates it: `check::effective`).
fn exports_to(federation: &Federation, mesh: MeshId, peer: MeshId) -> Vec<Exported> {
    let effective = Exports::of(federation, mesh, peer);
    // Past the checker's evaluation bound every rule is shown, as before it.
    let live = |index: usize, alias: Option<usize>| effective.as_ref().is_none_or(|e| e.reached(index, alias));
    let mut names = Vec::new();
    for (index, rule) in federation.export_rules(mesh, peer).enumerate() {
        match rule {
            ExportRule::Name { .. } if !live(index, None) => {}
            ExportRule::Name { service, alias, .. } => {
                let name = alias.as_ref().map_or_else(|| service.clone(), |a| a.apply(service));
                let fixed = alias.as_ref().map_or((false, false), |a| {
                    (matches!(a.namespace, Pattern::Exact(_)), matches!(a.name, Pattern::Exact(_)))
                });
                names.push(Exported { remote: service.clone(), name, alias_fixed: fixed, condition: None });
            }
            ExportRule::Labels(_) if !live(index, None) => {}
            ExportRule::Labels(labels) => {
                let mut selector: Vec<String> =
                    labels.match_labels.iter().map(|(k, v)| format!("{k}={}", v.value)).collect();
                selector.extend(labels.expressions.iter().map(|e| {
                    let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                    format!("{} {} ({})", e.key.value, e.operator.value, values.join(", "))
                }));
                let condition = Condition { namespace: labels.namespace.value.to_string(), selector };
                let scope = ServicePattern {
                    namespace: labels.namespace.value.clone(),
                    name: Pattern::Any,
                    span: labels.span.clone(),
                };
                for (position, alias) in labels.aliases.iter().enumerate() {
                    if !live(index, Some(position)) {
                        continue;
                    }
                    let fixed = (
                        matches!(alias.alias.namespace, Pattern::Exact(_)),
                        matches!(alias.alias.name, Pattern::Exact(_)),
                    );
                    let name = alias.alias.apply(&alias.service);
                    names.push(Exported {
                        remote: alias.service.clone(),
                        name,
                        alias_fixed: fixed,
                        condition: Some(condition.clone()),
                    });
                }
                names.push(Exported {
                    remote: scope.clone(),
                    name: scope,
                    alias_fixed: (false, false),
                    condition: Some(condition),
                });
            }
        }
    }
    names
}

/// The entries for `exported`: one per import rule of `block` that takes some of it in, except
/// names an earlier rule already takes (first matching rule wins).
fn imports(federation: &Federation, block: &ImportBlock, exported: &Exported) -> Vec<Reach> {
    let rules: Vec<&ImportRule> = block.rules.iter().filter(|r| r.label_selector.is_none()).collect();
    let mut entries = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        if !rule.service.overlaps(&exported.name) {
            continue;
        }
        let seen = ServicePattern {
            namespace: narrower(&rule.service.namespace, &exported.name.namespace),
            name: narrower(&rule.service.name, &exported.name.name),
            span: rule.span.clone(),
        };
        if rules[..index].iter().any(|earlier| covers(&earlier.service, &seen)) {
            continue;
        }
        entries.push(entry(federation, block, rule, exported, seen));
    }
    entries
}

/// Whether every name `inner` can stand for is matched by `outer`.
fn covers(outer: &ServicePattern, inner: &ServicePattern) -> bool {
    let side = |o: &Pattern, i: &Pattern| matches!(o, Pattern::Any) || o == i;
    side(&outer.namespace, &inner.namespace) && side(&outer.name, &inner.name)
}

fn entry(
    federation: &Federation,
    block: &ImportBlock,
    rule: &ImportRule,
    exported: &Exported,
    seen: ServicePattern,
) -> Reach {
    let remote = ServicePattern {
        namespace: if exported.alias_fixed.0 { exported.remote.namespace.clone() } else { seen.namespace.clone() },
        name: if exported.alias_fixed.1 { exported.remote.name.clone() } else { seen.name.clone() },
        span: rule.span.clone(),
    };
    let local = rule.alias.as_ref().map_or_else(|| seen.clone(), |a| a.apply(&seen));
    let (mesh, peer) = (federation.mesh(block.mesh.id), federation.mesh(block.from.id));
    // A failover through this rule makes the planner import the service as local (the ossm2
    // ImportedServiceSet gets an as-local rule first), whatever the rule says.
    let as_local = rule.is_local() || failover_forces_local(federation, block, rule, &local);
    let suffix = if as_local { LOCAL_SUFFIX.to_string() } else { written_suffix(federation, block, rule) };
    let hostname = format!("{}.{}.{suffix}", local.name, local.namespace);
    Reach {
        mesh: mesh.name.value.clone(),
        hostname,
        local_service: local.to_string(),
        remote_mesh: peer.name.value.clone(),
        remote_service: remote.to_string(),
        exported_as: seen.to_string(),
        imported_as_local: as_local,
        condition: exported.condition.clone(),
        path: path(federation, block.mesh.id, block.from.id),
        failover: if as_local { failover(federation, block, &local) } else { None },
    }
}

/// Whether a failover of the importing mesh for exactly `local` goes through `rule` of `block`.
fn failover_forces_local(
    federation: &Federation,
    block: &ImportBlock,
    rule: &ImportRule,
    local: &ServicePattern,
) -> bool {
    let (Pattern::Exact(namespace), Pattern::Exact(name)) = (&local.namespace, &local.name) else { return false };
    federation
        .failovers
        .iter()
        .filter(|f| f.mesh.id == block.mesh.id && f.service.namespace == *namespace && f.service.name == *name)
        .flat_map(|f| crate::check::effective::failover::sources(federation, f))
        .any(|s| {
            let source = federation.imports.get(s.block).and_then(|b| b.rules.get(s.rule));
            source.is_some_and(|source| std::ptr::eq(source, rule))
        })
}

/// The exact side wins: a `*` import rule takes the exported name, and vice versa.
fn narrower(a: &Pattern, b: &Pattern) -> Pattern {
    if matches!(a, Pattern::Exact(_)) { a.clone() } else { b.clone() }
}

fn path(federation: &Federation, mesh_id: MeshId, peer_id: MeshId) -> Path {
    let (mesh, peer) = (federation.mesh(mesh_id), federation.mesh(peer_id));
    if let Some(istio) = &peer.istio {
        return istio_path(federation, mesh_id, istio);
    }
    let remote_cluster = federation.cluster_of(peer_id).name.value.clone();
    let ingress = peer.ingress_gateway(&mesh.name.value).value;
    let endpoint = peer.ingress.endpoint_for(&mesh.name.value, &peer.name.value, &ingress, &remote_cluster);
    let port = endpoint.ports.map_or(SERVICE_PORT, |(service, _)| service);
    Path {
        egress_gateway: mesh.egress_gateway(&peer.name.value).value,
        cluster: federation.cluster_of(mesh_id).name.value.clone(),
        remote_cluster,
        remote_addresses: endpoint.addresses.iter().map(|a| format!("{}:{port}", a.value)).collect(),
        remote_ingress_gateway: ingress,
    }
}

/// Between `istio`/`ossm3` meshes there are no federation gateways: the caller's sidecar dials the
/// east-west address of each cluster of the serving mesh on 15443, where the east-west gateway
/// passes the TLS through (`cross-network-gateway`). Only clusters with an address are listed.
fn istio_path(federation: &Federation, mesh_id: MeshId, serving: &crate::model::IstioMesh) -> Path {
    let clusters: Vec<&crate::model::Cluster> = serving.members.iter().map(|m| federation.cluster(m.cluster)).collect();
    let names: Vec<&str> = clusters.iter().map(|c| c.name.value.as_str()).collect();
    Path {
        egress_gateway: "sidecar".to_string(),
        cluster: federation.cluster_of(mesh_id).name.value.clone(),
        remote_cluster: names.join("+"),
        remote_addresses: clusters
            .iter()
            .filter_map(|c| {
                c.eastwest_address.as_ref().map(|a| format!("{}:{}", a.value, crate::plan::istio::eastwest::TLS_PORT))
            })
            .collect(),
        remote_ingress_gateway: crate::plan::istio::eastwest::NAME.to_string(),
    }
}

/// The failover of the calling mesh whose service is `local`, if any: it applies to the local
/// hostname (`svc.cluster.local`), so only to services imported as local.
fn failover(federation: &Federation, block: &ImportBlock, local: &ServicePattern) -> Option<FailoverChain> {
    let failover = federation
        .failovers
        .iter()
        .find(|f| f.mesh.id == block.mesh.id && local.matches(&f.service.namespace, &f.service.name))?;
    let via = crate::check::effective::failover::sources(federation, failover)
        .iter()
        .map(|s| federation.mesh(s.peer).name.value.clone())
        .collect();
    let od = &failover.outlier_detection;
    Some(FailoverChain {
        regions: vec![failover.from.value.clone(), failover.to.value.clone()],
        via,
        outlier_detection: Outlier {
            consecutive_5xx_errors: od.consecutive_5xx_errors.value,
            interval: od.interval.value.clone(),
            base_ejection_time: od.base_ejection_time.value.clone(),
            max_ejection_percent: od.max_ejection_percent.as_ref().map(|m| m.value),
        },
    })
}
