//! The objects that make Argo CD and Flux sync the cluster directories. They live outside
//! `clusters/`, so that no cluster directory syncs the object that syncs it.

use serde::Serialize;
use serde_json::{Value, json};

use super::{ObjectId, PlannedFile, cluster_object, common_labels, gitops_flux, object_id};
use crate::model::{ArgoCd, Destination, Destinations, Federation, GitOps, Retry};

/// Where Argo CD's health check for the control plane is written: outside every synced directory
/// (Argo CD reads it from its own `argocd-cm`, which fedc must not sync or prune).
pub(crate) const HEALTH_SNIPPET: &str = "argocd/snippets/argocd-cm-health.yaml";

pub(crate) fn plan(federation: &Federation) -> Vec<PlannedFile> {
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

/// The order a cluster's objects are applied in, by kind: the namespaces, then the control plane
/// (Argo CD waits for it to be healthy), then what runs on it or configures it (the peers' CA
/// bundles, the east-west gateway and its Gateway, remote secrets, and the AuthorizationPolicies
/// that scope exports, in place before anything is exposed), then the peers and imported
/// endpoints, what peers export and import, and the DestinationRules (whose validating webhook is
/// served by the control plane) last.
pub(crate) fn sync_wave(kind: &str) -> Option<i8> {
    match kind {
        "Namespace" => Some(-1),
        "ServiceMeshControlPlane" | "Istio" | "IstioCNI" => Some(0),
        "ConfigMap"
        | "ServiceAccount"
        | "Role"
        | "RoleBinding"
        | "Deployment"
        | "Service"
        | "PodDisruptionBudget"
        | "HorizontalPodAutoscaler"
        | "Gateway"
        | "AuthorizationPolicy"
        | "ExternalSecret" => Some(1),
        "ServiceMeshPeer" | "ServiceEntry" | "WorkloadEntry" => Some(2),
        "ExportedServiceSet" | "ImportedServiceSet" => Some(3),
        "DestinationRule" => Some(4),
        _ => None,
    }
}

/// Whether Argo CD must not dry-run an object before its CRD exists: an `istio`/`ossm3` cluster
/// directory is synced before the operator steps install Istio's CRDs (`istioctl`/`asmcli`), and
/// possibly before the Sail operator or External Secrets Operator has; without the option Argo
/// CD's dry run fails the whole sync, namespaces included. Built-in kinds (no `.` in the group)
/// are always known.
fn skip_dry_run(file: &PlannedFile, api_version: &str) -> bool {
    let istio_planned = file.template.starts_with("istio/") || file.template.starts_with("federation_istio/");
    istio_planned && api_version.split_once('/').is_some_and(|(group, _)| group.contains('.'))
}

/// With `create_namespace`, each mesh's control-plane namespace as an object of its cluster
/// directory: Argo CD's own `CreateNamespace` creates only an Application's destination
/// namespace, and a cluster directory spans several. Never pruned or deleted by Argo CD: a
/// namespace holds more than what fedc writes.
pub(crate) fn namespaces(federation: &Federation) -> Vec<PlannedFile> {
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

/// Adds to the `annotations` of the context of every object file (the templates' `metadata` macro
/// writes them), when Argo CD syncs the cluster directories: the sync wave, and for custom
/// resources of `istio`/`ossm3` meshes `SkipDryRunOnMissingResource=true`.
pub(crate) fn annotate(federation: &Federation, files: &mut [PlannedFile]) {
    let argocd = federation.gitops.as_ref().is_some_and(|g| g.argocd.is_some());
    for file in files {
        let synced = file.cluster.is_some() && file.path.starts_with("clusters/");
        let Some(object) = file.object.as_ref().filter(|_| synced) else {
            set_annotations(file, json!({}));
            continue;
        };
        let mut added = json!({});
        let mut options: Vec<&str> = Vec::new();
        if file.template == "gitops/namespace.yaml.j2" {
            options.push("Prune=false,Delete=false");
        }
        if argocd {
            if let Some(wave) = sync_wave(&object.kind) {
                added["argocd.argoproj.io/sync-wave"] = json!(wave.to_string());
            }
            if skip_dry_run(file, &object.api_version) {
                options.push("SkipDryRunOnMissingResource=true");
            }
        }
        if !options.is_empty() {
            added["argocd.argoproj.io/sync-options"] = json!(options.join(","));
        }
        set_annotations(file, added);
    }
}

/// Merges `added` into the context's `annotations` (a planner may have set some; sync options
/// are joined with `,` as Argo CD reads them).
fn set_annotations(file: &mut PlannedFile, added: Value) {
    let Value::Object(context) = &mut file.context else { return };
    let annotations = context.entry("annotations").or_insert_with(|| json!({}));
    let (Value::Object(existing), Value::Object(added)) = (annotations, added) else { return };
    for (key, value) in added {
        let joined = match (existing.get(&key), &value) {
            (Some(Value::String(old)), Value::String(new)) if key == "argocd.argoproj.io/sync-options" => {
                json!(format!("{old},{new}"))
            }
            _ => value,
        };
        existing.insert(key, joined);
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
        sync: sync_policy(federation, argocd),
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

/// The retry written when the topology sets none and a cluster directory holds `istio`/`ossm3`
/// objects: their first syncs fail until the operator steps have installed the CRDs, and Argo CD
/// does not auto-sync a revision again once a sync of it failed, so it must retry, without limit,
/// backing off to one attempt every 3 minutes.
fn istio_retry(federation: &Federation) -> Option<Retry> {
    let istio = federation.meshes.iter().any(|m| m.istio.is_some());
    istio.then(|| Retry { limit: -1, backoff: "5s".into(), factor: 2, max_backoff: "3m".into() })
}

/// `spec.template.spec.syncPolicy` of the Applications.
fn sync_policy(federation: &Federation, argocd: &ArgoCd) -> Value {
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
    let default = istio_retry(federation);
    if let Some(retry) = sync.retry.as_ref().or(default.as_ref()) {
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
        context: json!({ "namespace": argocd.namespace, "checks": health_checks() }),
        // A patch of Argo CD's own ConfigMap, validated as one; outside the cluster directories, so
        // never synced.
        object: Some(object_id("v1", "ConfigMap", &argocd.namespace, "argocd-cm")),
    }
}

/// The Lua health checks of the snippet, by `resource.customizations.health.<group>_<Kind>` key,
/// with the reasons of a `Reconciled=False` condition that mean the operator gave up on this
/// generation (OpenShift Service Mesh 2 also sets `Reconciled=False` while it pauses an install;
/// the Sail operator only on `ReconcileError`, so any reason counts).
fn health_checks() -> Value {
    json!([
        {
            "key": "maistra.io_ServiceMeshControlPlane",
            "reasons": ["InstallError", "ReconcileError", "ValidationError", "DependencyMissingError"],
        },
        { "key": "sailoperator.io_Istio", "reasons": [] },
        { "key": "sailoperator.io_IstioCNI", "reasons": [] },
    ])
}
