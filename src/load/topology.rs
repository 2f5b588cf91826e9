//! The topology file as written: serde types that keep the span of every value a finding may point at.
//! Nothing here is resolved or defaulted; `check::resolve` does that.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

pub(crate) type Text = Spanned<String>;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Topology {
    #[schemars(with = "FederationDef")]
    pub(crate) federation: Spanned<FederationDef>,
    #[schemars(with = "Option<GitOpsDef>")]
    pub(crate) gitops: Option<Spanned<GitOpsDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ClusterDef>")]
    pub(crate) clusters: Vec<Spanned<ClusterDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<MeshDef>")]
    pub(crate) meshes: Vec<Spanned<MeshDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<PeeringDef>")]
    pub(crate) peerings: Vec<Spanned<PeeringDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ExportDef>")]
    pub(crate) exports: Vec<Spanned<ExportDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ImportDef>")]
    pub(crate) imports: Vec<Spanned<ImportDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<FailoverDef>")]
    pub(crate) failover: Vec<Spanned<FailoverDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<OverlayDef>")]
    pub(crate) overlays: Vec<Spanned<OverlayDef>>,
    /// Warnings known and accepted, each for one item, with the reason (like `#[allow]`).
    #[serde(default)]
    #[schemars(with = "Vec<AcknowledgeDef>")]
    pub(crate) acknowledge: Vec<Spanned<AcknowledgeDef>>,
}

/// `[[acknowledge]]`: the warning `code` reported at `item` (the text the warning points at, e.g.
/// `payments/ledger`) is known and accepted for `reason`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcknowledgeDef {
    #[schemars(with = "String")]
    pub(crate) code: Text,
    #[schemars(with = "String")]
    pub(crate) item: Text,
    #[schemars(with = "String")]
    pub(crate) reason: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FederationDef {
    #[schemars(with = "String")]
    pub(crate) name: Text,
    /// Which mesh product the output is for; only `maistra` (OpenShift Service Mesh 2.x) today.
    #[schemars(with = "Option<String>")]
    pub(crate) target: Option<Text>,
    /// How long before a root certificate expires to warn (`30d`, `720h`); default 30 days.
    #[schemars(with = "Option<String>")]
    pub(crate) certificate_expiry_warning: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GitOpsDef {
    #[schemars(with = "String")]
    pub(crate) repo_url: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) revision: Option<Text>,
    /// Where the output directory sits inside the repository (prefix of `clusters/<cluster>`).
    #[schemars(with = "Option<String>")]
    pub(crate) path: Option<Text>,
    #[schemars(with = "Option<ArgoCdDef>")]
    pub(crate) argocd: Option<Spanned<ArgoCdDef>>,
    #[schemars(with = "Option<FluxDef>")]
    pub(crate) flux: Option<Spanned<FluxDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArgoCdDef {
    #[schemars(with = "Option<String>")]
    pub(crate) namespace: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) project: Option<Text>,
    /// `automated` (default) or `manual`.
    #[schemars(with = "Option<String>")]
    pub(crate) sync: Option<Text>,
    #[schemars(with = "Option<bool>")]
    pub(crate) prune: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub(crate) self_heal: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub(crate) create_namespace: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub(crate) server_side_apply: Option<Spanned<bool>>,
    #[schemars(with = "Option<RetryDef>")]
    pub(crate) retry: Option<Spanned<RetryDef>>,
    /// fedc cluster name → the Argo CD cluster (by name or API server URL) it is deployed to.
    #[schemars(with = "Option<BTreeMap<String, DestinationDef>>")]
    pub(crate) destinations: Option<Spanned<BTreeMap<String, Spanned<DestinationDef>>>>,
    /// Select the Argo CD clusters by label instead (cluster generator).
    #[schemars(with = "Option<ClusterSelectorDef>")]
    pub(crate) cluster_selector: Option<Spanned<ClusterSelectorDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RetryDef {
    #[schemars(with = "i64")]
    pub(crate) limit: Spanned<i64>,
    #[schemars(with = "Option<String>")]
    pub(crate) backoff: Option<Text>,
    #[schemars(with = "Option<i64>")]
    pub(crate) factor: Option<Spanned<i64>>,
    #[schemars(with = "Option<String>")]
    pub(crate) max_backoff: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DestinationDef {
    #[schemars(with = "Option<String>")]
    pub(crate) name: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) server: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClusterSelectorDef {
    /// Label of the Argo CD cluster secret whose value is the fedc cluster name.
    #[schemars(with = "String")]
    pub(crate) label: Text,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub(crate) match_labels: BTreeMap<String, Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FluxDef {
    #[schemars(with = "Option<String>")]
    pub(crate) namespace: Option<Text>,
    /// Name of the GitRepository (or other source) the Kustomizations read from.
    #[schemars(with = "Option<String>")]
    pub(crate) source: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) source_kind: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) interval: Option<Text>,
    /// Flux Kustomizations that must be ready first (e.g. the one installing the OSSM operator).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) depends_on: Vec<Text>,
    #[schemars(with = "Option<bool>")]
    pub(crate) prune: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub(crate) wait: Option<Spanned<bool>>,
    #[schemars(with = "Option<String>")]
    pub(crate) timeout: Option<Text>,
    /// How soon a failed reconciliation is retried (`retryInterval`, default `1m`).
    #[schemars(with = "Option<String>")]
    pub(crate) retry_interval: Option<Text>,
    #[schemars(with = "Option<DecryptionDef>")]
    pub(crate) decryption: Option<Spanned<DecryptionDef>>,
    /// One management cluster applies to every cluster (`kubeConfig`); names its `flux/` directory.
    #[schemars(with = "Option<String>")]
    pub(crate) management_cluster: Option<Text>,
    /// fedc cluster name → Secret (in the Flux namespace) holding its kubeconfig.
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub(crate) kubeconfig_secrets: Option<Spanned<BTreeMap<String, Text>>>,
    #[schemars(with = "Option<String>")]
    pub(crate) kubeconfig_key: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecryptionDef {
    #[schemars(with = "String")]
    pub(crate) provider: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) secret: Option<Text>,
}

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

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeeringDef {
    /// Two meshes: one peering. More: every pair of them.
    #[schemars(with = "Vec<String>")]
    pub(crate) meshes: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportDef {
    #[schemars(with = "String")]
    pub(crate) mesh: Text,
    /// Peers the rules apply to; all peers of `mesh` when absent.
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) to: Option<Vec<Text>>,
    #[serde(default)]
    #[schemars(with = "Vec<ExportRuleDef>")]
    pub(crate) rules: Vec<Spanned<ExportRuleDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportRuleDef {
    /// Name rule: `namespace/name`, either side may be `*`.
    #[schemars(with = "Option<String>")]
    pub(crate) service: Option<Text>,
    /// Name rule: `namespace/name` to export it as; `*` keeps the original.
    #[schemars(with = "Option<String>")]
    pub(crate) alias: Option<Text>,
    /// Label rule: the namespace to select in (`*` for all).
    #[schemars(with = "Option<String>")]
    pub(crate) namespace: Option<Text>,
    /// Label rule: `matchLabels`.
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub(crate) labels: Option<Spanned<BTreeMap<String, Text>>>,
    /// Label rule: `matchExpressions`.
    #[serde(default)]
    #[schemars(with = "Vec<LabelExpressionDef>")]
    pub(crate) expressions: Vec<Spanned<LabelExpressionDef>>,
    /// Label rule: renames applied to selected services, first match wins.
    #[serde(default)]
    #[schemars(with = "Vec<AliasDef>")]
    pub(crate) aliases: Vec<Spanned<AliasDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabelExpressionDef {
    #[schemars(with = "String")]
    pub(crate) key: Text,
    #[schemars(with = "String")]
    pub(crate) operator: Text,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(crate) values: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AliasDef {
    #[schemars(with = "String")]
    pub(crate) service: Text,
    #[schemars(with = "String")]
    pub(crate) alias: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportDef {
    #[schemars(with = "String")]
    pub(crate) mesh: Text,
    #[schemars(with = "String")]
    pub(crate) from: Text,
    #[schemars(with = "Option<String>")]
    pub(crate) domain_suffix: Option<Text>,
    /// Locality of everything imported from `from`; defaults to that mesh's cluster locality.
    #[schemars(with = "Option<LocalityDef>")]
    pub(crate) locality: Option<Spanned<LocalityDef>>,
    #[serde(default)]
    #[schemars(with = "Vec<ImportRuleDef>")]
    pub(crate) rules: Vec<Spanned<ImportRuleDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportRuleDef {
    #[schemars(with = "Option<String>")]
    pub(crate) service: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) alias: Option<Text>,
    #[schemars(with = "Option<bool>")]
    pub(crate) as_local: Option<Spanned<bool>>,
    #[schemars(with = "Option<String>")]
    pub(crate) domain_suffix: Option<Text>,
    /// `istio`/`ossm3` importers: the service's ports, `name = number` (the name's prefix says the protocol).
    #[schemars(with = "Option<BTreeMap<String, i64>>")]
    pub(crate) ports: Option<Spanned<BTreeMap<String, Spanned<i64>>>>,
    /// `istio`/`ossm3` importers: the service account the exporter's workloads run as (`{name}`:
    /// the Service's name); the imported ServiceEntry accepts only that identity.
    #[schemars(with = "Option<String>")]
    pub(crate) service_account: Option<Text>,
    /// Accepted only to be refused with a clear finding: the controller ignores label import rules.
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub(crate) labels: Option<Spanned<BTreeMap<String, Text>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FailoverDef {
    #[schemars(with = "String")]
    pub(crate) mesh: Text,
    #[schemars(with = "String")]
    pub(crate) service: Text,
    /// Region traffic fails over from; defaults to the mesh's cluster region.
    #[schemars(with = "Option<String>")]
    pub(crate) from: Option<Text>,
    /// Region traffic fails over to.
    #[schemars(with = "String")]
    pub(crate) to: Text,
    #[schemars(with = "Option<OutlierDetectionDef>")]
    pub(crate) outlier_detection: Option<Spanned<OutlierDetectionDef>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutlierDetectionDef {
    #[schemars(with = "Option<i64>")]
    pub(crate) consecutive_5xx_errors: Option<Spanned<i64>>,
    #[schemars(with = "Option<String>")]
    pub(crate) interval: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) base_ejection_time: Option<Text>,
    #[schemars(with = "Option<i64>")]
    pub(crate) max_ejection_percent: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OverlayDef {
    #[schemars(with = "Option<String>")]
    pub(crate) cluster: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) kind: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) namespace: Option<Text>,
    #[schemars(with = "Option<String>")]
    pub(crate) name: Option<Text>,
    /// RFC 6902 operations, inline.
    #[schemars(with = "Option<serde_json::Value>")]
    pub(crate) patch: Option<Spanned<toml::Value>>,
    /// RFC 7386 merge patch, inline (TOML has no null: use `merge_file` to delete keys).
    #[schemars(with = "Option<serde_json::Value>")]
    pub(crate) merge: Option<Spanned<toml::Value>>,
    /// RFC 6902 operations from a JSON file, relative to the topology file.
    #[schemars(with = "Option<String>")]
    pub(crate) patch_file: Option<Text>,
    /// RFC 7386 merge patch from a JSON file, relative to the topology file.
    #[schemars(with = "Option<String>")]
    pub(crate) merge_file: Option<Text>,
}
