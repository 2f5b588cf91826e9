//! Reading the clusters: what each cluster must be asked for (the objects the elements need, and
//! the federation kinds of our OSSM 2 control-plane namespaces, to find objects fedc does not
//! generate), then live through `kubectl get` or from `--from DIR/<cluster>.yaml`. A cluster that
//! cannot be read is a [`Problem`]; the others are read all the same.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

use rayon::prelude::*;

use super::Problem;
use super::expected::Element;
use super::kubectl::{Bounds, Get};
use super::snapshot::{Key, Kind, Snapshot};
use crate::diagnostic::codes;
use crate::model::Federation;

/// The kinds `fedc status` reads, and kubectl's name for each.
const RESOURCES: &[(&str, &str, &str)] = &[
    ("federation.maistra.io", "ServiceMeshPeer", "servicemeshpeers.federation.maistra.io"),
    ("federation.maistra.io", "ExportedServiceSet", "exportedservicesets.federation.maistra.io"),
    ("federation.maistra.io", "ImportedServiceSet", "importedservicesets.federation.maistra.io"),
    ("networking.istio.io", "DestinationRule", "destinationrules.networking.istio.io"),
    ("networking.istio.io", "ServiceEntry", "serviceentries.networking.istio.io"),
    ("networking.istio.io", "WorkloadEntry", "workloadentries.networking.istio.io"),
    ("networking.istio.io", "Gateway", "gateways.networking.istio.io"),
    ("gateway.networking.k8s.io", "Gateway", "gateways.gateway.networking.k8s.io"),
    ("", "Service", "services"),
    ("", "ConfigMap", "configmaps"),
    ("", "Namespace", "namespaces"),
    ("", "Secret", "secrets"),
];

/// The three federation kinds: what a `--from` file holds by definition (`kubectl get
/// servicemeshpeers,exportedservicesets,importedservicesets -A -o yaml`).
const FEDERATION_KINDS: &[&str] = &["ServiceMeshPeer", "ExportedServiceSet", "ImportedServiceSet"];

/// Label of the Secrets istiod reads as remote secrets; one without it is ignored by istiod.
const REMOTE_SECRET_SELECTOR: &str = "istio/multiCluster=true";

/// Files in `--from DIR` looked at, at most.
const MOST_FILES: usize = 10_000;

/// Where the status comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mode<'a> {
    Live(Bounds),
    Files { dir: &'a Path, max_bytes: u64 },
}

/// What was read: per cluster a snapshot, or a problem; and `--from` files for clusters the
/// topology does not have.
#[derive(Debug, Default)]
pub(crate) struct Snapshots {
    pub(crate) clusters: BTreeMap<String, Snapshot>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) strangers: Vec<String>,
}

/// What one cluster is asked for.
#[derive(Debug, Default)]
struct Wanted {
    /// Namespace → kinds listed whole.
    listed: BTreeMap<String, BTreeSet<Kind>>,
    /// Namespace → ConfigMaps by name (only whether they exist matters).
    config_maps: BTreeMap<String, BTreeSet<String>>,
    /// Namespaces whose remote secrets are listed by name.
    secrets: BTreeSet<String>,
    namespaces: BTreeSet<String>,
}

pub(crate) fn read(fed: &Federation, elements: &[Element], mode: Mode) -> Snapshots {
    let wanted = wanted(fed, elements);
    let read: Vec<(String, Result<Snapshot, Problem>)> = wanted
        .par_iter()
        .map(|(cluster, wants)| {
            let snapshot = match mode {
                Mode::Live(bounds) => live(fed, cluster, wants, bounds),
                Mode::Files { dir, max_bytes } => file(dir, cluster, max_bytes)
                    .map_err(|problem| with_collect_hint(problem, fed, cluster, wants, dir)),
            };
            (cluster.clone(), snapshot)
        })
        .collect();
    let mut snapshots = Snapshots::default();
    for (cluster, result) in read {
        match result {
            Ok(snapshot) => drop(snapshots.clusters.insert(cluster, snapshot)),
            Err(problem) => snapshots.problems.push(problem),
        }
    }
    if let Mode::Files { dir, .. } = mode {
        match strangers(fed, dir) {
            Ok(found) => snapshots.strangers = found,
            Err(problem) => snapshots.problems.push(problem),
        }
    }
    snapshots
}

fn wanted(fed: &Federation, elements: &[Element]) -> BTreeMap<String, Wanted> {
    let mut wanted: BTreeMap<String, Wanted> = BTreeMap::new();
    for placed in elements.iter().flat_map(|e| &e.objects) {
        let wants = wanted.entry(placed.cluster.clone()).or_default();
        let Key { group, kind, namespace, name } = &placed.key;
        match (group.as_str(), kind.as_str()) {
            ("", "Secret") => drop(wants.secrets.insert(namespace.clone())),
            ("", "Namespace") => drop(wants.namespaces.insert(name.clone())),
            ("", "ConfigMap") => drop(wants.config_maps.entry(namespace.clone()).or_default().insert(name.clone())),
            _ => drop(wants.listed.entry(namespace.clone()).or_default().insert(placed.key.kind())),
        }
    }
    // Our OSSM 2 control-plane namespaces: every federation object there, generated or not.
    for id in fed.mesh_ids().filter(|id| fed.mesh(*id).istio.is_none() && !fed.is_partner(*id)) {
        let mesh = fed.mesh(id);
        let wants = wanted.entry(fed.cluster_of(id).name.value.clone()).or_default();
        let listed = wants.listed.entry(mesh.namespace.value.clone()).or_default();
        listed.extend(FEDERATION_KINDS.iter().map(|kind| ("federation.maistra.io".to_string(), kind.to_string())));
    }
    wanted
}

fn resource(kind: &Kind) -> Option<&'static str> {
    RESOURCES.iter().find(|(g, k, _)| *g == kind.0 && *k == kind.1).map(|(_, _, resource)| *resource)
}

/// The requests for one cluster, each with the kinds it collects.
fn requests(context: &str, wants: &Wanted) -> Vec<(Get, Vec<Kind>)> {
    let get = |namespace: Option<&String>, resources: Vec<String>| Get {
        context: context.to_string(),
        namespace: namespace.cloned(),
        resources,
        names_only: false,
        selector: None,
    };
    let kind = |group: &str, kind: &str| (group.to_string(), kind.to_string());
    let mut requests = Vec::new();
    for (namespace, kinds) in &wants.listed {
        let kinds: Vec<Kind> = kinds.iter().filter(|k| resource(k).is_some()).cloned().collect();
        let resources = kinds.iter().filter_map(resource).map(String::from).collect();
        requests.push((get(Some(namespace), resources), kinds));
    }
    for (namespace, names) in &wants.config_maps {
        let resources = names.iter().map(|n| format!("configmaps/{n}")).collect();
        requests.push((get(Some(namespace), resources), vec![kind("", "ConfigMap")]));
    }
    for namespace in &wants.secrets {
        let secrets = Get {
            names_only: true,
            selector: Some(REMOTE_SECRET_SELECTOR.into()),
            ..get(Some(namespace), vec!["secrets".into()])
        };
        requests.push((secrets, vec![kind("", "Secret")]));
    }
    if !wants.namespaces.is_empty() {
        let resources = wants.namespaces.iter().map(|n| format!("namespaces/{n}")).collect();
        requests.push((get(None, resources), vec![kind("", "Namespace")]));
    }
    requests
}

/// The kube context of `cluster` (its name when the topology gives none).
fn context_of<'a>(fed: &'a Federation, cluster: &'a str) -> &'a str {
    fed.clusters.iter().find(|c| c.name.value == cluster).map_or(cluster, |c| c.context.value.as_str())
}

fn live(fed: &Federation, cluster: &str, wants: &Wanted, bounds: Bounds) -> Result<Snapshot, Problem> {
    let context = context_of(fed, cluster);
    let mut snapshot = Snapshot::default();
    for (get, kinds) in requests(context, wants) {
        let problem = |code, message| Problem { cluster: cluster.to_string(), code, message };
        let text = get.run(bounds).map_err(|f| problem(f.code, f.message))?;
        if get.names_only {
            let namespace = get.namespace.as_deref().unwrap_or("");
            for line in text.lines().filter_map(|l| l.trim().strip_prefix("secret/")) {
                snapshot.add_named(Key::new("", "Secret", namespace, line));
            }
        } else {
            snapshot
                .add(&text, false)
                .map_err(|e| problem(codes::status::INVALID_OUTPUT, format!("kubectl's output: {e}")))?;
        }
        snapshot.collected.extend(kinds);
    }
    Ok(snapshot)
}

/// A missing file's message ends with the `kubectl get` that collects what fedc reads of that
/// cluster (the remote secrets, listed by name, as docs/status.md shows).
fn with_collect_hint(mut problem: Problem, fed: &Federation, cluster: &str, wants: &Wanted, dir: &Path) -> Problem {
    if problem.code != codes::status::MISSING_FILE {
        return problem;
    }
    let context = context_of(fed, cluster);
    let mut resources: BTreeSet<&str> = wants.listed.values().flatten().filter_map(resource).collect();
    if !wants.config_maps.is_empty() {
        resources.insert("configmaps");
    }
    if !wants.namespaces.is_empty() {
        resources.insert("namespaces");
    }
    let list = resources.into_iter().collect::<Vec<_>>().join(",");
    let path = dir.join(format!("{cluster}.yaml"));
    problem.message.push_str(&format!(
        "; collect it with `kubectl --context={context} get {list} -A -o yaml > {}`{}",
        path.display(),
        if wants.secrets.is_empty() {
            ""
        } else {
            " and append the remote secrets' names (docs/status.md, \"From files\")"
        }
    ));
    problem
}

fn file(dir: &Path, cluster: &str, max_bytes: u64) -> Result<Snapshot, Problem> {
    let path = dir.join(format!("{cluster}.yaml"));
    let problem = |code, message: String| Problem { cluster: cluster.to_string(), code, message };
    let shown = path.display().to_string();
    let metadata = match std::fs::symlink_metadata(&path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(problem(codes::status::MISSING_FILE, format!("{shown}: no status file")));
        }
        Err(e) => return Err(problem(codes::status::INVALID_FILE, format!("{shown}: {e}"))),
    };
    if !metadata.is_file() {
        return Err(problem(
            codes::status::INVALID_FILE,
            format!("{shown}: not a regular file (fedc does not follow links)"),
        ));
    }
    let too_large = || {
        problem(
            codes::status::TOO_LARGE,
            format!("{shown}: more than {} (--max-bytes)", crate::plan::estimate::size(max_bytes)),
        )
    };
    if metadata.len() > max_bytes {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    let opened =
        std::fs::File::open(&path).map_err(|e| problem(codes::status::INVALID_FILE, format!("{shown}: {e}")))?;
    opened
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| problem(codes::status::INVALID_FILE, format!("{shown}: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    let text =
        String::from_utf8(bytes).map_err(|_| problem(codes::status::INVALID_FILE, format!("{shown}: not UTF-8")))?;
    let mut snapshot = Snapshot::default();
    snapshot.add(&text, true).map_err(|e| problem(codes::status::INVALID_FILE, format!("{shown}: {e}")))?;
    snapshot
        .collected
        .extend(FEDERATION_KINDS.iter().map(|kind| ("federation.maistra.io".to_string(), kind.to_string())));
    Ok(snapshot)
}

/// `--from` files named after no cluster of the topology.
fn strangers(fed: &Federation, dir: &Path) -> Result<Vec<String>, Problem> {
    let problem = |message: String| Problem { cluster: String::new(), code: codes::status::INVALID_FILE, message };
    let entries = std::fs::read_dir(dir).map_err(|e| problem(format!("{}: {e}", dir.display())))?;
    let known: BTreeSet<&str> = fed.clusters.iter().map(|c| c.name.value.as_str()).collect();
    let mut strangers = Vec::new();
    for entry in entries.take(MOST_FILES).flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".yaml").filter(|stem| !known.contains(stem)) {
            strangers.push(stem.to_string());
        }
    }
    strangers.sort();
    Ok(strangers)
}
