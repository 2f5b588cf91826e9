//! The federation as the controllers will see it: the facts of every final object (after template
//! overrides and overlays), by cluster, kind, namespace and name, each with what changed it from
//! the planned rendering. Built a chunk at a time as files are rendered; small (a few fields per
//! object), so it outlives the chunks.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Bound;
use std::sync::Arc;

use serde_json::Value;

use crate::render::RenderedFile;
use crate::render::trace::Change;

/// One object as read back: held for every object until every file is rendered, so kept small
/// (its identity is its key, the strings in it are boxed, the facts shared; see [`Values`]).
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    /// See [`key`].
    key: Box<str>,
    /// Its file, relative to the output.
    path: Box<str>,
    /// By fact name; equal values are held once across objects (see [`Values`]).
    facts: Box<[(&'static str, Arc<Value>)]>,
    pub(crate) changes: Vec<Change>,
}

impl Seen {
    /// Its file, relative to the output.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    pub(crate) fn kind(&self) -> &str {
        self.part(0)
    }

    pub(crate) fn cluster(&self) -> &str {
        self.part(1)
    }

    /// `""` for a cluster-scoped object.
    pub(crate) fn namespace(&self) -> &str {
        self.part(2)
    }

    pub(crate) fn name(&self) -> &str {
        self.part(3)
    }

    fn part(&self, index: usize) -> &str {
        self.key.split('\0').nth(index).unwrap_or_default()
    }

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

// Ordered, compared and looked up by key alone: the read back is a set of objects by key.
impl PartialEq for Seen {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Seen {}

impl PartialOrd for Seen {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Seen {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}

impl Borrow<str> for Seen {
    fn borrow(&self) -> &str {
        &self.key
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
    objects: BTreeSet<Seen>,
    values: Values,
}

/// Each distinct fact value once: most facts repeat across objects (a peer's root certificate
/// in every mesh's CA ConfigMap for it, a mesh's export rules towards every peer), and the read
/// back outlives the rendering, so its size is what it adds to the peak memory of every command.
#[derive(Debug, Default)]
struct Values {
    /// Values by a hash of their content; equal hashes are told apart by comparing the values.
    by_hash: BTreeMap<u64, Vec<Arc<Value>>>,
    /// Seeded per run (the values come from the repository: no one can line up collisions
    /// without knowing the seed); foldhash: SipHash with a fixed key took 2 % of `fedc check`.
    state: foldhash::quality::RandomState,
}

impl Values {
    fn intern(&mut self, value: Value) -> Arc<Value> {
        let mut hasher = self.state.build_hasher();
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
fn hash_value(value: &Value, hasher: &mut impl Hasher) {
    std::mem::discriminant(value).hash(hasher);
    match value {
        Value::Null => {}
        Value::Bool(b) => b.hash(hasher),
        // Equal numbers are the same variant (`PosInt`, `NegInt`, `Float`): one of these agrees.
        // 0.0 and -0.0 are `==` but hash apart, so never shared (one would print as the other).
        Value::Number(n) => (n.as_u64(), n.as_i64(), n.as_f64().map(f64::to_bits)).hash(hasher),
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
                Some(cluster) => cluster.as_str(),
                // Installer input (`installer/<cluster>/…`) is applied to that cluster by hand.
                None => file.path.split('/').nth(1).unwrap_or_default(),
            };
            let namespace = id.namespace.as_deref().unwrap_or_default();
            // The identity is the plan's (an overlay cannot change it): DNS names and kind words.
            // A lookup by a name an overlay wrote may hold anything; it then finds nothing.
            debug_assert!(![&id.kind, cluster, namespace, &id.name].iter().any(|p| p.contains('\0')));
            let seen = Seen {
                key: key(&id.kind, cluster, namespace, &id.name).into_boxed_str(),
                path: file.path.as_str().into(),
                facts: read.facts.into_iter().map(|(name, value)| (name, self.values.intern(value))).collect(),
                changes: read.changes,
            };
            self.objects.replace(seen);
        }
    }

    /// The object of `kind` named `name` in `namespace` (`""`: cluster-scoped) of `cluster`.
    pub(crate) fn object(&self, cluster: &str, kind: &str, namespace: &str, name: &str) -> Option<&Seen> {
        self.objects.get(key(kind, cluster, namespace, name).as_str())
    }

    /// Every object of `kind`, in key order.
    pub(crate) fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Seen> + 'a {
        let start = format!("{kind}\0");
        let from: (Bound<&str>, Bound<&str>) = (Bound::Included(&start), Bound::Unbounded);
        self.objects.range::<str, _>(from).take_while(move |seen| seen.kind() == kind)
    }

    /// The objects of `kind` in `cluster`.
    pub(crate) fn in_cluster<'a>(&'a self, cluster: &str, kind: &'a str) -> impl Iterator<Item = &'a Seen> {
        self.of_kind(kind).filter(move |seen| seen.cluster() == cluster)
    }

    /// Every change a template override or an overlay made to a fact, with its object.
    pub(crate) fn changes(&self) -> impl Iterator<Item = (&Seen, &Change)> {
        self.objects.iter().flat_map(|seen| seen.changes.iter().map(move |change| (seen, change)))
    }
}
