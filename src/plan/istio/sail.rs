//! OpenShift Service Mesh 3: the Sail operator's `Istio` resource (cluster-scoped), its `IstioCNI`
//! resource and the CNI namespace. The east-west gateway objects are in [`super::gateway_objects`].

use serde::Serialize;

use super::super::{ObjectId, PlannedFile, cluster_object, common_labels};
use super::MemberView;
use super::identity::MeshIdentity;

/// With the default in-place update strategy the revision is named after the resource: `default`
/// keeps `istio-injection=enabled` namespaces working.
pub(crate) const ISTIO_NAME: &str = "default";
/// The Sail CRD accepts only this name for the one `IstioCNI` of a cluster (a CEL rule).
pub(crate) const CNI_NAME: &str = "default";
/// Where the CNI DaemonSet runs: the namespace Red Hat's documentation uses, and the CRD's default.
pub(crate) const CNI_NAMESPACE: &str = "istio-cni";

#[derive(Serialize)]
struct Istio<'a> {
    name: &'static str,
    labels: serde_json::Value,
    namespace: &'a str,
    version: &'a str,
    #[serde(flatten)]
    identity: MeshIdentity<'a>,
}

#[derive(Serialize)]
struct IstioCni<'a> {
    name: &'static str,
    labels: serde_json::Value,
    namespace: &'static str,
    /// Always the `Istio` resource's: the CNI plugin and the proxies it prepares must match.
    version: &'a str,
}

fn cluster_scoped(api_version: &str, kind: &str, name: &str) -> ObjectId {
    ObjectId { api_version: api_version.into(), kind: kind.into(), namespace: None, name: name.into() }
}

/// The `Istio` resource, and the `IstioCNI` with its namespace: on OpenShift the sidecars get no
/// traffic redirection without the CNI plugin (pods run without the privileges of an init
/// container that would set up iptables).
pub(crate) fn plan(view: &MemberView) -> Vec<PlannedFile> {
    let version = &view.istio.version.value.text;
    let istio = Istio {
        name: ISTIO_NAME,
        labels: common_labels(view.federation),
        namespace: view.namespace(),
        version,
        identity: MeshIdentity::of(view),
    };
    let cni = IstioCni { name: CNI_NAME, labels: common_labels(view.federation), namespace: CNI_NAMESPACE, version };
    vec![
        cluster_object(
            view.cluster,
            "istio/sail-istio.yaml.j2",
            cluster_scoped("sailoperator.io/v1", "Istio", ISTIO_NAME),
            istio,
        ),
        cluster_object(
            view.cluster,
            "istio/sail-istiocni.yaml.j2",
            cluster_scoped("sailoperator.io/v1", "IstioCNI", CNI_NAME),
            cni,
        ),
        super::synced::namespace_named(view, CNI_NAMESPACE, None),
    ]
}
