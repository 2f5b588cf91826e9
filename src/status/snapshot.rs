//! What a cluster holds, as read from `kubectl get … -o yaml` (a `List`, one object, or several
//! YAML documents of either): objects by API group, kind, namespace and name. The text may come
//! from a bug report or a cluster fedc does not control, so it is read as hostile: bounded in
//! size (by the caller) and flow nesting, every item must be a Kubernetes object, and Secrets and
//! ConfigMaps are cut to their name on reading: their content is never kept, let alone printed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

/// Flow nesting (`[`, `{`) deeper than this is refused before parsing: the YAML scanner's work
/// grows with its square, and `kubectl -o json` nests about a dozen levels.
const DEEPEST_FLOW: usize = 64;
/// Objects per cluster at most: far more than the federation objects of any real cluster.
const MOST_OBJECTS: usize = 200_000;

/// `(API group, kind)`: `("", "Service")`, `("gateway.networking.k8s.io", "Gateway")`.
pub(crate) type Kind = (String, String);

/// An object's identity; `namespace` is empty for cluster-scoped kinds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key {
    pub(crate) group: String,
    pub(crate) kind: String,
    pub(crate) namespace: String,
    pub(crate) name: String,
}

impl Key {
    pub(crate) fn new(group: &str, kind: &str, namespace: &str, name: &str) -> Key {
        Key { group: group.into(), kind: kind.into(), namespace: namespace.into(), name: name.into() }
    }

    pub(crate) fn kind(&self) -> Kind {
        (self.group.clone(), self.kind.clone())
    }

    /// `ServiceMeshPeer red-system/green`, `Namespace istio-system`.
    pub(crate) fn label(&self) -> String {
        match self.namespace.as_str() {
            "" => format!("{} {}", self.kind, self.name),
            namespace => format!("{} {namespace}/{}", self.kind, self.name),
        }
    }
}

/// The objects read from one cluster, and which kinds were collected at all.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    pub(crate) objects: BTreeMap<Key, Value>,
    /// Kinds the reading asked for (live), or that the file holds at least one object of.
    pub(crate) collected: BTreeSet<Kind>,
    /// Objects read, repeats included: the cap counts what was read, not what was kept.
    read: usize,
}

impl Snapshot {
    pub(crate) fn get(&self, key: &Key) -> Option<&Value> {
        self.objects.get(key)
    }

    /// Whether objects of `key`'s kind were read at all: an object of a kind nobody collected is
    /// not known to be missing.
    pub(crate) fn has_kind(&self, key: &Key) -> bool {
        self.collected.contains(&key.kind())
    }

    /// Adds an object known only by name (`kubectl get secrets -o name`).
    pub(crate) fn add_named(&mut self, key: Key) {
        if self.read < MOST_OBJECTS {
            self.read += 1;
            self.objects.insert(key, Value::Null);
        }
    }

    /// Adds the objects of `text` (one or more YAML documents, each a `List` or one object).
    pub(crate) fn add(&mut self, text: &str, record_kinds: bool) -> Result<(), String> {
        if crate::diff::flow_depth(text) > DEEPEST_FLOW {
            return Err(format!("nested deeper than {DEEPEST_FLOW} `[`/`{{` levels; no kubectl output is"));
        }
        for (index, document) in serde_yaml_ng::Deserializer::from_str(text).enumerate() {
            let value = Value::deserialize(document).map_err(|e| format!("document {}: not YAML: {e}", index + 1))?;
            match value {
                Value::Null => {}
                Value::Object(_) if is_list(&value) => {
                    if record_kinds && let Some(kind) = typed_list(&value) {
                        self.collected.insert(kind);
                    }
                    let items = value.get("items").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
                    for (position, item) in items.iter().enumerate() {
                        self.insert(item, record_kinds)
                            .map_err(|e| format!("document {}, item {}: {e}", index + 1, position + 1))?;
                    }
                }
                Value::Object(_) => {
                    self.insert(&value, record_kinds).map_err(|e| format!("document {}: {e}", index + 1))?
                }
                _ => return Err(format!("document {} is not a Kubernetes object or List", index + 1)),
            }
        }
        Ok(())
    }

    fn insert(&mut self, item: &Value, record_kinds: bool) -> Result<(), String> {
        fn text(value: Option<&Value>) -> Option<&str> {
            value.and_then(Value::as_str).filter(|s| !s.is_empty())
        }
        let (Some(api_version), Some(kind)) = (text(item.get("apiVersion")), text(item.get("kind"))) else {
            return Err("not a Kubernetes object (no apiVersion and kind)".into());
        };
        let metadata = item.get("metadata");
        let Some(name) = text(metadata.and_then(|m| m.get("name"))) else {
            return Err(format!("a {kind} without metadata.name"));
        };
        let namespace = text(metadata.and_then(|m| m.get("namespace"))).unwrap_or("");
        if self.read >= MOST_OBJECTS {
            return Err(format!("more than {MOST_OBJECTS} objects"));
        }
        self.read += 1;
        let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
        let key = Key::new(group, kind, namespace, name);
        if record_kinds {
            self.collected.insert(key.kind());
        }
        self.objects.insert(key, kept(item, kind));
        Ok(())
    }
}

/// `kind: List`, or any `…List` kind kubectl prints with `items`.
fn is_list(value: &Value) -> bool {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    kind.ends_with("List") && value.get("items").is_some_and(Value::is_array)
}

/// The kind a typed list (`SecretList`, as the API server returns it) holds: collected even when
/// the list is empty. kubectl's own `List` says nothing of what was asked.
fn typed_list(value: &Value) -> Option<Kind> {
    let kind = value.get("kind").and_then(Value::as_str)?.strip_suffix("List").filter(|k| !k.is_empty())?;
    let api_version = value.get("apiVersion").and_then(Value::as_str)?;
    let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
    Some((group.to_string(), kind.to_string()))
}

/// What is kept of an object: for Secrets and ConfigMaps only the name (their data may be
/// credentials and is never needed), for the rest the object.
fn kept(item: &Value, kind: &str) -> Value {
    if matches!(kind, "Secret" | "ConfigMap") {
        let metadata = item.get("metadata");
        let field = |key: &str| metadata.and_then(|m| m.get(key)).cloned().unwrap_or(Value::Null);
        return serde_json::json!({ "metadata": { "name": field("name"), "namespace": field("namespace") } });
    }
    item.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Snapshot, String> {
        let mut snapshot = Snapshot::default();
        snapshot.add(text, true).map(|()| snapshot)
    }

    #[test]
    fn reads_lists_single_objects_and_several_documents() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: federation.maistra.io/v1\n  kind: ServiceMeshPeer\n  metadata: {name: green, namespace: red-system}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n---\n";
        let snapshot = read(text).expect("reads");
        let peer = Key::new("federation.maistra.io", "ServiceMeshPeer", "red-system", "green");
        assert!(snapshot.get(&peer).is_some());
        assert!(snapshot.get(&Key::new("", "Namespace", "", "istio-system")).is_some());
        assert_eq!(snapshot.collected.len(), 2);
        assert_eq!(peer.label(), "ServiceMeshPeer red-system/green");
    }

    #[test]
    fn an_empty_typed_list_says_its_kind_was_collected() {
        let snapshot =
            read("apiVersion: v1\nkind: SecretList\nitems: []\n---\napiVersion: v1\nkind: List\nitems: []\n")
                .expect("reads");
        assert_eq!(snapshot.collected.into_iter().collect::<Vec<_>>(), [("".to_string(), "Secret".to_string())]);
    }

    #[test]
    fn json_lists_read_too() {
        let text = r#"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Service","metadata":{"name":"a","namespace":"b"}}]}"#;
        assert_eq!(read(text).expect("reads").objects.len(), 1);
    }

    #[test]
    fn secret_and_config_map_content_is_never_kept() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: istio-remote-secret-west, namespace: istio-system, annotations: {a: b}}\ndata: {west: c2VjcmV0}\nstringData: {token: hunter2}\n";
        let snapshot = read(text).expect("reads");
        let kept = snapshot.objects.values().next().expect("one object").to_string();
        assert_eq!(kept, r#"{"metadata":{"name":"istio-remote-secret-west","namespace":"istio-system"}}"#);
    }

    #[test]
    fn refuses_what_is_not_kubernetes_output() {
        for (text, why) in [
            ("- a\n- b\n", "is not a Kubernetes object"),
            ("kind: List\nitems: [1]\n", "not a Kubernetes object"),
            ("apiVersion: v1\nkind: Service\nmetadata: {}\n", "without metadata.name"),
            ("a: [b\n", "not YAML"),
            (&format!("a: {}1{}\n", "[".repeat(65), "]".repeat(65)), "nested deeper"),
        ] {
            let error = read(text).expect_err(text);
            assert!(error.contains(why), "{text:?}: {error}");
        }
    }

    #[test]
    fn alias_bombs_are_refused_by_the_parser() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let previous = level - 1;
            text.push_str(&format!("a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"));
        }
        assert!(read(&text).is_err());
    }

    #[test]
    fn the_object_cap_counts_repeats() {
        let one = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: red-system}\n";
        let mut snapshot = Snapshot::default();
        for _ in 0..MOST_OBJECTS {
            snapshot.add(one, true).expect("within the cap");
        }
        assert_eq!(snapshot.objects.len(), 1, "a repeat replaces the object");
        assert_eq!(snapshot.add(one, true), Err(format!("document 1: more than {MOST_OBJECTS} objects")));
    }
}
