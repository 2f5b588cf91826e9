//! A federated `istio`/`ossm3` control plane trusts each peer: the peer's root certificate among
//! its `caCertificates` (else the peer's workload certificates do not verify) and the peer's trust
//! domain among its trust-domain aliases (else its identities are not accepted). The roots are the
//! peers' `root_cert` files, the same the `ossm2` target puts in its CA ConfigMaps (reference B2,
//! B3).

use serde_json::Value;

use super::{Objects, name};
use crate::diagnostic::codes;
use crate::verify::finding::Violation;

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    let federation = objects.federation;
    for (mesh, clusters) in objects.istio_meshes() {
        let peers = federation.peers_of(mesh);
        if federation.is_partner(mesh) || !peers.iter().any(|p| federation.mesh(*p).istio.is_some()) {
            continue;
        }
        let m = name(federation, mesh);
        for plane in clusters.iter().filter_map(|c| objects.istio_control_plane(c)) {
            let roots: Vec<&str> = plane
                .fact("root certificates")
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["pem"].as_str())
                .map(str::trim)
                .collect();
            let aliases = plane.fact("trust domain aliases").as_array().cloned().unwrap_or_default();
            for peer in &peers {
                let p = name(federation, *peer);
                let pem = federation.mesh(*peer).root_cert.as_ref().and_then(|r| r.pem.as_deref()).map(str::trim);
                if pem.is_some_and(|pem| !roots.contains(&pem)) {
                    out.push(
                        Violation::new(
                            codes::verify::CA_ROOT,
                            format!("`{}` (mesh `{m}`, cluster `{}`) does not list `{p}`'s root certificate in `caCertificates`: `{p}`'s workload certificates do not verify and calls between them fail", plane.path(), plane.cluster()),
                            "the peers' roots come from `root_cert` on each peer mesh in the topology; an overlay or template may not remove them",
                        )
                        .reads(plane, "root certificates"),
                    );
                }
                let domain = &federation.mesh(*peer).trust_domain.value;
                if *domain == federation.mesh(mesh).trust_domain.value
                    || aliases.contains(&Value::String(domain.clone()))
                {
                    continue;
                }
                out.push(
                    Violation::new(
                        codes::verify::TRUST_DOMAIN,
                        format!("`{}` (mesh `{m}`, cluster `{}`) does not list `{p}`'s trust domain `{domain}` among its trust-domain aliases: `{p}`'s identities are not accepted", plane.path(), plane.cluster()),
                        "set trust domains with `trust_domain` on the mesh in the topology; fedc lists the peers' as aliases",
                    )
                    .reads(plane, "trust domain aliases"),
                );
            }
        }
    }
}
