//! Cluster names inside an `istio`/`ossm3` mesh: each is a cluster ID istiod keys remote secrets
//! by, so they must be unique in the mesh (a second secret with a known ID is ignored) and fit the
//! Secret name `istio-remote-secret-<name>` and its data key. The installer revision is a label,
//! the External Secrets store a Kubernetes object name.

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::check::kubernetes::{label_finding, subdomain_finding};
use crate::diagnostic::{Diagnostic, codes};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for mesh in &cx.federation.meshes {
        let Some(istio) = &mesh.istio else { continue };
        for (first, again) in repeats(istio.members.iter().map(|m| (m.cluster_name.as_str(), m))) {
            let same_cluster = first.cluster == again.cluster;
            let message = if same_cluster {
                format!(
                    "mesh `{}` lists cluster `{}` twice",
                    mesh.name.value,
                    cx.federation.cluster(again.cluster).name.value
                )
            } else {
                format!("two clusters of mesh `{}` have cluster name `{}`", mesh.name.value, again.cluster_name.value)
            };
            out.push(
                Diagnostic::new(codes::istio::DUPLICATE_CLUSTER_NAME, message)
                    .label(again.cluster_name.span.clone(), "this cluster name…")
                    .label(first.cluster_name.span.clone(), "…is already used here")
                    .help(
                        "every cluster of a mesh needs its own cluster name: istiod keys remote secrets by it and ignores a second \
                         cluster with a name it already knows, so its endpoints would never be discovered",
                    ),
            );
        }
        for member in &istio.members {
            out.extend(label_finding(
                &member.cluster_name,
                "cluster name",
                "names the remote secret and istiod's cluster ID",
            ));
        }
        if let Some(store) = &istio.remote_secrets {
            out.extend(subdomain_finding(
                &store.store,
                "secret store",
                "names the External Secrets store of the remote secrets",
            ));
        }
        if let Some(revision) = &istio.revision {
            out.extend(label_finding(revision, "revision", "is the istiod revision label `istio.io/rev`"));
        }
    }
}
