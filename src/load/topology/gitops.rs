//! `[gitops]`: how Argo CD or Flux syncs each cluster directory.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::Text;

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
