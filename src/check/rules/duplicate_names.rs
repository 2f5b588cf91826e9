//! Names that must be unique: meshes and clusters across the topology, control-plane namespaces
//! within a cluster (the SMCP webhook allows one control plane per namespace).

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, Located, Mesh};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for (first, again) in repeats(fed.meshes.iter().map(|m| (m.name.as_str(), &m.name))) {
        out.push(
            Diagnostic::new(codes::mesh::DUPLICATE_NAME, format!("mesh `{}` is defined twice", again.value))
                .label(again.span.clone(), "defined again here")
                .label(first.span.clone(), "first defined here")
                .help("rename one of them: a mesh name identifies its control plane and every peer's objects for it"),
        );
    }
    for (first, again) in repeats(fed.clusters.iter().map(|c| (c.name.as_str(), &c.name))) {
        out.push(
            Diagnostic::new(codes::cluster::DUPLICATE_NAME, format!("cluster `{}` is defined twice", again.value))
                .label(again.span.clone(), "defined again here")
                .label(first.span.clone(), "first defined here")
                .help("rename one of them, or merge the two definitions: each cluster gets one output directory"),
        );
    }
    namespaces(out, fed);
}

fn namespaces(out: &mut Vec<Diagnostic>, fed: &Federation) {
    let meshes = distinct_meshes(fed);
    let keyed = meshes.iter().map(|m| ((m.cluster, m.namespace.as_str()), *m));
    for (first, again) in repeats(keyed) {
        let cluster = &fed.cluster(again.cluster).name.value;
        out.push(
            Diagnostic::new(
                codes::mesh::DUPLICATE_NAMESPACE,
                format!(
                    "meshes `{}` and `{}` both use namespace `{}` on cluster `{cluster}`",
                    first.name.value, again.name.value, again.namespace.value
                ),
            )
            .label(again.namespace.span.clone(), namespace_label(again))
            .label(first.namespace.span.clone(), namespace_label(first))
            .help("give each control plane on a cluster its own `namespace`: only one SMCP may live in a namespace"),
        );
    }
}

fn namespace_label(mesh: &Mesh) -> String {
    if is_default(&mesh.namespace, mesh) {
        format!("`{}` by default", mesh.namespace.value)
    } else {
        format!("namespace of `{}`", mesh.name.value)
    }
}

/// A defaulted value points at its mesh's name.
pub(super) fn is_default(value: &Located<String>, mesh: &Mesh) -> bool {
    value.span == mesh.name.span
}

/// Meshes, leaving out later definitions of a repeated name (already reported as duplicates).
pub(super) fn distinct_meshes(fed: &Federation) -> Vec<&Mesh> {
    let mut seen = std::collections::BTreeSet::new();
    fed.meshes.iter().filter(|m| seen.insert(m.name.as_str())).collect()
}
