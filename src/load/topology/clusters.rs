//! `[[clusters]]` and `[[meshes]]`: where meshes run, their gateways, and the Istio settings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::Text;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClusterDef {
    #[schemars(with = "String")]
    pub(crate) name: Text,
    #[schemars(with = "String")]
    pub(crate) platform: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) network: Option<Text>,
    #[schemars(with = "Option<LocalityDef>")]
    pub(crate) locality: Option<Spanned<LocalityDef>>,
    /// `istio`/`ossm3` federation: the address peers reach this cluster's east-west gateway at.
    #[schemars(with = "Option<String>")]
    pub(crate) eastwest_address: Option<Text>,
    /// `false`: the cluster and its meshes are run by someone else (partner meshes); fedc emits
    /// nothing for it and writes a hand-off file per partner mesh instead.
    #[schemars(with = "Option<bool>")]
    pub(crate) managed: Option<Spanned<bool>>,
    /// The kubeconfig context `fedc status` (and the `istio`/`ossm3` operator steps) reach the
    /// cluster through; default: the cluster's name.
    #[schemars(with = "Option<String>")]
    pub(crate) context: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LocalityDef {
    #[schemars(with = "Option<String>")]
    pub(crate) region: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) zone: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) subzone: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeshDef {
    #[schemars(with = "String")]
    pub(crate) name: Text,
    /// `ossm2` (default), `istio` or `ossm3`.
    #[schemars(with = "Option<String>")]
    pub(crate) target: Option<Text>,
    /// The one cluster of the mesh (every target)…
    #[schemars(with = "Option<String>")]
    pub(crate) cluster: Option<Text>,
    /// …or, for `istio`/`ossm3`, every cluster it spans.
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) clusters: Option<Spanned<Vec<Text>>>,
    #[schemars(with = "Option<String>")]
    pub(crate) namespace: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) trust_domain: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) version: Option<Text>,
    /// PEM file with this mesh's root certificate, relative to the topology file.
    #[schemars(with = "Option<String>")]
    pub(crate) root_cert: Option<Text>,
    #[schemars(with = "Option<IngressDef>")]
    pub(crate) ingress: Option<Spanned<IngressDef>>,
    /// Gateway names per peer, when the defaults `ingress-<peer>` / `egress-<peer>` do not fit.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, GatewayNamesDef>")]
    pub(crate) gateways: BTreeMap<String, Spanned<GatewayNamesDef>>,
    /// `istio`/`ossm3`: `values.global.meshID` (default: the mesh name).
    #[schemars(with = "Option<String>")]
    pub(crate) mesh_id: Option<Text>,
    /// `istio`/`ossm3`: `clusterName` per cluster when it differs from the fedc cluster name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub(crate) cluster_names: BTreeMap<String, Text>,
    /// `istio`: `spec.revision` of the installer input.
    #[schemars(with = "Option<String>")]
    pub(crate) revision: Option<Text>,
    /// `istio`/`ossm3`: `values.global.pilotCertProvider` (default `istiod`).
    #[schemars(with = "Option<String>")]
    pub(crate) cert_provider: Option<Text>,
    /// `istio`/`ossm3`: the External Secrets store the remote-secret kubeconfigs are kept in.
    #[schemars(with = "Option<RemoteSecretsDef>")]
    pub(crate) remote_secrets: Option<Spanned<RemoteSecretsDef>>,
    /// `istio`: the mesh is Anthos Service Mesh, installed with `asmcli install`.
    #[schemars(with = "Option<AsmDef>")]
    pub(crate) asm: Option<Spanned<AsmDef>>,
    /// Namespaces that are members of the mesh (its ServiceMeshMemberRoll), checked, not emitted.
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) members: Option<Spanned<Vec<Text>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RemoteSecretsDef {
    #[schemars(with = "String")]
    pub(crate) store: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) store_kind: Option<Text>,
    /// Key per cluster in the store, with `{cluster}` (default `istio-remote-secret-{cluster}`).
    #[schemars(with = "Option<String>")]
    pub(crate) key: Option<Text>,
}

/// Anthos Service Mesh: what `asmcli install` needs beyond the mesh's own settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AsmDef {
    /// The fleet host project ID (`--fleet_id`).
    #[schemars(with = "String")]
    pub(crate) fleet_id: Text,
    /// The workload CA: `mesh_ca` (default, as asmcli), `citadel` or `gcp_cas` (`--ca`).
    #[schemars(with = "Option<String>")]
    pub(crate) ca: Option<Text>,
    /// `gcp_cas`: the CA pool, `projects/<project>/locations/<location>/caPools/<pool>`.
    #[schemars(with = "Option<String>")]
    pub(crate) ca_pool: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IngressDef {
    /// `LoadBalancer` (default) or `NodePort`.
    #[serde(rename = "type")]
    #[schemars(with = "Option<String>")]
    pub(crate) kind: Option<Text>,
    /// Address pattern peers dial, with `{peer}`, `{mesh}`, `{gateway}`, `{cluster}` placeholders.
    #[schemars(with = "Option<String>")]
    pub(crate) address: Option<Text>,
    /// Addresses per peer; wins over `address`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub(crate) addresses: BTreeMap<String, Spanned<Vec<Text>>>,
    /// NodePort: addresses of the nodes peers dial.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) nodes: Vec<Text>,
    /// NodePort: the node ports of the ingress gateway dedicated to each peer.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, NodePortsDef>")]
    pub(crate) node_ports: BTreeMap<String, Spanned<NodePortsDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NodePortsDef {
    #[schemars(with = "i64")]
    pub(crate) service: Spanned<i64>,
    #[schemars(with = "i64")]
    pub(crate) discovery: Spanned<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GatewayNamesDef {
    #[schemars(with = "Option<String>")]
    pub(crate) ingress: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) egress: Option<Text>,
}
