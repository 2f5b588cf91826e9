//! `installer/<cluster>/operator-steps.md`: what fedc must not or cannot put in git, as exact
//! commands in the order they succeed, planned with the cluster's objects so the two never
//! disagree. Markdown, not YAML: tools that validate every `.yaml` file of a repository as a
//! Kubernetes manifest must not mistake a runbook for one.

use serde::Serialize;

use super::super::PlannedFile;
use super::remote_secrets::secret_name;
use super::{MemberView, asm, eastwest, synced};
use crate::model::{AsmCa, MeshTarget};

#[derive(Serialize)]
struct Step {
    title: String,
    why: String,
    run: Vec<String>,
}

#[derive(Serialize)]
struct Section {
    title: &'static str,
    steps: Vec<Step>,
}

#[derive(Serialize)]
struct Runbook<'a> {
    cluster: &'a str,
    cluster_name: &'a str,
    mesh: &'a str,
    product: &'static str,
    sections: Vec<Section>,
}

/// Repository text inside a Markdown code span: no line break or backtick can end it early.
pub(crate) fn code(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() || c == '`' { '?' } else { c }).collect();
    format!("`{clean}`")
}

pub(crate) fn plan(view: &MemberView) -> PlannedFile {
    let before = Section { title: "Before the first sync of the cluster directory", steps: before_sync(view) };
    let mut then = Vec::new();
    then.extend(install(view));
    then.extend(revision_labels(view));
    then.extend(remote_secrets(view));
    let product = match (view.mesh.target.value, view.istio.asm.is_some()) {
        (MeshTarget::Ossm3, _) => "OpenShift Service Mesh 3",
        (_, true) => "Anthos Service Mesh, installed with asmcli",
        _ => "upstream Istio, installed with istioctl",
    };
    let context = Runbook {
        cluster: view.cluster,
        cluster_name: view.member.cluster_name.as_str(),
        mesh: view.mesh.name.as_str(),
        product,
        sections: vec![before, Section { title: "Then, in this order", steps: then }],
    };
    PlannedFile {
        path: format!("installer/{}/operator-steps.md", view.cluster),
        cluster: Some(view.cluster.to_string()),
        template: "istio/operator-steps.md.j2",
        context: serde_json::to_value(context).unwrap_or_default(),
        object: None,
    }
}

/// The namespace (so nothing below waits for Argo CD or Flux) and the intermediate CA.
fn before_sync(view: &MemberView) -> Vec<Step> {
    let (c, ns, here) = (view.cluster, view.namespace(), view.context_of(view.member));
    let mut steps = vec![Step {
        title: "Control-plane namespace".into(),
        why: format!(
            "The synced Namespace itself, network label included, applied ahead of the first sync so that the steps below never wait for Argo CD or Flux; they adopt it unchanged. {} is where istiod runs and its Secrets live.",
            code(ns)
        ),
        run: vec![format!("kubectl --context={here} apply -f {}", synced::namespace(view).path)],
    }];
    if view.istio.asm.is_some() {
        return steps;
    }
    let root_file = root_file(view);
    let ossm3 = if view.mesh.target.value == MeshTarget::Ossm3 {
        " Create it before the first sync: the Sail operator starts istiod as soon as the `Istio` resource arrives, and an istiod that finds no `cacerts` signs with a root of its own, which the other clusters do not trust."
    } else {
        ""
    };
    steps.push(Step {
        title: "Intermediate CA (`cacerts`)".into(),
        why: format!(
            "istiod signs workload certificates with the intermediate CA in Secret `cacerts`; it holds a private key, so fedc only names it. Every cluster's intermediate must chain to the mesh's one root. {}{ossm3}",
            paths_note(view)
        ),
        run: vec![format!(
            "kubectl --context={here} -n {ns} create secret generic cacerts --from-file=ca-cert.pem=certs/{c}/ca-cert.pem --from-file=ca-key.pem=certs/{c}/ca-key.pem --from-file=root-cert.pem={root_file} --from-file=cert-chain.pem=certs/{c}/cert-chain.pem"
        )],
    });
    steps
}

/// The control plane and the east-west gateway, where they are not synced objects.
fn install(view: &MemberView) -> Vec<Step> {
    let (c, here) = (view.cluster, view.context_of(view.member));
    let dir = format!("installer/{c}");
    let gateway = Step {
        title: "East-west gateway".into(),
        why: format!(
            "The gateway {} (what `gen-eastwest-gateway.sh --network {}` prints) is installer input, not a cluster object; the synced `cross-network-gateway` routes through it.",
            code(eastwest::NAME),
            view.network
        ),
        run: vec![format!("istioctl install --context={here} -y -f {dir}/eastwest-gateway.yaml")],
    };
    match (view.mesh.target.value, &view.istio.asm) {
        (MeshTarget::Ossm3, _) => vec![Step {
            title: "East-west gateway pods".into(),
            why: format!(
                "The gateway Deployment is synced; istiod's injection webhook fills in its proxy (image `auto`). Argo CD creates it only once the `Istio` resource is healthy (sync waves, with the health check of `argocd/snippets/`); Flux applies everything at once, so pods created before istiod was ready keep the image `auto`, which cannot be pulled. Wait for the control plane, then restart the gateway once (harmless when its pods are fine; {} shows the state)."
                ,code("kubectl get istio default")
            ),
            run: vec![
                format!("kubectl --context={here} wait istio/default --for=condition=Ready --timeout=10m"),
                format!("kubectl --context={here} -n {} rollout restart deployment/{}", view.namespace(), eastwest::NAME),
            ],
        }],
        (_, Some(settings)) => {
            let istioctl = istioctl(view);
            let mut gateway = gateway;
            gateway.why.push_str(&format!(" It uses {}, of the release asmcli installed.", code(&istioctl)));
            gateway.run = vec![format!("{istioctl} install --context={here} -y -f {dir}/eastwest-gateway.yaml")];
            vec![
                Step {
                    title: "Control plane (asmcli)".into(),
                    why: asm::install_why(view, settings),
                    run: vec![asm::install_command(view, settings)],
                },
                gateway,
            ]
        }
        _ => vec![
            Step {
                title: "Control plane".into(),
                why: "istiod with this cluster's meshID, clusterName and network; the namespace and its network label exist already (first step).".into(),
                run: vec![format!("istioctl install --context={here} -y -f {dir}/control-plane.yaml")],
            },
            gateway,
        ],
    }
}

/// `istio.io/rev` on the declared application namespaces of a revisioned `istio` mesh: without it
/// their pods get no sidecar from a revisioned istiod (`istio-injection` is removed, as it wins).
fn revision_labels(view: &MemberView) -> Option<Step> {
    let revision = view.istio.revision.as_ref()?;
    let members = view.mesh.members.as_ref()?;
    let here = view.context_of(view.member);
    let run = members
        .value
        .iter()
        .map(|ns| {
            format!(
                "kubectl --context={here} label namespace {} istio-injection- istio.io/rev={} --overwrite",
                ns.value, revision.value
            )
        })
        .collect();
    Some(Step {
        title: "Application namespaces".into(),
        why: format!(
            "Sidecars come from the revision {} only in namespaces labelled with it (the mesh's `members`; create any that do not exist yet). `istio-injection` is removed because it would win over the revision label. Restart the namespaces' workloads afterwards.",
            code(&revision.value)
        ),
        run,
    })
}

/// The istioctl to run: on an Anthos Service Mesh cluster, the one of the release asmcli installed
/// (asmcli links it into its output directory), else the one on the operator's path.
fn istioctl(view: &MemberView) -> String {
    match view.istio.asm {
        Some(_) => format!("{}/istioctl", asm::output_dir(view.cluster)),
        None => "istioctl".to_string(),
    }
}

fn remote_secrets(view: &MemberView) -> Vec<Step> {
    let (c, ns, here) = (view.cluster, view.namespace(), view.context_of(view.member));
    let same_as_asmcli = if view.istio.asm.is_some() {
        " Named as `asmcli create-mesh` names it (after the remote's kube context), so running both leaves one Secret per cluster, not two."
    } else {
        ""
    };
    view.remotes()
        .map(|remote| {
            let id = view.remote_id(remote);
            let id = id.as_str();
            let other = &view.federation.cluster(remote.cluster).name.value;
            let remote_context = view.context_of(remote);
            let istioctl = istioctl(view);
            let create =
                format!("{istioctl} create-remote-secret --context={remote_context} --name={id} --namespace={ns}");
            let (why, run) = match &view.istio.remote_secrets {
                Some(store) => (
                    format!(
                        "Lets istiod on {} discover the endpoints of {}. The Secret carries a long-lived token, so it never goes to git: store the value of {} (a kubeconfig) in {} {} under key {}; the synced ExternalSecret {} builds the Secret.{same_as_asmcli}",
                        code(c),
                        code(other),
                        code(&format!("stringData.{id}")),
                        store.store_kind.value,
                        code(&store.store.value),
                        code(&store.key.value.replace("{cluster}", id)),
                        code(&secret_name(id))
                    ),
                    create,
                ),
                None => (
                    format!(
                        "Lets istiod on {} discover the endpoints of {}. The Secret carries a long-lived token, so fedc never writes it.{same_as_asmcli}",
                        code(c),
                        code(other)
                    ),
                    format!("{create} | kubectl apply --context={here} -f -"),
                ),
            };
            Step { title: format!("Remote secret for {other}"), why, run: vec![run] }
        })
        .collect()
}

/// The mesh's root certificate as the CA steps name it: the topology's `root_cert` (relative to
/// the topology's directory), else a placeholder.
pub(crate) fn root_file(view: &MemberView) -> String {
    view.mesh.root_cert.as_ref().map_or_else(|| "certs/root-cert.pem".to_string(), |r| r.path.value.clone())
}

/// Where the CA files of a step are: the intermediate's are the PKI's, the root the topology's.
pub(crate) fn paths_note(view: &MemberView) -> String {
    let root = match &view.mesh.root_cert {
        Some(root) => format!(
            "the root is the topology's `root_cert`, {} relative to the topology's directory (not to this output)",
            code(&root.path.value)
        ),
        None => "`certs/root-cert.pem` stands for the mesh's root (the topology names none)".to_string(),
    };
    format!(
        "CA paths: {root}; `certs/{}/…` stand for this cluster's intermediate CA files, wherever your PKI keeps them. Adjust them to where you run the step.",
        view.cluster
    )
}

/// The CA flags of `asmcli install`, with the `cacerts` files for `citadel`.
pub(crate) fn ca_flags(cluster: &str, root: &str, ca: AsmCa, pool: Option<&str>) -> String {
    match ca {
        AsmCa::Citadel => format!(
            "--ca citadel --ca_cert certs/{cluster}/ca-cert.pem --ca_key certs/{cluster}/ca-key.pem --root_cert {root} --cert_chain certs/{cluster}/cert-chain.pem"
        ),
        AsmCa::GcpCas => format!("--ca gcp_cas --ca_pool {}", pool.unwrap_or_default()),
        AsmCa::MeshCa => "--ca mesh_ca".to_string(),
    }
}
