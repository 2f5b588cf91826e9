//! The object of `maistra/servicemeshcontrolplane.yaml.j2`: a mesh's control plane with an
//! ingress and an egress gateway per peer (a fifth of the output's bytes at 100 meshes).

use serde_json::{Map, Value};

use super::maistra::{map, map_of, mapping};
use super::{head, integer, key, listed_pairs, text, truthy};

type Context = Map<String, Value>;

/// `maistra/servicemeshcontrolplane.yaml.j2`.
pub(super) fn service_mesh_control_plane(c: &Context) -> Option<Context> {
    let mut object = head("maistra.io/v2", "ServiceMeshControlPlane", c)?;
    let cluster = map([("name", text(c.get("cluster_name")?)?), ("network", text(c.get("network")?)?)]);
    let security = map([("trust", map([("domain", text(c.get("trust_domain")?)?)]))]);
    let spec = map_of([
        ("version", text(c.get("version")?)?),
        ("profiles", Value::Array(vec![Value::String("default".into())])),
        ("cluster", cluster),
        ("security", security),
        ("gateways", gateways(c)?),
    ]);
    object.insert("spec".into(), Value::Object(spec));
    Some(object)
}

/// `gateways:`, `null` when it holds nothing.
fn gateways(c: &Context) -> Option<Value> {
    let mut gateways = Map::new();
    if truthy(c.get("openshift_route_off")?) {
        gateways.insert("openshiftRoute".into(), map([("enabled", Value::Bool(false))]));
    }
    for (key, field, gateway) in [
        ("additionalIngress", "ingress", ingress as fn(&Context) -> Option<Value>),
        ("additionalEgress", "egress", egress),
    ] {
        let listed = c.get(field)?;
        if truthy(listed) {
            gateways.insert(key.into(), named(listed.as_array()?, gateway)?);
        }
    }
    Some(mapping(gateways))
}

/// Gateways by name (a name given twice is left to the template).
fn named(gateways: &[Value], gateway: fn(&Context) -> Option<Value>) -> Option<Value> {
    let mut by_name = Map::new();
    for listed in gateways {
        let listed = listed.as_object()?;
        let name = key(listed.get("name")?.as_str()?)?;
        if by_name.insert(name, gateway(listed)?).is_some() {
            return None;
        }
    }
    Some(Value::Object(by_name))
}

fn ingress(g: &Context) -> Option<Value> {
    let node_ports = g.get("node_ports")?;
    let node_port = |index: usize| match truthy(node_ports) {
        true => node_ports.as_array()?.get(index).and_then(integer).map(Some),
        false => Some(None),
    };
    let port = |name: &str, number: u64, node_port: Option<Value>| {
        let mut port = map_of([("name", Value::String(name.into())), ("port", Value::from(number))]);
        port.extend(node_port.map(|n| ("nodePort".to_string(), n)));
        Value::Object(port)
    };
    let ports = vec![port("tls", 15443, node_port(0)?), port("https-discovery", 8188, node_port(1)?)];
    let mut metadata = map_of([("labels", map([("federation.maistra.io/ingress-for", text(g.get("name")?)?)]))]);
    let annotations = g.get("annotations")?;
    if truthy(annotations) {
        metadata.insert("annotations".into(), listed_pairs(annotations)?);
    }
    let service = map([
        ("type", text(g.get("service_type")?)?),
        ("metadata", Value::Object(metadata)),
        ("ports", Value::Array(ports)),
    ]);
    Some(map([("enabled", Value::Bool(true)), ("routerMode", Value::String("sni-dnat".into())), ("service", service)]))
}

fn egress(g: &Context) -> Option<Value> {
    let port = |name: &str, number: u64| map([("name", Value::String(name.into())), ("port", Value::from(number))]);
    let metadata = map([("labels", map([("federation.maistra.io/egress-for", text(g.get("name")?)?)]))]);
    let service =
        map([("metadata", metadata), ("ports", Value::Array(vec![port("tls", 15443), port("http-discovery", 8188)]))]);
    Some(map([
        ("enabled", Value::Bool(true)),
        ("routerMode", Value::String("sni-dnat".into())),
        ("requestedNetworkView", Value::Array(vec![text(g.get("network_view")?)?])),
        ("service", service),
    ]))
}
