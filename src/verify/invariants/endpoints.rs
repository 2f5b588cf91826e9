//! How an `istio`/`ossm3` importer reaches imported endpoints, as the objects say it: an import
//! ServiceEntry (its workload selector names the exporting mesh, `fedc.io/imported-from`) selects
//! the WorkloadEntries of its namespace that carry its selector's labels; an endpoint imported as
//! local is selected by the local Service instead and is reached by that Service's hostname.
//! Shared by the invariants on cross-network traffic; not an invariant itself.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::verify::readback::{ReadBack, Seen};

const IMPORTED_FROM: &str = "fedc.io/imported-from";
const IMPORTED_SERVICE: &str = "fedc.io/imported-service";

/// A ServiceEntry that imports another mesh's service.
pub(super) fn is_import(entry: &Seen) -> bool {
    entry.fact("workload selector")["labels"].get(IMPORTED_FROM).is_some()
}

/// A WorkloadEntry fedc writes for an imported endpoint.
pub(super) fn is_imported(workload: &Seen) -> bool {
    workload.fact("labels").get(IMPORTED_SERVICE).is_some()
}

/// Whether the ServiceEntry `entry` selects the WorkloadEntry `workload`.
pub(super) fn selects(entry: &Seen, workload: &Seen) -> bool {
    let Some(selector) = entry.fact("workload selector")["labels"].as_object() else { return false };
    let labels = workload.fact("labels");
    entry.cluster() == workload.cluster()
        && entry.namespace() == workload.namespace()
        && selector.iter().all(|(key, value)| labels.get(key) == Some(value))
}

/// The hostnames clients use for the imported endpoint `workload`: those of the import
/// ServiceEntries that select it or, imported as local, its Service's local hostname.
pub(super) fn hosts_of(readback: &ReadBack, workload: &Seen) -> BTreeSet<String> {
    let entries =
        readback.in_cluster(workload.cluster(), "ServiceEntry").filter(|e| is_import(e) && selects(e, workload));
    let mut hosts: BTreeSet<String> = entries.flat_map(|e| strings(e.fact("hosts"))).collect();
    if hosts.is_empty()
        && let Some(service) = workload.fact("labels")[IMPORTED_SERVICE].as_str()
    {
        hosts.insert(format!("{service}.{}.svc.cluster.local", workload.namespace()));
    }
    hosts
}

/// The hostnames of `cluster` whose endpoints are in another mesh: imported ServiceEntries' and
/// those of Services with endpoints imported as local.
pub(super) fn imported_hosts(readback: &ReadBack, cluster: &str) -> BTreeSet<String> {
    let entries = readback.in_cluster(cluster, "ServiceEntry").filter(|e| is_import(e));
    let mut hosts: BTreeSet<String> = entries.flat_map(|e| strings(e.fact("hosts"))).collect();
    for workload in readback.in_cluster(cluster, "WorkloadEntry").filter(|w| is_imported(w)) {
        hosts.extend(hosts_of(readback, workload));
    }
    hosts
}

pub(super) fn strings(value: &Value) -> Vec<String> {
    value.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}
