//! The migration plan `fedc diff TOPOLOGY --target T --out DIR` prints after the diff: per
//! cluster, the files the new target removes and adds, and the imported hostnames clients keep
//! (or lose). The hostnames come from the topology compiled both ways, so a name that changes is
//! shown even when the diff would bury it in an object's body.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::effective::listed::imported_by_any_target;
use crate::diff::Files;
use crate::inert;
use crate::model::{Federation, MeshTarget};

/// Per cluster: (hostname, exporting mesh) clients there call.
type Hostnames = BTreeMap<String, BTreeSet<(String, String)>>;

/// `old` and `new`: the committed files and the rendered ones that differ; `unchanged`: the paths
/// whose files are the same on both sides (`diff::Streamed`).
pub(crate) fn plan(
    target: MeshTarget,
    old: &Files,
    new: &Files,
    unchanged: &BTreeSet<String>,
    written: Option<&Federation>,
    retargeted: &Federation,
) -> String {
    let mut text = format!("\nMigration plan: every mesh compiled for `{}`, per cluster\n", target.name());
    let before = written.map(hostnames).unwrap_or_default();
    let after = hostnames(retargeted);
    let paths = old.keys().chain(new.keys()).chain(unchanged);
    let mut clusters: BTreeSet<String> = paths.filter_map(|p| cluster_of(p)).collect();
    clusters.extend(before.keys().chain(after.keys()).cloned());
    for cluster in clusters {
        text.push_str(&format!("\ncluster {}\n", inert::text(&cluster)));
        let prefix = format!("clusters/{cluster}/");
        let files = |set: &Files, other: &Files| -> Vec<String> {
            set.keys()
                .filter(|p| p.starts_with(&prefix) && !other.contains_key(*p))
                .map(|p| p[prefix.len()..].to_string())
                .collect()
        };
        for (verb, paths) in [("remove", files(old, new)), ("add", files(new, old))] {
            for path in paths {
                text.push_str(&format!("  {verb:<7} {}\n", inert::text(&path)));
            }
        }
        let (was, now) =
            (before.get(&cluster).cloned().unwrap_or_default(), after.get(&cluster).cloned().unwrap_or_default());
        for (label, set) in [
            ("same", was.intersection(&now).collect::<Vec<_>>()),
            ("lost", was.difference(&now).collect()),
            ("new", now.difference(&was).collect()),
        ] {
            for (host, from) in set {
                text.push_str(&format!(
                    "  {label:<7} hostname {} (from mesh {})\n",
                    inert::text(host),
                    inert::text(from)
                ));
            }
        }
    }
    text
}

fn cluster_of(path: &str) -> Option<String> {
    path.strip_prefix("clusters/")?.split('/').next().map(str::to_string)
}

/// The imported hostnames of each importing cluster (every cluster of the importing mesh).
fn hostnames(federation: &Federation) -> Hostnames {
    let mut out = Hostnames::new();
    for service in imported_by_any_target(federation) {
        let mesh = federation.mesh(service.importer);
        let clusters = match &mesh.istio {
            Some(istio) => istio.members.iter().map(|m| m.cluster).collect(),
            None => vec![mesh.cluster],
        };
        let from = federation.mesh(service.exporter).name.value.clone();
        for cluster in clusters {
            let name = federation.cluster(cluster).name.value.clone();
            out.entry(name).or_default().insert((service.hostname.clone(), from.clone()));
        }
    }
    out
}
