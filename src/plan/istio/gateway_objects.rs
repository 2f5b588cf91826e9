//! The `ossm3` east-west gateway as plain objects, shaped as upstream's gateway Helm chart renders a
//! gateway (`manifests/charts/gateway`): non-root, no privilege escalation, every capability
//! dropped, read-only root filesystem, `RuntimeDefault` seccomp, the chart's requests and limits,
//! a HorizontalPodAutoscaler instead of a fixed replica count, and a PodDisruptionBudget. The Sail
//! `Istio` resource has no gateway section, so the Sail documentation ships the gateway this way.

use serde::Serialize;

use super::super::{PlannedFile, cluster_object, common_labels, object_id};
use super::MemberView;
use super::eastwest::{self, EastWest};
use super::sail::ISTIO_NAME;

/// Role and RoleBinding that let the gateway read TLS secrets of its namespace (SDS).
pub(crate) const SDS: &str = "istio-eastwestgateway-sds";

/// The chart's defaults (`values.yaml`: `resources`, `autoscaling`), except `min_replicas`: two,
/// so that the PodDisruptionBudget's one available replica still lets a node drain.
#[derive(Serialize)]
struct Sizing {
    requests_cpu: &'static str,
    requests_memory: &'static str,
    limits_cpu: &'static str,
    limits_memory: &'static str,
    min_replicas: u32,
    max_replicas: u32,
    target_cpu_percent: u32,
    min_available: u32,
}

const SIZING: Sizing = Sizing {
    requests_cpu: "100m",
    requests_memory: "128Mi",
    limits_cpu: "2000m",
    limits_memory: "1024Mi",
    min_replicas: 2,
    max_replicas: 5,
    target_cpu_percent: 80,
    min_available: 1,
};

#[derive(Serialize)]
struct GatewayObject<'a> {
    namespace: &'a str,
    labels: serde_json::Value,
    /// The Service's: the platform's load-balancer annotations (sync options are added later).
    annotations: serde_json::Value,
    revision: &'static str,
    gateway: EastWest,
    sizing: &'static Sizing,
}

pub(crate) fn plan(view: &MemberView) -> Vec<PlannedFile> {
    let objects: [(&str, &str, &str, &'static str); 7] = [
        ("v1", "ServiceAccount", eastwest::SERVICE_ACCOUNT, "istio/eastwest-serviceaccount.yaml.j2"),
        ("apps/v1", "Deployment", eastwest::NAME, "istio/eastwest-deployment.yaml.j2"),
        ("v1", "Service", eastwest::NAME, "istio/eastwest-service.yaml.j2"),
        ("rbac.authorization.k8s.io/v1", "Role", SDS, "istio/eastwest-role.yaml.j2"),
        ("rbac.authorization.k8s.io/v1", "RoleBinding", SDS, "istio/eastwest-rolebinding.yaml.j2"),
        ("policy/v1", "PodDisruptionBudget", eastwest::NAME, "istio/eastwest-pdb.yaml.j2"),
        ("autoscaling/v2", "HorizontalPodAutoscaler", eastwest::NAME, "istio/eastwest-hpa.yaml.j2"),
    ];
    let mut labels = common_labels(view.federation);
    for (key, value) in eastwest::selector(view.network) {
        labels[key] = serde_json::Value::from(value);
    }
    objects
        .into_iter()
        .map(|(api_version, kind, name, template)| {
            let gateway = eastwest::describe(view);
            let annotations = match kind {
                "Service" => serde_json::Value::Object(
                    gateway.service_annotations.iter().map(|(k, v)| (k.to_string(), (*v).into())).collect(),
                ),
                _ => serde_json::json!({}),
            };
            let context = GatewayObject {
                namespace: view.namespace(),
                labels: labels.clone(),
                annotations,
                revision: ISTIO_NAME,
                gateway,
                sizing: &SIZING,
            };
            cluster_object(view.cluster, template, object_id(api_version, kind, view.namespace(), name), context)
        })
        .collect()
}
