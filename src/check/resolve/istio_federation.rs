//! Federation across targets. Between two `istio`/`ossm3` meshes it is compiled to plain Istio and
//! Gateway-API objects (`plan/federation_istio`, reference Part B). Between an `ossm2` mesh and an
//! `istio`/`ossm3` mesh traffic only flows after the OSSM 2.6 control plane is patched by hand
//! (reference B2: trust-domain aliases, Gateway-API network discovery, `manageNetworkPolicy: false`),
//! which fedc does not render: such a peering, export or import is refused at the entry and left
//! out, so the federation rules do not pile up findings about a peering that cannot exist.

use super::Resolver;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, MeshId};
use crate::source::Span;

impl Resolver<'_> {
    pub(super) fn drop_federation_of_istio_meshes(&mut self, fed: &mut Federation) {
        let istio: Vec<bool> = fed.meshes.iter().map(|m| m.istio.is_some()).collect();
        let mixed = |a: MeshId, b: MeshId| istio[a.0] != istio[b.0];
        let mut refused: Vec<(MeshId, MeshId, Span, &str)> = Vec::new();
        for p in fed.peerings.iter().filter(|p| mixed(p.a, p.b)) {
            refused.push((p.a, p.b, p.a_span.clone(), "a peering"));
        }
        for b in fed.imports.iter().filter(|b| mixed(b.mesh.id, b.from.id)) {
            refused.push((b.mesh.id, b.from.id, b.from.span.clone(), "an import"));
        }
        for b in &fed.exports {
            for to in b.to.iter().flatten().filter(|to| mixed(b.mesh.id, to.id)) {
                refused.push((b.mesh.id, to.id, to.span.clone(), "an export"));
            }
        }
        if refused.is_empty() {
            return;
        }
        for (mesh, other, span, what) in &refused {
            let finding = refusal(fed, *mesh, *other, span.clone(), what);
            self.report(finding);
        }
        // The other side of each dropped entry loses a peering or flow: keep the rules about
        // missing peerings, exports and imports quiet for it (one finding per mistake).
        for p in fed.peerings.iter().filter(|p| mixed(p.a, p.b)) {
            self.omissions.peerings_of.extend([p.a, p.b]);
        }
        for b in fed.imports.iter().filter(|b| mixed(b.mesh.id, b.from.id)) {
            self.omissions.imports_of.insert(b.mesh.id);
            self.omissions.imported_from.insert(b.from.id);
            self.omissions.exports_of.insert(b.from.id);
        }
        fed.peerings.retain(|p| !mixed(p.a, p.b));
        fed.imports.retain(|b| !mixed(b.mesh.id, b.from.id));
        for b in &mut fed.exports {
            if let Some(to) = &mut b.to {
                to.retain(|to| !mixed(b.mesh.id, to.id));
            }
        }
        fed.exports.retain(|b| b.to.as_ref().is_none_or(|to| !to.is_empty()));
    }
}

fn refusal(fed: &Federation, id: MeshId, other: MeshId, span: Span, what: &str) -> Diagnostic {
    let (mesh, peer) = (fed.mesh(id), fed.mesh(other));
    let target = mesh.target.value.name();
    let peer_target = peer.target.value.name();
    Diagnostic::new(
        codes::istio::FEDERATION_UNSUPPORTED,
        format!(
            "mesh `{}` (target `{target}`) and mesh `{}` (target `{peer_target}`) cannot take part in {what} together",
            mesh.name.value, peer.name.value
        ),
    )
    .label(span, "federation between an `ossm2` mesh and an `istio`/`ossm3` mesh")
    .label(mesh.target.span.clone(), format!("target `{target}`"))
    .help(
        "traffic between OpenShift Service Mesh 2 federation and Istio meshes flows only after the OSSM 2.6 control plane \
         is patched by hand (trust-domain aliases, Gateway-API network discovery): migrate both meshes together \
         (`fedc diff <topology> --target ossm3 --out <dir>` shows the result), or keep both on the same target",
    )
}
