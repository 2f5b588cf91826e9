//! Turns the spanned topology into the [`Federation`] model: names resolved to indices, text parsed
//! into types, defaults filled in. References to unknown names are reported here (with a
//! suggestion) and the item that holds them is left out, so the rules see a consistent model.

mod certificates;
mod clusters;
mod flows;
mod gitops;
mod gitops_argocd;
mod gitops_flux;
mod istio;
mod istio_asm;
mod istio_federation;
mod meshes;
mod names;
mod overlays;
mod peerings;

use std::collections::BTreeSet;

use names::NameTable;

use crate::diagnostic::{Code, Diagnostic, codes};
use crate::load::{Attachments, Text, Topology};
use crate::model::{Federation, Located, MeshId, Target};
use crate::source::Span;

pub(crate) struct Resolver<'a> {
    attachments: &'a Attachments,
    diagnostics: Vec<Diagnostic>,
    clusters: NameTable,
    meshes: NameTable,
    omissions: Omissions,
}

/// Peerings and service flows resolving had to leave (partly) out because of a reported finding.
/// Rules that reason about something missing (a peering, an export, an import) stay quiet about
/// these meshes, so that one typo gives one finding.
#[derive(Debug, Default)]
pub(crate) struct Omissions {
    /// Meshes whose exports lost a block, a target or a rule.
    pub(crate) exports_of: BTreeSet<MeshId>,
    /// Meshes whose imports lost a block or a rule.
    pub(crate) imports_of: BTreeSet<MeshId>,
    /// Meshes that an import block or rule left out imports from.
    pub(crate) imported_from: BTreeSet<MeshId>,
    /// Meshes listed in a `[[peerings]]` entry with a mesh that does not resolve.
    pub(crate) peerings_of: BTreeSet<MeshId>,
    /// Some `[[meshes]]` entry did not resolve (so "no mesh" may be an echo).
    pub(crate) meshes_dropped: bool,
}

/// Resolves a topology; the findings are about references and values that could not be parsed.
pub(crate) fn resolve(topology: &Topology, attachments: &Attachments) -> (Federation, Vec<Diagnostic>, Omissions) {
    let mut resolver = Resolver {
        attachments,
        diagnostics: Vec::new(),
        clusters: NameTable::new("cluster"),
        meshes: NameTable::new("mesh"),
        omissions: Omissions::default(),
    };
    let federation = resolver.federation(topology);
    resolver.omissions.meshes_dropped = federation.meshes.len() != topology.meshes.len();
    (federation, resolver.diagnostics, resolver.omissions)
}

impl Resolver<'_> {
    fn federation(&mut self, topology: &Topology) -> Federation {
        let def = topology.federation.get_ref();
        let target = self.target(def.target.as_ref());
        let clusters = self.clusters(&topology.clusters);
        let meshes = self.meshes(&topology.meshes, &clusters);
        let peerings = self.peerings(&topology.peerings);
        let mut federation = Federation {
            name: located(&def.name),
            target,
            gitops: topology.gitops.as_ref().map(|g| self.gitops(g.get_ref())),
            clusters,
            meshes,
            peerings,
            exports: Vec::new(),
            imports: Vec::new(),
            failovers: Vec::new(),
            overlays: Vec::new(),
            certificate_expiry_warning: self.expiry_warning(def),
            index: Default::default(),
        };
        federation.exports = self.exports(&topology.exports);
        federation.imports = self.imports(&topology.imports);
        federation.failovers = self.failovers(&topology.failover, &federation);
        federation.overlays = self.overlays(&topology.overlays);
        self.drop_federation_of_istio_meshes(&mut federation);
        federation
    }

    fn target(&mut self, target: Option<&Text>) -> Target {
        if let Some(target) = target.filter(|t| t.get_ref() != "maistra") {
            self.report(
                Diagnostic::new(codes::federation::UNKNOWN_TARGET, format!("unknown target `{}`", target.get_ref()))
                    .label(target.span(), "fedc compiles for `maistra` (OpenShift Service Mesh 2.x)")
                    .help("remove `target` or set it to `maistra`; for upstream Istio or OpenShift Service Mesh 3, set `target = \"istio\"` or `\"ossm3\"` on each `[[meshes]]` entry"),
            );
        }
        Target::Maistra
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Looks a mesh up, recording the finding when unknown.
    fn mesh_ref(&mut self, name: &Text, code: Code, referrer: &str) -> Option<crate::model::Ref<crate::model::MeshId>> {
        match self.meshes.find(name, code, referrer) {
            Ok(index) => Some(crate::model::Ref { id: crate::model::MeshId(index), span: name.span() }),
            Err(finding) => {
                self.diagnostics.extend(finding);
                None
            }
        }
    }
}

pub(crate) fn located(text: &Text) -> Located<String> {
    Located::new(text.get_ref().clone(), text.span())
}

pub(crate) fn located_or(text: Option<&Text>, default: impl FnOnce() -> String, span: Span) -> Located<String> {
    text.map_or_else(|| Located::new(default(), span), located)
}
