//! `[meshes.asm]`: an `istio` mesh that is Anthos Service Mesh, installed with `asmcli install`.
//! Every value here ends up on an `asmcli` command line in the operator steps, so each is checked
//! against the form asmcli accepts (and that is safe to paste into a shell).

use toml::Spanned;

use super::{Resolver, located};
use crate::diagnostic::{Code, Diagnostic, codes};
use crate::load::{AsmDef, MeshDef};
use crate::model::{Asm, AsmCa, Located};
use crate::suggest::unknown_help;

const CODE: Code = codes::istio::ASM_SETTING;

impl Resolver<'_> {
    /// The ASM settings of an `istio` mesh; `revision` is required with them (asmcli names its own
    /// revision otherwise, and fedc labels namespaces and the east-west gateway with it).
    pub(super) fn asm(&mut self, def: &MeshDef) -> Option<Asm> {
        let spanned: &Spanned<AsmDef> = def.asm.as_ref()?;
        let asm = spanned.get_ref();
        let fleet_id = located(&asm.fleet_id);
        if !is_project_id(&fleet_id.value) {
            self.report(
                Diagnostic::new(CODE, format!("`fleet_id` `{}` is not a Google Cloud project ID", fleet_id.value))
                    .label(
                        fleet_id.span.clone(),
                        "6 to 30 lower-case letters, digits or hyphens, starting with a letter",
                    )
                    .help(
                        "write the fleet host project's ID (not its name or number), as `asmcli --fleet_id` takes it",
                    ),
            );
        }
        let ca = self.asm_ca(asm, spanned.span());
        let ca_pool = asm.ca_pool.as_ref().map(located);
        self.check_ca_pool(ca.value, ca_pool.as_ref(), &ca);
        if let Some(namespace) = def.namespace.as_ref().filter(|n| n.get_ref() != "istio-system") {
            self.report(
                Diagnostic::new(CODE, format!("asmcli installs into `istio-system`, not `{}`", namespace.get_ref()))
                    .label(namespace.span(), "asmcli has no option for another namespace")
                    .label(spanned.span(), "the mesh is installed with asmcli")
                    .help("remove `namespace` (the default is `istio-system`)"),
            );
        }
        if def.revision.is_none() {
            self.report(
                Diagnostic::new(CODE, format!("Anthos Service Mesh mesh `{}` has no `revision`", def.name.get_ref()))
                    .label(spanned.span(), "asmcli installs a revisioned control plane")
                    .help(
                        "add `revision = \"asm-<version>-<n>\"`: it becomes `asmcli --revision_name`, the east-west gateway's revision and the `istio.io/rev` label of application namespaces",
                    ),
            );
        }
        Some(Asm { fleet_id, ca, ca_pool })
    }

    fn asm_ca(&mut self, asm: &AsmDef, at: crate::source::Span) -> Located<AsmCa> {
        let Some(text) = &asm.ca else { return Located::new(AsmCa::MeshCa, at) };
        match AsmCa::parse(text.get_ref()) {
            Some(ca) => Located::new(ca, text.span()),
            None => {
                let names = AsmCa::ALL.iter().map(|(n, _)| *n);
                self.report(
                    Diagnostic::new(CODE, format!("unknown asmcli CA `{}`", text.get_ref()))
                        .label(text.span(), "expected `mesh_ca`, `citadel` or `gcp_cas`")
                        .help(unknown_help("CA", text.get_ref(), names)),
                );
                Located::new(AsmCa::MeshCa, text.span())
            }
        }
    }

    fn check_ca_pool(&mut self, ca: AsmCa, pool: Option<&Located<String>>, at: &Located<AsmCa>) {
        match (ca, pool) {
            (AsmCa::GcpCas, None) => self.report(
                Diagnostic::new(CODE, "`ca = \"gcp_cas\"` needs `ca_pool`")
                    .label(at.span.clone(), "Certificate Authority Service signs from a CA pool")
                    .help("add `ca_pool = \"projects/<project>/locations/<location>/caPools/<pool>\"`"),
            ),
            (AsmCa::GcpCas, Some(pool)) if !is_ca_pool(&pool.value) => self.report(
                Diagnostic::new(CODE, format!("`ca_pool` `{}` is not a CA pool name", pool.value))
                    .label(pool.span.clone(), "expected `projects/<project>/locations/<location>/caPools/<pool>`")
                    .help("write the pool's full resource name, as `asmcli --ca_pool` takes it"),
            ),
            (AsmCa::MeshCa | AsmCa::Citadel, Some(pool)) => self.report(
                Diagnostic::new(CODE, "`ca_pool` is set but the CA is not `gcp_cas`")
                    .label(pool.span.clone(), "asmcli reads it only with `--ca gcp_cas`")
                    .label(at.span.clone(), "the CA in use")
                    .help("remove `ca_pool`, or set `ca = \"gcp_cas\"`"),
            ),
            _ => {}
        }
    }
}

/// A Google Cloud project ID: 6–30 characters, lower-case letters, digits and hyphens, starting
/// with a letter, not ending with a hyphen.
fn is_project_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    (6..=30).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes.last().is_some_and(|b| *b != b'-')
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// `projects/<project>/locations/<location>/caPools/<pool>` with plain names (no shell syntax).
fn is_ca_pool(text: &str) -> bool {
    let parts: Vec<&str> = text.split('/').collect();
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    matches!(parts.as_slice(), ["projects", project, "locations", location, "caPools", pool]
        if plain(project) && plain(location) && plain(pool))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_ids_and_pools_are_checked_as_asmcli_takes_them() {
        assert!(is_project_id("my-fleet-project"));
        for bad in ["short", "1project", "Project-x", "trailing-", "a;rm -rf x", "way-too-long-for-a-google-project-id"]
        {
            assert!(!is_project_id(bad), "{bad}");
        }
        assert!(is_ca_pool("projects/p-1/locations/us-east1/caPools/mesh_pool"));
        for bad in ["projects/p/locations/l/caPools/", "projects/p/caPools/x", "projects/$(x)/locations/l/caPools/p"] {
            assert!(!is_ca_pool(bad), "{bad}");
        }
    }
}
