//! Stage 3: decide every file of the output: which object, rendered by which template, from which
//! context, at which path. Defaults are already resolved; this is where the target's semantics live
//! (`maistra/` for `ossm2` meshes, `istio/` for `istio` and `ossm3` meshes).

pub mod estimate;
mod failover_rule;
pub mod federation_istio;
mod gitops;
mod gitops_flux;
mod istio;
mod kustomization;
mod maistra;

use serde::Serialize;

use crate::model::{Federation, Target};

/// Identity of a generated Kubernetes object: what overlays select and `diff` groups by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ObjectId {
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

/// One file to write: `template` rendered with `context` at `path` (relative to the output root).
#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub path: String,
    /// The cluster directory it belongs to, if any (overlays select by it).
    pub cluster: Option<String>,
    pub template: &'static str,
    pub context: serde_json::Value,
    /// `None` for files that are not Kubernetes objects (`kustomization.yaml`).
    pub object: Option<ObjectId>,
}

#[derive(Debug, Default)]
pub struct Plan {
    /// Sorted by path.
    pub files: Vec<PlannedFile>,
}

/// Plans the whole output of a validated federation.
pub fn plan(federation: &Federation) -> Plan {
    let mut files = match federation.target {
        Target::Maistra => maistra::plan(federation),
    };
    files.extend(gitops::namespaces(federation));
    files.extend(istio::plan(federation));
    files.extend(kustomization::plan(federation, &files));
    files.extend(gitops::plan(federation));
    gitops::annotate(federation, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Plan { files }
}

/// Labels every generated object carries.
pub fn common_labels(federation: &Federation) -> serde_json::Value {
    serde_json::json!({
        "app.kubernetes.io/managed-by": "fedc",
        "app.kubernetes.io/part-of": federation.name.value,
    })
}

/// A Kubernetes object in a cluster directory: `clusters/<cluster>/<namespace>/<kind>-<name>.yaml`.
pub(crate) fn cluster_object(
    cluster: &str,
    template: &'static str,
    id: ObjectId,
    context: impl Serialize,
) -> PlannedFile {
    let namespace = id.namespace.as_deref().unwrap_or("_cluster");
    PlannedFile {
        path: format!("clusters/{cluster}/{namespace}/{}-{}.yaml", id.kind.to_lowercase(), id.name),
        cluster: Some(cluster.to_string()),
        template,
        context: serde_json::to_value(context).unwrap_or_default(),
        object: Some(id),
    }
}

pub(crate) fn object_id(api_version: &str, kind: &str, namespace: &str, name: &str) -> ObjectId {
    ObjectId {
        api_version: api_version.into(),
        kind: kind.into(),
        namespace: Some(namespace.into()),
        name: name.into(),
    }
}
