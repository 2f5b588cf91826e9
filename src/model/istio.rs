//! Meshes compiled for upstream Istio (`istio`) or OpenShift Service Mesh 3 (`ossm3`): one mesh
//! spanning several clusters, each with its own control plane (multi-primary), on its own network.
//! See ../shared/reference/istio-multicluster.md, Part A.

use super::{ClusterId, Located};
use crate::source::Span;

/// The product a mesh is compiled for. `ossm2` is the default and today's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MeshTarget {
    /// OpenShift Service Mesh 2.x: ServiceMeshControlPlane and `federation.maistra.io` objects.
    Ossm2,
    /// Upstream Istio / Anthos Service Mesh, installed with `istioctl` (or Helm).
    Istio,
    /// OpenShift Service Mesh 3: the Sail operator's `Istio` resource.
    Ossm3,
}

impl MeshTarget {
    pub(crate) const ALL: [(&'static str, MeshTarget); 3] =
        [("ossm2", MeshTarget::Ossm2), ("istio", MeshTarget::Istio), ("ossm3", MeshTarget::Ossm3)];

    pub(crate) fn parse(text: &str) -> Option<MeshTarget> {
        Self::ALL.iter().find(|(name, _)| *name == text).map(|(_, t)| *t)
    }

    pub(crate) fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, t)| *t == self).map_or("ossm2", |(name, _)| name)
    }
}

/// What an `istio` / `ossm3` mesh has beyond the settings every mesh has.
#[derive(Debug, Clone)]
pub(crate) struct IstioMesh {
    /// `values.global.meshID`: the same on every cluster of the mesh.
    pub(crate) mesh_id: Located<String>,
    /// The clusters the mesh spans, in the order written; the first is `Mesh::cluster`.
    pub(crate) members: Vec<Member>,
    pub(crate) version: Located<IstioVersion>,
    /// `spec.revision` of the `istio` installer input (e.g. ASM's `asm-1233-2`).
    pub(crate) revision: Option<Located<String>>,
    /// `values.global.pilotCertProvider`: who signs istiod's own serving certificate.
    pub(crate) cert_provider: Located<String>,
    /// Where the remote-secret kubeconfigs live, when External Secrets Operator fetches them.
    pub(crate) remote_secrets: Option<RemoteSecretStore>,
    /// `istio` meshes that are Anthos Service Mesh: installed with `asmcli`, not `istioctl`.
    pub(crate) asm: Option<Asm>,
}

/// Anthos Service Mesh settings (`[meshes.asm]`).
#[derive(Debug, Clone)]
pub(crate) struct Asm {
    /// `--fleet_id`: the fleet host project.
    pub(crate) fleet_id: Located<String>,
    pub(crate) ca: Located<AsmCa>,
    /// `--ca_pool`, for `gcp_cas`.
    pub(crate) ca_pool: Option<Located<String>>,
}

impl Asm {
    /// The cluster ID `asmcli create-mesh` gives a cluster reached through kube context `context`
    /// (`generate_secret_name` in asmcli's `lib/installation_dependencies.sh`): `_`, `.`, `@` and
    /// `:` become `-`; a name longer than 63 characters is cut to 42 and followed by `-` and the
    /// first 20 hex digits of the sha256 of the name and a line break (what `echo | sha256sum`
    /// hashes). It names the remote secret and is its data key.
    pub(crate) fn secret_id(context: &str) -> String {
        use sha2::{Digest, Sha256};
        let name: String = context.chars().map(|c| if "_.@:".contains(c) { '-' } else { c }).collect();
        if name.len() <= 63 {
            return name;
        }
        let digest = Sha256::digest(format!("{name}\n").as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{}-{}", &name[..42], &hex[..20])
    }
}

/// asmcli's `--ca`: who signs workload certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AsmCa {
    /// Mesh CA (Google's managed CA; asmcli's default).
    MeshCa,
    /// istiod's own CA with the intermediate from `cacerts` (asmcli creates it from `--ca_cert`…).
    Citadel,
    /// Certificate Authority Service: a CA pool in a Google Cloud project.
    GcpCas,
}

impl AsmCa {
    pub(crate) const ALL: [(&'static str, AsmCa); 3] =
        [("mesh_ca", AsmCa::MeshCa), ("citadel", AsmCa::Citadel), ("gcp_cas", AsmCa::GcpCas)];

    pub(crate) fn parse(text: &str) -> Option<AsmCa> {
        Self::ALL.iter().find(|(name, _)| *name == text).map(|(_, ca)| *ca)
    }
}

/// One cluster of a multi-cluster mesh.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) cluster: ClusterId,
    /// `values.global.multiCluster.clusterName` (the cluster ID istiod and remote secrets use).
    pub(crate) cluster_name: Located<String>,
    /// Where the cluster is listed in the mesh.
    pub(crate) span: Span,
}

/// The Istio version a mesh runs: `1.23.3` for `istio`, the Sail `spec.version` for `ossm3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IstioVersion {
    pub(crate) major: u32,
    pub(crate) minor: u32,
    /// As written (or defaulted): `1.23.3`, `v1.30-latest`.
    pub(crate) text: String,
}

impl IstioVersion {
    /// Parses `1.23`, `1.23.3`, `v1.30.3` or `v1.30-latest`.
    pub(crate) fn parse(text: &str) -> Option<IstioVersion> {
        let bare = text.strip_prefix('v').unwrap_or(text);
        let bare = bare.strip_suffix("-latest").unwrap_or(bare);
        let mut parts = bare.split('.');
        let number = |part: Option<&str>| -> Option<u32> {
            let part = part?;
            (!part.is_empty() && part.len() < 4 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        };
        let major = number(parts.next())?;
        let minor = number(parts.next())?;
        if let Some(patch) = parts.next() {
            number(Some(patch))?;
        }
        if parts.next().is_some() {
            return None;
        }
        Some(IstioVersion { major, minor, text: text.to_string() })
    }

    /// Whether this is at least `major.minor`.
    pub(crate) fn at_least(&self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

/// The newest Istio fedc knows for the `istio` target (written when `version` is absent).
pub(crate) const ISTIO_DEFAULT_VERSION: &str = "1.30.3";

/// `spec.version` values the Sail operator of OpenShift Service Mesh 3.4 accepts (the enum of
/// `istios.sailoperator.io`, v3.4.1), newest first; the first is the default.
pub(crate) const SAIL_VERSIONS: &[&str] = &[
    "v1.30.3",
    "v1.30-latest",
    "v1.30.1",
    "v1.28-latest",
    "v1.28.10",
    "v1.28.8",
    "v1.28.6",
    "v1.28.5",
    "v1.28.4",
    "v1.27-latest",
    "v1.27.9",
    "v1.27.8",
    "v1.27.5",
    "v1.27.3",
    "v1.26-latest",
    "v1.26.8",
    "v1.26.6",
    "v1.26.4",
    "v1.26.3",
    "v1.26.2",
];

/// `pilotCertProvider` values fedc accepts.
pub(crate) const CERT_PROVIDERS: &[&str] = &["istiod", "kubernetes"];

/// A (Cluster)SecretStore of External Secrets Operator holding one kubeconfig per cluster.
#[derive(Debug, Clone)]
pub(crate) struct RemoteSecretStore {
    pub(crate) store: Located<String>,
    /// `ClusterSecretStore` (default) or `SecretStore`.
    pub(crate) store_kind: Located<String>,
    /// Key of each kubeconfig in the store, with `{cluster}` for the remote's cluster name.
    pub(crate) key: Located<String>,
}

#[cfg(test)]
mod tests {
    use super::IstioVersion;

    #[test]
    fn asm_ids_are_what_asmcli_create_mesh_derives_from_a_context() {
        use super::Asm;
        assert_eq!(Asm::secret_id("cluster-1"), "cluster-1");
        assert_eq!(Asm::secret_id("admin@east.example:6443"), "admin-east-example-6443");
        let long = format!("arn-aws-eks-{}", "x".repeat(60));
        let id = Asm::secret_id(&long);
        assert_eq!((id.len(), &id[..43]), (63, &format!("{}-", &long[..42])[..]));
        assert!(id[43..].bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn versions_parse_in_both_spellings() {
        assert_eq!(IstioVersion::parse("1.23.3").map(|v| (v.major, v.minor)), Some((1, 23)));
        assert_eq!(IstioVersion::parse("v1.30-latest").map(|v| (v.major, v.minor)), Some((1, 30)));
        assert!(IstioVersion::parse("v2.6").is_some_and(|v| !v.at_least(3, 0)));
        for bad in ["", "1", "1.x", "1.2.3.4", "asm-1233-2", "1..2"] {
            assert!(IstioVersion::parse(bad).is_none(), "{bad}");
        }
    }
}
