//! Mesh membership (docs/decisions.md, "Namespaces: checked, not emitted"). istiod sees only
//! services in its control-plane namespace and the member namespaces (maistra-semantics §4), and
//! Envoy only applies a DestinationRule or an as-local import in a member namespace. When a mesh
//! declares `members`, every namespace fedc relies on must be one; and one namespace cannot be a
//! member of two meshes of one cluster (the operator gives it to one control plane only).

use std::collections::BTreeMap;

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{ExportRule, Federation, Located, Mesh, MeshId, Pattern};
use crate::source::Span;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for id in fed.mesh_ids() {
        let mesh = fed.mesh(id);
        let Some(members) = &mesh.members else { continue };
        // One finding per missing member, at its first use.
        let mut reported = std::collections::BTreeSet::new();
        for (namespace, at, why) in used_namespaces(fed, id) {
            let member = namespace == mesh.namespace.value || members.value.iter().any(|m| m.value == namespace);
            if !member && reported.insert(namespace.clone()) {
                out.push(not_a_member(mesh, members, &namespace, at, why));
            }
        }
    }
    claimed_twice(out, fed);
}

/// Namespaces fedc relies on being members, where they are written, and why.
pub(super) fn used_namespaces(fed: &Federation, id: MeshId) -> Vec<(String, Span, &'static str)> {
    let mut used = Vec::new();
    for failover in fed.failovers.iter().filter(|f| f.mesh.id == id) {
        let why = "the failover DestinationRule is placed here";
        used.push((failover.service.namespace.clone(), failover.service.span.clone(), why));
    }
    for (_, block) in fed.imports_of(id) {
        for rule in block.rules.iter().filter(|r| r.is_local()) {
            let alias = rule.alias.as_ref().and_then(|a| a.namespace.exact());
            if let Some(namespace) = alias.or(rule.service.namespace.exact()) {
                let at = rule.alias.as_ref().map_or(rule.service.span.clone(), |a| a.span.clone());
                used.push((namespace.to_string(), at, "the service is imported as local into this namespace"));
            }
        }
    }
    for block in fed.exports.iter().filter(|b| b.mesh.id == id) {
        for rule in &block.rules {
            let (namespace, at) = match rule {
                ExportRule::Name { service, .. } => (&service.namespace, service.span.clone()),
                ExportRule::Labels(labels) => (&labels.namespace.value, labels.namespace.span.clone()),
            };
            if let Pattern::Exact(namespace) = namespace {
                used.push((namespace.clone(), at, "istiod exports only services of member namespaces"));
            }
        }
    }
    used
}

fn not_a_member(
    mesh: &Mesh,
    members: &Located<Vec<Located<String>>>,
    namespace: &str,
    at: Span,
    why: &str,
) -> Diagnostic {
    Diagnostic::new(
        codes::mesh::NOT_A_MEMBER,
        format!("namespace `{namespace}` is not a member of mesh `{}`", mesh.name.value),
    )
    .label(at, why)
    .label(members.span.clone(), "the mesh's members")
    .help(format!(
        "add `{namespace}` to `members` (and to the mesh's ServiceMeshMemberRoll), or use a member namespace"
    ))
}

/// A namespace listed by two meshes of one cluster (as a member or as a control-plane namespace).
fn claimed_twice(out: &mut Vec<Diagnostic>, fed: &Federation) {
    let mut claims: BTreeMap<(usize, String), (MeshId, Span)> = BTreeMap::new();
    for id in fed.mesh_ids() {
        let mesh = fed.mesh(id);
        let Some(members) = &mesh.members else { continue };
        let cluster = mesh.cluster.0;
        for member in &members.value {
            claims.entry((cluster, member.value.clone())).or_insert((id, member.span.clone()));
        }
    }
    for id in fed.mesh_ids() {
        let mesh = fed.mesh(id);
        let own = std::iter::once(&mesh.namespace);
        let listed = mesh.members.as_ref().map(|m| m.value.iter()).into_iter().flatten();
        for namespace in own.chain(listed) {
            let Some((first, at)) = claims.get(&(mesh.cluster.0, namespace.value.clone())) else { continue };
            if *first == id {
                continue;
            }
            let cluster = &fed.cluster_of(id).name.value;
            let other = &fed.mesh(*first).name.value;
            out.push(
                Diagnostic::new(
                    codes::mesh::NAMESPACE_IN_TWO_MESHES,
                    format!(
                        "namespace `{}` on cluster `{cluster}` is claimed by meshes `{other}` and `{}`",
                        namespace.value, mesh.name.value
                    ),
                )
                .label(namespace.span.clone(), format!("claimed by `{}`", mesh.name.value))
                .label(at.clone(), format!("a member of `{other}`"))
                .help("a namespace can be a member of one control plane only: remove it from one mesh"),
            );
        }
    }
}
