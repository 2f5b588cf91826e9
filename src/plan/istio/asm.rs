//! Anthos Service Mesh: the control plane is installed with `asmcli install` (checked against
//! asmcli's own flags, GoogleCloudPlatform/anthos-service-mesh-packages `asmcli/`), taking fedc's
//! values so that the install agrees with the synced namespace: `--network_id` (asmcli's default
//! for clusters outside Google Cloud is `default`, which would contradict the namespace label),
//! `--ca` with its files or pool, `--revision_name`, and fedc's control-plane values as a
//! `--custom_overlay`.

use super::MemberView;
use super::runbook::{ca_flags, code};
use crate::model::{Asm, AsmCa};

/// Where asmcli keeps the package it downloads (and its istioctl), per cluster.
pub(crate) fn output_dir(cluster: &str) -> String {
    format!("asm-{cluster}")
}

pub(crate) fn install_command(view: &MemberView, asm: &Asm) -> String {
    let c = view.cluster;
    let context = view.context_of(view.member);
    let revision = view.istio.revision.as_ref().map(|r| format!(" --revision_name {}", r.value)).unwrap_or_default();
    format!(
        "./asmcli install --kubeconfig \"${{KUBECONFIG:-$HOME/.kube/config}}\" --context {context} --fleet_id {} --platform multicloud --network_id {}{revision} {} --custom_overlay installer/{c}/control-plane.yaml --output_dir {} --enable_all",
        asm.fleet_id.value,
        view.network,
        ca_flags(c, &super::runbook::root_file(view), asm.ca.value, asm.ca_pool.as_ref().map(|p| p.value.as_str())),
        output_dir(c),
    )
}

pub(crate) fn install_why(view: &MemberView, asm: &Asm) -> String {
    let ca = match asm.ca.value {
        AsmCa::Citadel => {
            "istiod's CA with this cluster's intermediate (asmcli creates Secret `cacerts` from the four files; every intermediate must chain to the mesh's one root)"
        }
        AsmCa::MeshCa => "Mesh CA (no `cacerts`)",
        AsmCa::GcpCas => "Certificate Authority Service (no `cacerts`)",
    };
    let paths = match asm.ca.value {
        AsmCa::Citadel => format!(" {}", super::runbook::paths_note(view)),
        _ => String::new(),
    };
    format!(
        "Installs the {} control plane of fleet {} with the network {} of the namespace label (asmcli would say `default`), workload CA: {ca}. {} carries fedc's meshID, clusterName, network, trust domain and `pilotCertProvider`, so the install agrees with the synced objects. Use the asmcli release of version {}.{paths}",
        code(view.istio.revision.as_ref().map_or("", |r| r.value.as_str())),
        code(&asm.fleet_id.value),
        code(view.network),
        code(&format!("installer/{}/control-plane.yaml", view.cluster)),
        code(&view.istio.version.value.text),
    )
}
