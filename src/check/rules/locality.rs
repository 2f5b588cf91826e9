//! Locality combinations the controller silently drops (maistra-semantics §6): a zone needs a
//! region, a subzone needs a zone and a region. Checked wherever a locality is written.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Locality, Located};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for cluster in &fed.clusters {
        if let Some(locality) = &cluster.locality {
            out.extend(finding(locality, &format!("cluster `{}`", cluster.name.value)));
        }
    }
    for block in &fed.imports {
        if let Some(locality) = &block.locality {
            let from = &fed.mesh(block.from.id).name.value;
            out.extend(finding(locality, &format!("the import from `{from}`")));
        }
    }
}

fn finding(locality: &Located<Locality>, owner: &str) -> Option<Diagnostic> {
    let value = &locality.value;
    if value.is_valid_combination() {
        return None;
    }
    let (part, kind, missing) = match (&value.subzone, &value.zone, &value.region) {
        (_, Some(zone), None) => (zone, "zone", "region"),
        (Some(subzone), None, _) => (subzone, "subzone", "zone"),
        _ => return None,
    };
    Some(
        Diagnostic::new(
            codes::locality::INVALID,
            format!("locality of {owner} has {kind} `{}` but no {missing}", part.value),
        )
        .label(part.span.clone(), format!("a {kind} needs a {missing}: the controller drops this locality"))
        .help("a zone needs a region, a subzone needs a zone and a region: set the missing parts or remove this one"),
    )
}
