//! Names fedc composes for GitOps objects. In the management-cluster layout each Flux
//! Kustomization is named `<federation>-<cluster>`, and Flux labels every object it applies with
//! that name (`kustomize.toolkit.fluxcd.io/name`): a label value, at most 63 characters.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};

pub(crate) const RULE: Rule = Rule { run };

const LABEL_VALUE_MAX: usize = 63;

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let federation = &cx.federation;
    let management = federation.gitops.as_ref().and_then(|g| g.flux.as_ref()).and_then(|f| f.management.as_ref());
    let Some(management) = management else { return };
    for cluster in &federation.clusters {
        let name = format!("{}-{}", federation.name.value, cluster.name.value);
        if name.len() > LABEL_VALUE_MAX {
            out.push(
                Diagnostic::new(
                    codes::gitops::NAME_TOO_LONG,
                    format!("Flux Kustomization name `{name}` is {} characters long", name.len()),
                )
                .label(cluster.name.span.clone(), "the Kustomization for this cluster is `<federation>-<cluster>`")
                .label(management.cluster.span.clone(), "one management cluster holds every cluster's Kustomization")
                .help(format!(
                    "Flux labels what it applies with the Kustomization's name, at most {LABEL_VALUE_MAX} characters: shorten the federation or cluster name"
                )),
            );
        }
    }
}
