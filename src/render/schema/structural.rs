//! The part of a CRD's schema the API server applies besides validating the shape, read from the
//! skeleton `schemas.json` keeps per CRD (`skeleton.rs` writes it): defaults, set as the API server
//! sets them before validating (structural defaulting), and the CEL rules, with `self` bound as the
//! API server binds it (property names that are CEL reserved words or hold `-`, `.`, `/`, `__`
//! escaped: `__namespace__`, `__dash__`…). The rules are compiled when the kind is first used.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use super::cel::Rule;

/// One node of the skeleton: what applies at this place of an object, and below it.
#[derive(Default)]
pub(crate) struct Node {
    pub(crate) rules: Vec<Rule>,
    default: Option<Value>,
    nullable: bool,
    escape: BTreeSet<String>,
    properties: BTreeMap<String, Node>,
    items: Option<Box<Node>>,
    additional: Option<Box<Node>>,
}

impl Node {
    /// Reads a skeleton node, compiling its rules.
    pub(crate) fn parse(skeleton: &Value) -> Node {
        let child = |key: &str| skeleton.get(key).map(|c| Box::new(Node::parse(c)));
        let strings = |key: &str| skeleton.get(key).and_then(Value::as_array).into_iter().flatten();
        Node {
            rules: strings("rules").map(Rule::compile).collect(),
            default: skeleton.get("default").cloned(),
            nullable: skeleton.get("nullable") == Some(&Value::Bool(true)),
            escape: strings("escape").filter_map(Value::as_str).map(str::to_string).collect(),
            properties: skeleton
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.iter().map(|(name, node)| (name.clone(), Node::parse(node))).collect())
                .unwrap_or_default(),
            items: child("items"),
            additional: child("additionalProperties"),
        }
    }

    /// Whether a default is set anywhere at or below this node.
    pub(crate) fn has_defaults(&self) -> bool {
        self.properties.values().any(|p| p.default.is_some() || p.has_defaults())
            || self.items.as_deref().is_some_and(Node::has_defaults)
            || self.additional.as_deref().is_some_and(Node::has_defaults)
    }

    /// The node of an object's field `key` (a declared property, else the map's values).
    pub(crate) fn field(&self, key: &str) -> Option<&Node> {
        self.properties.get(key).or(self.additional.as_deref())
    }

    pub(crate) fn item(&self) -> Option<&Node> {
        self.items.as_deref()
    }

    #[cfg(test)]
    pub(crate) fn children(&self) -> impl Iterator<Item = &Node> {
        self.properties.values().chain(self.items.as_deref()).chain(self.additional.as_deref())
    }

    /// Sets defaults as the API server does: a property with a default that is absent (or null
    /// without `nullable`) gets it, then defaults apply inside every field, the new ones included.
    pub(crate) fn apply_defaults(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (name, property) in &self.properties {
                    let Some(default) = &property.default else { continue };
                    match map.get(name) {
                        None => {
                            map.insert(name.clone(), default.clone());
                        }
                        Some(Value::Null) if !property.nullable => {
                            map.insert(name.clone(), default.clone());
                        }
                        Some(_) => {}
                    }
                }
                for (key, field) in map.iter_mut() {
                    if let Some(node) = self.field(key) {
                        node.apply_defaults(field);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(node) = self.item() {
                    items.iter_mut().for_each(|item| node.apply_defaults(item));
                }
            }
            _ => {}
        }
    }
}

/// CEL reserved words; Kubernetes exposes properties with these names as `__<word>__`.
const RESERVED: &[&str] = &[
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

#[cfg(test)]
pub(crate) fn needs_escape(name: &str) -> bool {
    escape(name) != name
}

/// A property name as CEL expressions in Kubernetes read it.
pub(crate) fn escape(name: &str) -> Cow<'_, str> {
    if RESERVED.contains(&name) {
        return Cow::Owned(format!("__{name}__"));
    }
    if !name.contains(['-', '.', '/']) && !name.contains("__") {
        return Cow::Borrowed(name);
    }
    let escaped = name
        .replace("__", "__underscores__")
        .replace('.', "__dot__")
        .replace('-', "__dash__")
        .replace('/', "__slash__");
    Cow::Owned(escaped)
}

/// A value as a rule's `self` sees it: declared properties escaped, integers as CEL `int`
/// (Kubernetes' `integer` is int64), other numbers as `double`.
pub(crate) struct Bound<'a> {
    pub(crate) value: &'a Value,
    pub(crate) node: Option<&'a Node>,
}

impl Serialize for Bound<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => serializer.serialize_i64(i),
                (None, Some(u)) => serializer.serialize_u64(u),
                _ => serializer.serialize_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let node = self.node.and_then(Node::item);
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Bound { value, node })?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    let escaped = self.node.is_some_and(|n| n.escape.contains(key));
                    let name = if escaped { escape(key) } else { Cow::Borrowed(key.as_str()) };
                    map.serialize_entry(name.as_ref(), &Bound { value, node: self.node.and_then(|n| n.field(key)) })?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_apply_where_the_api_server_applies_them() {
        let node = Node::parse(&json!({"properties": {
            "spec": {"properties": {
                "mode": {"default": "on"},
                "keep": {"default": 1, "nullable": true},
                "opts": {"default": {}, "properties": {"level": {"default": 3}}},
            }},
            "list": {"items": {"properties": {"port": {"default": 80}}}},
        }}));
        assert!(node.has_defaults());
        let mut object = json!({"spec": {"mode": null, "keep": null}, "list": [{}, {"port": 1}]});
        node.apply_defaults(&mut object);
        assert_eq!(
            object,
            json!({"spec": {"mode": "on", "keep": null, "opts": {"level": 3}}, "list": [{"port": 80}, {"port": 1}]}),
            "absent or non-nullable null fields defaulted, parents of absent objects left alone, nested defaults applied"
        );
        let mut absent_parent = json!({});
        node.apply_defaults(&mut absent_parent);
        assert_eq!(absent_parent, json!({}), "no default for `spec` itself, so none inside it");
    }

    #[test]
    fn escapes_declared_properties_only() {
        assert_eq!(escape("namespace"), "__namespace__");
        assert_eq!(escape("a.b-c/d__e"), "a__dot__b__dash__c__slash__d__underscores__e");
        assert_eq!(escape("plain"), "plain");
        let node =
            Node::parse(&json!({"escape": ["namespace"], "properties": {"labels": {"additionalProperties": {}}}}));
        let value = json!({"namespace": "x", "labels": {"app.kubernetes.io/name": "y"}, "n": 7});
        let bound = serde_json::to_value(Bound { value: &value, node: Some(&node) }).expect("serializes");
        assert_eq!(bound, json!({"__namespace__": "x", "labels": {"app.kubernetes.io/name": "y"}, "n": 7}));
    }
}
