//! What changed between two output trees, object by object: files are matched by the object they
//! hold (API group, kind, namespace, name), not by path; files that hold no object (such as a
//! `kustomization.yaml`) are matched by path.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde_yaml_ng::Value;
use similar::TextDiff;

use crate::inert;

/// Output files by `/`-separated relative path. A content is shared (`Arc`) so that a file with
/// the same bytes on both sides of a diff is held once (see `read::output_dir_sharing`).
pub(crate) type Files = BTreeMap<String, Arc<str>>;

/// Where a change shows up: a cluster (`clusters/<name>/…`), or another top-level directory
/// (`argocd`, `flux`); `.` for files at the root. Clusters come first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    Cluster(String),
    Other(String),
}

impl Group {
    fn of(path: &str) -> Group {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["clusters", cluster, _, ..] => Group::Cluster(cluster.to_string()),
            [top, _, ..] => Group::Other(top.to_string()),
            _ => Group::Other(".".to_string()),
        }
    }

    pub(crate) fn name(&self) -> &str {
        match self {
            Group::Cluster(name) | Group::Other(name) => name,
        }
    }

    pub(crate) fn is_cluster(&self) -> bool {
        matches!(self, Group::Cluster(_))
    }

    /// `cluster east`, `argocd`.
    pub(crate) fn title(&self) -> String {
        match self {
            Group::Cluster(name) => format!("cluster {name}"),
            Group::Other(name) => name.clone(),
        }
    }
}

/// What a file is, for matching the old and new trees.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Identity {
    Object { kind: String, namespace: Option<String>, name: String, api_group: String },
    File { path: String },
}

impl Identity {
    /// `Kind namespace/name`, `Kind name` when cluster-scoped, or the path.
    pub(crate) fn label(&self) -> String {
        match self {
            Identity::Object { kind, namespace: Some(namespace), name, .. } => format!("{kind} {namespace}/{name}"),
            Identity::Object { kind, namespace: None, name, .. } => format!("{kind} {name}"),
            Identity::File { path } => path.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Added,
    Changed,
    Removed,
}

impl Action {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Action::Added => "added",
            Action::Changed => "changed",
            Action::Removed => "removed",
        }
    }
}

/// One side of a change: the file and the object's `apiVersion`, if it is an object.
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub(crate) path: String,
    pub(crate) api_version: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub(crate) group: Group,
    pub(crate) identity: Identity,
    pub(crate) action: Action,
    pub(crate) old: Option<Side>,
    pub(crate) new: Option<Side>,
    /// Unified diff of the YAML; added and removed files show every line.
    pub(crate) diff: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) add: usize,
    pub(crate) change: usize,
    pub(crate) remove: usize,
}

impl Counts {
    pub(crate) fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            match change.action {
                Action::Added => counts.add += 1,
                Action::Changed => counts.change += 1,
                Action::Removed => counts.remove += 1,
            }
        }
        counts
    }

    /// `3 to add, 2 to change, 1 to remove`.
    pub(crate) fn line(&self) -> String {
        format!("{} to add, {} to change, {} to remove", self.add, self.change, self.remove)
    }
}

/// Every change, sorted by group then identity.
#[derive(Debug, Clone, Default)]
pub(crate) struct Diff {
    pub(crate) changes: Vec<Change>,
}

impl Diff {
    pub(crate) fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub(crate) fn counts(&self) -> Counts {
        Counts::of(&self.changes)
    }

    /// The changes of each group, in order.
    pub(crate) fn groups(&self) -> Vec<(&Group, &[Change])> {
        self.changes.chunk_by(|a, b| a.group == b.group).map(|chunk| (&chunk[0].group, chunk)).collect()
    }
}

/// Compares two trees; `context`: unchanged lines shown around each change.
pub(crate) fn compare(old: &Files, new: &Files, context: usize) -> Diff {
    let old_ids: Identified = old.par_iter().map(|(path, content)| (path.as_str(), identify(path, content))).collect();
    // A file with the same path and bytes on both sides holds the same object: parsed once.
    let new_ids: Identified = new
        .par_iter()
        .map(|(path, content)| match old_ids.get(path.as_str()) {
            Some(known) if old.get(path) == Some(content) => (path.as_str(), known.clone()),
            _ => (path.as_str(), identify(path, content)),
        })
        .collect();
    let (old, new) = (index(old, &old_ids), index(new, &new_ids));
    let keys: std::collections::BTreeSet<&Key> = old.keys().chain(new.keys()).collect();
    let mut work = DIFF_WORK;
    let changes = keys
        .into_iter()
        .filter_map(|key| {
            let (before, after) = (old.get(key), new.get(key));
            let action = match (before, after) {
                (Some(a), Some(b)) if a.content == b.content && a.side.path == b.side.path => return None,
                (Some(_), Some(_)) => Action::Changed,
                (None, _) => Action::Added,
                (_, None) => Action::Removed,
            };
            Some(Change {
                group: key.0.clone(),
                identity: key.1.clone(),
                action,
                diff: unified(before, after, context, &mut work),
                old: before.map(|f| f.side.clone()),
                new: after.map(|f| f.side.clone()),
            })
        })
        .collect();
    Diff { changes }
}

type Key = (Group, Identity);

struct Indexed<'a> {
    side: Side,
    content: &'a str,
}

/// Each file's object (or path) and API version, by path.
type Identified<'a> = BTreeMap<&'a str, (Identity, Option<String>)>;

fn index<'a>(files: &'a Files, identified: &Identified) -> BTreeMap<Key, Indexed<'a>> {
    let mut index = BTreeMap::new();
    for (path, content) in files {
        let (identity, api_version) = match identified.get(path.as_str()) {
            Some(known) => known.clone(),
            None => identify(path, content),
        };
        let mut key = (Group::of(path), identity);
        if index.contains_key(&key) {
            // Two files hold the same object: keep them apart by path.
            key.1 = Identity::File { path: path.clone() };
        }
        index.insert(key, Indexed { side: Side { path: path.clone(), api_version }, content: content.as_ref() });
    }
    index
}

/// Files larger than this are known by path without parsing (an object the API server accepts is
/// at most 1.5 MiB).
const LARGEST_OBJECT: usize = 2 << 20;

/// Files with deeper flow nesting (`[`, `{`) than this are known by path without parsing: the
/// YAML scanner's work grows with the square of the depth (100,000 `{a: ` take minutes), and no
/// Kubernetes object nests this deep. Brackets inside strings count too: at worst such a file is
/// matched by path instead of by object.
const DEEPEST_FLOW: usize = 64;

/// The line diff (Myers) costs up to (old + new lines)² on a hostile pair of files. A file pair
/// longer than this is summarised, not diffed line by line…
const LONGEST_DIFF: usize = 10_000;

/// …and so is every pair once the diffs shown so far could have cost this much: the sum of
/// (old + new lines)² over line-diffed pairs. A real diff of small objects never reaches it
/// (a 160,000-file rebuild of 30-line objects is about 6·10⁸).
const DIFF_WORK: u64 = 2_000_000_000;

/// The object a file holds, from its YAML; a file that is not one object is known by its path.
fn identify(path: &str, content: &str) -> (Identity, Option<String>) {
    let by_path = (Identity::File { path: path.to_string() }, None);
    if content.len() > LARGEST_OBJECT || flow_depth(content) > DEEPEST_FLOW {
        return by_path;
    }
    let Some([api_version, kind, namespace, name]) = identity_fields(content) else {
        return by_path;
    };
    let (Some(kind), Some(name)) = (kind, name) else {
        return by_path;
    };
    let api_group = api_version.as_deref().and_then(|v| v.rsplit_once('/')).map_or("", |(group, _)| group);
    (Identity::Object { kind, namespace, name, api_group: api_group.to_string() }, api_version)
}

/// `apiVersion`, `kind`, `metadata.namespace`, `metadata.name` where they are strings; `None` when
/// `content` is not one YAML document. What fedc wrote is read without libyaml (`yaml::subset`,
/// which reads it exactly as serde_yaml_ng does), anything else with serde_yaml_ng.
fn identity_fields(content: &str) -> Option<[Option<String>; 4]> {
    if let Some(map) = crate::render::yaml::subset::read_mapping(content) {
        let text = |v: Option<&serde_json::Value>| v.and_then(serde_json::Value::as_str).map(str::to_string);
        let metadata = map.get("metadata");
        let field = |key: &str| text(metadata.and_then(|m| m.get(key)));
        return Some([text(map.get("apiVersion")), text(map.get("kind")), field("namespace"), field("name")]);
    }
    let value = serde_yaml_ng::from_str::<Value>(content).ok()?;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let metadata = value.get("metadata");
    let field = |key: &str| text(metadata.and_then(|m| m.get(key)));
    Some([text(value.get("apiVersion")), text(value.get("kind")), field("namespace"), field("name")])
}

/// The deepest nesting of `[`/`{` in `content` (an upper bound of the YAML flow depth).
pub(crate) fn flow_depth(content: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for byte in content.bytes() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn unified(old: Option<&Indexed>, new: Option<&Indexed>, context: usize, work: &mut u64) -> String {
    // A path is one line of the diff whatever it holds (it may come from a pull request).
    let from = old.map_or_else(|| "/dev/null".to_string(), |f| format!("a/{}", inert::text(&f.side.path)));
    let to = new.map_or_else(|| "/dev/null".to_string(), |f| format!("b/{}", inert::text(&f.side.path)));
    let (a, b) = (old.map_or("", |f| f.content), new.map_or("", |f| f.content));
    let (old_lines, new_lines) = (a.lines().count(), b.lines().count());
    // An added or removed file is shown whole: linear.
    let one_sided = old_lines == 0 || new_lines == 0;
    let cost = if one_sided { (old_lines + new_lines) as u64 } else { ((old_lines + new_lines) as u64).pow(2) };
    if (!one_sided && old_lines + new_lines > LONGEST_DIFF) || cost > *work {
        return format!(
            "--- {from}\n+++ {to}\n@@ {old_lines} lines → {new_lines} lines: not diffed line by line (over {LONGEST_DIFF} lines, or the diff is already very large) @@\n"
        );
    }
    *work -= cost;
    TextDiff::from_lines(a, b).unified_diff().context_radius(context).header(&from, &to).to_string()
}
