//! `pilotCertProvider: kubernetes` (istiod's serving certificate from the Kubernetes CSR API) is
//! refused by istiod from Istio 1.23 on: it exits at start-up. OpenShift Service Mesh 3 runs 1.24+.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::MeshTarget;

pub const RULE: Rule = Rule { name: "istio-cert-provider", run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for mesh in &cx.federation.meshes {
        let Some(istio) = &mesh.istio else { continue };
        if istio.cert_provider.value != "kubernetes" || !istio.version.value.at_least(1, 23) {
            continue;
        }
        let runs = match mesh.target.value {
            MeshTarget::Ossm3 => format!("OpenShift Service Mesh 3 (Istio {})", istio.version.value.text),
            _ => format!("Istio {}", istio.version.value.text),
        };
        out.push(
            Diagnostic::new(
                codes::istio::CERT_PROVIDER_REFUSED,
                format!("mesh `{}` runs {runs}, which refuses `cert_provider = \"kubernetes\"`", mesh.name.value),
            )
            .label(istio.cert_provider.span.clone(), "istiod exits at start-up with this from Istio 1.23 on")
            .label(istio.version.span.clone(), "the version that refuses it")
            .help(
                "set `cert_provider = \"istiod\"` (istiod signs its own certificate with the mesh CA); `kubernetes` works only up to \
                 Istio/ASM 1.22",
            ),
        );
    }
}
