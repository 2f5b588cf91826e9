//! A failover DestinationRule on a local hostname needs the remote copy imported as local
//! (`importAsLocal` with that namespace and name): otherwise the hostname has no remote endpoints
//! and there is nothing to fail over to (maistra-semantics §3, §6). OpenShift Service Mesh 2.

use serde_json::Value;

use super::Objects;
use crate::diagnostic::codes;
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    let federation = objects.federation;
    let clusters: std::collections::BTreeSet<&str> =
        objects.ossm2_meshes().map(|m| federation.cluster_of(m).name.value.as_str()).collect();
    for cluster in clusters {
        let sets: Vec<_> = objects.readback.in_cluster(cluster, "ImportedServiceSet").collect();
        for rule in objects.readback.in_cluster(cluster, "DestinationRule") {
            if !fails_over(rule.fact("locality failover")) {
                continue;
            }
            let Some((service, namespace)) = rule.text("host").and_then(local_service) else { continue };
            let local = |set: &&crate::verify::readback::Seen| {
                set.fact("import rules").as_array().into_iter().flatten().any(|r| imports_as(r, namespace, service))
            };
            if sets.iter().any(local) {
                continue;
            }
            let mut violation = Violation::new(
                codes::verify::FAILOVER_NOT_LOCAL,
                format!(
                    "the failover DestinationRule for {} in cluster `{cluster}` has no import of `{namespace}/{service}` as local: no remote endpoints, nothing to fail over to",
                    shown(rule.fact("host"))
                ),
                "a failover's import is made local by fedc (`as_local`); an overlay or template may not set `importAsLocal: false` or change its alias",
            )
            .reads(rule, "locality failover");
            for set in &sets {
                violation = violation.reads(set, "import rules");
            }
            out.push(violation);
        }
    }
}

/// A DestinationRule fedc writes for a failover (`<service>-failover`), or one that fails over.
pub(super) fn is_failover(rule: &crate::verify::readback::Seen) -> bool {
    rule.name().ends_with("-failover") || fails_over(rule.fact("locality failover"))
}

/// Whether a `localityLbSetting` fails over somewhere.
pub(super) fn fails_over(setting: &Value) -> bool {
    setting["failover"].as_array().is_some_and(|f| !f.is_empty())
}

/// `(name, namespace)` of a local Service's hostname `<name>.<namespace>.svc.cluster.local`.
fn local_service(host: &str) -> Option<(&str, &str)> {
    let rest = host.strip_suffix(".svc.cluster.local")?;
    let (name, namespace) = rest.split_once('.')?;
    (!namespace.contains('.')).then_some((name, namespace))
}

/// Whether an import rule imports a service as local under `namespace/name`.
fn imports_as(rule: &Value, namespace: &str, name: &str) -> bool {
    let selector = &rule["nameSelector"];
    let renamed = selector["alias"]["name"].as_str().filter(|n| !n.is_empty() && *n != "*");
    let imported = renamed.or_else(|| selector["name"].as_str()).unwrap_or("*");
    rule["importAsLocal"] == Value::Bool(true)
        && selector["alias"]["namespace"].as_str() == Some(namespace)
        && (imported.is_empty() || imported == "*" || imported == name)
}
