//! The clusters of one `istio`/`ossm3` mesh share its identity: one mesh ID, one trust domain and
//! the same trusted roots and trust-domain aliases in every control plane. A cluster that differs
//! is another mesh to the others: its workloads' certificates are not accepted, or its endpoints
//! are not merged (istio-multicluster reference, section D). Each cluster has its own cluster name:
//! istiod keys every cluster's endpoints by it, so two with one name overwrite each other.

use super::{Objects, name};
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};
use crate::verify::readback::Seen;

const SHARED: [&str; 4] = ["mesh ID", "trust domain", "trust domain aliases", "root certificates"];

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (mesh, clusters) in objects.istio_meshes() {
        let planes: Vec<&'a Seen> = clusters.iter().filter_map(|c| objects.istio_control_plane(c)).collect();
        let Some((first, rest)) = planes.split_first() else { continue };
        for fact in SHARED {
            let Some(other) = rest.iter().find(|p| p.fact(fact) != first.fact(fact)) else { continue };
            let m = name(objects.federation, mesh);
            let mut violation = Violation::new(
                codes::verify::MESH_IDENTITY,
                format!(
                    "the clusters of mesh `{m}` disagree on its {fact}: {} in `{}`, {} in `{}`; they no longer form one mesh",
                    shown(first.fact(fact)),
                    first.cluster(),
                    shown(other.fact(fact)),
                    other.cluster()
                ),
                "a mesh's identity comes from the topology (`mesh_id`, `trust_domain`, its peers' `root_cert`), the same for every cluster; an overlay or template may not set it per cluster",
            );
            for plane in &planes {
                violation = violation.reads(plane, fact);
            }
            out.push(violation);
        }
        for (i, first) in planes.iter().enumerate() {
            let named = first.fact("cluster name");
            let Some(again) = planes[i + 1..].iter().find(|p| !named.is_null() && p.fact("cluster name") == named)
            else {
                continue;
            };
            let m = name(objects.federation, mesh);
            out.push(
                Violation::new(
                    codes::verify::MESH_IDENTITY,
                    format!(
                        "clusters `{}` and `{}` of mesh `{m}` both have the cluster name {}: istiod keys endpoints by cluster name, so one cluster's endpoints replace the other's",
                        first.cluster(),
                        again.cluster(),
                        shown(named)
                    ),
                    "cluster names come from the topology (`cluster_names`, or the cluster's name), one per cluster; an overlay or template may not give two clusters one name",
                )
                .reads(first, "cluster name")
                .reads(again, "cluster name"),
            );
        }
    }
}
