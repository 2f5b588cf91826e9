//! Prints an [`Explanation`]: per calling mesh (or, reversed, per serving service), as text,
//! markdown or JSON. Names come from the topology: the text forms go through `inert`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Explanation, Reach};
use crate::inert;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Indented, one block per mesh.
    Text,
    /// GitHub-flavoured markdown tables, one per mesh.
    Markdown,
    /// One JSON document, `{ "version": 1, "federation": ..., "reachable": [...] }` (a stable shape).
    Json,
}

/// Renders `explanation`; `reverse` groups by serving mesh and service: who can reach it.
pub(crate) fn render(explanation: &Explanation, format: Format, reverse: bool) -> String {
    match format {
        Format::Json => inert::json(serde_json::to_string_pretty(explanation).map(|s| s + "\n").unwrap_or_default()),
        Format::Text => inert::lines(&text(explanation, reverse)),
        Format::Markdown => inert::lines(&markdown(explanation, reverse)),
    }
}

/// Entries grouped by calling mesh, or by `remote_mesh remote_service` when reversed.
fn groups(explanation: &Explanation, reverse: bool) -> BTreeMap<String, Vec<&Reach>> {
    let mut groups: BTreeMap<String, Vec<&Reach>> = BTreeMap::new();
    for reach in &explanation.reachable {
        let key = if reverse { format!("{}/{}", reach.remote_mesh, reach.remote_service) } else { reach.mesh.clone() };
        groups.entry(key).or_default().push(reach);
    }
    groups
}

fn text(explanation: &Explanation, reverse: bool) -> String {
    let mut out = String::new();
    if explanation.reachable.is_empty() {
        let _ = writeln!(out, "{}: no mesh reaches a remote service", explanation.federation);
        return out;
    }
    for (key, entries) in groups(explanation, reverse) {
        let heading =
            if reverse { format!("service {key} is reachable from:") } else { format!("mesh {key} reaches:") };
        let _ = writeln!(out, "{heading}");
        for reach in entries {
            let who = if reverse { format!("mesh {}", reach.mesh) } else { reach.hostname.clone() };
            let _ = writeln!(out, "  {who}");
            if reverse {
                let _ = writeln!(out, "    as             {}", reach.hostname);
            } else {
                let _ = writeln!(out, "    service        {}/{}", reach.remote_mesh, reach.remote_service);
            }
            if reach.exported_as != reach.remote_service {
                let _ = writeln!(out, "    exported as    {}", reach.exported_as);
            }
            let local = if reach.imported_as_local { "yes (merged with the local service)" } else { "no" };
            let _ = writeln!(out, "    as local       {local}");
            let _ = writeln!(out, "    path           {}", path(reach));
            if let Some(condition) = &reach.condition {
                let _ = writeln!(out, "    conditional    {}", condition_text(condition));
            }
            if let Some(failover) = &reach.failover {
                let _ = writeln!(out, "    failover       {}", failover_text(failover));
            }
        }
        out.push('\n');
    }
    out
}

fn markdown(explanation: &Explanation, reverse: bool) -> String {
    let mut out = format!("## Reachability in `{}`\n\n", explanation.federation);
    if explanation.reachable.is_empty() {
        out.push_str("No mesh reaches a remote service.\n");
        return out;
    }
    for (key, entries) in groups(explanation, reverse) {
        let (heading, first) = if reverse {
            (format!("### Who reaches `{key}`\n\n"), "Calling mesh")
        } else {
            (format!("### Mesh `{key}`\n\n"), "Hostname")
        };
        out.push_str(&heading);
        let _ = writeln!(out, "| {first} | Service | As local | Path | Condition | Failover |");
        out.push_str("|---|---|---|---|---|---|\n");
        for reach in entries {
            let who = if reverse {
                format!("`{}` as `{}`", reach.mesh, reach.hostname)
            } else {
                format!("`{}`", reach.hostname)
            };
            let condition = reach.condition.as_ref().map(condition_text).unwrap_or_default();
            let failover = reach.failover.as_ref().map(failover_text).unwrap_or_default();
            let local = if reach.imported_as_local { "yes" } else { "no" };
            let _ = writeln!(
                out,
                "| {who} | `{}/{}` | {local} | {} | {} | {} |",
                reach.remote_mesh,
                reach.remote_service,
                cell(&path(reach)),
                cell(&condition),
                cell(&failover)
            );
        }
        out.push('\n');
    }
    out
}

/// A table cell: no pipe may end it early.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn path(reach: &Reach) -> String {
    let addresses = if reach.path.remote_addresses.is_empty() {
        "(no address)".to_string()
    } else {
        reach.path.remote_addresses.join(", ")
    };
    format!(
        "{}/{} → {addresses} → {}/{}",
        reach.path.cluster, reach.path.egress_gateway, reach.path.remote_cluster, reach.path.remote_ingress_gateway
    )
}

fn condition_text(condition: &super::Condition) -> String {
    format!("only Services in namespace {} labelled {}", condition.namespace, condition.selector.join(", "))
}

fn failover_text(failover: &super::FailoverChain) -> String {
    let od = &failover.outlier_detection;
    let max = od.max_ejection_percent.map(|m| format!(", at most {m}% ejected")).unwrap_or_default();
    format!(
        "{} (via {}); ejects after {} consecutive 5xx, checked every {}, for {}{max}",
        failover.regions.join(" → "),
        if failover.via.is_empty() { "no import".to_string() } else { failover.via.join(", ") },
        od.consecutive_5xx_errors,
        od.interval,
        od.base_ejection_time
    )
}
