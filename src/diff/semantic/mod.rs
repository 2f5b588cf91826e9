//! The semantic summary of a change (`fedc diff --base OLD.toml`): what changed in the federation,
//! in words, before the object diff: meshes and peerings added or removed, who now reaches (or no
//! longer reaches) which service and how, failover that goes elsewhere. Compares the `explain`
//! reachability of the base and the new topology, so it speaks of the same flows `fedc explain`
//! shows. `render` adds it (and the check findings) to each diff format.

pub(crate) mod render;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::explain::{self, Reach};
use crate::model::Federation;

/// One thing that changed, in words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Sentence {
    /// `mesh`, `peering`, `flow`, `failover`.
    pub(crate) subject: String,
    /// `added`, `removed`, `changed`.
    pub(crate) change: String,
    pub(crate) text: String,
}

fn sentence(subject: &str, change: &str, text: String) -> Sentence {
    Sentence { subject: subject.to_string(), change: change.to_string(), text }
}

/// What changed from `old` to `new`, meshes first, then peerings, flows, failover.
pub(crate) fn summarize(old: &Federation, new: &Federation) -> Vec<Sentence> {
    let mut sentences = meshes(old, new);
    sentences.extend(spans(old, new));
    sentences.extend(peerings(old, new));
    let (old_flows, new_flows) = (flows(old), flows(new));
    sentences.extend(flow_sentences(&old_flows, &new_flows));
    sentences.extend(failover_sentences(&old_flows, &new_flows));
    sentences
}

fn meshes(old: &Federation, new: &Federation) -> Vec<Sentence> {
    let names = |f: &Federation| -> BTreeMap<String, String> {
        f.mesh_ids().map(|id| (f.mesh(id).name.value.clone(), f.cluster_of(id).name.value.clone())).collect()
    };
    let (before, after) = (names(old), names(new));
    let mut out = Vec::new();
    for (mesh, cluster) in &after {
        match before.get(mesh) {
            None => out.push(sentence("mesh", "added", format!("mesh `{mesh}` added on cluster `{cluster}`"))),
            Some(was) if was != cluster => out.push(sentence(
                "mesh",
                "changed",
                format!("mesh `{mesh}` moves from cluster `{was}` to `{cluster}`"),
            )),
            Some(_) => {}
        }
    }
    out.extend(
        before
            .keys()
            .filter(|m| !after.contains_key(*m))
            .map(|m| sentence("mesh", "removed", format!("mesh `{m}` removed"))),
    );
    out
}

/// The clusters (and their networks) an `istio`/`ossm3` mesh spans beyond its first, for meshes in
/// both versions: a cluster joining or leaving a mesh changes who its east-west gateways serve.
fn spans(old: &Federation, new: &Federation) -> Vec<Sentence> {
    let members = |f: &Federation| -> BTreeMap<String, BTreeMap<String, String>> {
        let clusters = |id| {
            let mesh = f.mesh(id);
            let members = mesh.istio.as_ref().map_or(&[][..], |istio| &istio.members[..]);
            members
                .iter()
                .map(|m| f.cluster(m.cluster))
                .map(|c| (c.name.value.clone(), c.network.value.clone()))
                .collect()
        };
        f.mesh_ids().map(|id| (f.mesh(id).name.value.clone(), clusters(id))).collect()
    };
    let (before, after) = (members(old), members(new));
    let mut out = Vec::new();
    for (mesh, now) in &after {
        let Some(was) = before.get(mesh).filter(|was| !was.is_empty() && !now.is_empty()) else { continue };
        for (cluster, network) in now {
            match was.get(cluster) {
                None => out.push(sentence(
                    "mesh",
                    "changed",
                    format!("mesh `{mesh}` now spans cluster `{cluster}` (network `{network}`)"),
                )),
                Some(old_network) if old_network != network => out.push(sentence(
                    "mesh",
                    "changed",
                    format!("cluster `{cluster}` of mesh `{mesh}` moves from network `{old_network}` to `{network}`"),
                )),
                Some(_) => {}
            }
        }
        for cluster in was.keys().filter(|c| !now.contains_key(*c)) {
            out.push(sentence("mesh", "changed", format!("mesh `{mesh}` no longer spans cluster `{cluster}`")));
        }
    }
    out
}

fn peerings(old: &Federation, new: &Federation) -> Vec<Sentence> {
    let pairs = |f: &Federation| -> BTreeSet<(String, String)> {
        let mut pairs = BTreeSet::new();
        for id in f.mesh_ids() {
            for peer in f.peers_of(id) {
                let (a, b) = (f.mesh(id).name.value.clone(), f.mesh(peer).name.value.clone());
                pairs.insert(if a <= b { (a, b) } else { (b, a) });
            }
        }
        pairs
    };
    let (before, after) = (pairs(old), pairs(new));
    let added =
        after.difference(&before).map(|(a, b)| sentence("peering", "added", format!("peering `{a}`–`{b}` added")));
    let removed =
        before.difference(&after).map(|(a, b)| sentence("peering", "removed", format!("peering `{a}`–`{b}` removed")));
    added.chain(removed).collect()
}

/// Flows by (calling mesh, serving mesh, remote service, local service).
type Flows = BTreeMap<(String, String, String, String), Reach>;

fn flows(federation: &Federation) -> Flows {
    let reachable = explain::reachability(federation).reachable;
    let key = |r: &Reach| (r.mesh.clone(), r.remote_mesh.clone(), r.remote_service.clone(), r.local_service.clone());
    reachable.into_iter().map(|r| (key(&r), r)).collect()
}

fn flow_sentences(old: &Flows, new: &Flows) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (key, reach) in new {
        let (mesh, remote, service, _) = key;
        match old.get(key) {
            None => {
                let condition =
                    reach.condition.as_ref().map(|c| format!(" (only Services labelled {})", c.selector.join(", ")));
                out.push(sentence(
                    "flow",
                    "added",
                    format!(
                        "`{remote}` now exports `{service}` to `{mesh}`, reached as `{}`{}",
                        reach.hostname,
                        condition.unwrap_or_default()
                    ),
                ));
            }
            Some(was) => out.extend(flow_changes(was, reach)),
        }
    }
    for ((mesh, remote, service, _), reach) in old {
        if !new.keys().any(|(m, r, s, _)| m == mesh && r == remote && s == service) {
            out.push(sentence(
                "flow",
                "removed",
                format!("`{mesh}` no longer reaches `{remote}`'s `{service}` (was `{}`)", reach.hostname),
            ));
        }
    }
    out
}

/// How the same flow changed: hostname, import as local, path.
fn flow_changes(was: &Reach, now: &Reach) -> Vec<Sentence> {
    let subject = format!("`{}` reaches `{}`'s `{}`", now.mesh, now.remote_mesh, now.remote_service);
    let mut out = Vec::new();
    if was.hostname != now.hostname {
        out.push(format!("{subject} as `{}` (was `{}`)", now.hostname, was.hostname));
    }
    if was.imported_as_local != now.imported_as_local {
        let how = if now.imported_as_local { "now imported as local" } else { "no longer imported as local" };
        out.push(format!("{subject}: {how}"));
    }
    if was.path != now.path {
        out.push(format!(
            "{subject} through {} → {} (was {} → {})",
            now.path.egress_gateway,
            now.path.remote_addresses.join(", "),
            was.path.egress_gateway,
            was.path.remote_addresses.join(", ")
        ));
    }
    if was.condition != now.condition {
        out.push(format!("{subject}: the label selector changes"));
    }
    out.into_iter().map(|text| sentence("flow", "changed", text)).collect()
}

/// Failover per (mesh, local service), from the flows that carry it.
fn failover_sentences(old: &Flows, new: &Flows) -> Vec<Sentence> {
    let chains = |flows: &Flows| -> BTreeMap<(String, String), explain::FailoverChain> {
        flows
            .values()
            .filter_map(|r| r.failover.clone().map(|f| ((r.mesh.clone(), r.local_service.clone()), f)))
            .collect()
    };
    let (before, after) = (chains(old), chains(new));
    let mut out = Vec::new();
    for ((mesh, service), chain) in &after {
        let target = chain.regions.last().cloned().unwrap_or_default();
        match before.get(&(mesh.clone(), service.clone())) {
            None => out.push(sentence(
                "failover",
                "added",
                format!("failover of `{service}` in `{mesh}` now goes to `{target}`"),
            )),
            Some(was) if was.regions != chain.regions || was.via != chain.via => {
                let old_target = was.regions.last().cloned().unwrap_or_default();
                out.push(sentence(
                    "failover",
                    "changed",
                    format!(
                        "failover of `{service}` in `{mesh}` now goes to `{target}` via {} (was `{old_target}` via {})",
                        chain.via.join(", "),
                        was.via.join(", ")
                    ),
                ));
            }
            Some(was) if was.outlier_detection != chain.outlier_detection => out.push(sentence(
                "failover",
                "changed",
                format!(
                    "failover of `{service}` in `{mesh}`: outlier detection {}",
                    outlier_changes(&was.outlier_detection, &chain.outlier_detection)
                ),
            )),
            Some(_) => {}
        }
    }
    for (mesh, service) in before.keys().filter(|k| !after.contains_key(*k)) {
        out.push(sentence("failover", "removed", format!("failover of `{service}` in `{mesh}` removed")));
    }
    out
}

/// `consecutive 5xx errors 3 → 5, interval 10s → 5s`: the settings that differ.
fn outlier_changes(was: &explain::Outlier, now: &explain::Outlier) -> String {
    let percent = |p: Option<i64>| p.map_or_else(|| "unset".to_string(), |p| format!("{p}%"));
    let pairs = [
        ("consecutive 5xx errors", was.consecutive_5xx_errors.to_string(), now.consecutive_5xx_errors.to_string()),
        ("interval", was.interval.clone(), now.interval.clone()),
        ("base ejection time", was.base_ejection_time.clone(), now.base_ejection_time.clone()),
        ("max ejection", percent(was.max_ejection_percent), percent(now.max_ejection_percent)),
    ];
    let changed: Vec<String> =
        pairs.into_iter().filter(|(_, a, b)| a != b).map(|(name, a, b)| format!("{name} {a} → {b}")).collect();
    changed.join(", ")
}
