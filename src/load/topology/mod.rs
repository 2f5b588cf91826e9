//! The topology file as written: serde types that keep the span of every value a finding may point at.
//! Nothing here is resolved or defaulted; `check::resolve` does that.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

mod clusters;
mod flows;
mod gitops;

pub(crate) use clusters::*;
pub(crate) use flows::*;
pub(crate) use gitops::*;

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
