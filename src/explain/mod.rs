//! `fedc explain`: who can call what across the federation, offline. For every importing mesh,
//! every remote service its workloads can reach: the hostname they use, the remote mesh and
//! service behind it, the path (egress gateway → peer address:port → peer ingress gateway),
//! whether it is imported as local, and its failover chain. `render` prints it as text,
//! markdown or JSON (the JSON shape is documented in docs/explain.md and stable).
//!
//! Built on the resolved model's export rules (`Federation::export_rules`, every rule that
//! matches) and import rules (first matching rule per import block). When the checker's
//! effective exported/imported names land (issue 9, first match wins across rules), `exports_to`
//! switches to them; the shape of [`Reach`] does not change.

mod filter;
mod flows;
pub(crate) mod render;

use serde::{Deserialize, Serialize};

pub(crate) use filter::unknown_values;
pub(crate) use flows::reachability;

/// The JSON document's version; bumped only on an incompatible change of the shape.
pub(crate) const VERSION: u32 = 1;

/// Everything `explain` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Explanation {
    pub(crate) version: u32,
    pub(crate) federation: String,
    /// One entry per (calling mesh, reachable service), sorted by calling mesh, then hostname.
    pub(crate) reachable: Vec<Reach>,
}

/// One remote service a mesh's workloads can reach.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Reach {
    /// The mesh whose workloads call.
    pub(crate) mesh: String,
    /// The hostname they call (`*` where the rules leave a side open).
    pub(crate) hostname: String,
    /// The service as seen in the calling mesh, `namespace/name`.
    pub(crate) local_service: String,
    /// The mesh serving it, and the service there.
    pub(crate) remote_mesh: String,
    pub(crate) remote_service: String,
    /// The name the remote mesh exports it under.
    pub(crate) exported_as: String,
    /// Imported as local: merged with the calling mesh's own service of that name.
    pub(crate) imported_as_local: bool,
    /// Set when the export is by label selector: reachable only if the Service carries the labels.
    pub(crate) condition: Option<Condition>,
    pub(crate) path: Path,
    pub(crate) failover: Option<FailoverChain>,
}

/// A label-selector export: which Services it selects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Condition {
    pub(crate) namespace: String,
    /// `key=value` pairs of `matchLabels`, then `key operator (values)` of `matchExpressions`.
    pub(crate) selector: Vec<String>,
}

/// The way a call takes: out through the calling mesh's egress gateway, to the peer's address,
/// into the peer's ingress gateway.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Path {
    pub(crate) egress_gateway: String,
    pub(crate) cluster: String,
    pub(crate) remote_cluster: String,
    /// `address:port` the egress gateway dials, in order.
    pub(crate) remote_addresses: Vec<String>,
    pub(crate) remote_ingress_gateway: String,
}

/// Where calls go when the mesh's own endpoints fail: localities in order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct FailoverChain {
    /// Regions in the order traffic tries them, the calling mesh's own first.
    pub(crate) regions: Vec<String>,
    /// The meshes serving the failover copy (in the last region).
    pub(crate) via: Vec<String>,
    pub(crate) outlier_detection: Outlier,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Outlier {
    pub(crate) consecutive_5xx_errors: i64,
    pub(crate) interval: String,
    pub(crate) base_ejection_time: String,
    pub(crate) max_ejection_percent: Option<i64>,
}

/// Which entries to keep.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    /// Either side is this mesh.
    pub(crate) mesh: Option<String>,
    /// The calling mesh.
    pub(crate) from: Option<String>,
    /// The serving mesh.
    pub(crate) to: Option<String>,
    /// `namespace/name` (either may be `*`): matches the local or the remote service.
    pub(crate) service: Option<String>,
}

impl Filter {
    pub(crate) fn keeps(&self, reach: &Reach) -> bool {
        let mesh = self.mesh.as_ref().is_none_or(|m| *m == reach.mesh || *m == reach.remote_mesh);
        let from = self.from.as_ref().is_none_or(|m| *m == reach.mesh);
        let to = self.to.as_ref().is_none_or(|m| *m == reach.remote_mesh);
        let service = self.service.as_ref().is_none_or(|s| {
            names_overlap(s, &reach.local_service)
                || names_overlap(s, &reach.remote_service)
                || names_overlap(s, &reach.exported_as)
        });
        mesh && from && to && service
    }
}

/// Whether two `namespace/name` patterns could name the same service.
pub(crate) fn names_overlap(a: &str, b: &str) -> bool {
    let side = |x: &str, y: &str| x == "*" || y == "*" || x == y;
    match (a.split_once('/'), b.split_once('/')) {
        (Some((an, aname)), Some((bn, bname))) => side(an, bn) && side(aname, bname),
        _ => a == b,
    }
}

impl Explanation {
    /// Keeps the entries `filter` selects.
    pub(crate) fn filtered(mut self, filter: &Filter) -> Explanation {
        self.reachable.retain(|r| filter.keeps(r));
        self
    }
}
