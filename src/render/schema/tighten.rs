//! From a CRD's structural schema to the schema fedc validates against: the API server's strict
//! field validation made explicit for a plain JSON Schema (Draft 4) validator. Shared by the
//! generator of `schemas.json` and the conformance tests, so both apply the same rules.
//!
//! - An object schema with `properties` rejects other fields (`additionalProperties: false`) unless
//!   it preserves unknown fields or declares `additionalProperties` itself: the API server rejects
//!   (strict validation) or prunes them; either way the field would not take effect.
//! - `x-kubernetes-int-or-string` accepts an integer or a string, `nullable: true` also `null`.
//! - Descriptions, examples and `x-kubernetes-*` annotations are dropped (they validate nothing).

use serde_json::{Map, Value, json};

/// The tightened, compacted form of one schema node.
pub(crate) fn strict(schema: &Value) -> Value {
    tighten(schema, true)
}

/// `closed`: whether an object schema with `properties` rejects other fields. Inside `allOf`,
/// `anyOf`, `oneOf` and `not` it does not: in a structural schema those branches only constrain
/// the fields they name (e.g. Gateway API's `addresses` branches name `type` and `value`), so
/// closing them would reject what the API server accepts.
fn tighten(schema: &Value, closed: bool) -> Value {
    let Value::Object(node) = schema else { return schema.clone() };
    let mut out = Map::new();
    for (key, value) in node {
        match key.as_str() {
            "description" | "example" | "nullable" => {}
            k if k.starts_with("x-kubernetes-") => {}
            // Maps from a field name to its schema: the names are data, never dropped.
            "properties" | "patternProperties" | "definitions" => {
                let fields =
                    value.as_object().map(|m| m.iter().map(|(k, v)| (k.clone(), tighten(v, closed))).collect());
                out.insert(key.clone(), fields.map_or_else(|| value.clone(), Value::Object));
            }
            "items" | "additionalProperties" | "not" | "allOf" | "anyOf" | "oneOf" => {
                let closed = closed && matches!(key.as_str(), "items" | "additionalProperties");
                let nested = match value {
                    Value::Array(items) => Value::Array(items.iter().map(|v| tighten(v, closed)).collect()),
                    other => tighten(other, closed),
                };
                out.insert(key.clone(), nested);
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    let flag = |name: &str| node.get(name) == Some(&json!(true));
    if closed
        && node.contains_key("properties")
        && !node.contains_key("additionalProperties")
        && !flag("x-kubernetes-preserve-unknown-fields")
    {
        out.insert("additionalProperties".into(), json!(false));
    }
    if flag("x-kubernetes-int-or-string") && !out.contains_key("type") && !out.contains_key("anyOf") {
        out.insert("anyOf".into(), json!([{"type": "integer"}, {"type": "string"}]));
    }
    if flag("nullable") {
        allow_null(&mut out);
    }
    Value::Object(out)
}

fn allow_null(node: &mut Map<String, Value>) {
    if let Some(Value::String(kind)) = node.get("type") {
        let kind = kind.clone();
        node.insert("type".into(), json!([kind, "null"]));
    }
    if let Some(Value::Array(values)) = node.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

/// The schema of a served CRD version as fedc validates objects of it: [`strict`], then
/// [`with_object_root`]. A CRD whose root preserves unknown fields (a schema-less one, such as
/// IstioOperator's) keeps accepting any other top-level field; only apiVersion, kind and metadata
/// are checked.
pub(crate) fn crd_object(open_api_v3_schema: &Value, api_version: &str, kind: &str) -> Value {
    let mut schema = with_object_root(strict(open_api_v3_schema), api_version, kind);
    if open_api_v3_schema.get("x-kubernetes-preserve-unknown-fields") == Some(&json!(true))
        && let Some(root) = schema.as_object_mut()
    {
        root.remove("additionalProperties");
    }
    schema
}

/// Pins `apiVersion` and `kind` to the one pair the schema is for and restricts `metadata` to
/// ObjectMeta's real fields.
pub(crate) fn with_object_root(mut schema: Value, api_version: &str, kind: &str) -> Value {
    if !schema.is_object() {
        schema = json!({"type": "object"});
    }
    if let Some(root) = schema.as_object_mut() {
        let properties = root.entry("properties").or_insert_with(|| json!({}));
        if let Some(properties) = properties.as_object_mut() {
            properties.insert("apiVersion".into(), json!({"type": "string", "enum": [api_version]}));
            properties.insert("kind".into(), json!({"type": "string", "enum": [kind]}));
            properties.insert("metadata".into(), object_meta());
        }
        root.insert("type".into(), json!("object"));
        root.insert("additionalProperties".into(), json!(false));
        root.insert("required".into(), json!(["apiVersion", "kind", "metadata"]));
    }
    schema
}

/// meta/v1 ObjectMeta (Kubernetes API reference): every field it has, and no other.
pub(crate) fn object_meta() -> Value {
    let string = json!({"type": "string"});
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let label_value =
        json!({"type": "string", "maxLength": 63, "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"});
    json!({
        "type": "object",
        "required": ["name"],
        "additionalProperties": false,
        "properties": {
            "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "maxLength": 253},
            "generateName": string,
            "namespace": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 63},
            "labels": {"type": "object", "additionalProperties": label_value},
            "annotations": {"type": "object", "additionalProperties": string},
            "finalizers": strings,
            "ownerReferences": {"type": "array", "items": owner_reference()},
            "uid": string,
            "resourceVersion": string,
            "selfLink": string,
            "generation": {"type": "integer"},
            "creationTimestamp": {"type": ["string", "null"]},
            "deletionTimestamp": {"type": ["string", "null"]},
            "deletionGracePeriodSeconds": {"type": "integer"},
            "managedFields": {"type": "array", "items": {"type": "object"}},
        }
    })
}

fn owner_reference() -> Value {
    json!({
        "type": "object",
        "required": ["apiVersion", "kind", "name", "uid"],
        "additionalProperties": false,
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "name": {"type": "string"},
            "uid": {"type": "string"},
            "controller": {"type": "boolean"},
            "blockOwnerDeletion": {"type": "boolean"},
        }
    })
}

/// What the API server checks on a built-in kind that its published schema does not say:
/// ConfigMap keys (`data`, `binaryData`) are at most 253 of `-._a-zA-Z0-9` (`IsConfigMapKey`).
pub(crate) fn api_server(kind: &str, schema: &mut Value) {
    if kind != "ConfigMap" {
        return;
    }
    for field in ["data", "binaryData"] {
        if let Some(node) = schema.pointer_mut(&format!("/properties/{field}")).and_then(Value::as_object_mut) {
            let values = node.remove("additionalProperties").unwrap_or_else(|| json!({}));
            node.insert("patternProperties".into(), json!({"^[-._a-zA-Z0-9]{1,253}$": values}));
            node.insert("additionalProperties".into(), json!(false));
        }
    }
}

/// kustomize's `kustomization.yaml` as fedc writes it (not a CRD, not an API object): only
/// `resources`, each a relative path inside the cluster directory (no `..`, no URL, no absolute
/// path), so a template cannot make kustomize fetch or include anything else.
pub(crate) fn kustomize_config() -> Value {
    json!({
        "type": "object",
        "required": ["apiVersion", "kind", "resources"],
        "additionalProperties": false,
        "properties": {
            "apiVersion": {"type": "string", "enum": ["kustomize.config.k8s.io/v1beta1"]},
            "kind": {"type": "string", "enum": ["Kustomization"]},
            "resources": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$"},
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_objects_unless_they_preserve_unknown_fields() {
        let closed =
            strict(&json!({"type": "object", "description": "x", "properties": {"description": {"type": "string"}}}));
        assert_eq!(
            closed,
            json!({"type": "object", "properties": {"description": {"type": "string"}}, "additionalProperties": false})
        );
        let open = strict(&json!({"type": "object", "properties": {}, "x-kubernetes-preserve-unknown-fields": true}));
        assert_eq!(open, json!({"type": "object", "properties": {}}));
    }

    #[test]
    fn int_or_string_and_nullable() {
        assert_eq!(
            strict(&json!({"x-kubernetes-int-or-string": true})),
            json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})
        );
        assert_eq!(strict(&json!({"type": "string", "nullable": true})), json!({"type": ["string", "null"]}));
    }
}
