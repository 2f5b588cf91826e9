//! Traffic to another mesh's services crosses networks through east-west gateways that pass TLS
//! through by SNI (`AUTO_PASSTHROUGH`): the client must originate Istio mutual TLS. A
//! DestinationRule that sets another TLS mode on an imported host, or a cross-network Gateway that
//! terminates TLS, breaks every call (istio-multicluster reference, sections B and D).

use std::collections::BTreeSet;

use serde_json::Value;

use super::Objects;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    let readback = objects.readback;
    let imported: BTreeSet<(&str, &str)> = readback
        .of_kind("ServiceEntry")
        .flat_map(|entry| {
            let hosts = entry.fact("hosts").as_array().into_iter().flatten().filter_map(Value::as_str);
            hosts.map(move |host| (entry.cluster.as_str(), host))
        })
        .collect();
    for rule in readback.of_kind("DestinationRule") {
        let mode = rule.fact("TLS mode");
        let host = rule.text("host").unwrap_or_default();
        if mode.is_null() || mode == "ISTIO_MUTUAL" || !imported.contains(&(rule.cluster.as_str(), host)) {
            continue;
        }
        out.push(
            Violation::new(
                "fedc::verify::cross-network-tls",
                format!("`{}` sets TLS mode {} on the imported host `{host}`, which crosses networks with Istio mutual TLS only: every call fails", rule.path, shown(mode)),
                "leave `trafficPolicy.tls` unset (or `ISTIO_MUTUAL`) on imported hosts",
            )
            .reads(rule, "TLS mode"),
        );
    }
    for gateway in readback.of_kind("Gateway").filter(|g| g.name == "cross-network-gateway") {
        let servers = gateway.fact("servers").as_array().cloned().unwrap_or_default();
        if servers.iter().all(|s| s["tls"]["mode"] == "AUTO_PASSTHROUGH") {
            continue;
        }
        out.push(
            Violation::new(
                "fedc::verify::cross-network-tls",
                format!("`{}` no longer passes TLS through (`AUTO_PASSTHROUGH`): cross-network calls into cluster `{}` fail", gateway.path, gateway.cluster),
                "the cross-network Gateway passes mutual TLS through by SNI; an overlay or template may not change its TLS mode",
            )
            .reads(gateway, "servers"),
        );
    }
}
