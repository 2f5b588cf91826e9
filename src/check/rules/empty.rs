//! Topologies and blocks that say nothing: no mesh at all (the build writes nothing), and export
//! or import blocks without rules (an ExportedServiceSet / ImportedServiceSet with no rules exports
//! or imports nothing, maistra-semantics §1). Blocks whose rules were all dropped for errors of
//! their own are not reported again. Errors, since such a set is also an object the API server
//! would refuse (`exportRules`/`importRules` must be a list of rules).

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    if fed.meshes.is_empty() && !cx.omissions.meshes_dropped {
        out.push(
            Diagnostic::new(codes::federation::NO_MESHES, "the topology defines no mesh: there is nothing to build")
                .label(fed.name.span.clone(), "this federation has no `[[meshes]]`")
                .help("add a `[[meshes]]` entry for each service mesh control plane"),
        );
    }
    for block in fed.exports.iter().filter(|b| b.rules.is_empty()) {
        if cx.omissions.exports_of.contains(&block.mesh.id) {
            continue;
        }
        let mesh = &fed.mesh(block.mesh.id).name.value;
        out.push(
            Diagnostic::new(codes::export::NO_RULES, format!("this `[[exports]]` block of `{mesh}` has no rules"))
                .label(block.mesh.span.clone(), "exports nothing")
                .help("add `[[exports.rules]]` (e.g. `service = \"bookinfo/ratings\"`), or remove the block"),
        );
    }
    for block in fed.imports.iter().filter(|b| b.rules.is_empty()) {
        if cx.omissions.imports_of.contains(&block.mesh.id) {
            continue;
        }
        let (mesh, from) = (&fed.mesh(block.mesh.id).name.value, &fed.mesh(block.from.id).name.value);
        out.push(
            Diagnostic::new(
                codes::import::NO_RULES,
                format!("this `[[imports]]` block of `{mesh}` from `{from}` has no rules"),
            )
            .label(block.from.span.clone(), "imports nothing")
            .help("add `[[imports.rules]]` (e.g. `service = \"bookinfo/ratings\"`), or remove the block"),
        );
    }
}
