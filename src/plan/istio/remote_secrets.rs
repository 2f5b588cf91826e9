//! Remote secrets are never written: they hold a kubeconfig with a long-lived token. When the mesh
//! names an External Secrets store, each cluster gets an `ExternalSecret` per other cluster that
//! makes External Secrets Operator build the Secret istiod watches (label `istio/multiCluster`,
//! one data key = the remote's cluster name) from the kubeconfig kept in that store.

use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use super::MemberView;

/// istiod watches Secrets in its namespace with this label; every data key is a cluster ID.
pub(crate) const MULTICLUSTER_LABEL: &str = "istio/multiCluster";
/// Written by `istioctl create-remote-secret`; kept for people and tools that read it.
pub(crate) const CLUSTER_ANNOTATION: &str = "networking.istio.io/cluster";

#[derive(Serialize)]
struct ExternalSecret<'a> {
    name: String,
    namespace: &'a str,
    labels: serde_json::Value,
    store: &'a str,
    store_kind: &'a str,
    remote_key: String,
    /// The data key istiod expects: the remote cluster's name.
    cluster_name: &'a str,
    secret_labels: Vec<(&'static str, &'static str)>,
    secret_annotations: Vec<(&'static str, &'a str)>,
    /// ESO template reference to the fetched kubeconfig (not a Jinja expression).
    kubeconfig_ref: &'static str,
}

/// `istio-remote-secret-<cluster ID>`, as `istioctl create-remote-secret` names it.
pub(crate) fn secret_name(cluster_name: &str) -> String {
    format!("istio-remote-secret-{cluster_name}")
}

pub(crate) fn plan(view: &MemberView) -> Vec<PlannedFile> {
    let Some(store) = &view.istio.remote_secrets else { return Vec::new() };
    view.remotes()
        .map(|remote| {
            let id = view.remote_id(remote);
            let cluster_name = id.as_str();
            let context = ExternalSecret {
                name: secret_name(cluster_name),
                namespace: view.namespace(),
                labels: common_labels(view.federation),
                store: store.store.as_str(),
                store_kind: store.store_kind.as_str(),
                remote_key: store.key.value.replace("{cluster}", cluster_name),
                cluster_name,
                secret_labels: vec![(MULTICLUSTER_LABEL, "true")],
                secret_annotations: vec![(CLUSTER_ANNOTATION, cluster_name)],
                kubeconfig_ref: "{{ .kubeconfig }}",
            };
            let id =
                object_id("external-secrets.io/v1", "ExternalSecret", view.namespace(), &secret_name(cluster_name));
            cluster_object(view.cluster, "istio/externalsecret.yaml.j2", id, context)
        })
        .collect()
}
