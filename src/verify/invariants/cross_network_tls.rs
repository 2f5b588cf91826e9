//! Traffic to another mesh's services crosses networks through east-west gateways that pass TLS
//! through by SNI (`AUTO_PASSTHROUGH`): the client must originate Istio mutual TLS. A
//! DestinationRule that sets another TLS mode on an imported host (a ServiceEntry's, or a local
//! Service's with endpoints imported as local), anywhere in its traffic policies, or a
//! cross-network Gateway that terminates TLS, breaks every call (istio-multicluster reference,
//! sections B and D). The Gateway's passthrough server is on 15443 and serves every host other
//! clusters send to its network: the mesh's own (`*.svc.cluster.local`, a mesh of several
//! clusters) and each imported one whose endpoints are on that network.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Objects;
use super::endpoints::{hosts_of, imported_hosts, is_imported, strings};
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};
use crate::verify::readback::Seen;

const PASSTHROUGH_PORT: u64 = 15443;

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    tls_modes(objects, out);
    for gateway in objects.readback.of_kind("Gateway").filter(|g| g.name() == "cross-network-gateway") {
        if let Some(violation) = gateway_violation(objects, gateway) {
            out.push(violation);
        }
    }
}

fn tls_modes<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    let readback = objects.readback;
    for rule in readback.of_kind("DestinationRule") {
        let modes = rule.fact("TLS mode").as_object().cloned().unwrap_or_default();
        let Some((at, mode)) = modes.iter().find(|(_, mode)| *mode != "ISTIO_MUTUAL") else { continue };
        let host = rule.text("host").unwrap_or_default();
        let entries = readback.in_cluster(rule.cluster(), "ServiceEntry");
        let mut imported: BTreeSet<String> = entries.flat_map(|e| strings(e.fact("hosts"))).collect();
        imported.extend(imported_hosts(readback, rule.cluster()));
        if !imported.contains(host) {
            continue;
        }
        out.push(
            Violation::new(
                codes::verify::CROSS_NETWORK_TLS,
                format!("`{}` sets TLS mode {} (`{at}`) on the imported host `{host}`, which crosses networks with Istio mutual TLS only: every call fails", rule.path(), shown(mode)),
                "leave `tls` unset (or `ISTIO_MUTUAL`) in every traffic policy of a DestinationRule on an imported host",
            )
            .reads(rule, "TLS mode"),
        );
    }
}

fn gateway_violation<'a>(objects: &Objects<'a>, gateway: &'a Seen) -> Option<Violation<'a>> {
    let servers = gateway.fact("servers").as_array().cloned().unwrap_or_default();
    let help = "the cross-network Gateway passes mutual TLS through by SNI on 15443 for the hosts fedc lists; an overlay or template may not change its TLS mode, port or hosts";
    if !servers.iter().all(|s| s["tls"]["mode"] == "AUTO_PASSTHROUGH") {
        return Some(
            Violation::new(
                codes::verify::CROSS_NETWORK_TLS,
                format!("`{}` no longer passes TLS through (`AUTO_PASSTHROUGH`): cross-network calls into cluster `{}` fail", gateway.path(), gateway.cluster()),
                help,
            )
            .reads(gateway, "servers"),
        );
    }
    let needed = needed_hosts(objects, gateway.cluster());
    let unserved = needed.iter().find(|host| !servers.iter().any(|s| serves(s, host)))?;
    Some(
        Violation::new(
            codes::verify::CROSS_NETWORK_TLS,
            format!(
                "`{}` does not pass `{unserved}` through on port {PASSTHROUGH_PORT}, where other clusters send it: those calls into cluster `{}` fail",
                gateway.path(), gateway.cluster()
            ),
            help,
        )
        .reads(gateway, "servers"),
    )
}

/// The hosts other clusters send to `cluster`'s east-west gateway.
fn needed_hosts(objects: &Objects, cluster: &str) -> BTreeSet<String> {
    let mut needed = BTreeSet::new();
    if objects.istio_meshes().iter().any(|(_, clusters)| clusters.len() > 1 && clusters.contains(&cluster)) {
        needed.insert("*.svc.cluster.local".to_string());
    }
    let Some(network) = objects.istio_control_plane(cluster).and_then(|p| p.text("network")) else { return needed };
    let readback = objects.readback;
    let remote =
        readback.of_kind("WorkloadEntry").filter(|w| w.cluster() != cluster && w.text("network") == Some(network));
    for workload in remote.filter(|w| is_imported(w)) {
        needed.extend(hosts_of(readback, workload));
    }
    needed
}

/// Whether a Gateway server passes `host` (maybe `*.<suffix>`) through on the passthrough port.
fn serves(server: &Value, host: &str) -> bool {
    server["port"]["number"].as_u64() == Some(PASSTHROUGH_PORT)
        && server["tls"]["mode"] == "AUTO_PASSTHROUGH"
        && strings(&server["hosts"]).iter().any(|pattern| covers(pattern, host))
}

/// Whether a Gateway host (`[namespace/]host`, `*`, `*.suffix`) matches every name `host` stands for.
fn covers(pattern: &str, host: &str) -> bool {
    let pattern = pattern.rsplit('/').next().unwrap_or(pattern);
    match pattern.strip_prefix('*') {
        Some("") => true,
        Some(suffix) => host.strip_prefix('*').unwrap_or(host).ends_with(suffix) && host.len() > suffix.len(),
        None => pattern == host,
    }
}
