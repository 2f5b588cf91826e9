//! Partner meshes (on a `managed = false` cluster): run by someone else, so fedc emits nothing for
//! them and checks our side against what the topology says about them. We must know their root
//! certificate (our meshes load it to trust them; nobody else will put it in our clusters), and a
//! failover of theirs is theirs to configure.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for id in fed.mesh_ids().filter(|m| fed.is_partner(*m)) {
        let mesh = fed.mesh(id);
        if mesh.root_cert.is_none() && !fed.peers_of(id).is_empty() {
            let cluster = fed.cluster_of(id);
            let mut finding = Diagnostic::new(
                codes::partner::MISSING_ROOT_CERT,
                format!("partner mesh `{}` has no `root_cert`", mesh.name.value),
            )
            .label(mesh.name.span.clone(), "its peers must trust its root certificate");
            if let Some(managed) = &cluster.partner {
                finding = finding.label(managed.span.clone(), "run by someone else");
            }
            out.push(finding.help("ask its team for the root certificate (PEM) and set `root_cert`: fedc writes it into our peers' CA ConfigMaps"));
        }
    }
    // Partners are `ossm2` federation peers; an `istio`/`ossm3` mesh spans clusters fedc installs.
    for id in fed.mesh_ids().filter(|m| fed.is_partner(*m) && fed.mesh(*m).istio.is_some()) {
        let mesh = fed.mesh(id);
        out.push(
            Diagnostic::new(
                codes::partner::NOT_OURS,
                format!("mesh `{}` is an `istio`/`ossm3` mesh on a cluster with `managed = false`", mesh.name.value),
            )
            .label(mesh.target.span.clone(), "fedc would install this mesh")
            .help("a partner mesh is an `ossm2` federation peer; remove `managed = false` or describe the mesh as `ossm2`"),
        );
    }
    for failover in fed.failovers.iter().filter(|f| fed.is_partner(f.mesh.id)) {
        let mesh = &fed.mesh(failover.mesh.id).name.value;
        out.push(
            Diagnostic::new(codes::partner::NOT_OURS, format!("mesh `{mesh}` is a partner mesh: fedc configures nothing in it"))
                .label(failover.mesh.span.clone(), "run by someone else")
                .help("remove the failover; its team configures failover in their mesh (the hand-off file lists what we export to them)"),
        );
    }
}
