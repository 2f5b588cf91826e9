//! `pilotCertProvider: kubernetes` (istiod's serving certificate from the Kubernetes CSR API) fails
//! upstream from Istio 1.22 on (no signer is passed in 1.22; from 1.23 istiod exits at start-up),
//! and OpenShift Service Mesh 3 runs 1.24+. Only Anthos Service Mesh up to 1.22 shipped it, and
//! only for Mesh CA or CA Service outside attached clusters: asmcli's `citadel-ca` and
//! `attached-cluster` options set `istiod` (reference A8; the seed's table).

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, codes};
use crate::model::{AsmCa, Mesh, MeshTarget, Platform};

pub(crate) const RULE: Rule = Rule { run };

const CODE: Code = codes::istio::CERT_PROVIDER_REFUSED;

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for mesh in &cx.federation.meshes {
        let Some(istio) = &mesh.istio else { continue };
        if istio.cert_provider.value != "kubernetes" {
            continue;
        }
        if let Some(refusal) = refusal(cx, mesh) {
            out.push(
                Diagnostic::new(CODE, refusal.message)
                    .label(istio.cert_provider.span.clone(), refusal.label)
                    .label(refusal.at, refusal.at_label)
                    .help(refusal.help),
            );
        }
    }
}

struct Refusal {
    message: String,
    label: &'static str,
    /// What makes `kubernetes` impossible here (the version, the CA, the platform).
    at: crate::source::Span,
    at_label: &'static str,
    help: String,
}

fn refusal(cx: &Context, mesh: &Mesh) -> Option<Refusal> {
    let istio = mesh.istio.as_ref()?;
    let version = &istio.version.value;
    let name = &mesh.name.value;
    let istiod = "set `cert_provider = \"istiod\"` (istiod signs its own certificate with the mesh CA)";
    let Some(asm) = istio.asm.as_ref().filter(|_| mesh.target.value == MeshTarget::Istio) else {
        let runs = match mesh.target.value {
            MeshTarget::Ossm3 => format!("OpenShift Service Mesh 3 (Istio {})", version.text),
            _ => format!("upstream Istio {}", version.text),
        };
        return Some(Refusal {
            message: format!("mesh `{name}` runs {runs}, which refuses `cert_provider = \"kubernetes\"`"),
            label: "upstream istiod cannot get its certificate this way from Istio 1.22 on",
            at: istio.version.span.clone(),
            at_label: "the version that refuses it",
            help: format!("{istiod}; only Anthos Service Mesh up to 1.22 (`[meshes.asm]`) supports `kubernetes`"),
        });
    };
    if version.at_least(1, 23) {
        return Some(Refusal {
            message: format!("Anthos Service Mesh {} refuses `cert_provider = \"kubernetes\"`", version.text),
            label: "istiod exits at start-up with this from 1.23 on",
            at: istio.version.span.clone(),
            at_label: "the version that refuses it",
            help: format!("{istiod}; asmcli's own configuration switched to `istiod` in 1.23"),
        });
    }
    if asm.ca.value == AsmCa::Citadel {
        return Some(Refusal {
            message: format!("mesh `{name}` pairs `cert_provider = \"kubernetes\"` with asmcli's `--ca citadel`"),
            label: "asmcli's `citadel-ca` option installs `istiod`, so the install would contradict this",
            at: asm.ca.span.clone(),
            at_label: "istiod's own CA",
            help: format!("{istiod}, or use Mesh CA / CA Service (`ca = \"mesh_ca\"` or `\"gcp_cas\"`)"),
        });
    }
    let attached = istio
        .members
        .iter()
        .map(|m| cx.federation.cluster(m.cluster))
        .find(|c| matches!(c.platform.value, Platform::Aws | Platform::Azure))?;
    Some(Refusal {
        message: format!(
            "mesh `{name}` uses `cert_provider = \"kubernetes\"` on cluster `{}` ({})",
            attached.name.value,
            attached.platform.value.name()
        ),
        label: "asmcli's `attached-cluster` option installs `istiod` on GKE on AWS / Azure and attached clusters",
        at: attached.platform.span.clone(),
        at_label: "GKE on AWS / Azure or an attached cluster",
        help: format!("{istiod}: outside GKE on VMware and bare metal, Anthos Service Mesh uses it with every CA"),
    })
}
