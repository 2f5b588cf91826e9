//! The objects that make Argo CD and Flux sync the cluster directories. They live outside
//! `clusters/`, so that no cluster directory syncs the object that syncs it.

use serde::Serialize;

use super::{PlannedFile, common_labels, object_id};
use crate::model::{ArgoCd, Federation, Flux, GitOps};

pub fn plan(federation: &Federation) -> Vec<PlannedFile> {
    let Some(gitops) = &federation.gitops else { return Vec::new() };
    let mut files = Vec::new();
    if let Some(argocd) = &gitops.argocd {
        files.push(application_set(federation, gitops, argocd));
    }
    if let Some(flux) = &gitops.flux {
        files.extend(federation.clusters.iter().map(|c| flux_kustomization(federation, gitops, flux, &c.name.value)));
    }
    files
}

#[derive(Serialize)]
struct ApplicationSetContext<'a> {
    name: &'a str,
    namespace: &'a str,
    labels: serde_json::Value,
    project: &'a str,
    repo_url: &'a str,
    revision: &'a str,
    directories: String,
    /// Argo CD go-template expressions, kept out of the Jinja template to avoid escaping.
    app_name: String,
    app_path: &'static str,
    destination: &'static str,
}

fn application_set(federation: &Federation, gitops: &GitOps, argocd: &ArgoCd) -> PlannedFile {
    let name = &federation.name.value;
    let context = ApplicationSetContext {
        name,
        namespace: &argocd.namespace,
        labels: common_labels(federation),
        project: &argocd.project,
        repo_url: &gitops.repo_url,
        revision: &gitops.revision,
        directories: gitops.cluster_path("*"),
        app_name: format!("{name}-{{{{.path.basename}}}}"),
        app_path: "{{.path.path}}",
        destination: "{{.path.basename}}",
    };
    PlannedFile {
        path: format!("argocd/applicationset-{name}.yaml"),
        cluster: None,
        template: "gitops/applicationset.yaml.j2",
        context: serde_json::to_value(context).unwrap_or_default(),
        object: Some(object_id("argoproj.io/v1alpha1", "ApplicationSet", &argocd.namespace, name)),
    }
}

#[derive(Serialize)]
struct FluxContext<'a> {
    name: &'a str,
    namespace: &'a str,
    labels: serde_json::Value,
    interval: &'a str,
    path: String,
    source_kind: &'a str,
    source_name: &'a str,
    depends_on: &'a [String],
}

fn flux_kustomization(federation: &Federation, gitops: &GitOps, flux: &Flux, cluster: &str) -> PlannedFile {
    let name = &federation.name.value;
    let context = FluxContext {
        name,
        namespace: &flux.namespace,
        labels: common_labels(federation),
        interval: &flux.interval,
        path: format!("./{}", gitops.cluster_path(cluster)),
        source_kind: &flux.source_kind,
        source_name: &flux.source_name,
        depends_on: &flux.depends_on,
    };
    PlannedFile {
        path: format!("flux/{cluster}/kustomization-{name}.yaml"),
        cluster: None,
        template: "gitops/flux-kustomization.yaml.j2",
        context: serde_json::to_value(context).unwrap_or_default(),
        object: Some(object_id("kustomize.toolkit.fluxcd.io/v1", "Kustomization", &flux.namespace, name)),
    }
}
