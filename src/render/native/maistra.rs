//! The objects of `maistra/servicemeshpeer.yaml.j2`, `maistra/exportedserviceset.yaml.j2` and
//! `maistra/ca-root-cert.yaml.j2`, in the order and shape the templates write them. Every field a
//! template reads must be in the context (minijinja's strict undefined fails where it is not);
//! a builder declines (`None`) where the template would fail or write what is not modelled here.

use serde_json::{Map, Value};

use super::{head, integer, items, listed_pairs, text, truthy};

type Context = Map<String, Value>;

/// `maistra/servicemeshpeer.yaml.j2`.
pub(super) fn service_mesh_peer(c: &Context) -> Option<Context> {
    let mut object = head("federation.maistra.io/v1", "ServiceMeshPeer", c)?;
    let mut remote = Map::new();
    remote.insert("addresses".into(), list(items(c.get("addresses")?, text)?));
    for (key, field) in [("discoveryPort", "discovery_port"), ("servicePort", "service_port")] {
        let port = c.get(field)?;
        if truthy(port) {
            remote.insert(key.into(), integer(port)?);
        }
    }
    let gateway = |field: &str| Some(map([("name", text(c.get(field)?)?)]));
    let gateways = map([("ingress", gateway("ingress_gateway")?), ("egress", gateway("egress_gateway")?)]);
    let chain = map([("kind", Value::String("ConfigMap".into())), ("name", text(c.get("ca_config_map")?)?)]);
    let security = map([
        ("trustDomain", text(c.get("trust_domain")?)?),
        ("clientID", text(c.get("client_id")?)?),
        ("certificateChain", chain),
    ]);
    let spec = map([("remote", Value::Object(remote)), ("gateways", gateways), ("security", security)]);
    object.insert("spec".into(), spec);
    Some(object)
}

/// `maistra/ca-root-cert.yaml.j2`.
pub(super) fn ca_root_cert(c: &Context) -> Option<Context> {
    let mut object = head("v1", "ConfigMap", c)?;
    object.insert("data".into(), map([("root-cert.pem", text(c.get("pem")?)?)]));
    Some(object)
}

/// `maistra/exportedserviceset.yaml.j2`.
pub(super) fn exported_service_set(c: &Context) -> Option<Context> {
    let mut object = head("federation.maistra.io/v1", "ExportedServiceSet", c)?;
    object.insert("spec".into(), map([("exportRules", list(items(c.get("rules")?, export_rule)?))]));
    Some(object)
}

fn export_rule(rule: &Value) -> Option<Value> {
    let rule = rule.as_object()?;
    match rule.get("type")?.as_str()? {
        "NameSelector" => {
            let mut selector =
                map_of([("namespace", text(rule.get("namespace")?)?), ("name", text(rule.get("name")?)?)]);
            let alias = rule.get("alias")?;
            if truthy(alias) {
                let alias = alias.as_object()?;
                if truthy(alias.get("namespace")?) || truthy(alias.get("name")?) {
                    selector.insert("alias".into(), Value::Object(alias_fields(alias)?));
                }
            }
            Some(map([("type", Value::String("NameSelector".into())), ("nameSelector", Value::Object(selector))]))
        }
        "LabelSelector" => {
            let mut selector =
                map_of([("namespace", text(rule.get("namespace")?)?), ("selector", label_selector(rule)?)]);
            let aliases = rule.get("aliases")?;
            if truthy(aliases) {
                selector.insert("aliases".into(), Value::Array(items(aliases, label_alias)?));
            }
            Some(map([("type", Value::String("LabelSelector".into())), ("labelSelector", Value::Object(selector))]))
        }
        _ => None,
    }
}

/// `selector:`: `{}` when the rule selects by neither labels nor expressions.
fn label_selector(rule: &Context) -> Option<Value> {
    let (labels, expressions) = (rule.get("match_labels")?, rule.get("match_expressions")?);
    let mut selector = Map::new();
    if truthy(labels) {
        selector.insert("matchLabels".into(), listed_pairs(labels)?);
    }
    if truthy(expressions) {
        selector.insert("matchExpressions".into(), Value::Array(items(expressions, expression)?));
    }
    Some(Value::Object(selector))
}

fn expression(expression: &Value) -> Option<Value> {
    let expression = expression.as_object()?;
    let mut out = map_of([("key", text(expression.get("key")?)?), ("operator", text(expression.get("operator")?)?)]);
    let values = expression.get("values")?;
    if truthy(values) {
        out.insert("values".into(), Value::Array(items(values, text)?));
    }
    Some(Value::Object(out))
}

fn label_alias(alias: &Value) -> Option<Value> {
    let alias = alias.as_object()?;
    let target = alias.get("alias")?.as_object()?;
    // `{}`: an alias that keeps both sides.
    let renamed = if truthy(target.get("namespace")?) || truthy(target.get("name")?) {
        alias_fields(target)?
    } else {
        Map::new()
    };
    let fields = [("namespace", text(alias.get("namespace")?)?), ("name", text(alias.get("name")?)?)];
    let mut out = map_of(fields);
    out.insert("alias".into(), Value::Object(renamed));
    Some(Value::Object(out))
}

/// The template's `alias_fields` macro: `namespace` and `name`, each when it is set.
fn alias_fields(alias: &Context) -> Option<Context> {
    let mut fields = Map::new();
    for key in ["namespace", "name"] {
        let value = alias.get(key)?;
        if truthy(value) {
            fields.insert(key.into(), text(value)?);
        }
    }
    Some(fields)
}

/// A list under a key: `null` when empty (the key with nothing under it).
fn list(items: Vec<Value>) -> Value {
    if items.is_empty() { Value::Null } else { Value::Array(items) }
}

/// A mapping under a key: `null` when empty, as [`list`].
pub(super) fn mapping(entries: Context) -> Value {
    if entries.is_empty() { Value::Null } else { Value::Object(entries) }
}

pub(super) fn map_of<const N: usize>(entries: [(&str, Value); N]) -> Context {
    entries.into_iter().map(|(key, value)| (key.to_string(), value)).collect()
}

pub(super) fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(map_of(entries))
}
