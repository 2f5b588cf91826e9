//! Failover settings Istio needs (maistra-semantics §10): regions that exist in the topology, a
//! target other than the source, and outlier detection that can actually eject endpoints.

use std::collections::BTreeSet;

use super::Rule;
use crate::check::Context;
use crate::check::duration;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Failover, Federation, Located};
use crate::suggest::{Budget, unknown_help};

pub(crate) const RULE: Rule = Rule { run };

/// Regions of clusters and of explicit import localities.
pub(super) fn known_regions(fed: &Federation) -> BTreeSet<&str> {
    let clusters = fed.clusters.iter().filter_map(|c| c.region());
    let imports = fed.imports.iter().filter_map(|b| b.locality.as_ref().and_then(|l| l.value.region.as_ref()));
    clusters.chain(imports).map(Located::as_str).collect()
}

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let regions = known_regions(cx.federation);
    let budget = Budget::default();
    // A locality with a zone but no region (`fedc::locality::invalid`) may be where the region
    // was meant to be: an unknown region is then its echo.
    let region_missing = lost_regions(cx.federation);
    for failover in &cx.federation.failovers {
        if !region_missing {
            out.extend(unknown_region(&failover.to, &regions, "to", &budget));
            out.extend(unknown_region(&failover.from, &regions, "from", &budget));
        }
        if failover.from.value == failover.to.value {
            out.push(same_region(failover));
        }
        outlier_detection(out, failover);
    }
}

/// Whether some cluster or import locality has a zone but no region.
fn lost_regions(fed: &Federation) -> bool {
    let clusters = fed.clusters.iter().filter_map(|c| c.locality.as_ref());
    let imports = fed.imports.iter().filter_map(|b| b.locality.as_ref());
    clusters.chain(imports).any(|l| !l.value.is_valid_combination())
}

fn unknown_region(region: &Located<String>, known: &BTreeSet<&str>, side: &str, budget: &Budget) -> Option<Diagnostic> {
    if known.contains(region.as_str()) {
        return None;
    }
    Some(
        Diagnostic::new(
            codes::failover::UNKNOWN_REGION,
            format!("failover `{side}` names unknown region `{}`", region.value),
        )
        .label(region.span.clone(), "no cluster or import locality is in this region")
        .help(unknown_help("region", region.as_str(), known.iter().take(budget.candidates()).copied())),
    )
}

fn same_region(failover: &Failover) -> Diagnostic {
    let mut finding = Diagnostic::new(
        codes::failover::SAME_REGION,
        format!("failover of `{}` goes from region `{}` to itself", failover.service, failover.to.value),
    )
    .label(failover.to.span.clone(), "target region");
    if failover.from.span != failover.to.span {
        finding = finding.label(failover.from.span.clone(), "source region");
    }
    finding.help("fail over to another region: Istio refuses a failover whose `from` equals `to`")
}

fn outlier_detection(out: &mut Vec<Diagnostic>, failover: &Failover) {
    let outlier = &failover.outlier_detection;
    let errors = &outlier.consecutive_5xx_errors;
    if !(1..=i64::from(u32::MAX)).contains(&errors.value) {
        out.push(invalid_outlier(
            errors,
            "consecutive_5xx_errors",
            "at least 1: with 0, no 5xx ever ejects an endpoint",
        ));
    }
    if let Some(percent) = outlier.max_ejection_percent.as_ref().filter(|p| !(1..=100).contains(&p.value)) {
        let expected = "a percentage from 1 to 100: with 0, no endpoint is ever ejected";
        out.push(invalid_outlier(percent, "max_ejection_percent", expected));
    }
    out.extend(short_ejection(&outlier.base_ejection_time));
    for (field, value) in [("interval", &outlier.interval), ("base_ejection_time", &outlier.base_ejection_time)] {
        if duration::millis(&value.value).is_none_or(|ms| ms < 1.0) {
            out.push(
                Diagnostic::new(
                    codes::failover::INVALID_DURATION,
                    format!("`{field}` `{}` is not a duration", value.value),
                )
                .label(value.span.clone(), "expected a number and a unit, e.g. `10s`, `1m`, `500ms`, `1h`")
                .help(format!("write `{field}` as a duration of at least 1ms, e.g. `10s`")),
            );
        }
    }
}

/// Envoy accepts any ejection time from 1ms, but an endpoint ejected for less than a second is back
/// before the next check: traffic keeps going to the failing endpoints and never fails over.
fn short_ejection(time: &Located<String>) -> Option<Diagnostic> {
    let ms = duration::millis(&time.value).filter(|ms| *ms >= 1.0)?;
    (ms < 1000.0).then(|| {
        Diagnostic::new(
            codes::failover::SHORT_EJECTION,
            format!("`base_ejection_time` `{}` returns ejected endpoints almost at once", time.value),
        )
        .label(time.span.clone(), "under a second")
        .help("eject for long enough for failover to take effect, e.g. `30s` (the default)")
    })
}

fn invalid_outlier(value: &Located<i64>, field: &str, expected: &str) -> Diagnostic {
    Diagnostic::new(codes::failover::INVALID_OUTLIER, format!("`{field}` = {} is out of range", value.value))
        .label(value.span.clone(), format!("must be {expected}"))
        .help("outlier detection must be able to eject failing endpoints, or traffic never fails over")
}
