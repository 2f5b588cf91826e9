//! Every mesh needs its own trust domain: the controller only distributes a peer's root
//! certificate when the peer's trust domain differs from the local one (maistra-semantics §9).

use super::Rule;
use super::duplicate_names::{distinct_meshes, is_default};
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::Mesh;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let meshes = distinct_meshes(cx.federation);
    for (first, again) in repeats(meshes.iter().map(|m| (m.trust_domain.as_str(), *m))) {
        out.push(
            Diagnostic::new(
                codes::mesh::DUPLICATE_TRUST_DOMAIN,
                format!(
                    "meshes `{}` and `{}` share trust domain `{}`",
                    first.name.value, again.name.value, again.trust_domain.value
                ),
            )
            .label(again.trust_domain.span.clone(), trust_domain_label(again))
            .label(first.trust_domain.span.clone(), trust_domain_label(first))
            .help(
                "give every mesh a unique `trust_domain`: with equal ones, peers ignore each other's root certificate",
            ),
        );
    }
}

fn trust_domain_label(mesh: &Mesh) -> String {
    if is_default(&mesh.trust_domain, mesh) {
        format!("`{}` by default", mesh.trust_domain.value)
    } else {
        format!("trust domain of `{}`", mesh.name.value)
    }
}
