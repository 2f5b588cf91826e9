//! The checker's rules, one per file. Each has a name and a `run` that appends findings; codes are
//! listed with examples and fixes in docs/diagnostics.md.

mod duplicate_flows;
mod duplicate_names;
mod empty;
mod exports;
mod failover_hostnames;
mod failover_peers;
mod failover_settings;
mod failover_sources;
mod flows;
mod gateways;
mod gitops_names;
mod import_hostnames;
mod imports;
mod ingress_addresses;
mod ingress_node_ports;
mod istio_asm;
mod istio_cert_provider;
mod istio_eastwest;
mod istio_exports;
mod istio_identities;
mod istio_identity;
mod istio_imports;
mod istio_members;
mod istio_networks;
mod kubernetes_names;
mod label_values;
mod locality;
mod members;
mod namespace_claims;
mod partners;
mod peerings;
mod platform;
mod root_certs;
pub(crate) mod shadowed;
mod shared_addresses;
mod trust_domains;
mod unpeered;
mod values;

use super::Context;
use crate::diagnostic::Diagnostic;

/// One rule (a file of this folder): what it runs over the resolved federation.
pub(crate) struct Rule {
    pub(crate) run: fn(&Context, &mut Vec<Diagnostic>),
}

/// Every rule, in the order they run (order does not matter: findings are sorted by position).
pub(crate) const ALL: &[Rule] = &[
    kubernetes_names::RULE,
    label_values::RULE,
    duplicate_names::RULE,
    duplicate_flows::RULE,
    trust_domains::RULE,
    partners::RULE,
    peerings::RULE,
    unpeered::RULE,
    gateways::RULE,
    empty::RULE,
    exports::RULE,
    imports::RULE,
    import_hostnames::RULE,
    flows::RULE,
    shadowed::RULE,
    failover_sources::RULE,
    failover_hostnames::RULE,
    failover_peers::RULE,
    failover_settings::RULE,
    locality::RULE,
    members::RULE,
    namespace_claims::RULE,
    ingress_node_ports::RULE,
    ingress_addresses::RULE,
    shared_addresses::RULE,
    platform::RULE,
    root_certs::RULE,
    values::RULE,
    gitops_names::RULE,
    istio_networks::RULE,
    istio_members::RULE,
    istio_identity::RULE,
    istio_cert_provider::RULE,
    istio_asm::RULE,
    istio_imports::RULE,
    istio_eastwest::RULE,
    istio_exports::RULE,
    istio_identities::RULE,
];
