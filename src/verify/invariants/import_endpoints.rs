//! Every import ServiceEntry of an `istio`/`ossm3` mesh selects WorkloadEntries: the imported
//! endpoints are the WorkloadEntries of its namespace carrying its selector's labels, so one that
//! selects none leaves the imported host without endpoints and every call to it fails
//! (istio-multicluster reference, section B).

use super::Objects;
use super::endpoints::{is_import, is_imported, selects};
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    let readback = objects.readback;
    for entry in readback.of_kind("ServiceEntry").filter(|e| is_import(e)) {
        let workloads: Vec<_> = readback
            .in_cluster(entry.cluster(), "WorkloadEntry")
            .filter(|w| w.namespace() == entry.namespace())
            .collect();
        if workloads.iter().any(|w| selects(entry, w)) {
            continue;
        }
        let mut violation = Violation::new(
            codes::verify::IMPORT_NO_ENDPOINTS,
            format!(
                "`{}` selects no WorkloadEntry (selector {}): the imported host {} has no endpoints and every call to it fails",
                entry.path(),
                shown(&entry.fact("workload selector")["labels"]),
                shown(entry.fact("hosts"))
            ),
            "the import's ServiceEntry and WorkloadEntries share fedc's `fedc.io/imported-*` labels; an overlay or template may not change them on one side",
        )
        .reads(entry, "workload selector");
        for workload in workloads.into_iter().filter(|w| is_imported(w)) {
            violation = violation.reads(workload, "labels");
        }
        out.push(violation);
    }
}
