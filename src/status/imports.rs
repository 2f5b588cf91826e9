//! One import rule, from the importer's ImportedServiceSet `<exporter>`:
//! `status.importedServices[]` lists every name the exporter offers (`exportedName`) and, when an
//! import rule matched it, the local service it became (empty `localService` otherwise). What the
//! rule should import, and under which hostname, is what the checker computes on the effective
//! names (`check::hostnames::of_block`, first match on both sides); a failover through the rule
//! makes its service local, as the planner does.

use std::collections::BTreeSet;

use serde_json::Value;

use super::expected::Placed;
use super::exports::exported_hostname;
use super::fields::{list, text};
use super::judge::{Judge, Verdict};
use super::snapshot::Key;
use crate::check::effective::{Exports, import_of};
use crate::check::hostnames::{ImportedHost, LOCAL_SUFFIX};
use crate::model::{ImportBlock, MeshId, ServiceName};
use crate::source::Span;

/// A name the exporter offers, as the status lists it.
struct Offered {
    /// The exported `namespace/name`, read back from `exportedName`.
    exported: (String, String),
    /// `localService.hostname`; `None` when not imported.
    hostname: Option<String>,
}

pub(crate) fn judge(cx: &Judge, block_index: usize, rule: usize, objects: &[Placed]) -> Verdict {
    let fed = cx.fed;
    let block = &fed.imports[block_index];
    let (mesh, from) = (&fed.mesh(block.mesh.id).name.value, &fed.mesh(block.from.id).name.value);
    let Some(set) = objects.iter().find(|p| p.key.kind == "ImportedServiceSet").and_then(|p| cx.object(p)) else {
        return Verdict::not_checked(vec!["no ImportedServiceSet to read".into()]);
    };
    if set.get("status").and_then(|s| s.get("importedServices")).is_none() {
        let message = format!("`{mesh}`'s istiod has not written the status of its ImportedServiceSet `{from}`");
        let help = format!(
            "only the leading istiod writes it: is istiod running in `{}`?",
            fed.mesh(block.mesh.id).namespace.value
        );
        return Verdict::down(Vec::new(), "fedc::status::no-status", message, help);
    }
    let offered = offered(set, mesh);
    let mut observed = Vec::new();
    let mut imported = BTreeSet::new();
    for offer in &offered {
        let Some((first, local)) = import_of(&block.rules, &offer.exported.0, &offer.exported.1) else { continue };
        if first != rule {
            continue;
        }
        let expected = expected_host(cx, block_index, block, rule, &local);
        match &offer.hostname {
            Some(hostname) if *hostname == expected => {
                observed.push(format!("imports {}/{} as {hostname}", offer.exported.0, offer.exported.1));
                imported.insert(local);
            }
            Some(hostname) => {
                observed
                    .push(format!("imports {}/{} as {hostname}, not {expected}", offer.exported.0, offer.exported.1));
                let message = format!(
                    "`{mesh}` imports {}/{} as {hostname}; the topology says {expected}",
                    offer.exported.0, offer.exported.1
                );
                return Verdict::degraded(observed, "fedc::status::out-of-sync", message, out_of_sync_help(cx, block));
            }
            None => observed
                .push(format!("{}/{} is offered by `{from}` but not imported", offer.exported.0, offer.exported.1)),
        }
    }
    let hosts = cx.import_hosts(block_index);
    let wanted: Vec<&ImportedHost> = hosts.iter().filter(|h| h.rule == rule).map(|h| &h.host).collect();
    if wanted.is_empty() {
        observed.push(format!("`{from}` exports nothing this rule matches (`fedc check` warns)"));
        return Verdict::not_checked(observed);
    }
    let missing = wanted
        .iter()
        .filter(|h| h.is_exact())
        .map(|h| (h.namespace.to_string(), h.name.to_string()))
        .find(|l| !imported.contains(l));
    if let Some(local) = missing {
        return missing_verdict(cx, block, rule, &local, &offered, observed);
    }
    if imported.is_empty() {
        let message = format!("the rule imported nothing into `{mesh}` from `{from}`");
        let help = format!(
            "`{from}` offers `{mesh}` nothing this rule matches: see `{from}`'s export rules and the peering between them"
        );
        return Verdict::down(observed, "fedc::status::import-missing", message, help);
    }
    Verdict::up(observed)
}

/// The exporter's offers, each `exportedName` read back into `namespace/name` (the exporter names
/// the importer `importer` in `<name>.<namespace>.svc.<importer>-exports.local`).
fn offered(set: &Value, importer: &str) -> Vec<Offered> {
    let suffix = format!(".svc.{importer}-exports.local");
    let mut offered = Vec::new();
    for service in list(set, &["status", "importedServices"]) {
        let Some(exported) = text(service, &["exportedName"]) else { continue };
        let Some((name, namespace)) = exported.strip_suffix(&suffix).and_then(|n| n.split_once('.')) else { continue };
        let hostname = text(service, &["localService", "hostname"]);
        offered.push(Offered { exported: (namespace.to_string(), name.to_string()), hostname });
    }
    offered
}

/// The hostname rule `rule` gives the local `namespace/name`: its suffix (`check::hostnames`), or
/// the local suffix when a failover goes through it for that service.
fn expected_host(cx: &Judge, index: usize, block: &ImportBlock, rule: usize, local: &(String, String)) -> String {
    let through = cx.failing_over.get(&(index, rule)).is_some_and(|locals| locals.contains(local));
    let suffix = match through {
        true => LOCAL_SUFFIX.to_string(),
        false => ImportedHost::of(cx.fed, block, &block.rules[rule]).suffix,
    };
    format!("{}.{}.{suffix}", local.1, local.0)
}

/// Why `local` is not imported: offered but not matched (the cluster's set differs), exported by
/// the exporter but not received (discovery), or not exported at all.
fn missing_verdict(
    cx: &Judge,
    block: &ImportBlock,
    rule: usize,
    local: &(String, String),
    offered: &[Offered],
    observed: Vec<String>,
) -> Verdict {
    let fed = cx.fed;
    let (mesh, from) = (&fed.mesh(block.mesh.id).name.value, &fed.mesh(block.from.id).name.value);
    let service = ServiceName { namespace: local.0.clone(), name: local.1.clone(), span: block.span.clone() };
    let pattern = block.rules[rule].exported_name_of(&service);
    let exported = (pattern.namespace.to_string(), pattern.name.to_string());
    let message = format!("`{mesh}` does not import {}/{} from `{from}`", local.0, local.1);
    let code = "fedc::status::import-missing";
    if pattern.namespace.exact().is_none() || pattern.name.exact().is_none() {
        let help = format!(
            "`{from}` offers `{mesh}` nothing the rule turns into {}/{}: see `{from}`'s export rules and the peering between them",
            local.0, local.1
        );
        return Verdict::down(observed, code, message, help);
    }
    if offered.iter().any(|o| o.exported == exported) {
        return Verdict::down(observed, code, message, out_of_sync_help(cx, block));
    }
    let export_rule = export_rule_span(cx, block.from.id, block.mesh.id, &exported);
    let peering =
        fed.peerings.iter().find(|p| p.other(block.mesh.id) == Some(block.from.id)).map(|p| p.span_of(block.mesh.id));
    let help = match exporter_offers(cx, block.from.id, block.mesh.id, &exported) {
        Some(true) => format!(
            "`{from}` exports {}/{} to `{mesh}`, but `{mesh}` has not received it: discovery between them is down (see the peering `{mesh} → {from}`)",
            exported.0, exported.1
        ),
        Some(false) => format!(
            "`{from}` does not export {}/{} to `{mesh}`: see its export rule's status (the Service must exist on `{}` and be a member of `{from}`'s mesh)",
            exported.0,
            exported.1,
            fed.cluster_of(block.from.id).name.value
        ),
        None => format!(
            "`{from}` does not offer {}/{}: its own status (not read here) tells whether it exports it; else see the peering `{mesh} → {from}`",
            exported.0, exported.1
        ),
    };
    let mut verdict = Verdict::down(observed, code, message, help);
    if let Some(span) = export_rule {
        verdict = verdict.also(span, format!("`{from}` exports it here"));
    }
    if let Some(span) = peering {
        verdict = verdict.also(span, "the peering".into());
    }
    verdict
}

/// Whether the exporter's ExportedServiceSet for the importer lists `exported`; `None` when it
/// was not read (a partner, an Istio mesh, a cluster not read).
fn exporter_offers(cx: &Judge, exporter: MeshId, importer: MeshId, exported: &(String, String)) -> Option<bool> {
    let fed = cx.fed;
    if fed.is_partner(exporter) || fed.mesh(exporter).istio.is_some() {
        return None;
    }
    let importer_name = &fed.mesh(importer).name.value;
    let key =
        Key::new("federation.maistra.io", "ExportedServiceSet", &fed.mesh(exporter).namespace.value, importer_name);
    let set = cx.cluster(&fed.cluster_of(exporter).name.value)?.get(&key)?;
    let wanted = exported_hostname(&exported.1, &exported.0, importer_name);
    Some(
        list(set, &["status", "exportedServices"])
            .iter()
            .any(|s| text(s, &["exportedName"]).as_deref() == Some(wanted.as_str())),
    )
}

/// The export rule that exports `exported` from `exporter` to `importer`, first match wins.
fn export_rule_span(cx: &Judge, exporter: MeshId, importer: MeshId, exported: &(String, String)) -> Option<Span> {
    let exports = Exports::of(cx.fed, exporter, importer)?;
    let outcome = exports.outcomes.iter().find(|o| o.name == *exported)?;
    Some(exports.rules[outcome.rule].span().clone())
}

fn out_of_sync_help(cx: &Judge, block: &ImportBlock) -> String {
    let from = &cx.fed.mesh(block.from.id).name.value;
    let cluster = &cx.fed.cluster_of(block.mesh.id).name.value;
    format!(
        "the cluster's ImportedServiceSet `{from}` is not the one fedc generates: sync clusters/{cluster}/ (or find who edits it by hand)"
    )
}
