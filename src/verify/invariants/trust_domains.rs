//! A ServiceMeshPeer's `trustDomain` is the trust domain the peer's control plane uses: istiod
//! loads the peer's root for that domain only, so any other value fails mTLS to that peer
//! (maistra-semantics §9).

use super::{Objects, name};
use crate::verify::finding::Violation;

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (mesh, peer) in objects.ossm2_pairs() {
        let (Some(smp), Some(theirs)) = (objects.for_peer(mesh, "ServiceMeshPeer", peer), objects.control_plane(peer))
        else {
            continue;
        };
        let (expected, found) = (theirs.fact("trust domain"), smp.fact("trust domain"));
        if expected == found {
            continue;
        }
        let (m, p) = (name(objects.federation, mesh), name(objects.federation, peer));
        out.push(
            Violation::new(
                "fedc::verify::trust-domain",
                format!(
                    "`{m}` expects `{p}` in trust domain {}, but `{p}`'s control plane uses {}: mTLS between them fails",
                    crate::verify::finding::shown(found),
                    crate::verify::finding::shown(expected)
                ),
                "set trust domains with `trust_domain` on the mesh in the topology, where both sides follow; an overlay changes one side only",
            )
            .reads(smp, "trust domain")
            .reads(theirs, "trust domain"),
        );
    }
}
