//! Values that must say something: an empty locality part is the same as none to the controller
//! (an empty region drops the whole locality, and the failover that relies on it), and an empty
//! network puts the control plane on no network at all. Names and label syntax are checked by
//! `kubernetes-names` and `label-values`; this rule only reports what is empty.

use super::Rule;
use crate::check::Context;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Locality, Located};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for cluster in &fed.clusters {
        let name = &cluster.name.value;
        if let Some(locality) = &cluster.locality {
            empty_parts(out, &locality.value, &format!("cluster `{name}`"));
        }
        // A defaulted network is the cluster name, reported on its own when it is empty.
        if cluster.network.value.is_empty() && cluster.network.span != cluster.name.span {
            out.push(
                empty(&cluster.network, format!("cluster `{name}` has an empty network"))
                    .help("name the network (it becomes `spec.cluster.network` of every control plane on the cluster), or remove `network` to use the cluster name"),
            );
        }
    }
    for block in &fed.imports {
        if let Some(locality) = &block.locality {
            let from = &fed.mesh(block.from.id).name.value;
            empty_parts(out, &locality.value, &format!("the import from `{from}`"));
        }
    }
}

fn empty_parts(out: &mut Vec<Diagnostic>, locality: &Locality, owner: &str) {
    let parts = [("region", &locality.region), ("zone", &locality.zone), ("subzone", &locality.subzone)];
    for (part, value) in parts {
        let Some(value) = value.as_ref().filter(|v| v.value.is_empty()) else { continue };
        out.push(
            empty(value, format!("locality of {owner} has an empty {part}"))
                .help(format!("give the {part} a value, or remove it: the controller treats an empty {part} as none")),
        );
    }
}

fn empty(value: &Located<String>, message: String) -> Diagnostic {
    Diagnostic::new(codes::value::EMPTY, message).label(value.span.clone(), "empty")
}
