//! One Istio mesh has one mesh ID and one trust domain on all its clusters. Two `[[meshes]]`
//! entries with the same mesh ID describe one mesh twice: its clusters would disagree on trust
//! domain and root, and neither half would get the other's remote secrets. A cluster runs one
//! control plane: it cannot belong to two `istio`/`ossm3` meshes (two mesh IDs on one istiod).

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Member, Mesh};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let istio_meshes: Vec<&Mesh> = fed.meshes.iter().filter(|m| m.istio.is_some()).collect();
    let by_id = istio_meshes.iter().filter_map(|m| m.istio.as_ref().map(|i| (i.mesh_id.as_str(), *m)));
    for (first, again) in repeats(by_id) {
        let (Some(a), Some(b)) = (&first.istio, &again.istio) else { continue };
        out.push(
            Diagnostic::new(
                codes::istio::MESH_ID_SPLIT,
                format!("meshes `{}` and `{}` both have mesh ID `{}`", first.name.value, again.name.value, b.mesh_id.value),
            )
            .label(b.mesh_id.span.clone(), format!("trust domain `{}` here…", again.trust_domain.value))
            .label(a.mesh_id.span.clone(), format!("…and `{}` here", first.trust_domain.value))
            .help(
                "one mesh ID is one mesh: list all its clusters in one `[[meshes]]` entry (`clusters = [...]`), so that every cluster \
                 gets the same trust domain and root and the remote secrets of all the others; or give the meshes distinct `mesh_id`s",
            ),
        );
    }
    let members =
        istio_meshes.iter().flat_map(|m| m.istio.iter().flat_map(move |i| i.members.iter().map(move |x| (*m, x))));
    let keyed = members.map(|(mesh, member): (&Mesh, &Member)| (member.cluster, (mesh, member)));
    for ((first_mesh, first), (again_mesh, again)) in repeats(keyed) {
        if std::ptr::eq(first_mesh, again_mesh) {
            continue; // listed twice in one mesh: fedc::istio::duplicate-cluster-name
        }
        out.push(
            Diagnostic::new(
                codes::istio::CLUSTER_IN_TWO_MESHES,
                format!(
                    "cluster `{}` is in meshes `{}` and `{}`",
                    fed.cluster(again.cluster).name.value, first_mesh.name.value, again_mesh.name.value
                ),
            )
            .label(again.span.clone(), "listed here…")
            .label(first.span.clone(), "…and here")
            .help("a cluster runs one Istio control plane with one mesh ID and trust domain: keep the cluster in one mesh"),
        );
    }
    for mesh in &istio_meshes {
        for member in mesh.istio.iter().flat_map(|i| i.members.iter()).skip(1) {
            out.extend(shared_namespace(cx, mesh, member));
        }
    }
}

/// An `ossm2` mesh in the control-plane namespace of a member cluster other than the first (the
/// first is covered by `fedc::mesh::duplicate-namespace`).
fn shared_namespace(cx: &Context, mesh: &Mesh, member: &Member) -> Option<Diagnostic> {
    let fed = cx.federation;
    let other = fed
        .meshes
        .iter()
        .find(|m| m.istio.is_none() && m.cluster == member.cluster && m.namespace.value == mesh.namespace.value)?;
    Some(
        Diagnostic::new(
            codes::istio::CLUSTER_IN_TWO_MESHES,
            format!(
                "cluster `{}` would run mesh `{}` and mesh `{}` in namespace `{}`",
                fed.cluster(member.cluster).name.value,
                mesh.name.value,
                other.name.value,
                mesh.namespace.value
            ),
        )
        .label(member.span.clone(), format!("`{}` is on this cluster…", mesh.name.value))
        .label(other.namespace.span.clone(), format!("…where `{}` uses the same namespace", other.name.value))
        .help("give one of the meshes another `namespace`: two control planes cannot share one"),
    )
}
