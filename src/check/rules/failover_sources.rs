//! Failover needs a source: an import of the service, as local, from a peer whose imported locality
//! is the target region, of a service that peer really exports to this mesh (maistra-semantics §6).
//! Messages show the path `mesh (region) → peer (region) via import rule …`.

use super::Rule;
use super::failover_settings::known_regions;
use super::flows::{Coverage, coverage, exported_to};
use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Failover, FailoverSource, Federation, ServicePattern};

pub const RULE: Rule = Rule { name: "failover-sources", run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let regions = known_regions(fed);
    // A partner's failover is `fedc::partner::not-ours`; its sources are not ours to check.
    let ours = |f: &&crate::model::Failover| !fed.is_partner(f.mesh.id);
    for failover in fed.failovers.iter().filter(|f| regions.contains(f.to.as_str())).filter(ours) {
        let sources = fed.failover_sources(failover);
        // Failing over to the own region is `same-region`: no source there is its echo.
        let same_region = failover.from.value == failover.to.value;
        if sources.is_empty() && !same_region && !cx.omissions.imports_of.contains(&failover.mesh.id) {
            out.push(no_source(fed, failover));
        }
        for source in sources {
            out.extend(source_findings(fed, failover, source));
            if !cx.omissions.exports_of.contains(&source.peer) {
                out.extend(export_finding(fed, failover, source));
            }
        }
    }
}

fn no_source(fed: &Federation, failover: &Failover) -> Diagnostic {
    let mesh = &fed.mesh(failover.mesh.id).name.value;
    let service = &failover.service;
    let mut finding = Diagnostic::error(
        "fedc::failover::no-source",
        format!("failover of `{service}` in mesh `{mesh}` has no source in region `{}`", failover.to.value),
    )
    .label(failover.to.span.clone(), format!("`{mesh}` imports `{service}` from no mesh in this region"));
    // Imports of the service from other regions: the likely near misses.
    for (_, block) in fed.imports_of(failover.mesh.id) {
        let region = fed.import_locality(block).and_then(|l| l.region).map_or("no region".into(), |r| r.value);
        for rule in block.rules.iter().filter(|r| result(r).matches(&service.namespace, &service.name)) {
            let peer = &fed.mesh(block.from.id).name.value;
            finding = finding.label(rule.service.span.clone(), format!("imports it from `{peer}`, in {region}"));
        }
    }
    finding.help(format!(
        "import `{service}` with `as_local = true` from a peer whose cluster (or the import's `locality`) is in region `{}`",
        failover.to.value
    ))
}

fn result(rule: &crate::model::ImportRule) -> ServicePattern {
    rule.alias.as_ref().map_or_else(|| rule.service.clone(), |a| a.apply(&rule.service))
}

fn path(fed: &Federation, failover: &Failover, source: FailoverSource) -> String {
    let mesh = &fed.mesh(failover.mesh.id).name.value;
    let peer = &fed.mesh(source.peer).name.value;
    let rule = &fed.imports[source.block].rules[source.rule];
    format!("{mesh} ({}) → {peer} ({}) via import rule {}", failover.from.value, failover.to.value, rule.service)
}

fn source_findings(fed: &Federation, failover: &Failover, source: FailoverSource) -> Vec<Diagnostic> {
    let rule = &fed.imports[source.block].rules[source.rule];
    let path = path(fed, failover, source);
    let mut findings = Vec::new();
    if let Some(as_local) = rule.as_local.as_ref().filter(|l| !l.value) {
        findings.push(
            Diagnostic::error("fedc::failover::not-local", format!("failover path {path} needs the service imported as local"))
                .label(as_local.span.clone(), "imported as not local")
                .label(failover.service.span.clone(), "fails over through that rule")
                .help("remove `as_local = false`: failover balances over the local hostname `<name>.<namespace>.svc.cluster.local`"),
        );
    }
    let alias_fixes = rule.alias.as_ref().is_some_and(|a| a.namespace.exact().is_some());
    if !alias_fixes && rule.service.namespace.exact().is_none() && !rule.is_local() {
        findings.push(
            Diagnostic::error(
                "fedc::failover::unfixed-namespace",
                format!("failover path {path} imports from any namespace"),
            )
            .label(rule.service.span.clone(), "a failover source needs a fixed namespace")
            .label(failover.service.span.clone(), "fails over through this rule")
            .help("name the namespace in the import rule's `service`, or set `alias = \"<namespace>/*\"`"),
        );
    }
    findings
}

/// Whether the peer exports, to this mesh, the name the import rule turns into the service.
/// When the import rule itself matches no export, `flows` already reports it.
fn export_finding(fed: &Federation, failover: &Failover, source: FailoverSource) -> Option<Diagnostic> {
    if !fed.are_peered(failover.mesh.id, source.peer) {
        return None;
    }
    let rule = &fed.imports[source.block].rules[source.rule];
    let exported = exported_to(fed, source.peer, failover.mesh.id);
    if coverage(&rule.service, &exported) == Coverage::None {
        return None;
    }
    let wanted = rule.exported_name_of(&failover.service);
    let path = path(fed, failover, source);
    let peer = &fed.mesh(source.peer).name.value;
    let mesh = &fed.mesh(failover.mesh.id).name.value;
    let base = match coverage(&wanted, &exported) {
        Coverage::Resolved => return None,
        Coverage::Unresolved => Diagnostic::warning(
            "fedc::failover::maybe-not-exported",
            format!("failover path {path} works only if `{peer}` selects `{wanted}` by its labels"),
        ),
        Coverage::None => Diagnostic::error(
            "fedc::failover::not-exported",
            format!("failover path {path} is broken: `{peer}` does not export `{wanted}` to `{mesh}`"),
        ),
    };
    Some(
        base.label(failover.service.span.clone(), "fails over to this service")
            .label(rule.service.span.clone(), format!("imports it as `{wanted}` from `{peer}`"))
            .help(format!("export `{wanted}` from `{peer}` to `{mesh}` by name, or fail over to a region that has it")),
    )
}
