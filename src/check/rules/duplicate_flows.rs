//! One ImportedServiceSet per (mesh, peer), one failover per (mesh, service), and one failover
//! DestinationRule (`<service>-failover` in the service's namespace) per cluster.

use super::Rule;
use crate::check::Context;
use crate::check::collisions::repeats;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::Federation;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    import_blocks(out, fed);
    failovers(out, fed);
    destination_rules(out, fed);
}

fn import_blocks(out: &mut Vec<Diagnostic>, fed: &Federation) {
    for (first, again) in repeats(fed.imports.iter().map(|b| ((b.mesh.id, b.from.id), b))) {
        let mesh = &fed.mesh(again.mesh.id).name.value;
        let from = &fed.mesh(again.from.id).name.value;
        out.push(
            Diagnostic::new(
                codes::import::DUPLICATE_BLOCK,
                format!("mesh `{mesh}` has two `[[imports]]` blocks for `{from}`"),
            )
            .label(again.from.span.clone(), "imports from it again here")
            .label(first.from.span.clone(), "first imports from it here")
            .help(format!(
                "merge the rules into one block: they become the single ImportedServiceSet `{from}` of `{mesh}`"
            )),
        );
    }
}

fn failovers(out: &mut Vec<Diagnostic>, fed: &Federation) {
    let keyed = fed.failovers.iter().map(|f| ((f.mesh.id, f.service.namespace.as_str(), f.service.name.as_str()), f));
    for (first, again) in repeats(keyed) {
        out.push(
            Diagnostic::new(
                codes::failover::DUPLICATE,
                format!("mesh `{}` has two failovers for `{}`", fed.mesh(again.mesh.id).name.value, again.service),
            )
            .label(again.service.span.clone(), "second failover")
            .label(first.service.span.clone(), "first failover")
            .help("keep one failover per service: both would write the same DestinationRule"),
        );
    }
}

/// Different meshes on one cluster failing over the same service write the same object.
fn destination_rules(out: &mut Vec<Diagnostic>, fed: &Federation) {
    let keyed = fed
        .failovers
        .iter()
        .map(|f| ((fed.mesh(f.mesh.id).cluster, f.service.namespace.as_str(), f.service.name.as_str()), f));
    for (first, again) in repeats(keyed).into_iter().filter(|(a, b)| a.mesh.id != b.mesh.id) {
        let cluster = &fed.cluster_of(again.mesh.id).name.value;
        let service = &again.service;
        out.push(
            Diagnostic::new(
                codes::failover::DUPLICATE_DESTINATION_RULE,
                format!(
                    "failovers of `{service}` in meshes `{}` and `{}` both write DestinationRule `{}/{}-failover` on cluster `{cluster}`",
                    fed.mesh(first.mesh.id).name.value,
                    fed.mesh(again.mesh.id).name.value,
                    service.namespace,
                    service.name
                ),
            )
            .label(again.service.span.clone(), "second DestinationRule")
            .label(first.service.span.clone(), "first DestinationRule")
            .help("fail the service over from one mesh only: a namespace belongs to one control plane's member roll"),
        );
    }
}
