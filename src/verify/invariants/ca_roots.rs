//! The CA ConfigMap a ServiceMeshPeer names is the one fedc writes for that peer,
//! `<peer>-ca-root-cert`, beside it with `root-cert.pem`: without it the controller never
//! reconciles the peer, and with another peer's ConfigMap it trusts the wrong root, so mTLS to
//! the peer fails (maistra-semantics §2, §9).

use super::{Objects, name};
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (mesh, peer) in objects.ossm2_pairs() {
        let (Some(smp), Some(plane)) = (objects.for_peer(mesh, "ServiceMeshPeer", peer), objects.control_plane(mesh))
        else {
            continue;
        };
        // The root is loaded only for a trust domain other than the mesh's own.
        if smp.fact("trust domain") == plane.fact("trust domain") {
            continue;
        }
        let chain = smp.fact("certificate chain");
        let p = name(objects.federation, peer);
        let own = format!("{p}-ca-root-cert");
        let configmap = chain.get("name").and_then(|n| n.as_str()).unwrap_or(&own).to_string();
        let kind = chain.get("kind").and_then(|k| k.as_str()).unwrap_or("ConfigMap");
        let found = objects.readback.object(smp.cluster(), "ConfigMap", smp.namespace(), &configmap);
        let loaded = found.is_some_and(|c| c.text("root certificate").is_some_and(|p| !p.is_empty()));
        if kind == "ConfigMap" && loaded && configmap == own {
            continue;
        }
        let m = name(objects.federation, mesh);
        let what = if loaded && configmap != own {
            format!(
                "which fedc writes for another peer, not `{p}` (`{own}`): `{m}` trusts the wrong root for `{p}` and mTLS to it fails"
            )
        } else {
            format!(
                "which fedc does not write with `root-cert.pem` (certificate chain {}): the controller never reconciles `{p}`",
                shown(chain)
            )
        };
        let mut violation = Violation::new(
            codes::verify::CA_ROOT,
            format!("`{m}`'s peer `{p}` takes its root from the {kind} `{configmap}`, {what}"),
            "root certificates come from `root_cert` on the peer mesh in the topology; do not rename the certificate chain or empty the ConfigMap",
        )
        .reads(smp, "certificate chain");
        if let Some(found) = found {
            violation = violation.reads(found, "root certificate");
        }
        out.push(violation);
    }
}
