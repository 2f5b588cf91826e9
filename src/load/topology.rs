//! The topology file as written: serde types that keep the span of every value a finding may point at.
//! Nothing here is resolved or defaulted; `check::resolve` does that.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    pub federation: Spanned<FederationDef>,
    pub gitops: Option<Spanned<GitOpsDef>>,
    #[serde(default)]
    pub clusters: Vec<Spanned<ClusterDef>>,
    #[serde(default)]
    pub meshes: Vec<Spanned<MeshDef>>,
    #[serde(default)]
    pub peerings: Vec<Spanned<PeeringDef>>,
    #[serde(default)]
    pub exports: Vec<Spanned<ExportDef>>,
    #[serde(default)]
    pub imports: Vec<Spanned<ImportDef>>,
    #[serde(default)]
    pub failover: Vec<Spanned<FailoverDef>>,
    #[serde(default)]
    pub overlays: Vec<Spanned<OverlayDef>>,
    /// Warnings known and accepted, each for one item, with the reason (like `#[allow]`).
    #[serde(default)]
    pub acknowledge: Vec<Spanned<AcknowledgeDef>>,
}

/// `[[acknowledge]]`: the warning `code` reported at `item` (the text the warning points at, e.g.
/// `payments/ledger`) is known and accepted for `reason`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeDef {
    pub code: Text,
    pub item: Text,
    pub reason: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FederationDef {
    pub name: Text,
    /// Which mesh product the output is for; only `maistra` (OpenShift Service Mesh 2.x) today.
    pub target: Option<Text>,
    /// How long before a root certificate expires to warn (`30d`, `720h`); default 30 days.
    pub certificate_expiry_warning: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GitOpsDef {
    pub repo_url: Text,
    pub revision: Option<Text>,
    /// Where the output directory sits inside the repository (prefix of `clusters/<cluster>`).
    pub path: Option<Text>,
    pub argocd: Option<Spanned<ArgoCdDef>>,
    pub flux: Option<Spanned<FluxDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArgoCdDef {
    pub namespace: Option<Text>,
    pub project: Option<Text>,
    /// `automated` (default) or `manual`.
    pub sync: Option<Text>,
    pub prune: Option<Spanned<bool>>,
    pub self_heal: Option<Spanned<bool>>,
    pub create_namespace: Option<Spanned<bool>>,
    pub server_side_apply: Option<Spanned<bool>>,
    pub retry: Option<Spanned<RetryDef>>,
    /// fedc cluster name → the Argo CD cluster (by name or API server URL) it is deployed to.
    pub destinations: Option<Spanned<BTreeMap<String, Spanned<DestinationDef>>>>,
    /// Select the Argo CD clusters by label instead (cluster generator).
    pub cluster_selector: Option<Spanned<ClusterSelectorDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryDef {
    pub limit: Spanned<i64>,
    pub backoff: Option<Text>,
    pub factor: Option<Spanned<i64>>,
    pub max_backoff: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DestinationDef {
    pub name: Option<Text>,
    pub server: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSelectorDef {
    /// Label of the Argo CD cluster secret whose value is the fedc cluster name.
    pub label: Text,
    #[serde(default)]
    pub match_labels: BTreeMap<String, Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FluxDef {
    pub namespace: Option<Text>,
    /// Name of the GitRepository (or other source) the Kustomizations read from.
    pub source: Option<Text>,
    pub source_kind: Option<Text>,
    pub interval: Option<Text>,
    /// Flux Kustomizations that must be ready first (e.g. the one installing the OSSM operator).
    #[serde(default)]
    pub depends_on: Vec<Text>,
    pub prune: Option<Spanned<bool>>,
    pub wait: Option<Spanned<bool>>,
    pub timeout: Option<Text>,
    pub decryption: Option<Spanned<DecryptionDef>>,
    /// One management cluster applies to every cluster (`kubeConfig`); names its `flux/` directory.
    pub management_cluster: Option<Text>,
    /// fedc cluster name → Secret (in the Flux namespace) holding its kubeconfig.
    pub kubeconfig_secrets: Option<Spanned<BTreeMap<String, Text>>>,
    pub kubeconfig_key: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecryptionDef {
    pub provider: Text,
    pub secret: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterDef {
    pub name: Text,
    pub platform: Text,
    pub network: Option<Text>,
    pub locality: Option<Spanned<LocalityDef>>,
    /// `false`: the cluster and its meshes are run by someone else (partner meshes); fedc emits
    /// nothing for it and writes a hand-off file per partner mesh instead.
    pub managed: Option<Spanned<bool>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalityDef {
    pub region: Option<Text>,
    pub zone: Option<Text>,
    pub subzone: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeshDef {
    pub name: Text,
    /// `ossm2` (default), `istio` or `ossm3`.
    pub target: Option<Text>,
    /// The one cluster of the mesh (every target)…
    pub cluster: Option<Text>,
    /// …or, for `istio`/`ossm3`, every cluster it spans.
    pub clusters: Option<Spanned<Vec<Text>>>,
    pub namespace: Option<Text>,
    pub trust_domain: Option<Text>,
    pub version: Option<Text>,
    /// PEM file with this mesh's root certificate, relative to the topology file.
    pub root_cert: Option<Text>,
    pub ingress: Option<Spanned<IngressDef>>,
    /// Gateway names per peer, when the defaults `ingress-<peer>` / `egress-<peer>` do not fit.
    #[serde(default)]
    pub gateways: BTreeMap<String, Spanned<GatewayNamesDef>>,
    /// `istio`/`ossm3`: `values.global.meshID` (default: the mesh name).
    pub mesh_id: Option<Text>,
    /// `istio`/`ossm3`: `clusterName` per cluster when it differs from the fedc cluster name.
    #[serde(default)]
    pub cluster_names: BTreeMap<String, Text>,
    /// `istio`: `spec.revision` of the installer input.
    pub revision: Option<Text>,
    /// `istio`/`ossm3`: `values.global.pilotCertProvider` (default `istiod`).
    pub cert_provider: Option<Text>,
    /// `istio`/`ossm3`: the External Secrets store the remote-secret kubeconfigs are kept in.
    pub remote_secrets: Option<Spanned<RemoteSecretsDef>>,
    /// Namespaces that are members of the mesh (its ServiceMeshMemberRoll), checked, not emitted.
    pub members: Option<Spanned<Vec<Text>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoteSecretsDef {
    pub store: Text,
    pub store_kind: Option<Text>,
    /// Key per cluster in the store, with `{cluster}` (default `istio-remote-secret-{cluster}`).
    pub key: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngressDef {
    /// `LoadBalancer` (default) or `NodePort`.
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    /// Address pattern peers dial, with `{peer}`, `{mesh}`, `{gateway}`, `{cluster}` placeholders.
    pub address: Option<Text>,
    /// Addresses per peer; wins over `address`.
    #[serde(default)]
    pub addresses: BTreeMap<String, Spanned<Vec<Text>>>,
    /// NodePort: addresses of the nodes peers dial.
    #[serde(default)]
    pub nodes: Vec<Text>,
    /// NodePort: the node ports of the ingress gateway dedicated to each peer.
    #[serde(default)]
    pub node_ports: BTreeMap<String, Spanned<NodePortsDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodePortsDef {
    pub service: Spanned<i64>,
    pub discovery: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayNamesDef {
    pub ingress: Option<Text>,
    pub egress: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeeringDef {
    /// Two meshes: one peering. More: every pair of them.
    pub meshes: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDef {
    pub mesh: Text,
    /// Peers the rules apply to; all peers of `mesh` when absent.
    pub to: Option<Vec<Text>>,
    #[serde(default)]
    pub rules: Vec<Spanned<ExportRuleDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRuleDef {
    /// Name rule: `namespace/name`, either side may be `*`.
    pub service: Option<Text>,
    /// Name rule: `namespace/name` to export it as; `*` keeps the original.
    pub alias: Option<Text>,
    /// Label rule: the namespace to select in (`*` for all).
    pub namespace: Option<Text>,
    /// Label rule: `matchLabels`.
    pub labels: Option<Spanned<BTreeMap<String, Text>>>,
    /// Label rule: `matchExpressions`.
    #[serde(default)]
    pub expressions: Vec<Spanned<LabelExpressionDef>>,
    /// Label rule: renames applied to selected services, first match wins.
    #[serde(default)]
    pub aliases: Vec<Spanned<AliasDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelExpressionDef {
    pub key: Text,
    pub operator: Text,
    #[serde(default)]
    pub values: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasDef {
    pub service: Text,
    pub alias: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportDef {
    pub mesh: Text,
    pub from: Text,
    pub domain_suffix: Option<Text>,
    /// Locality of everything imported from `from`; defaults to that mesh's cluster locality.
    pub locality: Option<Spanned<LocalityDef>>,
    #[serde(default)]
    pub rules: Vec<Spanned<ImportRuleDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRuleDef {
    pub service: Option<Text>,
    pub alias: Option<Text>,
    pub as_local: Option<Spanned<bool>>,
    pub domain_suffix: Option<Text>,
    /// Accepted only to be refused with a clear finding: the controller ignores label import rules.
    pub labels: Option<Spanned<BTreeMap<String, Text>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailoverDef {
    pub mesh: Text,
    pub service: Text,
    /// Region traffic fails over from; defaults to the mesh's cluster region.
    pub from: Option<Text>,
    /// Region traffic fails over to.
    pub to: Text,
    pub outlier_detection: Option<Spanned<OutlierDetectionDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlierDetectionDef {
    pub consecutive_5xx_errors: Option<Spanned<i64>>,
    pub interval: Option<Text>,
    pub base_ejection_time: Option<Text>,
    pub max_ejection_percent: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayDef {
    pub cluster: Option<Text>,
    pub kind: Option<Text>,
    pub namespace: Option<Text>,
    pub name: Option<Text>,
    /// RFC 6902 operations, inline.
    pub patch: Option<Spanned<toml::Value>>,
    /// RFC 7386 merge patch, inline (TOML has no null: use `merge_file` to delete keys).
    pub merge: Option<Spanned<toml::Value>>,
    /// RFC 6902 operations from a JSON file, relative to the topology file.
    pub patch_file: Option<Text>,
    /// RFC 7386 merge patch from a JSON file, relative to the topology file.
    pub merge_file: Option<Text>,
}
