//! Export scope between Istio meshes (reference B6, B8). fedc enforces an export's `to` with an
//! ALLOW AuthorizationPolicy on each exported workload (`plan::federation_istio::scope`), admitting
//! by trust domain, which trust-domain aliases do not widen. On a one-cluster mesh the east-west
//! gateway serves only the imported hostnames, all of which are covered. A mesh of several clusters
//! serves every `*.local` service on its east-west gateways (its own cross-cluster traffic needs
//! that), so a peer reaches services no export names, which no policy covers: that is reported.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::MeshId;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let istio = |id: MeshId| fed.mesh(id).istio.is_some();
    for id in fed.mesh_ids().filter(|&id| istio(id) && fed.imports.iter().any(|b| b.from.id == id && istio(b.mesh.id)))
    {
        let mesh = fed.mesh(id);
        let Some(members) = mesh.istio.as_ref().map(|i| i.members.len()).filter(|n| *n > 1) else { continue };
        let mut peers: Vec<&str> =
            fed.peers_of(id).into_iter().filter(|p| istio(*p)).map(|p| fed.mesh(p).name.value.as_str()).collect();
        peers.sort_unstable();
        out.push(
            Diagnostic::new(
                codes::istio::EXPORT_NOT_ENFORCED,
                format!(
                    "mesh `{}` spans {members} clusters: {} can call its `*.local` services that no export covers",
                    mesh.name.value,
                    quoted(&peers)
                ),
            )
            .label(mesh.name.span.clone(), "its east-west gateways serve `*.local` for its own clusters")
            .help(
                "the clusters of one mesh reach each other through the same gateways; fedc restricts the services exported by \
                 name or namespace to the peers in `to`, the rest only an AuthorizationPolicy of your own restricts \
                 (admit principals by trust domain, `<trust domain>/*`: aliases widen `<td>/ns/<ns>/sa/<sa>` and `namespaces`)",
            ),
        );
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}
