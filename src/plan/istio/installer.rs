//! Files outside the synced cluster directories, under `installer/<cluster>/`: what the operator's
//! installer reads (the runbook is [`super::runbook`]). The `IstioOperator` is installer input for `istioctl install -f`, not a cluster
//! object (its CRD is gone from Istio 1.24 on, and nothing in the cluster would act on it).

use serde::Serialize;

use super::super::{ObjectId, PlannedFile, common_labels};
use super::MemberView;
use super::eastwest::{self, EastWest};
use super::identity::MeshIdentity;

fn installer_file(
    view: &MemberView,
    file: &str,
    template: &'static str,
    object: Option<ObjectId>,
    context: impl Serialize,
) -> PlannedFile {
    PlannedFile {
        path: format!("installer/{}/{file}", view.cluster),
        cluster: Some(view.cluster.to_string()),
        template,
        context: serde_json::to_value(context).unwrap_or_default(),
        object,
    }
}

fn operator(name: &str) -> ObjectId {
    ObjectId {
        api_version: "install.istio.io/v1alpha1".into(),
        kind: "IstioOperator".into(),
        namespace: None,
        name: name.into(),
    }
}

#[derive(Serialize)]
struct ControlPlane<'a> {
    name: String,
    labels: serde_json::Value,
    namespace: &'a str,
    revision: Option<&'a str>,
    /// Anthos Service Mesh: the file is asmcli's `--custom_overlay` over its own IstioOperator,
    /// so it sets no profile (asmcli's `empty` profile and component list stay in force).
    asm_overlay: bool,
    #[serde(flatten)]
    identity: MeshIdentity<'a>,
}

#[derive(Serialize)]
struct EastWestOperator<'a> {
    name: String,
    labels: serde_json::Value,
    namespace: &'a str,
    /// `""` without a revision, as `gen-eastwest-gateway.sh` writes it.
    revision: &'a str,
    cert_provider: &'a str,
    gateway: EastWest,
}

/// `control-plane.yaml` (meshID, clusterName, network, trust domain) and `eastwest-gateway.yaml`
/// (what `gen-eastwest-gateway.sh --network <n>` prints, with the platform's Service annotations).
pub(crate) fn istio_operators(view: &MemberView) -> Vec<PlannedFile> {
    let revision = view.istio.revision.as_ref().map(|r| r.as_str());
    // Named per cluster: all installer files share one top-level directory, and `diff` matches
    // objects by kind and name there.
    let (control_plane_name, eastwest_name) =
        (format!("control-plane-{}", view.cluster), format!("eastwest-{}", view.cluster));
    let control_plane = ControlPlane {
        name: control_plane_name.clone(),
        labels: common_labels(view.federation),
        namespace: view.namespace(),
        revision,
        asm_overlay: view.istio.asm.is_some(),
        identity: MeshIdentity::of(view),
    };
    let gateway = EastWestOperator {
        name: eastwest_name.clone(),
        labels: common_labels(view.federation),
        namespace: view.namespace(),
        revision: revision.unwrap_or_default(),
        cert_provider: view.istio.cert_provider.as_str(),
        gateway: eastwest::describe(view),
    };
    vec![
        installer_file(
            view,
            "control-plane.yaml",
            "istio/istiooperator-control-plane.yaml.j2",
            Some(operator(&control_plane_name)),
            control_plane,
        ),
        installer_file(
            view,
            "eastwest-gateway.yaml",
            "istio/istiooperator-eastwest.yaml.j2",
            Some(operator(&eastwest_name)),
            gateway,
        ),
    ]
}
