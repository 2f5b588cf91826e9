//! The east-west gateway, described once: the `istio` installer input and the `ossm3`
//! pre-rendered objects both take their labels, ports and environment from here.

use serde::Serialize;

use super::MemberView;

pub(crate) const NAME: &str = "istio-eastwestgateway";
pub(crate) const SERVICE_ACCOUNT: &str = "istio-eastwestgateway-service-account";
/// `tls` (15443) carries the AUTO_PASSTHROUGH mTLS traffic; istiod treats a network-labelled
/// Service exposing it as that network's gateway.
pub(crate) const PORTS: [(&str, i64); 4] =
    [("status-port", 15021), ("tls", 15443), ("tls-istiod", 15012), ("tls-webhook", 15017)];
/// Where the cross-network traffic enters; the `cross-network-gateway` server listens here.
pub(crate) const TLS_PORT: i64 = 15443;
pub(crate) const NETWORK_LABEL: &str = "topology.istio.io/network";

#[derive(Serialize)]
pub(crate) struct EastWest {
    pub(crate) name: &'static str,
    pub(crate) service_account: &'static str,
    /// The gateway's own labels: the selector of `cross-network-gateway` and of its pods.
    pub(crate) labels: Vec<(&'static str, String)>,
    /// `(name, port)`; port and target port are the same.
    pub(crate) ports: Vec<(&'static str, i64)>,
    /// `ISTIO_META_REQUESTED_NETWORK_VIEW`: the gateway sees only endpoints of its own network.
    pub(crate) network_view: String,
    /// Service annotations the cluster's platform needs for raw TLS (AWS: NLB).
    pub(crate) service_annotations: Vec<(&'static str, &'static str)>,
}

pub(crate) fn describe(view: &MemberView) -> EastWest {
    let platform = view.federation.cluster(view.member.cluster).platform.value;
    EastWest {
        name: NAME,
        service_account: SERVICE_ACCOUNT,
        labels: selector(view.network),
        ports: PORTS.to_vec(),
        network_view: view.network.to_string(),
        service_annotations: platform.ingress_annotations().to_vec(),
    }
}

/// `istio: eastwestgateway` is what `cross-network-gateway` selects; the network label makes the
/// gateway's Service a network gateway for istiod.
pub(crate) fn selector(network: &str) -> Vec<(&'static str, String)> {
    vec![("istio", "eastwestgateway".to_string()), ("app", NAME.to_string()), (NETWORK_LABEL, network.to_string())]
}
