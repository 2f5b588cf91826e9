//! What an import between two `istio`/`ossm3` meshes needs to become ServiceEntries and
//! WorkloadEntries (reference B5, D8): the services by name (a wildcard may only match names the
//! exporter exports by name), their ports (nothing discovers them any more), an east-west address
//! for every cluster of the exporting mesh (the `istio-remote` Gateway's typed address), and a
//! remote network other than the importer's own (an endpoint on the local network is called
//! directly, and the WorkloadEntry has no address).

use super::Rule;
use crate::check::Context;
use crate::check::addresses::address_problem;
use crate::check::effective::listed as imports;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, ImportBlock, MeshId};
use crate::model::{PROTOCOLS, protocol_of};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let istio = |id: MeshId| fed.mesh(id).istio.is_some();
    for block in fed.imports.iter().filter(|b| istio(b.mesh.id) && istio(b.from.id)) {
        ports(fed, block, out);
        networks(fed, block, out);
    }
    let (_, unlisted) = imports::imported(fed);
    for u in unlisted {
        let block = &fed.imports[u.block];
        let rule = &block.rules[u.rule];
        let from = &fed.mesh(block.from.id).name.value;
        out.push(
            Diagnostic::new(
                codes::istio::UNLISTED_IMPORT,
                format!("import rule `{}` matches services of `{from}` that fedc cannot list", rule.service),
            )
            .label(rule.service.span.clone(), format!("`{from}` exports names here by label or wildcard"))
            .help(
                "an Istio mesh imports each service through its own ServiceEntry: name the services \
                 (`service = \"namespace/name\"`, one rule each), or have the exporter export them by name",
            ),
        );
    }
    for id in fed.mesh_ids().filter(|&id| istio(id) && fed.imports.iter().any(|b| b.from.id == id && istio(b.mesh.id)))
    {
        addresses(fed, id, out);
    }
}

fn ports(fed: &Federation, block: &ImportBlock, out: &mut Vec<Diagnostic>) {
    let mesh = &fed.mesh(block.mesh.id).name.value;
    for rule in &block.rules {
        if rule.ports.is_empty() {
            let at = rule.ports_span.clone().unwrap_or_else(|| rule.span.clone());
            out.push(
                Diagnostic::new(
                    codes::istio::MISSING_PORTS,
                    format!("mesh `{mesh}` imports `{}` without its ports", rule.service),
                )
                .label(at, "an Istio ServiceEntry declares every port clients call")
                .help(
                    "add `ports = { http = 9080 }` (name = number; the name's prefix says the protocol, as in Istio)",
                ),
            );
        }
        for (name, number) in &rule.ports {
            let problem = if !(1..=65535).contains(&number.value) {
                Some(format!("port `{name}` = {} is not a port number (1–65535)", number.value, name = name.value))
            } else if protocol_of(&name.value).is_none() || !crate::check::kubernetes::is_dns1123_label(&name.value) {
                Some(format!("port name `{}` does not say its protocol", name.value))
            } else {
                None
            };
            if let Some(problem) = problem {
                let prefixes: Vec<&str> = PROTOCOLS.iter().map(|(p, _)| *p).collect();
                out.push(
                    Diagnostic::new(codes::istio::INVALID_PORT, problem)
                        .label(number.span.clone(), "in this import rule")
                        .help(format!(
                            "name ports `<protocol>[-<suffix>]` with a protocol of {} and give a number from 1 to 65535",
                            prefixes.join(", ")
                        )),
                );
            }
        }
    }
}

/// The importer's WorkloadEntries sit on the exporter clusters' networks; one equal to an importer
/// cluster's own network makes istiod call the (unset) address directly instead of the gateway.
fn networks(fed: &Federation, block: &ImportBlock, out: &mut Vec<Diagnostic>) {
    let members = |id: MeshId| fed.mesh(id).istio.iter().flat_map(|i| i.members.iter()).map(|m| fed.cluster(m.cluster));
    for local in members(block.mesh.id) {
        for remote in members(block.from.id).filter(|r| r.network.value == local.network.value) {
            out.push(
                Diagnostic::new(
                    codes::istio::REMOTE_NETWORK,
                    format!(
                        "cluster `{}` imports from cluster `{}` on its own network `{}`",
                        local.name.value, remote.name.value, local.network.value
                    ),
                )
                .label(remote.network.span.clone(), "the exporting cluster's network")
                .label(block.from.span.clone(), "imported from here")
                .help(
                    "imported endpoints are WorkloadEntries without an address on the exporter's network; istiod sends them through \
                     that network's gateway only when it differs from the caller's: give each cluster its own `network`",
                ),
            );
        }
    }
}

fn addresses(fed: &Federation, exporter: MeshId, out: &mut Vec<Diagnostic>) {
    let mesh = fed.mesh(exporter);
    for member in mesh.istio.iter().flat_map(|i| i.members.iter()) {
        let cluster = fed.cluster(member.cluster);
        match &cluster.eastwest_address {
            None => out.push(
                Diagnostic::new(
                    codes::istio::MISSING_EASTWEST_ADDRESS,
                    format!("cluster `{}` of mesh `{}` has no `eastwest_address`", cluster.name.value, mesh.name.value),
                )
                .label(cluster.name.span.clone(), "peers import from this cluster")
                .help("set `eastwest_address` to the IP address or DNS name of the cluster's `istio-eastwestgateway` load balancer"),
            ),
            Some(address) => {
                // The Gateway API accepts lowercase hostnames only.
                let uppercase = (address.value != address.value.to_ascii_lowercase())
                    .then_some("write the DNS name in lowercase");
                if let Some(problem) = address_problem(&address.value).or(uppercase) {
                    out.push(
                        Diagnostic::new(
                            codes::istio::INVALID_EASTWEST_ADDRESS,
                            format!("`eastwest_address` of cluster `{}` is not an address", cluster.name.value),
                        )
                        .label(address.span.clone(), "not a bare IP address or DNS name")
                        .help(problem),
                    );
                }
            }
        }
    }
}
