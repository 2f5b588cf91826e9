//! Failover needs a source: an import of the service, as local, from a peer whose imported locality
//! is the target region, of a service that peer really exports to this mesh (maistra-semantics §6).
//! Sources are resolved on the effective names (`check::effective::failover`, §4–§5: export rules
//! and aliases, then import rules, in order, first match wins), so a rule an earlier one shadows is
//! no source, and the finding names the rule that wins. Messages show the path
//! `mesh (region) → peer (region) via import rule …`.

use super::Rule;
use super::failover_settings::known_regions;
use super::flows::cause;
use crate::check::Context;
use crate::check::effective::failover::{BlockRole, Cause, Resolver, Role};
use crate::check::effective::{Name, shown};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Failover, Federation, Pattern, ServicePattern};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let regions = known_regions(fed);
    let mut resolver = Resolver::new(fed);
    // A partner's failover is `fedc::partner::not-ours`; its sources are not ours to check.
    let ours = |f: &&Failover| !fed.is_partner(f.mesh.id);
    for failover in fed.failovers.iter().filter(|f| regions.contains(f.to.as_str())).filter(ours) {
        let roles = resolver.roles(failover);
        let here: Vec<&BlockRole> = roles.iter().filter(|r| r.in_target_region).collect();
        // Failing over to the own region is `same-region`: no source there is its echo.
        let same_region = failover.from.value == failover.to.value;
        if here.is_empty() && !same_region && !cx.omissions.imports_of.contains(&failover.mesh.id) {
            out.push(no_source(fed, failover, &roles));
        }
        for role in here {
            // Export findings need the peer's exports as written, and a peering to flow along.
            let exports_known =
                !cx.omissions.exports_of.contains(&role.peer) && fed.are_peered(failover.mesh.id, role.peer);
            match &role.role {
                Role::Source { rule, certain } => {
                    out.extend(source_findings(fed, failover, role, *rule));
                    if !certain && exports_known {
                        out.push(maybe_exported(fed, failover, role, *rule));
                    }
                }
                Role::Missed { rule, cause: Cause::NotExported { wanted, matches_exports } } => {
                    out.extend(source_findings(fed, failover, role, *rule));
                    // An import rule that matches nothing exported is `import::never-exported`.
                    if *matches_exports && exports_known {
                        out.push(not_exported(fed, failover, role, *rule, wanted));
                    }
                }
                Role::Missed { rule, cause: Cause::Shadowed { exported, winner, imported } } => {
                    if exports_known {
                        out.push(shadowed(fed, failover, role, (*rule, *winner), exported, imported));
                    }
                }
            }
        }
    }
}

fn no_source(fed: &Federation, failover: &Failover, roles: &[BlockRole]) -> Diagnostic {
    let mesh = &fed.mesh(failover.mesh.id).name.value;
    let service = &failover.service;
    let mut finding = Diagnostic::new(
        codes::failover::NO_SOURCE,
        format!("failover of `{service}` in mesh `{mesh}` has no source in region `{}`", failover.to.value),
    )
    .label(failover.to.span.clone(), format!("`{mesh}` imports `{service}` from no mesh in this region"));
    // Imports of the service from other regions: the likely near misses.
    for role in roles {
        let Role::Source { rule, .. } = role.role else { continue };
        let block = &fed.imports[role.block];
        let region = fed.import_locality(block).and_then(|l| l.region).map_or("no region".into(), |r| r.value);
        let peer = &fed.mesh(role.peer).name.value;
        finding =
            finding.label(block.rules[rule].service.span.clone(), format!("imports it from `{peer}`, in {region}"));
    }
    finding.help(format!(
        "import `{service}` with `as_local = true` from a peer whose cluster (or the import's `locality`) is in region `{}`",
        failover.to.value
    ))
}

fn path(fed: &Federation, failover: &Failover, role: &BlockRole, rule: usize) -> String {
    let mesh = &fed.mesh(failover.mesh.id).name.value;
    let peer = &fed.mesh(role.peer).name.value;
    let rule = &fed.imports[role.block].rules[rule];
    format!("{mesh} ({}) → {peer} ({}) via import rule {}", failover.from.value, failover.to.value, rule.service)
}

fn source_findings(fed: &Federation, failover: &Failover, role: &BlockRole, index: usize) -> Vec<Diagnostic> {
    let rule = &fed.imports[role.block].rules[index];
    let path = path(fed, failover, role, index);
    let mut findings = Vec::new();
    if let Some(as_local) = rule.as_local.as_ref().filter(|l| !l.value) {
        findings.push(
            Diagnostic::new(codes::failover::NOT_LOCAL, format!("failover path {path} needs the service imported as local"))
                .label(as_local.span.clone(), "imported as not local")
                .label(failover.service.span.clone(), "fails over through that rule")
                .help("remove `as_local = false`: failover balances over the local hostname `<name>.<namespace>.svc.cluster.local`"),
        );
    }
    let alias_fixes = rule.alias.as_ref().is_some_and(|a| a.namespace.exact().is_some());
    if !alias_fixes && rule.service.namespace.exact().is_none() && !rule.is_local() {
        findings.push(
            Diagnostic::new(
                codes::failover::UNFIXED_NAMESPACE,
                format!("failover path {path} imports from any namespace"),
            )
            .label(rule.service.span.clone(), "a failover source needs a fixed namespace")
            .label(failover.service.span.clone(), "fails over through this rule")
            .help("name the namespace in the import rule's `service`, or set `alias = \"<namespace>/*\"`"),
        );
    }
    findings
}

/// The source imports a name the peer exports only if its Service labels match.
fn maybe_exported(fed: &Federation, failover: &Failover, role: &BlockRole, index: usize) -> Diagnostic {
    let rule = &fed.imports[role.block].rules[index];
    let wanted = rule.exported_name_of(&failover.service);
    let (peer, mesh) = (&fed.mesh(role.peer).name.value, &fed.mesh(failover.mesh.id).name.value);
    Diagnostic::new(
        codes::failover::MAYBE_NOT_EXPORTED,
        format!(
            "failover path {} works only if `{peer}` selects `{wanted}` by its labels",
            path(fed, failover, role, index)
        ),
    )
    .label(failover.service.span.clone(), "fails over to this service")
    .label(rule.service.span.clone(), format!("imports it as `{wanted}` from `{peer}`"))
    .help(format!("export `{wanted}` from `{peer}` to `{mesh}` by name, or fail over to a region that has it"))
}

/// The rule meant as the source imports other names from the peer, but not the one it would turn
/// into the service; the help says why when the peer renames it or shadows its export.
fn not_exported(
    fed: &Federation,
    failover: &Failover,
    role: &BlockRole,
    index: usize,
    wanted: &ServicePattern,
) -> Diagnostic {
    let block = &fed.imports[role.block];
    let rule = &block.rules[index];
    let (peer, mesh) = (&fed.mesh(role.peer).name.value, &fed.mesh(failover.mesh.id).name.value);
    let help = cause(fed, block, wanted).unwrap_or_else(|| {
        format!("export `{wanted}` from `{peer}` to `{mesh}` by name, or fail over to a region that has it")
    });
    Diagnostic::new(
        codes::failover::NOT_EXPORTED,
        format!(
            "failover path {} is broken: `{peer}` does not export `{wanted}` to `{mesh}`",
            path(fed, failover, role, index)
        ),
    )
    .label(failover.service.span.clone(), "fails over to this service")
    .label(rule.service.span.clone(), format!("imports it as `{wanted}` from `{peer}`"))
    .help(help)
}

/// The peer exports the name, but an earlier import rule takes it under another name: the
/// controller never imports the failover's service through the rule meant for it.
fn shadowed(
    fed: &Federation,
    failover: &Failover,
    role: &BlockRole,
    (index, winner): (usize, usize),
    exported: &Name,
    imported: &Name,
) -> Diagnostic {
    let block = &fed.imports[role.block];
    let (meant, first) = (&block.rules[index], &block.rules[winner]);
    let (exported, imported) = (name(exported), name(imported));
    let peer = &fed.mesh(role.peer).name.value;
    let service = &failover.service;
    Diagnostic::new(
        codes::failover::SHADOWED_SOURCE,
        format!(
            "failover path {} is broken: import rule {} matches `{exported}` first and imports it as `{imported}`",
            path(fed, failover, role, index),
            first.service
        ),
    )
    .label(failover.service.span.clone(), "fails over to this service")
    .label(meant.service.span.clone(), format!("meant for `{exported}` from `{peer}`, never reached for it"))
    .label(first.service.span.clone(), format!("matches `{exported}` first: imports it as `{imported}`"))
    .help(format!(
        "move the rule for `{service}` before the more general one, or give the general rule no alias for `{exported}`"
    ))
}

fn name((namespace, name): &Name) -> String {
    shown(&ServicePattern {
        namespace: Pattern::Exact(namespace.clone()),
        name: Pattern::Exact(name.clone()),
        span: 0..0,
    })
}
