//! Control-plane values a federated `istio`/`ossm3` mesh needs (reference B2, B3), rendered into
//! the Sail `Istio` resource and the `istio` installer input alike: the peers' roots from the same
//! `root_cert` files the `ossm2` target puts in its CA ConfigMaps, their trust domains as aliases,
//! the multi-root trust bundle pushed to proxies, and DNS capture with automatic virtual IPs for
//! imported hostnames cluster DNS does not know.

use serde::Serialize;

use super::exporter::federated;
use crate::model::{Federation, MeshId};

#[derive(Serialize, Default)]
pub(crate) struct Trust {
    /// Whether anything below applies (the mesh peers with another Istio mesh).
    pub(crate) federated: bool,
    /// `meshConfig.trustDomainAliases`: the peers' trust domains, sorted.
    pub(crate) trust_domain_aliases: Vec<String>,
    /// `meshConfig.caCertificates[].pem`: each peer's root certificate, in peer order.
    pub(crate) ca_certificates: Vec<String>,
}

pub(crate) fn of(federation: &Federation, mesh: MeshId) -> Trust {
    if !federated(federation, mesh) {
        return Trust::default();
    }
    let own = &federation.mesh(mesh).trust_domain.value;
    let mut peers = federation.peers_of(mesh);
    peers.sort_by(|a, b| federation.mesh(*a).name.value.cmp(&federation.mesh(*b).name.value));
    let mut aliases: Vec<String> =
        peers.iter().map(|p| federation.mesh(*p).trust_domain.value.clone()).filter(|td| td != own).collect();
    aliases.sort();
    aliases.dedup();
    let roots = peers.iter().filter_map(|p| federation.mesh(*p).root_cert.as_ref()?.pem.clone());
    Trust {
        federated: true,
        trust_domain_aliases: aliases,
        ca_certificates: roots.map(|p| p.trim().to_string()).collect(),
    }
}
