//! The export-scope AuthorizationPolicies of an `istio`/`ossm3` exporter admit: they are ALLOW
//! policies listing the meshes a service is exported to. Turned into DENY, the same rule denies
//! exactly those callers (and its own mesh), so the export stops working (reference B6, B8).

use super::Objects;
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    let policies = objects.readback.of_kind("AuthorizationPolicy").filter(|p| p.name().starts_with("export-scope"));
    for policy in policies {
        let action = policy.fact("action");
        if action.is_null() || action == "ALLOW" {
            continue;
        }
        out.push(
            Violation::new(
                codes::verify::EXPORT_SCOPE,
                format!(
                    "`{}` has action {}, not `ALLOW`: it no longer admits the meshes the service is exported to, and calls from them fail",
                    policy.path(),
                    shown(action)
                ),
                "who may call an exported service comes from `[[exports]]` in the topology (`to`); an overlay or template may not change the export scope's action",
            )
            .reads(policy, "action"),
        );
    }
}
