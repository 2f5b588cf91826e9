//! The exporting side (reference B4): the east-west gateway's `cross-network-gateway` lists only
//! the hostnames importers use (instead of every `*.local` name), and each importer-chosen
//! hostname that is not the backing Service's own name gets a ServiceEntry in the Service's
//! namespace, so the gateway can route the SNI the importer's sidecar sets.

use std::collections::BTreeSet;

use super::importer::{ServiceEntry, clusters_of, ports};
use super::object_name;
use crate::check::effective::listed::{self as imports, Imported};
use crate::model::{Federation, MeshId};
use crate::plan::{PlannedFile, cluster_object, common_labels, object_id};

/// The reference's placeholder: a listener that matches no service (a federated mesh exporting nothing).
pub(crate) const NOTHING_EXPOSED: &str = "fake-hostname-to-block-all-by-default";

/// The hosts `cross-network-gateway` serves on the clusters of `mesh`; `None`: every `*.local`
/// name (a mesh that takes part in no Istio federation). A mesh of several clusters needs `*.local`
/// for its own cross-cluster traffic, so only a one-cluster mesh is narrowed to its exports; the
/// checker warns about the rest (`fedc::istio::export-not-enforced`).
pub(crate) fn exposed_hosts(federation: &Federation, mesh: MeshId) -> Option<Vec<String>> {
    if !federated(federation, mesh) {
        return None;
    }
    let (imported, _) = imports::imported(federation);
    let exported: BTreeSet<String> = imported.into_iter().filter(|s| s.exporter == mesh).map(|s| s.hostname).collect();
    let single = federation.mesh(mesh).istio.as_ref().is_some_and(|i| i.members.len() == 1);
    if single {
        let hosts: Vec<String> = exported.into_iter().collect();
        return Some(if hosts.is_empty() { vec![NOTHING_EXPOSED.to_string()] } else { hosts });
    }
    let mut hosts = vec!["*.local".to_string()];
    hosts.extend(exported.into_iter().filter(|h| !h.ends_with(".local")));
    Some(hosts)
}

/// Whether `mesh` peers with another `istio`/`ossm3` mesh.
pub(crate) fn federated(federation: &Federation, mesh: MeshId) -> bool {
    federation.mesh(mesh).istio.is_some() && !federation.peers_of(mesh).is_empty()
}

pub(crate) fn plan(federation: &Federation, imported: &[Imported]) -> Vec<PlannedFile> {
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    for service in imported.iter().filter(|s| s.hostname != s.backing.cluster_local()) {
        let name = object_name(&service.hostname);
        for (cluster, _) in clusters_of(federation, service.exporter) {
            if !seen.insert((cluster.clone(), service.backing.namespace.clone(), name.clone())) {
                continue;
            }
            let entry = ServiceEntry {
                name: name.clone(),
                namespace: service.backing.namespace.clone(),
                labels: common_labels(federation),
                hosts: vec![service.hostname.clone()],
                ports: ports(service),
                // The `app` label Istio recommends on every workload; overlays can change it.
                selector: vec![("app", service.backing.name.clone())],
                export_to: None,
                subject_alt_names: Vec::new(),
            };
            let id = object_id("networking.istio.io/v1", "ServiceEntry", &service.backing.namespace, &name);
            files.push(cluster_object(&cluster, "federation_istio/serviceentry.yaml.j2", id, entry));
        }
    }
    files
}
