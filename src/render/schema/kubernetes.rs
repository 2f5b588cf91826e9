//! Built-in kinds from Kubernetes' own JSON Schemas (`conformance/kubernetes/`: Kubernetes 1.35's
//! OpenAPI as strict JSON Schema). Each kind's file refers into `_definitions.json` (735
//! definitions, 1.5 MB) with relative `$ref`s; a kind's entry carries only the definitions it
//! reaches, its references rewritten to that local `definitions` map, so the validator needs no
//! resolver and the binary no unused definitions. Part of the generator (tests only).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::{generate::sha256, tighten};

/// Where references point in the upstream files, and where they point in fedc's schemas.
const UPSTREAM_FILE: &str = "/api/_definitions.json#/$defs/";
const UPSTREAM_LOCAL: &str = "#/$defs/";
const LOCAL: &str = "#/definitions/";

pub(crate) struct Definitions {
    dir: PathBuf,
    sha256: String,
    all: Map<String, Value>,
}

impl Definitions {
    pub(crate) fn read(dir: &Path) -> Result<Definitions, String> {
        let path = dir.join("_definitions.json");
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let document: Value = serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        let all = document["$defs"].as_object().cloned().ok_or_else(|| format!("{}: no $defs", path.display()))?;
        Ok(Definitions { dir: dir.to_path_buf(), sha256: sha256(&bytes), all })
    }

    /// The entry of one kind: its schema with the definitions it reaches, tightened like a CRD's
    /// (ObjectMeta restricted, apiVersion and kind pinned) plus what the API server checks that
    /// the published schema does not say ([`tighten::api_server`]).
    pub(crate) fn kind(&self, file: &str, api_version: &str, kind: &str) -> Result<Value, String> {
        let path = self.dir.join(file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut root: Value = serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        let declared = json!([{"group": group, "kind": kind, "version": version}]);
        if root["x-kubernetes-group-version-kind"] != declared {
            return Err(format!("{}: not the schema of {api_version} {kind}", path.display()));
        }
        if let Some(map) = root.as_object_mut() {
            map.remove("$schema");
            map.remove("$id");
        }
        let mut schema = tighten::with_object_root(tighten::strict(&relocal(&root)), api_version, kind);
        tighten::api_server(kind, &mut schema);
        let mut reached = BTreeMap::new();
        self.reach(&schema, &mut reached)?;
        let definitions: Map<String, Value> =
            reached.into_iter().map(|(name, schema)| (name, tighten::strict(&relocal(schema)))).collect();
        if !definitions.is_empty() {
            schema["definitions"] = Value::Object(definitions);
        }
        Ok(json!({
            "apiVersion": api_version,
            "kind": kind,
            "source": {
                "file": format!("conformance/kubernetes/{file}"),
                "sha256": sha256(&bytes),
                "definitions": {"file": "conformance/kubernetes/_definitions.json", "sha256": self.sha256},
            },
            "schema": schema,
        }))
    }

    /// Every definition `schema` reaches, directly or through other definitions.
    fn reach<'a>(&'a self, schema: &Value, reached: &mut BTreeMap<String, &'a Value>) -> Result<(), String> {
        let mut names = BTreeSet::new();
        references(schema, &mut names);
        for name in names {
            if reached.contains_key(&name) {
                continue;
            }
            let definition = self.all.get(&name).ok_or_else(|| format!("_definitions.json: no `{name}`"))?;
            reached.insert(name, definition);
            self.reach(&relocal(definition), reached)?;
        }
        Ok(())
    }
}

/// The names of the local definitions `schema` refers to.
fn references(schema: &Value, names: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(LOCAL)) {
                names.insert(name.to_string());
            }
            map.values().for_each(|v| references(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, names)),
        _ => {}
    }
}

/// `schema` with every reference into `_definitions.json` pointing at the local `definitions`.
fn relocal(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = match (key.as_str(), value.as_str()) {
                        ("$ref", Some(target)) => {
                            let name =
                                target.strip_prefix(UPSTREAM_FILE).or_else(|| target.strip_prefix(UPSTREAM_LOCAL));
                            name.map_or_else(|| value.clone(), |name| json!(format!("{LOCAL}{name}")))
                        }
                        _ => relocal(value),
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(relocal).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_local_and_only_reached_definitions_are_kept() {
        let all = json!({
            "A": {"properties": {"b": {"$ref": "#/$defs/B"}}},
            "B": {"type": "string"},
            "C": {"type": "integer"},
        });
        let definitions =
            Definitions { dir: PathBuf::new(), sha256: String::new(), all: all.as_object().cloned().expect("map") };
        let root = relocal(&json!({"properties": {"a": {"$ref": "/api/_definitions.json#/$defs/A"}}}));
        assert_eq!(root, json!({"properties": {"a": {"$ref": "#/definitions/A"}}}));
        let mut reached = BTreeMap::new();
        definitions.reach(&root, &mut reached).expect("reach");
        assert_eq!(reached.keys().collect::<Vec<_>>(), ["A", "B"]);
        let missing = relocal(&json!({"$ref": "#/$defs/Z"}));
        assert!(definitions.reach(&missing, &mut BTreeMap::new()).is_err(), "an unknown definition is an error");
    }
}
