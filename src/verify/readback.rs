//! The federation as the controllers will see it: the facts of every final object (after template
//! overrides and overlays), by cluster, kind, namespace and name, each with what changed it from
//! the planned rendering. Built a chunk at a time as files are rendered; small (a few fields per
//! object), so it outlives the chunks.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use serde_json::Value;

use crate::render::RenderedFile;
use crate::render::trace::Change;

/// One object as read back.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    /// Its file, relative to the output.
    pub(crate) path: String,
    pub(crate) cluster: String,
    pub(crate) kind: String,
    pub(crate) namespace: String,
    pub(crate) name: String,
    /// By fact name; equal values are held once across objects (see [`Values`]).
    facts: Vec<(&'static str, Arc<Value>)>,
    pub(crate) changes: Vec<Change>,
}

impl Seen {
    /// The fact's value (`Null`: absent).
    pub(crate) fn fact(&self, fact: &str) -> &Value {
        self.facts.iter().find(|(name, _)| *name == fact).map_or(&Value::Null, |(_, value)| value)
    }

    /// The fact as text, when it is a string.
    pub(crate) fn text(&self, fact: &str) -> Option<&str> {
        self.fact(fact).as_str()
    }

    /// What changed the fact from its planned value, if anything did.
    pub(crate) fn change(&self, fact: &str) -> Option<&Change> {
        self.changes.iter().find(|c| c.fact == fact)
    }
}

/// `kind`, `cluster`, `namespace` and `name`, each ended by a NUL (which no Kubernetes name or
/// fedc cluster name holds): ordered as the four as a tuple, looked up with one allocation.
fn key(kind: &str, cluster: &str, namespace: &str, name: &str) -> String {
    let mut key = String::with_capacity(kind.len() + cluster.len() + namespace.len() + name.len() + 4);
    for part in [kind, cluster, namespace, name] {
        key.push_str(part);
        key.push('\0');
    }
    key
}

/// Every object read back, by (kind, cluster, namespace, name) (see [`key`]).
#[derive(Debug, Default)]
pub(crate) struct ReadBack {
    objects: BTreeMap<String, Seen>,
    values: Values,
}

/// Each distinct fact value once: most facts repeat across objects (a peer's root certificate
/// in every mesh's CA ConfigMap for it, a mesh's export rules towards every peer), and the read
/// back outlives the rendering, so its size is what it adds to the peak memory of every command.
#[derive(Debug, Default)]
struct Values {
    /// Values by a hash of their content; equal hashes are told apart by comparing the values.
    by_hash: BTreeMap<u64, Vec<Arc<Value>>>,
}

impl Values {
    fn intern(&mut self, value: Value) -> Arc<Value> {
        let mut hasher = DefaultHasher::new();
        hash_value(&value, &mut hasher);
        let same = self.by_hash.entry(hasher.finish()).or_default();
        if let Some(known) = same.iter().find(|known| identical(known, &value)) {
            return Arc::clone(known);
        }
        let value = Arc::new(value);
        same.push(Arc::clone(&value));
        value
    }
}

/// Hashes a JSON value by content (`serde_json::Value` has no `Hash`), object keys in map order.
fn hash_value(value: &Value, hasher: &mut DefaultHasher) {
    std::mem::discriminant(value).hash(hasher);
    match value {
        Value::Null => {}
        Value::Bool(b) => b.hash(hasher),
        Value::Number(n) => n.to_string().hash(hasher),
        Value::String(s) => s.hash(hasher),
        Value::Array(items) => {
            items.len().hash(hasher);
            items.iter().for_each(|item| hash_value(item, hasher));
        }
        Value::Object(map) => {
            map.len().hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
    }
}

/// Equal, with object keys in the same order: `==` ignores the order of keys, and a value shared
/// must also read the same in messages.
fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| identical(a, b)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|((ka, a), (kb, b))| ka == kb && identical(a, b))
        }
        _ => a == b,
    }
}

impl ReadBack {
    /// Takes what rendering read of each of `files` (leaving the files as they are otherwise).
    pub(crate) fn add(&mut self, files: &mut [RenderedFile]) {
        for file in files.iter_mut() {
            let (Some(read), Some(id)) = (file.read.take(), file.object.as_ref()) else { continue };
            let cluster = match &file.cluster {
                Some(cluster) => cluster.clone(),
                // Installer input (`installer/<cluster>/…`) is applied to that cluster by hand.
                None => file.path.split('/').nth(1).unwrap_or_default().to_string(),
            };
            let namespace = id.namespace.clone().unwrap_or_default();
            let key = key(&id.kind, &cluster, &namespace, &id.name);
            let seen = Seen {
                path: file.path.clone(),
                cluster,
                kind: id.kind.clone(),
                namespace,
                name: id.name.clone(),
                facts: read.facts.into_iter().map(|(name, value)| (name, self.values.intern(value))).collect(),
                changes: read.changes,
            };
            self.objects.insert(key, seen);
        }
    }

    /// The object of `kind` named `name` in `namespace` (`""`: cluster-scoped) of `cluster`.
    pub(crate) fn object(&self, cluster: &str, kind: &str, namespace: &str, name: &str) -> Option<&Seen> {
        self.objects.get(&key(kind, cluster, namespace, name))
    }

    /// Every object of `kind`, in key order.
    pub(crate) fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Seen> + 'a {
        let start = format!("{kind}\0");
        self.objects.range(start..).map(|(_, seen)| seen).take_while(move |seen| seen.kind == kind)
    }

    /// The objects of `kind` in `cluster`.
    pub(crate) fn in_cluster<'a>(&'a self, cluster: &str, kind: &'a str) -> impl Iterator<Item = &'a Seen> {
        self.of_kind(kind).filter(move |seen| seen.cluster == cluster)
    }

    /// Every change a template override or an overlay made to a fact, with its object.
    pub(crate) fn changes(&self) -> impl Iterator<Item = (&Seen, &Change)> {
        self.objects.values().flat_map(|seen| seen.changes.iter().map(move |change| (seen, change)))
    }
}
