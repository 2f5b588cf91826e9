use std::collections::BTreeMap;

use super::{ClusterId, IstioMesh, Located, MeshTarget};
use crate::source::Span;

#[derive(Debug, Clone)]
pub struct Mesh {
    pub name: Located<String>,
    /// `ossm2` (default), `istio` or `ossm3`.
    pub target: Located<MeshTarget>,
    /// The mesh's cluster; for `istio`/`ossm3`, the first of `istio.members`.
    pub cluster: ClusterId,
    /// Control-plane namespace: where the SMCP and every federation object of this mesh live.
    pub namespace: Located<String>,
    pub trust_domain: Located<String>,
    pub version: Located<SmcpVersion>,
    pub root_cert: Option<RootCert>,
    pub ingress: Ingress,
    /// Gateway names chosen per peer (by peer mesh name); unlisted peers get the defaults.
    pub gateway_overrides: BTreeMap<String, GatewayOverride>,
    /// Multi-cluster settings of an `istio`/`ossm3` mesh; `None` for `ossm2`.
    pub istio: Option<IstioMesh>,
    /// Declared member namespaces (`members`); `None` when the topology does not say.
    pub members: Option<Located<Vec<Located<String>>>>,
}

impl Mesh {
    /// Name of this mesh's ingress gateway dedicated to `peer`.
    pub fn ingress_gateway(&self, peer: &str) -> Located<String> {
        self.gateway_overrides
            .get(peer)
            .and_then(|g| g.ingress.clone())
            .unwrap_or_else(|| Located::new(format!("ingress-{peer}"), self.name.span.clone()))
    }

    /// Name of this mesh's egress gateway dedicated to `peer`.
    pub fn egress_gateway(&self, peer: &str) -> Located<String> {
        self.gateway_overrides
            .get(peer)
            .and_then(|g| g.egress.clone())
            .unwrap_or_else(|| Located::new(format!("egress-{peer}"), self.name.span.clone()))
    }
}

#[derive(Debug, Clone)]
pub struct GatewayOverride {
    pub ingress: Option<Located<String>>,
    pub egress: Option<Located<String>>,
    pub span: Span,
}

/// `spec.version` of the ServiceMeshControlPlane, e.g. `v2.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SmcpVersion {
    pub major: u32,
    pub minor: u32,
}

impl SmcpVersion {
    /// The newest OpenShift Service Mesh 2.x control plane; the default.
    pub const LATEST: SmcpVersion = SmcpVersion { major: 2, minor: 6 };
    /// Federation appeared in 2.1.
    pub const FEDERATION_MIN: SmcpVersion = SmcpVersion { major: 2, minor: 1 };

    /// Parses `v2.5` (the `v` is required, as the SMCP webhook expects it).
    pub fn parse(text: &str) -> Option<SmcpVersion> {
        let (major, minor) = text.strip_prefix('v')?.split_once('.')?;
        let all_digits = |s: &str| !s.is_empty() && s.len() < 4 && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(major) || !all_digits(minor) {
            return None;
        }
        Some(SmcpVersion { major: major.parse().ok()?, minor: minor.parse().ok()? })
    }
}

impl std::fmt::Display for SmcpVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v{}.{}", self.major, self.minor)
    }
}

#[derive(Debug, Clone)]
pub struct RootCert {
    /// The path as written, and its span.
    pub path: Located<String>,
    /// File content; `None` when it could not be read (reported by the checker).
    pub pem: Option<String>,
    /// Why the file could not or may not be read, when it was not.
    pub read_error: Option<super::FileProblem>,
}

/// How long before a root certificate expires `check` starts to warn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryWarning {
    pub seconds: i64,
    /// As written in the topology (`30d`, `720h`), for messages.
    pub written: String,
}

/// How the federation ingress gateways of a mesh are reachable from its peers.
#[derive(Debug, Clone)]
pub struct Ingress {
    pub exposure: Exposure,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Exposure {
    LoadBalancer {
        /// Address pattern with `{peer}`, `{mesh}`, `{gateway}`, `{cluster}` placeholders.
        pattern: Option<Located<String>>,
        /// Addresses per peer mesh name.
        addresses: BTreeMap<String, Located<Vec<Located<String>>>>,
    },
    NodePort {
        nodes: Vec<Located<String>>,
        /// Node ports per peer mesh name.
        ports: BTreeMap<String, NodePorts>,
    },
}

#[derive(Debug, Clone)]
pub struct NodePorts {
    pub service: Located<i64>,
    pub discovery: Located<i64>,
    pub span: Span,
}

/// The addresses and ports a peer dials to reach one of this mesh's ingress gateways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteEndpoint {
    pub addresses: Vec<Located<String>>,
    /// `(service, discovery)` ports when they differ from 15443 / 8188.
    pub ports: Option<(i64, i64)>,
}

impl Ingress {
    /// Where `peer` reaches the gateway `gateway` that `mesh` (on `cluster`) dedicates to it.
    pub fn endpoint_for(&self, peer: &str, mesh: &str, gateway: &str, cluster: &str) -> RemoteEndpoint {
        match &self.exposure {
            Exposure::LoadBalancer { pattern, addresses } => {
                let addresses = match (addresses.get(peer), pattern) {
                    (Some(list), _) => list.value.clone(),
                    (None, Some(pattern)) => {
                        let address = pattern
                            .value
                            .replace("{peer}", peer)
                            .replace("{mesh}", mesh)
                            .replace("{gateway}", gateway)
                            .replace("{cluster}", cluster);
                        vec![Located::new(address, pattern.span.clone())]
                    }
                    (None, None) => Vec::new(),
                };
                RemoteEndpoint { addresses, ports: None }
            }
            Exposure::NodePort { nodes, ports } => RemoteEndpoint {
                addresses: nodes.clone(),
                ports: ports.get(peer).map(|p| (p.service.value, p.discovery.value)),
            },
        }
    }
}
