//! A failover DestinationRule (`<service>-failover`, as fedc names it) fails over: locality load
//! balancing not disabled, with its `failover` list, on the service's local hostname
//! `<service>.<namespace>.svc.cluster.local`, which the imported-as-local endpoints share. On
//! another host the local clients' traffic never sees the rule; disabled, it never moves
//! (maistra-semantics §6, §10; istio-multicluster reference, failover).

use super::Objects;
use super::failover_local::{fails_over, is_failover};
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for rule in objects.readback.of_kind("DestinationRule").filter(|r| is_failover(r)) {
        let Some(service) = rule.name().strip_suffix("-failover") else { continue };
        let local = format!("{service}.{}.svc.cluster.local", rule.namespace());
        if rule.text("host") != Some(local.as_str()) {
            out.push(
                Violation::new(
                    codes::verify::FAILOVER_NOT_LOCAL,
                    format!(
                        "the failover DestinationRule `{}` is on the host {}, not on `{local}` that local clients call and the imported-as-local endpoints share: nothing fails over",
                        rule.path(),
                        shown(rule.fact("host"))
                    ),
                    "a failover's DestinationRule is on the service's local hostname; an overlay or template may not move it to another host",
                )
                .reads(rule, "host"),
            );
        }
        let setting = rule.fact("locality failover");
        if fails_over(setting) && setting["enabled"] != false {
            continue;
        }
        out.push(
            Violation::new(
                codes::verify::FAILOVER_OFF,
                format!(
                    "the failover DestinationRule `{}` no longer fails over (locality load balancing {}): traffic stays on the failing local endpoints",
                    rule.path(),
                    shown(setting)
                ),
                "failover comes from `[[failover]]` in the topology; to stop it, remove the `[[failover]]`, not the rule's `localityLbSetting`",
            )
            .reads(rule, "locality failover"),
        );
    }
}
