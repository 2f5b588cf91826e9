//! Files outside the synced cluster directories, under `installer/<cluster>/`: what the operator
//! runs by hand. The `IstioOperator` is installer input for `istioctl install -f`, not a cluster
//! object (its CRD is gone from Istio 1.24 on, and nothing in the cluster would act on it).

use serde::Serialize;

use super::super::{ObjectId, PlannedFile, common_labels};
use super::MemberView;
use super::eastwest::{self, EastWest};
use super::identity::MeshIdentity;
use super::remote_secrets::secret_name;
use crate::model::MeshTarget;

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
pub fn istio_operators(view: &MemberView) -> Vec<PlannedFile> {
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

#[derive(Serialize)]
struct Step {
    step: String,
    why: String,
    run: String,
}

#[derive(Serialize)]
struct OperatorSteps<'a> {
    cluster: &'a str,
    cluster_name: &'a str,
    mesh: &'a str,
    target: &'static str,
    steps: Vec<Step>,
}

/// `operator-steps.yaml`: what fedc must not or cannot put in git, as exact commands, in order.
pub fn operator_steps(view: &MemberView) -> PlannedFile {
    let c = view.cluster;
    // The kubeconfig context of a cluster: `context`, by default its name.
    let context_of = |id| view.federation.cluster(id).context.value.as_str();
    let here = context_of(view.member.cluster);
    let ns = view.namespace();
    let mut steps = vec![Step {
        step: "cacerts".into(),
        why: format!(
            "istiod signs workload certificates with the intermediate CA in Secret `cacerts`; it holds a private key, so fedc only names it. Every cluster's intermediate must chain to the mesh's one root{}. Skip when the workload CA is Mesh CA or CA Service.",
            view.mesh.root_cert.as_ref().map(|r| format!(" ({})", r.path.value)).unwrap_or_default()
        ),
        run: format!(
            "kubectl --context={here} -n {ns} create secret generic cacerts --from-file=ca-cert.pem=certs/{c}/ca-cert.pem --from-file=ca-key.pem=certs/{c}/ca-key.pem --from-file=root-cert.pem=certs/root-cert.pem --from-file=cert-chain.pem=certs/{c}/cert-chain.pem"
        ),
    }];
    if view.mesh.target.value == MeshTarget::Istio {
        let dir = format!("installer/{c}");
        steps.push(Step {
            step: "control plane".into(),
            why: "istiod with this cluster's meshID, clusterName and network; the namespace and its network label are synced from clusters/ first".into(),
            run: format!("istioctl install --context={here} -y -f {dir}/control-plane.yaml"),
        });
        steps.push(Step {
            step: "east-west gateway".into(),
            why: format!("the gateway {} is installer input, not a cluster object", eastwest::NAME),
            run: format!("istioctl install --context={here} -y -f {dir}/eastwest-gateway.yaml"),
        });
    }
    for remote in view.remotes() {
        let name = remote.cluster_name.as_str();
        let other = context_of(remote.cluster);
        let create = format!("istioctl create-remote-secret --context={other} --name={name} --namespace={ns}");
        let (why, run) = match &view.istio.remote_secrets {
            Some(store) => (
                format!(
                    "lets istiod on {c} discover endpoints of {name}; the Secret carries a long-lived token, so it never goes to git: store the value of `stringData.{name}` (a kubeconfig) in {} `{}` under key `{}`, and the synced ExternalSecret `{}` builds the Secret",
                    store.store_kind.value,
                    store.store.value,
                    store.key.value.replace("{cluster}", name),
                    secret_name(name)
                ),
                create,
            ),
            None => (
                format!(
                    "lets istiod on {c} discover endpoints of {name}; the Secret carries a long-lived token, so fedc never writes it"
                ),
                format!("{create} | kubectl apply --context={here} -f -"),
            ),
        };
        steps.push(Step { step: format!("remote secret for {name}"), why, run });
    }
    let context = OperatorSteps {
        cluster: c,
        cluster_name: view.member.cluster_name.as_str(),
        mesh: view.mesh.name.as_str(),
        target: view.mesh.target.value.name(),
        steps,
    };
    installer_file(view, "operator-steps.yaml", "istio/operator-steps.yaml.j2", None, context)
}
