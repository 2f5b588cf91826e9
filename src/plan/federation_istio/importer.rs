//! The importing side (reference B5): per imported service a ServiceEntry for the hostname clients
//! use and, per cluster of the exporting mesh, an address-less WorkloadEntry on that cluster's
//! network, which istiod replaces by the network's gateway; per remote network an `istio-remote`
//! Gateway carrying the gateway's address. Failover DestinationRules (B6) live here too.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{import_selector, object_name};
use crate::check::effective::failover::Resolver;
use crate::check::effective::listed::{Imported, Name};
use crate::model::protocol_of;
use crate::model::{Failover, Federation, Locality, MeshId};
use crate::plan::failover_rule::FailoverRule;
use crate::plan::istio::eastwest::{NETWORK_LABEL, TLS_PORT};
use crate::plan::{PlannedFile, cluster_object, common_labels, object_id};

#[derive(Serialize)]
pub(super) struct ServiceEntry {
    pub(super) name: String,
    pub(super) namespace: String,
    pub(super) labels: serde_json::Value,
    pub(super) hosts: Vec<String>,
    pub(super) ports: Vec<Port>,
    pub(super) selector: Vec<(&'static str, String)>,
    /// Importer side: visible in every namespace, as an OSSM 2 imported service was.
    pub(super) export_to: Option<&'static str>,
    /// Importer side: the exporter's SPIFFE ID, the only server identity clients accept.
    pub(super) subject_alt_names: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct Port {
    name: String,
    number: i64,
    protocol: &'static str,
}

pub(super) fn ports(service: &Imported) -> Vec<Port> {
    let port = |(name, number): &(String, i64)| Port {
        name: name.clone(),
        number: *number,
        protocol: protocol_of(name).unwrap_or("TCP"),
    };
    service.ports.iter().map(port).collect()
}

#[derive(Serialize)]
struct WorkloadEntry {
    name: String,
    namespace: String,
    labels: serde_json::Value,
    network: String,
    locality: Option<String>,
    /// On a WorkloadEntry that joins a local Service: the exporter's service account, so that
    /// the Service's identities (expanded to every aliased trust domain) include the exporter's.
    service_account: Option<String>,
}

#[derive(Serialize)]
struct RemoteGateway {
    name: String,
    namespace: String,
    labels: serde_json::Value,
    address: String,
    address_type: &'static str,
    port: i64,
}

pub(crate) fn plan(federation: &Federation, imported: &[Imported]) -> Vec<PlannedFile> {
    let mut files = Vec::new();
    let mut remote_networks: BTreeMap<(MeshId, MeshId), ()> = BTreeMap::new();
    let sources = failover_sources(federation);
    for service in imported {
        remote_networks.insert((service.importer, service.exporter), ());
        files.extend(service_objects(federation, service, &sources));
    }
    for (importer, exporter) in remote_networks.keys() {
        files.extend(remote_gateways(federation, *importer, *exporter));
    }
    let istio_failovers = federation.failovers.iter().filter(|f| federation.mesh(f.mesh.id).istio.is_some());
    files.extend(istio_failovers.flat_map(|f| failover(federation, f)));
    files
}

/// The importer's clusters: every member of its mesh gets the same objects.
pub(super) fn clusters_of(federation: &Federation, mesh: MeshId) -> Vec<(String, String)> {
    let members = federation.mesh(mesh).istio.iter().flat_map(|i| i.members.iter());
    members
        .map(|m| {
            let cluster = federation.cluster(m.cluster);
            (cluster.name.value.clone(), cluster.network.value.clone())
        })
        .collect()
}

/// Per importer cluster: the ServiceEntry (unless the import merges into a local Service) and a
/// WorkloadEntry per exporter cluster.
pub(crate) fn service_objects(federation: &Federation, service: &Imported, sources: &Sources) -> Vec<PlannedFile> {
    let exporter_name = &federation.mesh(service.exporter).name.value;
    let name = format!("{}-{exporter_name}", object_name(&service.hostname));
    let merged = sources.contains(&(service.block, service.rule, service.local.clone()));
    let mut selector = import_selector(federation, service);
    // A local Service with the failover's name exists; its selector is assumed to be the `app`
    // label Istio recommends (overlays can change it), and it selects WorkloadEntries of its own
    // namespace, so the imported endpoints join the local ones as OSSM 2's `importAsLocal` did.
    let namespace = match merged {
        true => {
            selector.push(("app", service.local.name.clone()));
            service.local.namespace.clone()
        }
        false => federation.mesh(service.importer).namespace.value.clone(),
    };
    let locality = federation.import_locality(&federation.imports[service.block]).map(|l| locality_text(&l));
    // istiod names a WorkloadEntry's identity in the importer's trust domain and the entry's
    // namespace; with aliases that is the exporter's identity only when the namespaces agree.
    let joined_account = service.service_account.clone().filter(|_| merged && namespace == service.backing.namespace);
    let mut files = Vec::new();
    for (cluster, _) in clusters_of(federation, service.importer) {
        if !merged {
            let entry = ServiceEntry {
                name: name.clone(),
                namespace: namespace.clone(),
                labels: common_labels(federation),
                hosts: vec![service.hostname.clone()],
                ports: ports(service),
                selector: selector.clone(),
                export_to: Some("*"),
                subject_alt_names: service.identity(federation).into_iter().collect(),
            };
            let id = object_id("networking.istio.io/v1", "ServiceEntry", &namespace, &name);
            files.push(cluster_object(&cluster, "federation_istio/serviceentry.yaml.j2", id, entry));
        }
        for (remote, network) in clusters_of(federation, service.exporter) {
            let mut labels = common_labels(federation);
            for (key, value) in &selector {
                labels[*key] = serde_json::Value::from(value.clone());
            }
            labels["security.istio.io/tlsMode"] = serde_json::Value::from("istio");
            let we_name = format!("{name}-{remote}");
            let entry = WorkloadEntry {
                name: we_name.clone(),
                namespace: namespace.clone(),
                labels,
                network,
                locality: locality.clone(),
                service_account: joined_account.clone(),
            };
            let id = object_id("networking.istio.io/v1", "WorkloadEntry", &namespace, &we_name);
            files.push(cluster_object(&cluster, "federation_istio/workloadentry.yaml.j2", id, entry));
        }
    }
    files
}

/// (import block, rule, local service) of every failover source: the rule through which the
/// importer really imports the failover's service (`check::effective::failover`, first match on
/// both sides). The importer runs a Service of that name (the failover's subject), so a
/// ServiceEntry for its hostname would compete with the Service instead of adding endpoints to
/// it: such an import merges into the local Service, as OSSM 2's planner makes the rule local.
pub(crate) type Sources = BTreeSet<(usize, usize, Name)>;

pub(crate) fn failover_sources(federation: &Federation) -> Sources {
    let mut resolver = Resolver::new(federation);
    let mut sources = Sources::new();
    for failover in federation.failovers.iter().filter(|f| federation.mesh(f.mesh.id).istio.is_some()) {
        let local = Name { namespace: failover.service.namespace.clone(), name: failover.service.name.clone() };
        for source in resolver.sources(failover) {
            sources.insert((source.block, source.rule, local.clone()));
        }
    }
    sources
}

/// `region/zone/subzone`, as WorkloadEntry `locality` is written.
fn locality_text(locality: &Locality) -> String {
    let parts = [&locality.region, &locality.zone, &locality.subzone];
    parts.iter().map_while(|p| p.as_ref().map(|v| v.value.as_str())).collect::<Vec<_>>().join("/")
}

/// One `istio-remote` Gateway per cluster of the exporting mesh, on each importer cluster. A
/// cluster without `eastwest_address` is refused by the checker before planning.
pub(crate) fn remote_gateways(federation: &Federation, importer: MeshId, exporter: MeshId) -> Vec<PlannedFile> {
    let namespace = federation.mesh(importer).namespace.value.clone();
    let members = federation.mesh(exporter).istio.iter().flat_map(|i| i.members.iter());
    let remotes: Vec<_> = members.map(|m| federation.cluster(m.cluster)).collect();
    let mut files = Vec::new();
    for (cluster, _) in clusters_of(federation, importer) {
        for remote in &remotes {
            let Some(address) = &remote.eastwest_address else { continue };
            let mut labels = common_labels(federation);
            labels[NETWORK_LABEL] = serde_json::Value::from(remote.network.value.clone());
            let name = format!("remote-{}", remote.network.value);
            let context = RemoteGateway {
                name: name.clone(),
                namespace: namespace.clone(),
                labels,
                address_type: if address.value.parse::<std::net::IpAddr>().is_ok() { "IPAddress" } else { "Hostname" },
                address: address.value.clone(),
                port: TLS_PORT,
            };
            let id = object_id("gateway.networking.k8s.io/v1", "Gateway", &namespace, &name);
            files.push(cluster_object(&cluster, "federation_istio/remote-gateway.yaml.j2", id, context));
        }
    }
    files
}

/// Locality failover on the local hostname, whose imported-as-local WorkloadEntries carry the
/// exporter's locality; `networking.istio.io/v1`, which every Istio fedc targets (1.22+) serves.
pub(crate) fn failover(federation: &Federation, failover: &Failover) -> Vec<PlannedFile> {
    let mut files = Vec::new();
    for (cluster, _) in clusters_of(federation, failover.mesh.id) {
        let context = FailoverRule::of(federation, failover);
        let id = object_id("networking.istio.io/v1", "DestinationRule", &failover.service.namespace, &context.name);
        files.push(cluster_object(&cluster, "federation_istio/destinationrule-failover.yaml.j2", id, context));
    }
    files
}
