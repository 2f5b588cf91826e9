//! The objects that make Argo CD and Flux sync the cluster directories. They live outside
//! `clusters/`, so that no cluster directory syncs the object that syncs it.

use serde::Serialize;
use serde_json::{Value, json};

use super::{ObjectId, PlannedFile, cluster_object, common_labels, gitops_flux, object_id};
use crate::model::{ArgoCd, Destination, Destinations, Federation, GitOps};

/// Where Argo CD's health check for the control plane is written: outside every synced directory
/// (Argo CD reads it from its own `argocd-cm`, which fedc must not sync or prune).
pub const HEALTH_SNIPPET: &str = "argocd/snippets/argocd-cm-health.yaml";

pub fn plan(federation: &Federation) -> Vec<PlannedFile> {
    let Some(gitops) = &federation.gitops else { return Vec::new() };
    let mut files = Vec::new();
    if let Some(argocd) = &gitops.argocd {
        files.push(application_set(federation, gitops, argocd));
        files.push(health_snippet(argocd));
    }
    if let Some(flux) = &gitops.flux {
        files.extend(gitops_flux::plan(federation, gitops, flux));
    }
    files
}

/// The order a cluster's objects are applied in, by kind: the control plane first (Argo CD waits for
/// it to be healthy), then the peers' CA bundles, the peers, what they export and import, and the
/// DestinationRules (whose validating webhook is served by the control plane) last.
pub fn sync_wave(kind: &str) -> Option<i8> {
    match kind {
        "Namespace" => Some(-1),
        "ServiceMeshControlPlane" => Some(0),
        "ConfigMap" => Some(1),
        "ServiceMeshPeer" => Some(2),
        "ExportedServiceSet" | "ImportedServiceSet" => Some(3),
        "DestinationRule" => Some(4),
        _ => None,
    }
}

/// With `create_namespace`, each mesh's control-plane namespace as an object of its cluster
/// directory: Argo CD's own `CreateNamespace` creates only an Application's destination
/// namespace, and a cluster directory spans several. Never pruned or deleted by Argo CD: a
/// namespace holds more than what fedc writes.
pub fn namespaces(federation: &Federation) -> Vec<PlannedFile> {
    let create = federation.gitops.as_ref().and_then(|g| g.argocd.as_ref()).is_some_and(|a| a.sync.create_namespace);
    if !create {
        return Vec::new();
    }
    federation
        .meshes
        .iter()
        .filter_map(|mesh| {
            let cluster = federation.clusters.get(mesh.cluster.0).filter(|c| !c.is_partner())?;
            let id = ObjectId {
                api_version: "v1".into(),
                kind: "Namespace".into(),
                namespace: None,
                name: mesh.namespace.value.clone(),
            };
            let context = json!({ "name": mesh.namespace.value, "labels": common_labels(federation) });
            Some(cluster_object(&cluster.name.value, "gitops/namespace.yaml.j2", id, context))
        })
        .collect()
}

/// Sets `annotations` in the context of every object file (the templates' `metadata` macro writes
/// them): Argo CD sync waves for the objects of cluster directories when Argo CD syncs them.
pub fn annotate(federation: &Federation, files: &mut [PlannedFile]) {
    let waves = federation.gitops.as_ref().is_some_and(|g| g.argocd.is_some());
    for file in files {
        let wave = file.object.as_ref().filter(|_| waves && file.cluster.is_some()).and_then(|o| sync_wave(&o.kind));
        let mut annotations = match wave {
            Some(wave) => json!({ "argocd.argoproj.io/sync-wave": wave.to_string() }),
            None => json!({}),
        };
        if file.template == "gitops/namespace.yaml.j2" {
            annotations["argocd.argoproj.io/sync-options"] = json!("Prune=false,Delete=false");
        }
        if let Value::Object(context) = &mut file.context {
            context.insert("annotations".into(), annotations);
        }
    }
}

#[derive(Serialize)]
struct ApplicationSetContext<'a> {
    name: &'a str,
    namespace: &'a str,
    labels: Value,
    annotations: Value,
    project: &'a str,
    repo_url: &'a str,
    revision: &'a str,
    /// `git` (directories named like Argo CD clusters), `list` (mapped) or `clusters` (by label).
    generator: &'static str,
    /// Git directory generator: the glob; cluster generator: the directory of the selected cluster.
    directories: String,
    elements: Vec<Value>,
    /// Which destination fields the list elements fill (`name`, `server` or both).
    destination_fields: Vec<&'static str>,
    match_labels: Value,
    selector_label: String,
    /// Argo CD go-template expressions, kept out of the Jinja template to avoid escaping.
    app_name: String,
    app_path: &'static str,
    destination: &'static str,
    sync: Value,
}

fn application_set(federation: &Federation, gitops: &GitOps, argocd: &ArgoCd) -> PlannedFile {
    let name = &federation.name.value;
    let mut context = ApplicationSetContext {
        name,
        namespace: &argocd.namespace,
        labels: common_labels(federation),
        annotations: json!({}),
        project: &argocd.project,
        repo_url: &gitops.repo_url,
        revision: &gitops.revision,
        generator: "git",
        directories: gitops.cluster_path("*"),
        elements: Vec::new(),
        destination_fields: Vec::new(),
        match_labels: json!({}),
        selector_label: String::new(),
        app_name: format!("{name}-{{{{.path.basename}}}}"),
        app_path: "{{.path.path}}",
        destination: "{{.path.basename}}",
        sync: sync_policy(argocd),
    };
    match &argocd.destinations {
        Destinations::SameName => {}
        Destinations::Mapped(map) => {
            context.generator = "list";
            context.elements = map.iter().map(|(cluster, d)| element(gitops, cluster, d)).collect();
            let has = |server: bool| map.values().any(|d| matches!(d, Destination::Server(_)) == server);
            context.destination_fields = [("name", has(false)), ("server", has(true))]
                .into_iter()
                .filter_map(|(field, used)| used.then_some(field))
                .collect();
            context.app_name = format!("{name}-{{{{.cluster}}}}");
            context.app_path = "{{.path}}";
        }
        Destinations::Selector { label, match_labels } => {
            context.generator = "clusters";
            context.directories = gitops.cluster_path(&format!("{{{{index .metadata.labels {}}}}}", go_string(label)));
            context.match_labels = json!(match_labels);
            context.selector_label = label.clone();
            context.destination = "{{.server}}";
        }
    }
    PlannedFile {
        path: format!("argocd/applicationset-{name}.yaml"),
        cluster: None,
        template: "gitops/applicationset.yaml.j2",
        context: serde_json::to_value(context).unwrap_or_default(),
        object: Some(object_id("argoproj.io/v1alpha1", "ApplicationSet", &argocd.namespace, name)),
    }
}

/// One list-generator element: the fedc cluster, its directory, and its Argo CD destination (the
/// unused destination field is empty, which Argo CD reads as unset).
fn element(gitops: &GitOps, cluster: &str, destination: &Destination) -> Value {
    let (name, server) = match destination {
        Destination::Name(name) => (name.as_str(), ""),
        Destination::Server(server) => ("", server.as_str()),
    };
    json!({ "cluster": cluster, "path": gitops.cluster_path(cluster), "name": name, "server": server })
}

/// `spec.template.spec.syncPolicy` of the Applications.
fn sync_policy(argocd: &ArgoCd) -> Value {
    let sync = &argocd.sync;
    let mut policy = serde_json::Map::new();
    if sync.automated {
        policy.insert("automated".into(), json!({ "prune": sync.prune, "selfHeal": sync.self_heal }));
    }
    let options: Vec<&str> =
        [("CreateNamespace=true", sync.create_namespace), ("ServerSideApply=true", sync.server_side_apply)]
            .into_iter()
            .filter_map(|(option, on)| on.then_some(option))
            .collect();
    if !options.is_empty() {
        policy.insert("syncOptions".into(), json!(options));
    }
    if let Some(retry) = &sync.retry {
        let backoff = json!({ "duration": retry.backoff, "factor": retry.factor, "maxDuration": retry.max_backoff });
        policy.insert("retry".into(), json!({ "limit": retry.limit, "backoff": backoff }));
    }
    Value::Object(policy)
}

/// A Go template string literal (Argo CD's goTemplate), from JSON's escaping, which Go shares.
fn go_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn health_snippet(argocd: &ArgoCd) -> PlannedFile {
    PlannedFile {
        path: HEALTH_SNIPPET.to_string(),
        cluster: None,
        template: "gitops/argocd-cm-health.yaml.j2",
        context: json!({ "namespace": argocd.namespace }),
        // A patch of Argo CD's own ConfigMap, validated as one; outside the cluster directories, so
        // never synced.
        object: Some(object_id("v1", "ConfigMap", &argocd.namespace, "argocd-cm")),
    }
}
