//! A namespace used by two OpenShift Service Mesh 2 meshes of one cluster (services exported from
//! it, imported as local into it, a failover placed in it), even where no mesh declares `members`:
//! a namespace joins one control plane's member roll only, so one of the two meshes never sees it
//! and its exports match nothing (maistra-semantics §4). With `members` declared on both meshes,
//! `fedc::mesh::namespace-in-two-meshes` and `fedc::mesh::not-a-member` say the same already.

use std::collections::BTreeMap;

use super::Rule;
use super::members::used_namespaces;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{MeshId, MeshTarget};
use crate::source::Span;

pub(crate) const RULE: Rule = Rule { run };

/// Why a mesh uses its own namespace.
const OWN: &str = "the mesh's control-plane namespace";

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    // (cluster, namespace) → the first mesh using it, where, and why.
    let mut first: BTreeMap<(usize, String), (MeshId, Span, &'static str)> = BTreeMap::new();
    let ossm2 = |id: &MeshId| fed.mesh(*id).target.value == MeshTarget::Ossm2 && !fed.is_partner(*id);
    for id in fed.mesh_ids().filter(ossm2) {
        let mesh = fed.mesh(id);
        let own = (mesh.namespace.value.clone(), mesh.namespace.span.clone(), OWN);
        let mut reported = std::collections::BTreeSet::new();
        for (namespace, at, why) in std::iter::once(own).chain(used_namespaces(fed, id)) {
            let key = (mesh.cluster.0, namespace.clone());
            let Some((other, first_at, first_why)) = first.get(&key).cloned() else {
                first.insert(key, (id, at, why));
                continue;
            };
            let both_declare = mesh.members.is_some() && fed.mesh(other).members.is_some();
            // Two control planes in one namespace: `fedc::mesh::duplicate-namespace`.
            let both_control_planes = first_why == OWN && why == OWN;
            if other == id || both_declare || both_control_planes || !reported.insert(namespace.clone()) {
                continue;
            }
            let (cluster, other_name) = (&fed.cluster_of(id).name.value, &fed.mesh(other).name.value);
            out.push(
                Diagnostic::new(
                    codes::mesh::NAMESPACE_USED_TWICE,
                    format!(
                        "namespace `{namespace}` on cluster `{cluster}` is used by meshes `{other_name}` and `{}`, but can join one member roll only",
                        mesh.name.value
                    ),
                )
                .label(at, format!("`{}`: {why}", mesh.name.value))
                .label(first_at, format!("`{other_name}`: {first_why}"))
                .help("give each mesh of a cluster its own namespaces (and declare them with `members`), or move one mesh to another cluster"),
            );
        }
    }
}
