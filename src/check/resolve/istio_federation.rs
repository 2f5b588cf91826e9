//! What an `istio`/`ossm3` mesh cannot take part in yet: OpenShift Service Mesh 2 federation
//! (peerings, export and import rules, failover to imported services). Between separately run
//! Istio meshes these become ServiceEntry/WorkloadEntry recipes (reference Part B), not built yet.
//! Each use is reported at the entry and left out, so the federation rules do not pile up
//! findings about a peering that cannot exist.

use super::Resolver;
use crate::diagnostic::Diagnostic;
use crate::model::{Federation, MeshId};
use crate::source::Span;

impl Resolver<'_> {
    pub(super) fn drop_federation_of_istio_meshes(&mut self, fed: &mut Federation) {
        let is_istio = |fed: &Federation, id: MeshId| fed.mesh(id).istio.is_some();
        let mut refused: Vec<(MeshId, Span, &str)> = Vec::new();
        for p in &fed.peerings {
            refused.extend(
                [(p.a, p.a_span.clone()), (p.b, p.b_span.clone())].into_iter().map(|(m, s)| (m, s, "a peering")),
            );
        }
        refused.extend(fed.exports.iter().map(|b| (b.mesh.id, b.mesh.span.clone(), "an export")));
        refused.extend(fed.imports.iter().map(|b| (b.mesh.id, b.mesh.span.clone(), "an import")));
        refused.extend(fed.imports.iter().map(|b| (b.from.id, b.from.span.clone(), "an import")));
        refused.extend(fed.failovers.iter().map(|f| (f.mesh.id, f.mesh.span.clone(), "a failover")));
        refused.retain(|(mesh, _, _)| is_istio(fed, *mesh));
        if refused.is_empty() {
            return;
        }
        for (mesh, span, what) in &refused {
            let finding = refusal(fed, *mesh, span.clone(), what);
            self.report(finding);
        }
        // The other side of each dropped entry loses a peering or flow: keep the rules about
        // missing peerings, exports and imports quiet for it (one finding per mistake).
        for p in fed.peerings.iter().filter(|p| is_istio(fed, p.a) || is_istio(fed, p.b)) {
            self.omissions.peerings_of.extend([p.a, p.b]);
        }
        for b in fed.imports.iter().filter(|b| is_istio(fed, b.mesh.id) || is_istio(fed, b.from.id)) {
            self.omissions.imports_of.insert(b.mesh.id);
            self.omissions.imported_from.insert(b.from.id);
            self.omissions.exports_of.insert(b.from.id);
        }
        let keep_peering: Vec<bool> = fed.peerings.iter().map(|p| !is_istio(fed, p.a) && !is_istio(fed, p.b)).collect();
        let mut keep = keep_peering.into_iter();
        fed.peerings.retain(|_| keep.next().unwrap_or(true));
        let istio: Vec<bool> = fed.meshes.iter().map(|m| m.istio.is_some()).collect();
        let ossm2 = |id: MeshId| !istio[id.0];
        fed.exports.retain(|b| ossm2(b.mesh.id));
        fed.imports.retain(|b| ossm2(b.mesh.id) && ossm2(b.from.id));
        fed.failovers.retain(|f| ossm2(f.mesh.id));
    }
}

fn refusal(fed: &Federation, id: MeshId, span: Span, what: &str) -> Diagnostic {
    let mesh = fed.mesh(id);
    let target = mesh.target.value.name();
    Diagnostic::error(
        "fedc::istio::federation-unsupported",
        format!("mesh `{}` (target `{target}`) cannot take part in {what}", mesh.name.value),
    )
    .label(span, format!("OpenShift Service Mesh 2 federation; fedc has no `{target}` equivalent yet"))
    .label(mesh.target.span.clone(), "the mesh's target")
    .help(
        "clusters of one `istio`/`ossm3` mesh already share every service (list them in its `clusters`); federation between \
         separately run Istio meshes is not supported yet: keep this mesh on `ossm2`, or remove the entry",
    )
}
