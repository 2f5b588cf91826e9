//! `[[peerings]]`, `[[exports]]`, `[[imports]]`, `[[failover]]` and `[[overlays]]`: what flows between meshes
//! and how rendered objects are changed.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{LocalityDef, Text};

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
