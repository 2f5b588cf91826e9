//! Imported hostnames (`*.svc.<peer>-imports.local`, a custom suffix) exist in no DNS server: they
//! resolve only through the sidecar's DNS proxy. An `istio`/`ossm3` control plane that turns DNS
//! capture off while its cluster imports such names leaves every client with "no such host"
//! (istio-multicluster reference, federation DNS; maistra-semantics §13.11 for OSSM 2, whose
//! ServiceMeshControlPlane schema has no field to turn it off).

use serde_json::Value;

use super::Objects;
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};
use crate::verify::readback::Seen;

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (_, clusters) in objects.istio_meshes() {
        for cluster in clusters {
            let Some(plane) = objects.istio_control_plane(cluster) else { continue };
            let entries: Vec<&Seen> =
                objects.readback.in_cluster(cluster, "ServiceEntry").filter(|e| remote_hosts(e)).collect();
            if entries.is_empty() || plane.fact("DNS capture") == "true" {
                continue;
            }
            out.push(violation(plane, entries));
        }
    }
}

fn violation<'a>(plane: &'a Seen, needing: Vec<&'a Seen>) -> Violation<'a> {
    let mut violation = Violation::new(
        codes::verify::DNS_CAPTURE,
        format!(
            "`{}` sets DNS capture to {} in cluster `{}`, where ServiceEntries import names only the sidecar's DNS proxy resolves (e.g. `{}`): clients cannot resolve them",
            plane.path(),
            shown(plane.fact("DNS capture")),
            plane.cluster(),
            needing[0].path()
        ),
        "keep `ISTIO_META_DNS_CAPTURE` on (`\"true\"`) where the mesh imports services",
    )
    .reads(plane, "DNS capture");
    for seen in needing {
        violation = violation.reads(seen, "hosts");
    }
    violation
}

/// A ServiceEntry with a host outside the cluster's own domain.
fn remote_hosts(entry: &Seen) -> bool {
    entry
        .fact("hosts")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|h| !h.ends_with(".svc.cluster.local"))
}
