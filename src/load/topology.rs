//! The topology file as written: serde types that keep the span of every value a finding may point at.
//! Nothing here is resolved or defaulted; `check::resolve` does that.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

pub type Text = Spanned<String>;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    #[schemars(with = "FederationDef")]
    pub federation: Spanned<FederationDef>,
    #[schemars(with = "Option<GitOpsDef>")]
    pub gitops: Option<Spanned<GitOpsDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ClusterDef>")]
    pub clusters: Vec<Spanned<ClusterDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<MeshDef>")]
    pub meshes: Vec<Spanned<MeshDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<PeeringDef>")]
    pub peerings: Vec<Spanned<PeeringDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ExportDef>")]
    pub exports: Vec<Spanned<ExportDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ImportDef>")]
    pub imports: Vec<Spanned<ImportDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<FailoverDef>")]
    pub failover: Vec<Spanned<FailoverDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<OverlayDef>")]
    pub overlays: Vec<Spanned<OverlayDef>>,
    /// Warnings known and accepted, each for one item, with the reason (like `#[allow]`).
    #[serde(default)]
    #[schemars(with = "Vec<AcknowledgeDef>")]
    pub acknowledge: Vec<Spanned<AcknowledgeDef>>,
}

/// `[[acknowledge]]`: the warning `code` reported at `item` (the text the warning points at, e.g.
/// `payments/ledger`) is known and accepted for `reason`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeDef {
    #[schemars(with = "String")]
    pub code: Text,
    #[schemars(with = "String")]
    pub item: Text,
    #[schemars(with = "String")]
    pub reason: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FederationDef {
    #[schemars(with = "String")]
    pub name: Text,
    /// Which mesh product the output is for; only `maistra` (OpenShift Service Mesh 2.x) today.
    #[schemars(with = "Option<String>")]
    pub target: Option<Text>,
    /// How long before a root certificate expires to warn (`30d`, `720h`); default 30 days.
    #[schemars(with = "Option<String>")]
    pub certificate_expiry_warning: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GitOpsDef {
    #[schemars(with = "String")]
    pub repo_url: Text,
    #[schemars(with = "Option<String>")]
    pub revision: Option<Text>,
    /// Where the output directory sits inside the repository (prefix of `clusters/<cluster>`).
    #[schemars(with = "Option<String>")]
    pub path: Option<Text>,
    #[schemars(with = "Option<ArgoCdDef>")]
    pub argocd: Option<Spanned<ArgoCdDef>>,
    #[schemars(with = "Option<FluxDef>")]
    pub flux: Option<Spanned<FluxDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArgoCdDef {
    #[schemars(with = "Option<String>")]
    pub namespace: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub project: Option<Text>,
    /// `automated` (default) or `manual`.
    #[schemars(with = "Option<String>")]
    pub sync: Option<Text>,
    #[schemars(with = "Option<bool>")]
    pub prune: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub self_heal: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub create_namespace: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub server_side_apply: Option<Spanned<bool>>,
    #[schemars(with = "Option<RetryDef>")]
    pub retry: Option<Spanned<RetryDef>>,
    /// fedc cluster name → the Argo CD cluster (by name or API server URL) it is deployed to.
    #[schemars(with = "Option<BTreeMap<String, DestinationDef>>")]
    pub destinations: Option<Spanned<BTreeMap<String, Spanned<DestinationDef>>>>,
    /// Select the Argo CD clusters by label instead (cluster generator).
    #[schemars(with = "Option<ClusterSelectorDef>")]
    pub cluster_selector: Option<Spanned<ClusterSelectorDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryDef {
    #[schemars(with = "i64")]
    pub limit: Spanned<i64>,
    #[schemars(with = "Option<String>")]
    pub backoff: Option<Text>,
    #[schemars(with = "Option<i64>")]
    pub factor: Option<Spanned<i64>>,
    #[schemars(with = "Option<String>")]
    pub max_backoff: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DestinationDef {
    #[schemars(with = "Option<String>")]
    pub name: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub server: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterSelectorDef {
    /// Label of the Argo CD cluster secret whose value is the fedc cluster name.
    #[schemars(with = "String")]
    pub label: Text,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub match_labels: BTreeMap<String, Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FluxDef {
    #[schemars(with = "Option<String>")]
    pub namespace: Option<Text>,
    /// Name of the GitRepository (or other source) the Kustomizations read from.
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub source_kind: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub interval: Option<Text>,
    /// Flux Kustomizations that must be ready first (e.g. the one installing the OSSM operator).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub depends_on: Vec<Text>,
    #[schemars(with = "Option<bool>")]
    pub prune: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub wait: Option<Spanned<bool>>,
    #[schemars(with = "Option<String>")]
    pub timeout: Option<Text>,
    /// How soon a failed reconciliation is retried (`retryInterval`, default `1m`).
    #[schemars(with = "Option<String>")]
    pub retry_interval: Option<Text>,
    #[schemars(with = "Option<DecryptionDef>")]
    pub decryption: Option<Spanned<DecryptionDef>>,
    /// One management cluster applies to every cluster (`kubeConfig`); names its `flux/` directory.
    #[schemars(with = "Option<String>")]
    pub management_cluster: Option<Text>,
    /// fedc cluster name → Secret (in the Flux namespace) holding its kubeconfig.
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub kubeconfig_secrets: Option<Spanned<BTreeMap<String, Text>>>,
    #[schemars(with = "Option<String>")]
    pub kubeconfig_key: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecryptionDef {
    #[schemars(with = "String")]
    pub provider: Text,
    #[schemars(with = "Option<String>")]
    pub secret: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterDef {
    #[schemars(with = "String")]
    pub name: Text,
    #[schemars(with = "String")]
    pub platform: Text,
    #[schemars(with = "Option<String>")]
    pub network: Option<Text>,
    #[schemars(with = "Option<LocalityDef>")]
    pub locality: Option<Spanned<LocalityDef>>,
    /// `istio`/`ossm3` federation: the address peers reach this cluster's east-west gateway at.
    #[schemars(with = "Option<String>")]
    pub eastwest_address: Option<Text>,
    /// `false`: the cluster and its meshes are run by someone else (partner meshes); fedc emits
    /// nothing for it and writes a hand-off file per partner mesh instead.
    #[schemars(with = "Option<bool>")]
    pub managed: Option<Spanned<bool>>,
    /// The kubeconfig context `fedc status` (and the `istio`/`ossm3` operator steps) reach the
    /// cluster through; default: the cluster's name.
    #[schemars(with = "Option<String>")]
    pub context: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalityDef {
    #[schemars(with = "Option<String>")]
    pub region: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub zone: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub subzone: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeshDef {
    #[schemars(with = "String")]
    pub name: Text,
    /// `ossm2` (default), `istio` or `ossm3`.
    #[schemars(with = "Option<String>")]
    pub target: Option<Text>,
    /// The one cluster of the mesh (every target)…
    #[schemars(with = "Option<String>")]
    pub cluster: Option<Text>,
    /// …or, for `istio`/`ossm3`, every cluster it spans.
    #[schemars(with = "Option<Vec<String>>")]
    pub clusters: Option<Spanned<Vec<Text>>>,
    #[schemars(with = "Option<String>")]
    pub namespace: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub trust_domain: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub version: Option<Text>,
    /// PEM file with this mesh's root certificate, relative to the topology file.
    #[schemars(with = "Option<String>")]
    pub root_cert: Option<Text>,
    #[schemars(with = "Option<IngressDef>")]
    pub ingress: Option<Spanned<IngressDef>>,
    /// Gateway names per peer, when the defaults `ingress-<peer>` / `egress-<peer>` do not fit.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, GatewayNamesDef>")]
    pub gateways: BTreeMap<String, Spanned<GatewayNamesDef>>,
    /// `istio`/`ossm3`: `values.global.meshID` (default: the mesh name).
    #[schemars(with = "Option<String>")]
    pub mesh_id: Option<Text>,
    /// `istio`/`ossm3`: `clusterName` per cluster when it differs from the fedc cluster name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub cluster_names: BTreeMap<String, Text>,
    /// `istio`: `spec.revision` of the installer input.
    #[schemars(with = "Option<String>")]
    pub revision: Option<Text>,
    /// `istio`/`ossm3`: `values.global.pilotCertProvider` (default `istiod`).
    #[schemars(with = "Option<String>")]
    pub cert_provider: Option<Text>,
    /// `istio`/`ossm3`: the External Secrets store the remote-secret kubeconfigs are kept in.
    #[schemars(with = "Option<RemoteSecretsDef>")]
    pub remote_secrets: Option<Spanned<RemoteSecretsDef>>,
    /// `istio`: the mesh is Anthos Service Mesh, installed with `asmcli install`.
    #[schemars(with = "Option<AsmDef>")]
    pub asm: Option<Spanned<AsmDef>>,
    /// Namespaces that are members of the mesh (its ServiceMeshMemberRoll), checked, not emitted.
    #[schemars(with = "Option<Vec<String>>")]
    pub members: Option<Spanned<Vec<Text>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoteSecretsDef {
    #[schemars(with = "String")]
    pub store: Text,
    #[schemars(with = "Option<String>")]
    pub store_kind: Option<Text>,
    /// Key per cluster in the store, with `{cluster}` (default `istio-remote-secret-{cluster}`).
    #[schemars(with = "Option<String>")]
    pub key: Option<Text>,
}

/// Anthos Service Mesh: what `asmcli install` needs beyond the mesh's own settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AsmDef {
    /// The fleet host project ID (`--fleet_id`).
    #[schemars(with = "String")]
    pub fleet_id: Text,
    /// The workload CA: `mesh_ca` (default, as asmcli), `citadel` or `gcp_cas` (`--ca`).
    #[schemars(with = "Option<String>")]
    pub ca: Option<Text>,
    /// `gcp_cas`: the CA pool, `projects/<project>/locations/<location>/caPools/<pool>`.
    #[schemars(with = "Option<String>")]
    pub ca_pool: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IngressDef {
    /// `LoadBalancer` (default) or `NodePort`.
    #[serde(rename = "type")]
    #[schemars(with = "Option<String>")]
    pub kind: Option<Text>,
    /// Address pattern peers dial, with `{peer}`, `{mesh}`, `{gateway}`, `{cluster}` placeholders.
    #[schemars(with = "Option<String>")]
    pub address: Option<Text>,
    /// Addresses per peer; wins over `address`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub addresses: BTreeMap<String, Spanned<Vec<Text>>>,
    /// NodePort: addresses of the nodes peers dial.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub nodes: Vec<Text>,
    /// NodePort: the node ports of the ingress gateway dedicated to each peer.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, NodePortsDef>")]
    pub node_ports: BTreeMap<String, Spanned<NodePortsDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodePortsDef {
    #[schemars(with = "i64")]
    pub service: Spanned<i64>,
    #[schemars(with = "i64")]
    pub discovery: Spanned<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GatewayNamesDef {
    #[schemars(with = "Option<String>")]
    pub ingress: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub egress: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeeringDef {
    /// Two meshes: one peering. More: every pair of them.
    #[schemars(with = "Vec<String>")]
    pub meshes: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportDef {
    #[schemars(with = "String")]
    pub mesh: Text,
    /// Peers the rules apply to; all peers of `mesh` when absent.
    #[schemars(with = "Option<Vec<String>>")]
    pub to: Option<Vec<Text>>,
    #[serde(default)]
    #[schemars(with = "Vec<ExportRuleDef>")]
    pub rules: Vec<Spanned<ExportRuleDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportRuleDef {
    /// Name rule: `namespace/name`, either side may be `*`.
    #[schemars(with = "Option<String>")]
    pub service: Option<Text>,
    /// Name rule: `namespace/name` to export it as; `*` keeps the original.
    #[schemars(with = "Option<String>")]
    pub alias: Option<Text>,
    /// Label rule: the namespace to select in (`*` for all).
    #[schemars(with = "Option<String>")]
    pub namespace: Option<Text>,
    /// Label rule: `matchLabels`.
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub labels: Option<Spanned<BTreeMap<String, Text>>>,
    /// Label rule: `matchExpressions`.
    #[serde(default)]
    #[schemars(with = "Vec<LabelExpressionDef>")]
    pub expressions: Vec<Spanned<LabelExpressionDef>>,
    /// Label rule: renames applied to selected services, first match wins.
    #[serde(default)]
    #[schemars(with = "Vec<AliasDef>")]
    pub aliases: Vec<Spanned<AliasDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelExpressionDef {
    #[schemars(with = "String")]
    pub key: Text,
    #[schemars(with = "String")]
    pub operator: Text,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub values: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AliasDef {
    #[schemars(with = "String")]
    pub service: Text,
    #[schemars(with = "String")]
    pub alias: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportDef {
    #[schemars(with = "String")]
    pub mesh: Text,
    #[schemars(with = "String")]
    pub from: Text,
    #[schemars(with = "Option<String>")]
    pub domain_suffix: Option<Text>,
    /// Locality of everything imported from `from`; defaults to that mesh's cluster locality.
    #[schemars(with = "Option<LocalityDef>")]
    pub locality: Option<Spanned<LocalityDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ImportRuleDef>")]
    pub rules: Vec<Spanned<ImportRuleDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportRuleDef {
    #[schemars(with = "Option<String>")]
    pub service: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub alias: Option<Text>,
    #[schemars(with = "Option<bool>")]
    pub as_local: Option<Spanned<bool>>,
    #[schemars(with = "Option<String>")]
    pub domain_suffix: Option<Text>,
    /// `istio`/`ossm3` importers: the service's ports, `name = number` (the name's prefix says the protocol).
    #[schemars(with = "Option<BTreeMap<String, i64>>")]
    pub ports: Option<Spanned<BTreeMap<String, Spanned<i64>>>>,
    /// `istio`/`ossm3` importers: the service account the exporter's workloads run as (`{name}`:
    /// the Service's name); the imported ServiceEntry accepts only that identity.
    #[schemars(with = "Option<String>")]
    pub(crate) service_account: Option<Text>,
    /// Accepted only to be refused with a clear finding: the controller ignores label import rules.
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub labels: Option<Spanned<BTreeMap<String, Text>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailoverDef {
    #[schemars(with = "String")]
    pub mesh: Text,
    #[schemars(with = "String")]
    pub service: Text,
    /// Region traffic fails over from; defaults to the mesh's cluster region.
    #[schemars(with = "Option<String>")]
    pub from: Option<Text>,
    /// Region traffic fails over to.
    #[schemars(with = "String")]
    pub to: Text,
    #[schemars(with = "Option<OutlierDetectionDef>")]
    pub outlier_detection: Option<Spanned<OutlierDetectionDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutlierDetectionDef {
    #[schemars(with = "Option<i64>")]
    pub consecutive_5xx_errors: Option<Spanned<i64>>,
    #[schemars(with = "Option<String>")]
    pub interval: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub base_ejection_time: Option<Text>,
    #[schemars(with = "Option<i64>")]
    pub max_ejection_percent: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverlayDef {
    #[schemars(with = "Option<String>")]
    pub cluster: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub kind: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub namespace: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub name: Option<Text>,
    /// RFC 6902 operations, inline.
    #[schemars(with = "Option<serde_json::Value>")]
    pub patch: Option<Spanned<toml::Value>>,
    /// RFC 7386 merge patch, inline (TOML has no null: use `merge_file` to delete keys).
    #[schemars(with = "Option<serde_json::Value>")]
    pub merge: Option<Spanned<toml::Value>>,
    /// RFC 6902 operations from a JSON file, relative to the topology file.
    #[schemars(with = "Option<String>")]
    pub patch_file: Option<Text>,
    /// RFC 7386 merge patch from a JSON file, relative to the topology file.
    #[schemars(with = "Option<String>")]
    pub merge_file: Option<Text>,
}
