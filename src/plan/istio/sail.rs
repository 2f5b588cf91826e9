//! OpenShift Service Mesh 3: the Sail operator's `Istio` resource (cluster-scoped) and the
//! east-west gateway as plain objects. The `Istio` resource has no gateway section, so the Sail
//! documentation ships the gateway pre-rendered; fedc renders the same objects from [`eastwest`].

use serde::Serialize;

use super::super::{ObjectId, PlannedFile, cluster_object, common_labels, object_id};
use super::MemberView;
use super::eastwest::{self, EastWest};
use super::identity::MeshIdentity;

/// With the default in-place update strategy the revision is named after the resource: `default`
/// keeps `istio-injection=enabled` namespaces working.
pub const ISTIO_NAME: &str = "default";

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
struct GatewayObject<'a> {
    namespace: &'a str,
    labels: serde_json::Value,
    revision: &'static str,
    gateway: EastWest,
}

pub fn plan(view: &MemberView) -> Vec<PlannedFile> {
    let istio = Istio {
        name: ISTIO_NAME,
        labels: common_labels(view.federation),
        namespace: view.namespace(),
        version: &view.istio.version.value.text,
        identity: MeshIdentity::of(view),
    };
    let id = ObjectId {
        api_version: "sailoperator.io/v1".into(),
        kind: "Istio".into(),
        namespace: None,
        name: ISTIO_NAME.into(),
    };
    let mut files = vec![cluster_object(view.cluster, "istio/sail-istio.yaml.j2", id, istio)];
    let objects: [(&str, &str, &str, &'static str); 5] = [
        ("v1", "ServiceAccount", eastwest::SERVICE_ACCOUNT, "istio/eastwest-serviceaccount.yaml.j2"),
        ("apps/v1", "Deployment", eastwest::NAME, "istio/eastwest-deployment.yaml.j2"),
        ("v1", "Service", eastwest::NAME, "istio/eastwest-service.yaml.j2"),
        ("rbac.authorization.k8s.io/v1", "Role", SDS, "istio/eastwest-role.yaml.j2"),
        ("rbac.authorization.k8s.io/v1", "RoleBinding", SDS, "istio/eastwest-rolebinding.yaml.j2"),
    ];
    for (api_version, kind, name, template) in objects {
        let mut labels = common_labels(view.federation);
        for (key, value) in eastwest::selector(view.network) {
            labels[key] = serde_json::Value::from(value);
        }
        let context = GatewayObject {
            namespace: view.namespace(),
            labels,
            revision: ISTIO_NAME,
            gateway: eastwest::describe(view),
        };
        let id = object_id(api_version, kind, view.namespace(), name);
        files.push(cluster_object(view.cluster, template, id, context));
    }
    files
}

/// Role and RoleBinding that let the gateway read TLS secrets of its namespace (SDS).
pub const SDS: &str = "istio-eastwestgateway-sds";
