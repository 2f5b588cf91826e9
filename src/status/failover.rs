//! An OSSM 2 failover: the DestinationRule `<service>-failover` fedc generates on the mesh's
//! cluster, and the import it fails over to: a source import rule (`check::effective::failover`)
//! must have imported the service as local, under `<name>.<namespace>.svc.cluster.local`, or
//! there is nothing in the other region to fail over to.

use super::expected::Placed;
use super::fields::{list, text};
use super::judge::{Judge, Verdict, on};
use crate::check::effective::failover::Resolver;
use crate::plan::failover_rule::FailoverRule;

pub(crate) fn judge(cx: &Judge, index: usize, objects: &[Placed], uncollected: &[&Placed]) -> Verdict {
    let fed = cx.fed;
    let failover = &fed.failovers[index];
    let host = FailoverRule::of(fed, failover).host;
    let mut observed = Vec::new();
    let rule = objects.iter().find(|p| p.key.kind == "DestinationRule");
    if let Some(rule) = rule.filter(|r| !uncollected.contains(r)) {
        observed.push(format!("present: {}", on(rule)));
    }
    let sources = Resolver::new(fed).sources(failover);
    let mut imported_from = Vec::new();
    for source in &sources {
        let peer = &fed.mesh(source.peer).name.value;
        let set = objects
            .iter()
            .filter(|p| p.key.kind == "ImportedServiceSet" && p.key.name == *peer)
            .find_map(|p| cx.object(p));
        let services = set.map_or(&[][..], |s| list(s, &["status", "importedServices"]));
        if services.iter().any(|s| text(s, &["localService", "hostname"]).as_deref() == Some(host.as_str())) {
            observed.push(format!("{host} is imported as local from `{peer}`"));
            imported_from.push(source);
        }
    }
    if imported_from.is_empty() {
        let mesh = &fed.mesh(failover.mesh.id).name.value;
        let message = format!(
            "`{mesh}` imports no copy of {} from region `{}`: there is nothing to fail over to",
            failover.service, failover.to.value
        );
        let help = "see the import rule it goes through (the other label) and its status: the exporter must export the service and the peering must be up".to_string();
        let mut verdict = Verdict::down(observed, "fedc::status::failover-incomplete", message, help);
        for source in &sources {
            let rule = &fed.imports[source.block].rules[source.rule];
            verdict = verdict.also(rule.span.clone(), "the import it fails over to".into());
        }
        return verdict;
    }
    if rule.is_some_and(|r| uncollected.contains(&r)) {
        return Verdict::not_checked(observed);
    }
    Verdict::up(observed)
}
