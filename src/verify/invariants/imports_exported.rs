//! Every import rule of an ImportedServiceSet matches a name the peer's ExportedServiceSet for
//! this mesh can export: the controller matches import rules against the exported names only, so
//! a rule nothing can match imports nothing (maistra-semantics §4, §5).

use serde_json::Value;

use super::{Objects, name};
use crate::verify::finding::{Violation, shown};

pub(super) fn check<'a>(objects: &Objects<'a>, out: &mut Vec<Violation<'a>>) {
    for (mesh, peer) in objects.ossm2_pairs() {
        let Some(iss) = objects.for_peer(mesh, "ImportedServiceSet", peer) else { continue };
        let ess = objects.for_peer(peer, "ExportedServiceSet", mesh);
        let exported = ess.map(|e| exported_names(e.fact("export rules"))).unwrap_or_default();
        let rules = iss.fact("import rules").as_array().cloned().unwrap_or_default();
        for rule in rules.iter().filter(|r| r["type"] == "NameSelector") {
            let wanted = (side(&rule["nameSelector"]["namespace"]), side(&rule["nameSelector"]["name"]));
            if exported.iter().any(|e| overlaps(e, &wanted)) {
                continue;
            }
            let (m, p) = (name(objects.federation, mesh), name(objects.federation, peer));
            let mut violation = Violation::new(
                "fedc::verify::import-unexported",
                format!(
                    "`{m}` imports `{}/{}` from `{p}`, which `{p}`'s export rules for `{m}` never export: the import stays empty (rule {})",
                    wanted.0,
                    wanted.1,
                    shown(rule)
                ),
                "imports and exports come from `[[imports]]` and `[[exports]]` in the topology, where fedc matches them; an overlay or template may not rename either side",
            )
            .reads(iss, "import rules");
            if let Some(ess) = ess {
                violation = violation.reads(ess, "export rules");
            }
            out.push(violation);
        }
    }
}

/// `namespace`/`name` as a matcher writes it: empty and `*` match everything.
fn side(value: &Value) -> String {
    match value.as_str() {
        None | Some("") => "*".to_string(),
        Some(text) => text.to_string(),
    }
}

fn overlaps(a: &(String, String), b: &(String, String)) -> bool {
    let one = |x: &str, y: &str| x == "*" || y == "*" || x == y;
    one(&a.0, &b.0) && one(&a.1, &b.1)
}

/// The `namespace/name` patterns the export rules can advertise (after their aliases).
fn exported_names(rules: &Value) -> Vec<(String, String)> {
    let mut names = Vec::new();
    for rule in rules.as_array().into_iter().flatten() {
        match rule["type"].as_str() {
            Some("NameSelector") => names.push(aliased(&rule["nameSelector"])),
            Some("LabelSelector") => {
                let selector = &rule["labelSelector"];
                names.push((side(&selector["namespace"]), "*".to_string()));
                for alias in selector["aliases"].as_array().into_iter().flatten() {
                    names.push(aliased(alias));
                }
            }
            _ => {}
        }
    }
    names
}

/// A selector's name after its alias (an alias side left empty or `*` keeps the original).
fn aliased(selector: &Value) -> (String, String) {
    let pick = |key: &str| match side(&selector["alias"][key]).as_str() {
        "*" => side(&selector[key]),
        aliased => aliased.to_string(),
    };
    (pick("namespace"), pick("name"))
}
