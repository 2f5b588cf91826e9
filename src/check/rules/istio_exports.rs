//! Export to a chosen peer only cannot be enforced between Istio meshes (reference B8): the
//! east-west gateway routes every listed hostname for anyone who reaches it, and every peer is
//! trusted through `trustDomainAliases`, under which an AuthorizationPolicy naming one peer's
//! identities also admits the others' (B6). So an export limited with `to` is reported, naming
//! the peers that can call it anyway; a mesh of several clusters also exposes every `*.local`
//! service (its own cross-cluster traffic needs that), which is reported the same way.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::MeshId;

pub const RULE: Rule = Rule { name: "istio-exports", run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let istio = |id: MeshId| fed.mesh(id).istio.is_some();
    for block in fed.exports.iter().filter(|b| istio(b.mesh.id)) {
        let Some(to) = &block.to else { continue };
        let mesh = fed.mesh(block.mesh.id);
        let mut others: Vec<&str> = fed
            .peers_of(block.mesh.id)
            .into_iter()
            .filter(|p| istio(*p) && !to.iter().any(|t| t.id == *p))
            .map(|p| fed.mesh(p).name.value.as_str())
            .collect();
        others.sort_unstable();
        if others.is_empty() {
            continue;
        }
        let chosen: Vec<&str> = to.iter().map(|t| fed.mesh(t.id).name.value.as_str()).collect();
        out.push(
            Diagnostic::new(
                codes::istio::EXPORT_NOT_ENFORCED,
                format!(
                    "mesh `{}` exports to {} only, but {} can call these services too",
                    mesh.name.value,
                    quoted(&chosen),
                    quoted(&others)
                ),
            )
            .label(block.span.clone(), format!("reachable from {}", quoted(&others)))
            .help(
                "between Istio meshes every trusted peer that reaches the east-west gateway can call every exported hostname; \
                 restrict callers with an AuthorizationPolicy on the workloads (it cannot tell aliased trust domains apart when \
                 namespace and service-account names coincide), or stop peering with the others",
            ),
        );
    }
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
                format!("mesh `{}` spans {members} clusters: {} can call every `*.local` service", mesh.name.value, quoted(&peers)),
            )
            .label(mesh.name.span.clone(), "its east-west gateways serve `*.local` for its own clusters")
            .help("the clusters of one mesh reach each other through the same gateway; restrict callers with AuthorizationPolicy"),
        );
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}
