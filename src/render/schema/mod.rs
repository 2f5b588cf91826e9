//! The schemas of every kind fedc emits, compiled into the binary (`schemas.json`, generated from
//! the upstream CRDs by `scripts/gen-schemas`, provenance recorded in it). Every rendered object is
//! validated against its kind's schema before anything is written. Each validator is built once,
//! on first use, and shared by the rendering threads.

mod core;
pub mod generate;
pub mod tighten;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

/// The committed compact schemas.
pub const COMPACT: &str = include_str!("schemas.json");

/// Longest schema error message kept (messages can quote values, such as a whole certificate).
const MESSAGE_LIMIT: usize = 300;

/// Why an object does not validate: the JSON pointer of the offending value and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "at `{path}`: {}", self.message)
    }
}

/// The compiled-in schemas that are not from a CRD (marked `handWritten` in `schemas.json`), by
/// `(apiVersion, kind)`: for tests that validate against the CRDs and need the others too.
pub fn hand_written() -> Vec<((String, String), Value)> {
    let document: Value = serde_json::from_str(COMPACT).unwrap_or_default();
    let entries = document["schemas"].as_array().cloned().unwrap_or_default();
    entries
        .into_iter()
        .filter(|entry| entry["source"].get("handWritten").is_some())
        .map(|entry| {
            let text = |key: &str| entry[key].as_str().unwrap_or_default().to_string();
            ((text("apiVersion"), text("kind")), entry["schema"].clone())
        })
        .collect()
}

struct Kind {
    schema: Value,
    validator: OnceLock<Result<jsonschema::Validator, String>>,
}

type Registry = BTreeMap<(String, String), Kind>;

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let document: Value = serde_json::from_str(COMPACT).unwrap_or_default();
        let entries = document["schemas"].as_array().cloned().unwrap_or_default();
        entries
            .into_iter()
            .filter_map(|mut entry| {
                let key = (entry["apiVersion"].as_str()?.to_string(), entry["kind"].as_str()?.to_string());
                Some((key, Kind { schema: entry["schema"].take(), validator: OnceLock::new() }))
            })
            .collect()
    })
}

/// Validates one object against the schema of its `apiVersion` and `kind`; an object of a kind
/// fedc does not emit is invalid.
pub fn validate(object: &Value) -> Result<(), Invalid> {
    let text = |key: &str| object.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let (api_version, kind) = (text("apiVersion"), text("kind"));
    let Some(entry) = registry().get(&(api_version.clone(), kind.clone())) else {
        return Err(Invalid {
            path: String::new(),
            message: format!("fedc emits no object of apiVersion `{api_version}` and kind `{kind}`"),
        });
    };
    let validator = entry.validator.get_or_init(|| {
        jsonschema::options().with_draft(jsonschema::Draft::Draft4).build(&entry.schema).map_err(|e| e.to_string())
    });
    let validator = validator
        .as_ref()
        .map_err(|e| Invalid { path: String::new(), message: format!("the compiled-in schema is unusable: {e}") })?;
    match validator.validate(object) {
        Ok(()) => Ok(()),
        Err(error) => {
            Err(Invalid { path: error.instance_path().to_string(), message: shorten(error.masked().to_string()) })
        }
    }
}

fn shorten(mut message: String) -> String {
    if message.len() > MESSAGE_LIMIT {
        let mut end = MESSAGE_LIMIT;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push('…');
    }
    message
}
