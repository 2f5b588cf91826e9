//! `istio`/`ossm3` member clusters: the control-plane namespace's network label (istiod reads
//! its network from it), and the east-west gateway Service: its external address against the
//! topology's `eastwest_address` (what peers dial) and its network label (istiod takes a Service
//! labelled with a network as that network's gateway).

use serde_json::Value;

use super::expected::Placed;
use super::fields::{list, text};
use super::judge::{Judge, Verdict, on};
use crate::plan::istio::eastwest::{self, NETWORK_LABEL};

pub(crate) fn network(cx: &Judge, network: &str, objects: &[Placed], uncollected: &[&Placed]) -> Verdict {
    let Some(placed) = objects.iter().find(|p| p.key.kind == "Namespace") else {
        return Verdict::not_checked(Vec::new());
    };
    if uncollected.contains(&placed) {
        return Verdict::not_checked(Vec::new());
    }
    let Some(namespace) = cx.object(placed) else { return Verdict::not_checked(Vec::new()) };
    let label = text(namespace, &["metadata", "labels", NETWORK_LABEL]);
    let name = &placed.key.name;
    match label {
        Some(found) if found == network => Verdict::up(vec![format!("namespace `{name}` is on network `{found}`")]),
        found => {
            let observed = vec![match &found {
                Some(other) => format!("namespace `{name}` is labelled network `{other}`"),
                None => format!("namespace `{name}` has no `{NETWORK_LABEL}` label"),
            }];
            let message = format!("istiod on `{}` does not know it is on network `{network}`", placed.cluster);
            let help = format!(
                "fedc's Namespace `{name}` carries `{NETWORK_LABEL}: {network}`; is clusters/{}/_cluster/ synced? An installer does not relabel an existing namespace; restart istiod after fixing the label",
                placed.cluster
            );
            Verdict::down(observed, "fedc::status::network-label", message, help)
        }
    }
}

pub(crate) fn east_west(
    cx: &Judge,
    network: &str,
    address: Option<&str>,
    objects: &[Placed],
    uncollected: &[&Placed],
) -> Verdict {
    let Some(placed) = objects.iter().find(|p| p.key.kind == "Service") else {
        return Verdict::not_checked(Vec::new());
    };
    let mut observed: Vec<String> = objects
        .iter()
        .filter(|p| p.key.kind != "Service" && !uncollected.contains(p))
        .map(|p| format!("present: {}", on(p)))
        .collect();
    if uncollected.contains(&placed) {
        return Verdict::not_checked(observed);
    }
    let Some(service) = cx.object(placed) else { return Verdict::not_checked(observed) };
    let addresses = external_addresses(service);
    let cluster = &placed.cluster;
    let label = text(service, &["metadata", "labels", NETWORK_LABEL]);
    observed.push(match addresses.is_empty() {
        true => format!("Service `{}` has no external address", eastwest::NAME),
        false => format!("Service `{}` is reached at {}", eastwest::NAME, addresses.join(", ")),
    });
    if label.as_deref() != Some(network) {
        let message = format!("the east-west gateway on `{cluster}` is not labelled as network `{network}`'s gateway");
        let help = format!(
            "its Service needs the label `{NETWORK_LABEL}: {network}` (fedc's east-west gateway has it); without it istiod sends no cross-network traffic through it"
        );
        return Verdict::down(observed, "fedc::status::network-label", message, help);
    }
    if addresses.is_empty() {
        let message = format!("the east-west gateway on `{cluster}` has no external address");
        let help = "its load balancer is not provisioned: `kubectl describe service istio-eastwestgateway` shows the events; on bare metal a load-balancer implementation (MetalLB) must be installed".to_string();
        return Verdict::down(observed, "fedc::status::eastwest-address", message, help);
    }
    let Some(written) = address else {
        observed.push("the topology gives no `eastwest_address` to compare with".into());
        return Verdict::up(observed);
    };
    if addresses.iter().any(|a| a == written) {
        return Verdict::up(observed);
    }
    let help =
        format!("set `eastwest_address` to one of {} and rebuild, or point `{written}` at it", addresses.join(", "));
    if written.parse::<std::net::IpAddr>().is_ok() {
        let message =
            format!("peers dial `{written}`, but the east-west gateway on `{cluster}` is at {}", addresses.join(", "));
        return Verdict::down(observed, "fedc::status::eastwest-address", message, help);
    }
    let message = format!(
        "peers dial `{written}`; fedc does not resolve names, and the gateway on `{cluster}` is at {}",
        addresses.join(", ")
    );
    let help = format!(
        "make sure `{written}` resolves to {} (a data-plane check fedc does not make), or {help}",
        addresses.join(", ")
    );
    Verdict::degraded(observed, "fedc::status::eastwest-address", message, help)
}

/// `status.loadBalancer.ingress[].ip` and `.hostname`.
fn external_addresses(service: &Value) -> Vec<String> {
    let ingress = list(service, &["status", "loadBalancer", "ingress"]);
    ingress.iter().flat_map(|i| [text(i, &["ip"]), text(i, &["hostname"])]).flatten().collect()
}
