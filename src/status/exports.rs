//! One export rule of `mesh` to `peer`, from `mesh`'s ExportedServiceSet `<peer>`:
//! `status.exportedServices[]` lists what the controller exports (`localService` and
//! `exportedName`, `<name>.<namespace>.svc.<peer>-exports.local`, maistra-semantics §3). Each
//! exported service is attributed to the rule that exports it as the controller evaluates the
//! rules (`check::effective::export_of`: first match wins), so each rule shows what it exported.

use serde_json::Value;

use super::expected::Placed;
use super::fields::{list, text};
use super::judge::{Judge, Verdict};
use crate::check::effective::{Exports, export_of};
use crate::model::{ExportRule, Federation, MeshId, Pattern};

/// The hostname a service is exported to `peer` under (maistra-semantics §3).
pub(crate) fn exported_hostname(name: &str, namespace: &str, peer: &str) -> String {
    format!("{name}.{namespace}.svc.{peer}-exports.local")
}

/// An exported service as the status lists it, and the rule that exports it.
struct Attributed {
    local: (String, String),
    exported: String,
    /// Index of the rule, `None` when no rule of the topology exports it.
    rule: Option<usize>,
    /// The name the topology gives it, when the status shows another.
    expected: Option<String>,
}

pub(crate) fn judge(cx: &Judge, mesh: MeshId, peer: MeshId, rule: usize, objects: &[Placed]) -> Verdict {
    let fed = cx.fed;
    let Some(set) = objects.iter().find(|p| p.key.kind == "ExportedServiceSet").and_then(|p| cx.object(p)) else {
        return Verdict::not_checked(vec!["no ExportedServiceSet to read".into()]);
    };
    let (mesh_name, peer_name) = (&fed.mesh(mesh).name.value, &fed.mesh(peer).name.value);
    let cluster = &fed.cluster_of(mesh).name.value;
    if set.get("status").and_then(|s| s.get("exportedServices")).is_none() {
        let message =
            format!("`{mesh_name}`'s istiod has not written the status of its ExportedServiceSet `{peer_name}`");
        let help = format!(
            "only the leading istiod writes it: is istiod running in `{}` on `{cluster}`?",
            fed.mesh(mesh).namespace.value
        );
        return Verdict::down(Vec::new(), "fedc::status::no-status", message, help);
    }
    let rules: Vec<&ExportRule> = fed.export_rules(mesh, peer).collect();
    let all = attribute(set, &rules, peer_name);
    let mine: Vec<&Attributed> = all.iter().filter(|a| a.rule == Some(rule)).collect();
    let mut observed: Vec<String> = mine.iter().map(|a| shown(a)).collect();
    let strays: Vec<&Attributed> = all.iter().filter(|a| a.rule.is_none()).collect();
    if rule == 0 {
        observed.extend(strays.iter().map(|a| format!("{} (by no rule of the topology)", shown(a))));
    }
    if mine.is_empty() {
        let reached = Exports::of(fed, mesh, peer).is_none_or(|e| e.reached(rule, None));
        if !reached {
            observed.push("an earlier rule exports everything this one matches (`fedc check` warns)".into());
            return Verdict::not_checked(observed);
        }
        let message = format!("the rule exported nothing from `{mesh_name}` to `{peer_name}`");
        let help = matched_nothing_help(fed, mesh, rules[rule], cluster);
        return Verdict::down(observed, "fedc::status::export-matched-nothing", message, help);
    }
    if let Some(renamed) = mine.iter().find(|a| a.expected.is_some()) {
        let message = format!("{} is exported under another name than the topology gives it", renamed.exported);
        return Verdict::degraded(observed, "fedc::status::out-of-sync", message, out_of_sync_help(peer_name, cluster));
    }
    if rule == 0 && !strays.is_empty() {
        let message = format!(
            "`{mesh_name}` exports {} to `{peer_name}`, which no rule of the topology exports",
            strays[0].exported
        );
        return Verdict::degraded(observed, "fedc::status::out-of-sync", message, out_of_sync_help(peer_name, cluster));
    }
    Verdict::up(observed)
}

/// Every exported service of the status, with the rule the controller exports it by.
fn attribute(set: &Value, rules: &[&ExportRule], peer: &str) -> Vec<Attributed> {
    let mut attributed = Vec::new();
    for service in list(set, &["status", "exportedServices"]) {
        let (Some(namespace), Some(name)) =
            (text(service, &["localService", "namespace"]), text(service, &["localService", "name"]))
        else {
            continue;
        };
        let exported = text(service, &["exportedName"]).unwrap_or_default();
        let outcomes = export_of(rules, &namespace, &name);
        let host = |o: &crate::check::effective::Exported| exported_hostname(&o.name.1, &o.name.0, peer);
        let exact = outcomes.iter().find(|o| host(o) == exported);
        let (rule, expected) = match (exact, outcomes.first()) {
            (Some(o), _) => (Some(o.rule), None),
            (None, Some(o)) => (Some(o.rule), Some(host(o))),
            (None, None) => (None, None),
        };
        attributed.push(Attributed { local: (namespace, name), exported, rule, expected });
    }
    attributed
}

fn shown(a: &Attributed) -> String {
    let mut line = format!("exports {}/{} as {}", a.local.0, a.local.1, a.exported);
    if let Some(expected) = &a.expected {
        line.push_str(&format!(" (the topology says {expected})"));
    }
    line
}

fn matched_nothing_help(fed: &Federation, mesh: MeshId, rule: &ExportRule, cluster: &str) -> String {
    let namespace = &fed.mesh(mesh).namespace.value;
    let member = format!("in a namespace that is a member of `{}`'s ServiceMeshMemberRoll", fed.mesh(mesh).name.value);
    let visible = format!("visible to `{namespace}` (no `networking.istio.io/exportTo` annotation hiding it)");
    match rule {
        ExportRule::Name { service, .. } => {
            let what = match (&service.namespace, &service.name) {
                (Pattern::Exact(ns), Pattern::Exact(name)) => format!("Service `{name}` in namespace `{ns}`"),
                (Pattern::Exact(ns), Pattern::Any) => format!("a Service in namespace `{ns}`"),
                _ => format!("a Service matching `{service}`"),
            };
            format!("{what} must exist on `{cluster}`, {member}, and be {visible}")
        }
        ExportRule::Labels(labels) => format!(
            "no Service on `{cluster}` {} carries the rule's labels; a selected Service must also be {member} and {visible}",
            match &labels.namespace.value {
                Pattern::Exact(ns) => format!("in namespace `{ns}`"),
                Pattern::Any => "in any namespace".into(),
            }
        ),
    }
}

fn out_of_sync_help(peer: &str, cluster: &str) -> String {
    format!(
        "the cluster's ExportedServiceSet `{peer}` is not the one fedc generates: sync clusters/{cluster}/ (or find who edits it by hand)"
    )
}
