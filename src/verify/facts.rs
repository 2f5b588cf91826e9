//! What the controllers read of each object fedc emits, as named facts: the fields the federation
//! depends on (trust domains, identities, gateways, rules, networks, TLS, DNS capture), not those
//! it does not (labels, annotations, resources). `render::trace` keeps these facts of every final
//! object and traces each one that a template override or an overlay changed.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::render::trace::{Facts, Reader};

/// The SMCP's facts of its federation gateways (see [`gateways`]).
const GATEWAY_FACTS: [&str; 2] = ["ingress gateways", "egress gateways"];

/// The reader of the federation's facts.
pub(crate) struct FederationReader;

impl Reader for FederationReader {
    fn facts(&self, object: &Value) -> Option<Facts> {
        let api_version = object.get("apiVersion")?.as_str()?;
        let kind = object.get("kind")?.as_str()?;
        let fields = fields(api_version, kind, object)?;
        let mut facts: Facts = fields.iter().map(|(name, pointer)| (*name, at(object, pointer))).collect();
        match kind {
            "ServiceMeshControlPlane" => {
                facts.insert(GATEWAY_FACTS[0], gateways(object, "additionalIngress"));
                facts.insert(GATEWAY_FACTS[1], gateways(object, "additionalEgress"));
            }
            "DestinationRule" => {
                facts.insert("TLS mode", tls_modes(object));
            }
            "WorkloadEntry" => {
                facts.insert("labels", workload_labels(object));
            }
            _ => {}
        }
        Some(facts)
    }
}

/// `(fact, JSON pointer)` of each fact of a kind (`None`: a kind the federation does not read).
fn fields(api_version: &str, kind: &str, object: &Value) -> Option<&'static [(&'static str, &'static str)]> {
    Some(match (api_version, kind) {
        ("maistra.io/v2", "ServiceMeshControlPlane") => &[("trust domain", "/spec/security/trust/domain")],
        ("federation.maistra.io/v1", "ServiceMeshPeer") => &[
            ("addresses", "/spec/remote/addresses"),
            ("discovery port", "/spec/remote/discoveryPort"),
            ("service port", "/spec/remote/servicePort"),
            ("ingress gateway", "/spec/gateways/ingress/name"),
            ("egress gateway", "/spec/gateways/egress/name"),
            ("trust domain", "/spec/security/trustDomain"),
            ("client ID", "/spec/security/clientID"),
            ("certificate chain", "/spec/security/certificateChain"),
        ],
        ("federation.maistra.io/v1", "ExportedServiceSet") => &[("export rules", "/spec/exportRules")],
        ("federation.maistra.io/v1", "ImportedServiceSet") => &[
            ("import rules", "/spec/importRules"),
            ("locality", "/spec/locality"),
            ("domain suffix", "/spec/domainSuffix"),
        ],
        (_, "DestinationRule") if api_version.starts_with("networking.istio.io/") => &[
            ("host", "/spec/host"),
            ("locality failover", "/spec/trafficPolicy/loadBalancer/localityLbSetting"),
            ("outlier detection", "/spec/trafficPolicy/outlierDetection"),
        ],
        ("v1", "ConfigMap") if is_ca_root(object) => &[("root certificate", "/data/root-cert.pem")],
        ("v1", "Namespace") => &[("network", "/metadata/labels/topology.istio.io~1network")],
        ("install.istio.io/v1alpha1", "IstioOperator") => &[
            ("mesh ID", "/spec/values/global/meshID"),
            ("network", "/spec/values/global/network"),
            ("cluster name", "/spec/values/global/multiCluster/clusterName"),
            ("trust domain", "/spec/meshConfig/trustDomain"),
            ("trust domain aliases", "/spec/meshConfig/trustDomainAliases"),
            ("root certificates", "/spec/meshConfig/caCertificates"),
            ("DNS capture", "/spec/meshConfig/defaultConfig/proxyMetadata/ISTIO_META_DNS_CAPTURE"),
            ("gateways", "/spec/components/ingressGateways"),
            ("namespace", "/spec/namespace"),
            ("Istio namespace", "/spec/values/global/istioNamespace"),
        ],
        ("sailoperator.io/v1", "Istio") => &[
            ("namespace", "/spec/namespace"),
            ("mesh ID", "/spec/values/global/meshID"),
            ("network", "/spec/values/global/network"),
            ("cluster name", "/spec/values/global/multiCluster/clusterName"),
            ("trust domain", "/spec/values/meshConfig/trustDomain"),
            ("trust domain aliases", "/spec/values/meshConfig/trustDomainAliases"),
            ("root certificates", "/spec/values/meshConfig/caCertificates"),
            ("DNS capture", "/spec/values/meshConfig/defaultConfig/proxyMetadata/ISTIO_META_DNS_CAPTURE"),
            ("Istio namespace", "/spec/values/global/istioNamespace"),
        ],
        ("networking.istio.io/v1", "Gateway") => &[("selector", "/spec/selector"), ("servers", "/spec/servers")],
        ("gateway.networking.k8s.io/v1", "Gateway") => &[
            ("class", "/spec/gatewayClassName"),
            ("addresses", "/spec/addresses"),
            ("listeners", "/spec/listeners"),
            ("network", "/metadata/labels/topology.istio.io~1network"),
        ],
        ("networking.istio.io/v1", "ServiceEntry") => &[
            ("hosts", "/spec/hosts"),
            ("location", "/spec/location"),
            ("resolution", "/spec/resolution"),
            ("ports", "/spec/ports"),
            ("workload selector", "/spec/workloadSelector"),
            ("subject alt names", "/spec/subjectAltNames"),
        ],
        ("networking.istio.io/v1", "WorkloadEntry") => &[
            ("address", "/spec/address"),
            ("network", "/spec/network"),
            ("locality", "/spec/locality"),
            ("ports", "/spec/ports"),
            ("service account", "/spec/serviceAccount"),
        ],
        ("security.istio.io/v1", "PeerAuthentication") => &[("mTLS", "/spec/mtls"), ("selector", "/spec/selector")],
        ("security.istio.io/v1", "AuthorizationPolicy") => {
            &[("action", "/spec/action"), ("rules", "/spec/rules"), ("selector", "/spec/selector")]
        }
        ("v1", "Service") if is_eastwest(object) => &[
            ("network", "/metadata/labels/topology.istio.io~1network"),
            ("ports", "/spec/ports"),
            ("type", "/spec/type"),
        ],
        _ => return None,
    })
}

/// The value at `pointer`, `Null` where there is none.
fn at(object: &Value, pointer: &str) -> Value {
    lookup(object, pointer).cloned().unwrap_or(Value::Null)
}

/// `Value::pointer` without its allocations: it unescapes every segment into a new string, on
/// every fact of every object; here only a segment holding `~` is. `pointer` starts with `/`.
fn lookup<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut segments = pointer.strip_prefix('/')?.split('/');
    segments.try_fold(value, |value, segment| {
        let unescaped = match segment.contains('~') {
            true => std::borrow::Cow::Owned(segment.replace("~1", "/").replace("~0", "~")),
            false => std::borrow::Cow::Borrowed(segment),
        };
        match value {
            Value::Object(map) => map.get(unescaped.as_ref()),
            Value::Array(items) => items.get(index(&unescaped)?),
            _ => None,
        }
    })
}

/// An array index as JSON Pointer writes one: decimal, no sign, no leading zero.
fn index(segment: &str) -> Option<usize> {
    let canonical = segment == "0" || !segment.starts_with(['0', '+']);
    canonical.then(|| segment.parse().ok()).flatten()
}

/// A peer's CA ConfigMap (`<peer>-ca-root-cert`), not any ConfigMap.
fn is_ca_root(object: &Value) -> bool {
    lookup(object, "/metadata/name").and_then(Value::as_str).is_some_and(|n| n.ends_with("-ca-root-cert"))
}

/// The east-west gateway's Service (it carries the network label).
fn is_eastwest(object: &Value) -> bool {
    lookup(object, "/metadata/labels/topology.istio.io~1network").is_some()
}

/// The SMCP's federation gateways of one kind: name → whether enabled, its router mode, network
/// view, Service type and ports (`port`, `nodePort`), what the controller and the peers rely on.
/// Each description is held as its compact JSON text ([`gateway`] reads one back): a mesh peered
/// with every other has two gateways per peer, and as a map of maps each took a kilobyte and a
/// dozen allocations, held until every file is rendered (a third of the peak memory of `check` at
/// 100 meshes), where the text takes a tenth of that.
fn gateways(object: &Value, key: &str) -> Value {
    let Some(gateways) = lookup(object, "/spec/gateways").and_then(|g| g.get(key)).and_then(Value::as_object) else {
        return Value::Null;
    };
    let described = gateways.iter().map(|(name, gateway)| {
        let mut text = serde_json::to_string(&Described::of(gateway)).unwrap_or_default();
        text.shrink_to_fit();
        (name.clone(), Value::String(text))
    });
    Value::Object(described.collect())
}

/// What a gateways fact holds of one gateway: written from references into the object
/// (`Described<&Value>`, without building it as a value first), read back as a [`Gateway`].
#[derive(Serialize, Deserialize)]
pub(crate) struct Described<V> {
    pub(crate) enabled: V,
    #[serde(rename = "routerMode")]
    pub(crate) router_mode: V,
    #[serde(rename = "requestedNetworkView")]
    pub(crate) requested_network_view: V,
    #[serde(rename = "type")]
    pub(crate) service_type: V,
    pub(crate) ports: Vec<Port<V>>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct Port<V> {
    pub(crate) port: V,
    #[serde(rename = "nodePort")]
    pub(crate) node_port: V,
}

/// One gateway of a gateways fact, read back (into its fields: no map built per gateway).
pub(crate) type Gateway = Described<Value>;

impl<'a> Described<&'a Value> {
    fn of(gateway: &'a Value) -> Self {
        let field = |value: &'a Value, pointer: &str| lookup(value, pointer).unwrap_or(&Value::Null);
        let ports = lookup(gateway, "/service/ports").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        Described {
            enabled: field(gateway, "/enabled"),
            router_mode: field(gateway, "/routerMode"),
            requested_network_view: field(gateway, "/requestedNetworkView"),
            service_type: field(gateway, "/service/type"),
            ports: ports.iter().map(|p| Port { port: field(p, "/port"), node_port: field(p, "/nodePort") }).collect(),
        }
    }
}

impl Gateway {
    /// Its ports as messages show them (`[{"port": …, "nodePort": …}, …]`).
    pub(crate) fn ports_value(&self) -> Value {
        serde_json::to_value(&self.ports).unwrap_or_default()
    }
}

/// The description of the gateway `name` in a gateways fact of an SMCP (see [`gateways`]).
pub(crate) fn gateway(fact: &Value, name: &str) -> Option<Gateway> {
    fact.get(name)?.as_str().and_then(|text| serde_json::from_str(text).ok())
}

/// A fact's value as messages show it: a gateways fact with each description as JSON again.
pub(crate) fn readable(fact: &str, value: Value) -> Value {
    let Value::Object(map) = value else { return value };
    if !GATEWAY_FACTS.contains(&fact) {
        return Value::Object(map);
    }
    let expanded = map.into_iter().map(|(name, text)| {
        let description = text.as_str().and_then(|t| serde_json::from_str(t).ok()).unwrap_or(text);
        (name, description)
    });
    Value::Object(expanded.collect())
}

/// Every TLS mode a DestinationRule sets, by where (`trafficPolicy`, its `portLevelSettings`, each
/// subset's): `Null` where it sets none.
fn tls_modes(object: &Value) -> Value {
    let mut modes = Map::new();
    let mut policy = |at: String, policy: &Value| {
        if let Some(mode) = lookup(policy, "/tls/mode") {
            modes.insert(at.clone(), mode.clone());
        }
        for (i, port) in policy.get("portLevelSettings").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(mode) = lookup(port, "/tls/mode") {
                modes.insert(format!("{at}.portLevelSettings[{i}]"), mode.clone());
            }
        }
    };
    if let Some(traffic) = lookup(object, "/spec/trafficPolicy") {
        policy("trafficPolicy".to_string(), traffic);
    }
    for (i, subset) in lookup(object, "/spec/subsets").and_then(Value::as_array).into_iter().flatten().enumerate() {
        if let Some(traffic) = subset.get("trafficPolicy") {
            policy(format!("subsets[{i}].trafficPolicy"), traffic);
        }
    }
    if modes.is_empty() { Value::Null } else { Value::Object(modes) }
}

/// A WorkloadEntry's labels that select it (ServiceEntries, Services), without fedc's bookkeeping.
fn workload_labels(object: &Value) -> Value {
    let Some(labels) = lookup(object, "/metadata/labels").and_then(Value::as_object) else { return Value::Null };
    let selecting: Map<String, Value> = labels
        .iter()
        .filter(|(k, _)| !k.starts_with("app.kubernetes.io/"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(selecting)
}

#[cfg(test)]
mod tests {
    /// Finds what `Value::pointer` finds, escaped segments and array indices included.
    #[test]
    fn lookup_finds_what_a_json_pointer_finds() {
        let object = serde_json::json!({
            "metadata": {"labels": {"topology.istio.io/network": "net-a", "a~b": "tilde"}},
            "spec": {"ports": [{"port": 15443}, {"port": 8443}], "00": "zeros"},
        });
        for pointer in [
            "/metadata/labels/topology.istio.io~1network",
            "/metadata/labels/a~0b",
            "/metadata/labels/a~b",
            "/spec/ports/1/port",
            "/spec/ports/01/port",
            "/spec/ports/+1",
            "/spec/ports/2",
            "/spec/00",
            "/spec/missing",
            "/spec/ports/0/port/deeper",
            "/metadata",
        ] {
            assert_eq!(super::lookup(&object, pointer), object.pointer(pointer), "{pointer}");
        }
    }
}
