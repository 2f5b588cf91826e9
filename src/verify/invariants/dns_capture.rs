//! Imported hostnames (`*.svc.<peer>-imports.local`, a custom suffix) exist in no DNS server: they
//! resolve only through the sidecar's DNS proxy. A control plane that turns DNS capture off while
//! its mesh imports such names leaves every client with "no such host"
//! (maistra-semantics §13.11; istio-multicluster reference, federation DNS).

use serde_json::Value;

use super::Objects;
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};
use crate::verify::readback::Seen;

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for mesh in objects.ossm2_meshes() {
        let Some(plane) = objects.control_plane(mesh) else { continue };
        let cluster = &objects.federation.cluster_of(mesh).name.value;
        let sets =
            objects.readback.in_cluster(cluster, "ImportedServiceSet").filter(|s| s.namespace == plane.namespace);
        let remote = sets.filter(|s| remote_names(s)).collect::<Vec<_>>();
        // The operator's default turns capture on: only an explicit `false` turns it off.
        if remote.is_empty() || plane.fact("DNS capture") != "false" {
            continue;
        }
        out.push(violation(plane, "ImportedServiceSets import names only the sidecar's DNS proxy resolves", remote));
    }
    for (_, clusters) in objects.istio_meshes() {
        for cluster in clusters {
            let Some(plane) = objects.istio_control_plane(cluster) else { continue };
            let entries: Vec<&Seen> =
                objects.readback.in_cluster(cluster, "ServiceEntry").filter(|e| remote_hosts(e)).collect();
            if entries.is_empty() || plane.fact("DNS capture") == "true" {
                continue;
            }
            out.push(violation(plane, "ServiceEntries import names only the sidecar's DNS proxy resolves", entries));
        }
    }
}

fn violation<'a>(plane: &'a Seen, why: &str, needing: Vec<&'a Seen>) -> Violation<'a> {
    let mut violation = Violation::new(
        codes::verify::DNS_CAPTURE,
        format!(
            "`{}` sets DNS capture to {} in cluster `{}`, where {why} (e.g. `{}`): clients cannot resolve them",
            plane.path,
            shown(plane.fact("DNS capture")),
            plane.cluster,
            needing[0].path
        ),
        "keep `ISTIO_META_DNS_CAPTURE` on (`\"true\"`) where the mesh imports services",
    )
    .reads(plane, "DNS capture");
    for seen in needing {
        violation = violation.reads(seen, if seen.kind == "ServiceEntry" { "hosts" } else { "import rules" });
    }
    violation
}

/// An import set with a rule that is not imported as local (its name exists only in the mesh).
fn remote_names(set: &Seen) -> bool {
    set.fact("import rules").as_array().into_iter().flatten().any(|r| r["importAsLocal"] != Value::Bool(true))
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
