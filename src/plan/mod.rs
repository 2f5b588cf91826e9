//! Stage 3: decide every file of the output: which object, rendered by which template, from which
//! context, at which path. Defaults are already resolved; this is where the target's semantics live
//! (`maistra/` for `ossm2` meshes, `istio/` for `istio` and `ossm3` meshes).

pub(crate) mod estimate;
pub(crate) mod failover_rule;
pub(crate) mod federation_istio;
mod gitops;
mod gitops_flux;
pub(crate) mod istio;
mod kustomization;
pub(crate) mod maistra;

use std::ops::ControlFlow;

use serde::Serialize;

use crate::model::{Federation, Target};

/// Identity of a generated Kubernetes object: what overlays select and `diff` groups by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub(crate) struct ObjectId {
    pub(crate) api_version: String,
    pub(crate) kind: String,
    pub(crate) namespace: Option<String>,
    pub(crate) name: String,
}

/// One file to write: `template` rendered with `context` at `path` (relative to the output root).
#[derive(Debug, Clone)]
pub(crate) struct PlannedFile {
    pub(crate) path: String,
    /// The cluster directory it belongs to, if any (overlays select by it).
    pub(crate) cluster: Option<String>,
    pub(crate) template: &'static str,
    pub(crate) context: serde_json::Value,
    /// `None` for files that are not Kubernetes objects (`kustomization.yaml`).
    pub(crate) object: Option<ObjectId>,
}

/// Plans the whole output of a validated federation in chunks (GitOps, one per mesh, the rest), each
/// handed to `each` as soon as it is planned, sorted by path, so that a caller can render and drop
/// it before the next is planned: what the whole plan holds is several times the output. The
/// chunks are not in path order. Stops when `each` breaks.
pub(crate) fn plan_chunks<B>(
    federation: &Federation,
    mut each: impl FnMut(Vec<PlannedFile>) -> ControlFlow<B>,
) -> ControlFlow<B> {
    // What the kustomizations list: the files planned before them in each cluster directory.
    let mut listed = kustomization::Listed::default();
    let mut deliver = |mut chunk: Vec<PlannedFile>, listed: Option<&mut kustomization::Listed>| {
        if let Some(listed) = listed {
            listed.add(&chunk);
        }
        gitops::annotate(federation, &mut chunk);
        chunk.sort_by(|a, b| a.path.cmp(&b.path));
        each(chunk)
    };
    // The GitOps objects first: the Argo CD ApplicationSet's schema is checked for its one object
    // and dropped (`render::schema`) before the rest of the output is read back.
    deliver(gitops::plan(federation), None)?;
    let planned = match federation.target {
        Target::Maistra => maistra::chunks(federation),
    };
    for chunk in planned {
        deliver(chunk, Some(&mut listed))?;
    }
    deliver(gitops::namespaces(federation), Some(&mut listed))?;
    deliver(istio::plan(federation), Some(&mut listed))?;
    let kustomizations = kustomization::plan(federation, listed);
    deliver(kustomizations, None)
}

/// Labels every generated object carries.
pub(crate) fn common_labels(federation: &Federation) -> serde_json::Value {
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
