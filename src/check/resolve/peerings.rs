use toml::Spanned;

use super::Resolver;
use crate::diagnostic::{Diagnostic, codes};
use crate::load::PeeringDef;
use crate::model::{MeshId, Peering};

impl Resolver<'_> {
    /// Every `[[peerings]]` entry becomes one peering per pair of the meshes it lists.
    pub(super) fn peerings(&mut self, defs: &[Spanned<PeeringDef>]) -> Vec<Peering> {
        let mut peerings = Vec::new();
        for (entry, def) in defs.iter().enumerate() {
            let names = &def.get_ref().meshes;
            if names.len() < 2 {
                self.report(
                    Diagnostic::new(codes::peer::TOO_FEW_MESHES, "a peering needs at least two meshes")
                        .label(def.span(), "lists fewer than two meshes")
                        .help("list two meshes for one peering, or more to peer every pair of them"),
                );
                continue;
            }
            let ids: Vec<_> =
                names.iter().map(|name| self.mesh_ref(name, codes::peer::UNKNOWN_MESH, "peering")).collect();
            if ids.iter().any(Option::is_none) {
                // Both the meshes listed and the ones a misspelt name most likely meant lost a peering.
                self.omissions.peerings_of.extend(ids.iter().flatten().map(|r| r.id));
                let meant = names.iter().filter_map(|n| self.meshes.likely(n.get_ref())).map(MeshId);
                self.omissions.peerings_of.extend(meant);
            }
            for (i, a) in ids.iter().enumerate() {
                for b in &ids[i + 1..] {
                    if let (Some(a), Some(b)) = (a, b) {
                        peerings.push(Peering {
                            a: a.id,
                            b: b.id,
                            a_span: a.span.clone(),
                            b_span: b.span.clone(),
                            entry,
                        });
                    }
                }
            }
        }
        peerings
    }
}
