//! The compiled-in kinds (`schemas.json`), found by `(apiVersion, kind)` without reading their
//! schemas: the file holds one entry per line (`generate::to_text`), and an entry is parsed, its
//! validator built and its CEL rules compiled only when an object of its kind is checked.
//! A run that renders three kinds pays for three, not for the 384 kB ApplicationSet schema.
//! A kind is kept once it is checked a second time: a kind fedc emits once per run is built for
//! its object and dropped with it, rather than held while every other file renders. (An overlay
//! on that object checks it again, and `diff --target` renders twice: then it is kept.)
//! The two largest schemas (ApplicationSet, ServiceMeshControlPlane) are never compiled whole:
//! on the example topology their whole validators took 19 MiB and 0.09 CPU-seconds of a 0.14 s
//! check; each object is checked against the schema restricted to what it holds (`prune`),
//! compiled for it, or kept from an object of the same shape (`restricted`).

use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_json::Value;

use super::restricted::Restricted;
use super::structural::Node;

/// A schema whose entry is longer than this is compiled for each object, restricted to it.
const PER_OBJECT_ABOVE: usize = 128 * 1024;

/// The committed compact schemas.
pub(super) const COMPACT: &str = include_str!("schemas.json");

/// What checking an object of one kind needs, built when an object of the kind is checked.
pub(super) struct Kind {
    /// The CRD's name, for findings about its rules.
    pub(crate) crd: String,
    schema: Schema,
    /// Defaults and compiled CEL rules (CRDs only), and whether there is any default.
    pub(crate) structural: Option<(Node, bool)>,
}

/// How a kind's schema is held.
enum Schema {
    /// Compiled whole, once (or the reason it does not compile).
    Compiled(Result<jsonschema::Validator, String>),
    /// Compiled for each object from the schema restricted to it (see [`PER_OBJECT_ABOVE`]),
    /// or kept from an object of the same shape.
    PerObject(Value, Restricted),
}

/// A validator for one object: the kind's own, or one of the schema restricted to the object.
pub(super) enum Validator<'a> {
    Shared(&'a jsonschema::Validator),
    Restricted(Arc<jsonschema::Validator>),
}

impl Deref for Validator<'_> {
    type Target = jsonschema::Validator;

    fn deref(&self) -> &jsonschema::Validator {
        match self {
            Validator::Shared(validator) => validator,
            Validator::Restricted(validator) => validator,
        }
    }
}

impl Kind {
    /// The validator that judges `instance` as the kind's whole schema does.
    pub(super) fn validator(&self, instance: &Value) -> Result<Validator<'_>, String> {
        match &self.schema {
            Schema::Compiled(Ok(validator)) => Ok(Validator::Shared(validator)),
            Schema::Compiled(Err(e)) => Err(e.clone()),
            Schema::PerObject(schema, kept) => kept.validator(schema, instance).map(Validator::Restricted),
        }
    }
}

/// The entry's line, whether it was used, and the kind once kept.
struct Entry {
    line: &'static str,
    used: AtomicBool,
    kind: OnceLock<Kind>,
}

/// A kind as [`get`] gives it: kept for the rest of the run, or built for this use alone.
pub(super) enum Built<'a> {
    Kept(&'a Kind),
    Once(Box<Kind>),
}

impl Deref for Built<'_> {
    type Target = Kind;

    fn deref(&self) -> &Kind {
        match self {
            Built::Kept(kind) => kind,
            Built::Once(kind) => kind,
        }
    }
}

#[derive(Deserialize)]
struct Head {
    #[serde(rename = "apiVersion")]
    api_version: String,
    kind: String,
}

/// Every kind, sorted by `(apiVersion, kind)`: looked up for every object rendered, so by binary
/// search on borrowed text, without building a key.
fn entries() -> &'static [((String, String), Entry)] {
    static ENTRIES: OnceLock<Vec<((String, String), Entry)>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut entries: Vec<((String, String), Entry)> = COMPACT
            .lines()
            .filter_map(|line| {
                let line = line.trim().trim_end_matches(',');
                let head: Head = serde_json::from_str(line).ok()?;
                Some(((head.api_version, head.kind), Entry::new(line)))
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    })
}

/// The kind of `(api_version, kind)`, built for its first use and kept from its second; `None`
/// when fedc emits no such kind.
pub(super) fn get(api_version: &str, kind: &str) -> Option<Built<'static>> {
    let entries = entries();
    let found = entries.binary_search_by(|((a, k), _)| (a.as_str(), k.as_str()).cmp(&(api_version, kind))).ok()?;
    Some(entries[found].1.get())
}

impl Entry {
    fn new(line: &'static str) -> Entry {
        Entry { line, used: AtomicBool::new(false), kind: OnceLock::new() }
    }

    fn get(&self) -> Built<'_> {
        if let Some(kept) = self.kind.get() {
            return Built::Kept(kept);
        }
        if !self.used.swap(true, Ordering::Relaxed) {
            return Built::Once(Box::new(build(self.line)));
        }
        Built::Kept(self.kind.get_or_init(|| build(self.line)))
    }
}

fn build(line: &str) -> Kind {
    let mut entry: Value = serde_json::from_str(line).unwrap_or_default();
    let crd = entry["source"]["crd"].as_str().unwrap_or_default().to_string();
    let whole = entry.get_mut("schema").map(Value::take).unwrap_or_default();
    let schema = if line.len() > PER_OBJECT_ABOVE {
        Schema::PerObject(whole, Restricted::default())
    } else {
        Schema::Compiled(compile(&whole))
    };
    let structural = entry.get_mut("structural").map(|skeleton| {
        let node = Node::parse(skeleton);
        let defaults = node.has_defaults();
        (node, defaults)
    });
    Kind { crd, schema, structural }
}

pub(super) fn compile(schema: &Value) -> Result<jsonschema::Validator, String> {
    jsonschema::options().with_draft(jsonschema::Draft::Draft4).build(schema).map_err(|e| e.to_string())
}

/// Every kind, built (tests).
#[cfg(test)]
pub(super) fn all() -> impl Iterator<Item = (&'static (String, String), &'static Kind)> {
    entries().iter().map(|(key, entry)| (key, entry.kind.get_or_init(|| build(entry.line))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_line_of_the_file_is_one_kind() {
        let kinds = super::COMPACT.lines().filter(|l| l.trim_start().starts_with("{\"apiVersion\"")).count();
        assert_eq!(super::entries().len(), kinds);
        assert!(super::entries().windows(2).all(|w| w[0].0 < w[1].0), "sorted, each kind once");
        assert_eq!(kinds, 27, "17 kinds from CRDs, 9 built-in kinds, kustomization.yaml");
    }

    /// `prune::restrict` leaves whole what it does not know, but a `$ref` (or a Draft 4 `id`)
    /// into a part it restricted would stop resolving: the schemas compiled per object have none.
    #[test]
    fn schemas_compiled_per_object_use_only_what_restriction_handles() {
        fn check(node: &serde_json::Value, at: &str) {
            let Some(map) = node.as_object() else { return };
            for (keyword, value) in map {
                assert!(!matches!(keyword.as_str(), "$ref" | "id" | "$id" | "definitions"), "{keyword} at {at}");
                let children: Vec<&serde_json::Value> = match (keyword.as_str(), value) {
                    ("properties" | "patternProperties", serde_json::Value::Object(subs)) => subs.values().collect(),
                    ("allOf" | "anyOf" | "oneOf" | "items", serde_json::Value::Array(subs)) => subs.iter().collect(),
                    ("additionalProperties" | "items" | "not" | "additionalItems", sub) => vec![sub],
                    _ => Vec::new(),
                };
                children.into_iter().for_each(|child| check(child, &format!("{at}/{keyword}")));
            }
        }
        let large: Vec<serde_json::Value> = super::COMPACT
            .lines()
            .map(|line| line.trim().trim_end_matches(','))
            .filter(|line| line.len() > super::PER_OBJECT_ABOVE)
            .map(|line| serde_json::from_str(line).expect("an entry"))
            .collect();
        let kinds: Vec<&str> = large.iter().filter_map(|entry| entry["kind"].as_str()).collect();
        assert_eq!(kinds, ["ServiceMeshControlPlane", "ApplicationSet"]);
        large.iter().for_each(|entry| check(&entry["schema"], ""));
    }

    #[test]
    fn a_kind_is_built_for_its_first_object_and_kept_from_its_second() {
        let line = super::COMPACT.lines().find(|l| l.contains("\"ConfigMap\"")).expect("ConfigMap is compiled in");
        let entry = super::Entry::new(line.trim().trim_end_matches(','));
        assert!(matches!(entry.get(), super::Built::Once(_)));
        assert!(entry.kind.get().is_none(), "not kept after one use");
        let second = entry.get();
        assert!(matches!(second, super::Built::Kept(_)));
        assert!(matches!(second.validator(&serde_json::json!({})), Ok(super::Validator::Shared(_))));
        assert!(matches!(entry.get(), super::Built::Kept(_)));
    }
}
