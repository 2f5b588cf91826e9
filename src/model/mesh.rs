use std::collections::BTreeMap;

use super::{ClusterId, IstioMesh, Located, MeshTarget};
use crate::source::Span;

#[derive(Debug, Clone)]
pub(crate) struct Mesh {
    pub(crate) name: Located<String>,
    /// `ossm2` (default), `istio` or `ossm3`.
    pub(crate) target: Located<MeshTarget>,
    /// The mesh's cluster; for `istio`/`ossm3`, the first of `istio.members`.
    pub(crate) cluster: ClusterId,
    /// Control-plane namespace: where the SMCP and every federation object of this mesh live.
    pub(crate) namespace: Located<String>,
    pub(crate) trust_domain: Located<String>,
    pub(crate) version: Located<SmcpVersion>,
    pub(crate) root_cert: Option<RootCert>,
    pub(crate) ingress: Ingress,
    /// Gateway names chosen per peer (by peer mesh name); unlisted peers get the defaults.
    pub(crate) gateway_overrides: BTreeMap<String, GatewayOverride>,
    /// Multi-cluster settings of an `istio`/`ossm3` mesh; `None` for `ossm2`.
    pub(crate) istio: Option<IstioMesh>,
    /// Declared member namespaces (`members`); `None` when the topology does not say.
    pub(crate) members: Option<Located<Vec<Located<String>>>>,
}

impl Mesh {
    /// Name of this mesh's ingress gateway dedicated to `peer`.
    pub(crate) fn ingress_gateway(&self, peer: &str) -> Located<String> {
        self.gateway_overrides
            .get(peer)
            .and_then(|g| g.ingress.clone())
            .unwrap_or_else(|| Located::new(format!("ingress-{peer}"), self.name.span.clone()))
    }

    /// Name of this mesh's egress gateway dedicated to `peer`.
    pub(crate) fn egress_gateway(&self, peer: &str) -> Located<String> {
        self.gateway_overrides
            .get(peer)
            .and_then(|g| g.egress.clone())
            .unwrap_or_else(|| Located::new(format!("egress-{peer}"), self.name.span.clone()))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct GatewayOverride {
    pub(crate) ingress: Option<Located<String>>,
    pub(crate) egress: Option<Located<String>>,
    pub(crate) span: Span,
}

/// `spec.version` of the ServiceMeshControlPlane, e.g. `v2.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SmcpVersion {
    pub(crate) major: u32,
    pub(crate) minor: u32,
}

impl SmcpVersion {
    /// The newest OpenShift Service Mesh 2.x control plane; the default.
    pub(crate) const LATEST: SmcpVersion = SmcpVersion { major: 2, minor: 6 };
    /// Federation appeared in 2.1.
    pub(crate) const FEDERATION_MIN: SmcpVersion = SmcpVersion { major: 2, minor: 1 };

    /// Parses `v2.5` (the `v` is required, as the SMCP webhook expects it).
    pub(crate) fn parse(text: &str) -> Option<SmcpVersion> {
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
pub(crate) struct RootCert {
    /// The path as written, and its span.
    pub(crate) path: Located<String>,
    /// File content; `None` when it could not be read (reported by the checker).
    pub(crate) pem: Option<String>,
    /// Its `CERTIFICATE` blocks, normalised (what the generated objects carry), read once: `None`
    /// when the file was not read or holds anything else (the checker reports why).
    pub(crate) certificates: Option<String>,
    /// Why the file could not or may not be read, when it was not.
    pub(crate) read_error: Option<super::FileProblem>,
}

/// How long before a root certificate expires `check` starts to warn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExpiryWarning {
    pub(crate) seconds: i64,
    /// As written in the topology (`30d`, `720h`), for messages.
    pub(crate) written: String,
}

/// How the federation ingress gateways of a mesh are reachable from its peers.
#[derive(Debug, Clone)]
pub(crate) struct Ingress {
    pub(crate) exposure: Exposure,
    pub(crate) span: Span,
}

#[derive(Debug, Clone)]
pub(crate) enum Exposure {
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
pub(crate) struct NodePorts {
    pub(crate) service: Located<i64>,
    pub(crate) discovery: Located<i64>,
    pub(crate) span: Span,
}

/// The addresses and ports a peer dials to reach one of this mesh's ingress gateways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteEndpoint {
    pub(crate) addresses: Vec<Located<String>>,
    /// `(service, discovery)` ports when they differ from 15443 / 8188.
    pub(crate) ports: Option<(i64, i64)>,
}

impl Ingress {
    /// Where `peer` reaches the gateway `gateway` that `mesh` (on `cluster`) dedicates to it.
    pub(crate) fn endpoint_for(&self, peer: &str, mesh: &str, gateway: &str, cluster: &str) -> RemoteEndpoint {
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
