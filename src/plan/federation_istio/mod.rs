//! Federation between separately run `istio`/`ossm3` meshes: what replaces OpenShift Service Mesh
//! 2's ServiceMeshPeer, ExportedServiceSet and ImportedServiceSet (reference Part B, table B8).
//!
//! | OSSM 2 | here | where |
//! |---|---|---|
//! | ImportedServiceSet rule | ServiceEntry + WorkloadEntry (network label, `tlsMode: istio`) per imported service and remote cluster | importer, mesh namespace |
//! | ServiceMeshPeer address | `istio-remote` Gateway-API Gateway per remote network, with the exporter's east-west address | importer, mesh namespace |
//! | ExportedServiceSet | `cross-network-gateway` hosts limited to the exported hostnames; a ServiceEntry per importer-chosen name that is not a local Service | exporter |
//! | ExportedServiceSet's peer list | an ALLOW AuthorizationPolicy per exported workload admitting its own and the chosen peers' trust domains ([`scope`]); the importer's ServiceEntry pins the exporter's SPIFFE ID (`subjectAltNames`) | exporter, importer |
//! | CA ConfigMap, trust domain | `caCertificates`, `trustDomainAliases`, `ISTIO_MULTIROOT_MESH`, `PROXY_CONFIG_XDS_AGENT` | control plane values ([`trust`]) |
//! | federation DNS | `ISTIO_META_DNS_CAPTURE`, `PILOT_ENABLE_IP_AUTOALLOCATE` | control plane values |
//! | failover DestinationRule | the same, `networking.istio.io/v1` | importer |

pub(crate) mod exporter;
pub(crate) mod importer;
mod scope;
pub(crate) mod trust;

pub(crate) use exporter::exposed_hosts;

use super::PlannedFile;
use crate::check::effective::listed as imports;
use crate::model::Federation;

pub(crate) fn plan(federation: &Federation) -> Vec<PlannedFile> {
    let (imported, _) = imports::imported(federation);
    let mut files = importer::plan(federation, &imported);
    files.extend(exporter::plan(federation, &imported));
    files.extend(scope::plan(federation, &imported));
    files
}

/// Labels selecting the WorkloadEntries of one imported service (ServiceEntry `workloadSelector`).
pub(crate) fn import_selector(federation: &Federation, service: &imports::Imported) -> Vec<(&'static str, String)> {
    vec![
        ("fedc.io/imported-from", federation.mesh(service.exporter).name.value.clone()),
        ("fedc.io/imported-namespace", service.local.namespace.clone()),
        ("fedc.io/imported-service", service.local.name.clone()),
    ]
}

/// A Kubernetes object name from a hostname: dots become dashes.
pub(crate) fn object_name(hostname: &str) -> String {
    hostname.replace('.', "-")
}
