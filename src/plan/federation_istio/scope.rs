//! Export scope (reference B6, B8): OSSM 2 exported a service only to the peers an
//! ExportedServiceSet names; between Istio meshes every trusted peer that reaches the east-west
//! gateway can call what it serves. On the exporting side, an ALLOW AuthorizationPolicy on each
//! exported workload admits the mesh's own identities and those of the peers the service is
//! exported to, and nothing else.
//!
//! Identities: the east-west gateway passes TLS through (`AUTO_PASSTHROUGH`, SNI routing), so the
//! workload sees the calling workload's own SPIFFE ID, `<its trust domain>/ns/<ns>/sa/<sa>`, not
//! the gateway's. Each mesh is admitted by trust domain (`<trust domain>/*`): that covers the
//! mesh's own clusters (one trust domain), its ingress gateway and every local caller, and only
//! the peers chosen. A principal not of the form `<td>/ns/<ns>/sa/<sa>` is not expanded to the
//! trust-domain aliases (istio `pilot/pkg/security/trustdomain/bundle.go`), so the aliases that
//! make peers trusted do not make them admitted. Namespaces are not used: `source.namespaces`
//! matches a namespace of that name in every trust domain.
//!
//! Targets: each Service exported by exact name or imported by a peer gets a policy selecting its
//! `app` label (the assumption the exporter-side ServiceEntry makes too); a namespace exported with
//! `<namespace>/*` gets one for the whole namespace. ALLOW policies add up, so a peer admitted to
//! one Service of a namespace is not admitted to the rest. A target every peer may call gets none.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::importer::clusters_of;
use crate::check::effective::listed::{Imported, Name};
use crate::model::{ExportRule, Federation, MeshId, Pattern};
use crate::plan::{PlannedFile, cluster_object, common_labels, object_id};

/// An exported workload (`service`: the Service whose `app` label it carries) or a whole namespace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Target {
    namespace: String,
    service: Option<String>,
}

#[derive(Serialize)]
struct Policy {
    name: String,
    namespace: String,
    labels: serde_json::Value,
    app: Option<String>,
    principals: Vec<String>,
}

/// The policies of every `istio`/`ossm3` exporter.
pub(super) fn plan(federation: &Federation, imported: &[Imported]) -> Vec<PlannedFile> {
    let mut files = Vec::new();
    for exporter in federation.mesh_ids().filter(|&id| exporting(federation, id)) {
        for (target, principals) in restricted(federation, exporter, imported) {
            files.extend(policy_files(federation, exporter, &target, principals));
        }
    }
    files
}

/// An Istio mesh of ours with Istio peers.
fn exporting(federation: &Federation, mesh: MeshId) -> bool {
    super::exporter::federated(federation, mesh) && !federation.is_partner(mesh)
}

/// The policies of `exporter`, by target: the principals each admits. A namespace gets one when
/// some Istio peer may not call all of it. A workload gets one when it admits someone its
/// namespace's policy does not (ALLOW policies add up), or, without such a policy, when some
/// Istio peer may not call it.
fn restricted(federation: &Federation, exporter: MeshId, imported: &[Imported]) -> BTreeMap<Target, Vec<String>> {
    let peers: Vec<MeshId> =
        federation.peers_of(exporter).into_iter().filter(|p| federation.mesh(*p).istio.is_some()).collect();
    let admitted = |target: &Target| -> (bool, Vec<String>) {
        let admitted: Vec<MeshId> =
            peers.iter().copied().filter(|p| exported_to(federation, exporter, *p, target)).collect();
        let everyone = admitted.len() == peers.len();
        let domains: BTreeSet<&str> =
            std::iter::once(exporter).chain(admitted).map(|m| federation.mesh(m).trust_domain.value.as_str()).collect();
        (everyone, domains.into_iter().map(|td| format!("{td}/*")).collect())
    };
    let (namespaces, workloads): (Vec<Target>, Vec<Target>) =
        targets(federation, exporter, imported).into_iter().partition(|t| t.service.is_none());
    let mut policies: BTreeMap<Target, Vec<String>> = BTreeMap::new();
    for target in namespaces {
        if let (false, principals) = admitted(&target) {
            policies.insert(target, principals);
        }
    }
    let whole: BTreeMap<String, Vec<String>> = policies.iter().map(|(t, p)| (t.namespace.clone(), p.clone())).collect();
    for target in workloads {
        let (everyone, principals) = admitted(&target);
        let needed = match whole.get(&target.namespace) {
            Some(namespace) => principals.iter().any(|p| !namespace.contains(p)),
            None => !everyone,
        };
        if needed {
            policies.insert(target, principals);
        }
    }
    policies
}

/// The Services `exporter` exports by exact name or that a peer imports, and the namespaces it
/// exports whole.
fn targets(federation: &Federation, exporter: MeshId, imported: &[Imported]) -> BTreeSet<Target> {
    let workload = |n: &Name| Target { namespace: n.namespace.clone(), service: Some(n.name.clone()) };
    let mut targets: BTreeSet<Target> =
        imported.iter().filter(|s| s.exporter == exporter).map(|s| workload(&s.backing)).collect();
    let blocks = federation.exports.iter().filter(|b| b.mesh.id == exporter);
    for rule in blocks.flat_map(|b| b.rules.iter()) {
        let ExportRule::Name { service, .. } = rule else { continue };
        let Some(namespace) = service.namespace.exact() else { continue };
        let service = service.name.exact().map(str::to_string);
        targets.insert(Target { namespace: namespace.to_string(), service });
    }
    targets
}

/// Whether some export rule of `exporter` for `peer` covers the target: matches the Service (a
/// label rule whose namespace it is in may), or every Service of the namespace.
fn exported_to(federation: &Federation, exporter: MeshId, peer: MeshId, target: &Target) -> bool {
    let blocks = federation.exports.iter().filter(|b| b.mesh.id == exporter && b.applies_to(peer));
    let covers = |rule: &ExportRule| match (rule, &target.service) {
        (ExportRule::Name { service, .. }, Some(name)) => service.matches(&target.namespace, name),
        (ExportRule::Name { service, .. }, None) => {
            service.name == Pattern::Any && service.namespace.overlaps(&Pattern::Exact(target.namespace.clone()))
        }
        (ExportRule::Labels(labels), Some(_)) => {
            labels.namespace.value.overlaps(&Pattern::Exact(target.namespace.clone()))
        }
        (ExportRule::Labels(_), None) => false,
    };
    blocks.flat_map(|b| b.rules.iter()).any(covers)
}

/// The policy for `target` on every cluster of `exporter`.
fn policy_files(
    federation: &Federation,
    exporter: MeshId,
    target: &Target,
    principals: Vec<String>,
) -> Vec<PlannedFile> {
    let name = match &target.service {
        Some(service) => format!("export-scope-{service}"),
        None => "export-scope".to_string(),
    };
    let mut files = Vec::new();
    for (cluster, _) in clusters_of(federation, exporter) {
        let policy = Policy {
            name: name.clone(),
            namespace: target.namespace.clone(),
            labels: common_labels(federation),
            app: target.service.clone(),
            principals: principals.clone(),
        };
        let id = object_id("security.istio.io/v1", "AuthorizationPolicy", &target.namespace, &name);
        files.push(cluster_object(&cluster, "federation_istio/authorizationpolicy.yaml.j2", id, policy));
    }
    files
}
