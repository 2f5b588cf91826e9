//! A ServiceMeshPeer's `clientID` is the identity the peer's egress gateway for this mesh presents:
//! `<peer trust domain>/ns/<peer namespace>/sa/<egress gateway>-service-account`. Any other value
//! (or none) makes the ingress deny the peer's discovery, so nothing is imported
//! (maistra-semantics §2, §9).

use super::{Objects, name};
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (mesh, peer) in objects.ossm2_pairs() {
        let smp = objects.for_peer(mesh, "ServiceMeshPeer", peer);
        let theirs = objects.for_peer(peer, "ServiceMeshPeer", mesh);
        let (Some(smp), Some(theirs), Some(plane)) = (smp, theirs, objects.control_plane(peer)) else { continue };
        let (Some(trust), Some(egress)) = (plane.text("trust domain"), theirs.text("egress gateway")) else {
            continue;
        };
        let namespace = &objects.federation.mesh(peer).namespace.value;
        let expected = format!("{trust}/ns/{namespace}/sa/{egress}-service-account");
        if smp.text("client ID") == Some(expected.as_str()) {
            continue;
        }
        let (m, p) = (name(objects.federation, mesh), name(objects.federation, peer));
        out.push(
            Violation::new(
                "fedc::verify::client-id",
                format!(
                    "`{m}` admits `{p}`'s discovery as {}, but `{p}`'s egress gateway presents `{expected}`: `{m}`'s ingress denies it and nothing is imported",
                    shown(smp.fact("client ID"))
                ),
                "the client ID follows from the peer's trust domain, namespace and egress gateway in the topology; do not set it with an overlay or drop it in a template",
            )
            .reads(smp, "client ID")
            .reads(plane, "trust domain")
            .reads(theirs, "egress gateway"),
        );
    }
}
