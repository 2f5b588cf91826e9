//! Label keys and values fedc writes: locality parts become endpoint labels (`topology.kubernetes.io/
//! region` …), network names the `topology.istio.io/network` label, and export label selectors must
//! parse, or the controller skips the whole rule.

use super::Rule;
use crate::check::Context;
use crate::check::kubernetes::{is_label_key, is_label_value};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{ExportRule, Located};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    for cluster in &fed.clusters {
        // A defaulted network is the cluster name, reported as a name when it is invalid.
        if cluster.network.span != cluster.name.span {
            out.extend(value_finding(&cluster.network, "network"));
        }
    }
    let cluster_localities = fed.clusters.iter().filter_map(|c| c.locality.as_ref());
    let import_localities = fed.imports.iter().filter_map(|b| b.locality.as_ref());
    for locality in cluster_localities.chain(import_localities) {
        let l = &locality.value;
        for (part, value) in [("region", &l.region), ("zone", &l.zone), ("subzone", &l.subzone)] {
            out.extend(value.as_ref().and_then(|v| value_finding(v, &format!("locality {part}"))));
        }
    }
    for rule in fed.exports.iter().flat_map(|b| &b.rules) {
        let ExportRule::Labels(labels) = rule else { continue };
        for (key, value) in &labels.match_labels {
            // Keys of a TOML table carry no span of their own: point at the value.
            out.extend(key_finding(&Located::new(key.clone(), value.span.clone())));
            out.extend(value_finding(value, "label value"));
        }
        for expression in &labels.expressions {
            out.extend(key_finding(&expression.key));
            for value in &expression.values {
                out.extend(value_finding(value, "label value"));
            }
        }
    }
}

fn value_finding(value: &Located<String>, what: &str) -> Option<Diagnostic> {
    (!is_label_value(&value.value)).then(|| {
        Diagnostic::new(
            codes::label::INVALID,
            format!("{what} `{}` is not a valid Kubernetes label value", value.value),
        )
        .label(value.span.clone(), "at most 63 letters, digits, `-`, `_` and `.`, starting and ending alphanumeric")
        .help(format!("the {what} is written as a Kubernetes label value; pick one in that form"))
    })
}

fn key_finding(key: &Located<String>) -> Option<Diagnostic> {
    (!is_label_key(&key.value)).then(|| {
        Diagnostic::new(codes::label::INVALID, format!("label key `{}` is not a valid Kubernetes label key", key.value))
            .label(key.span.clone(), "an optional DNS prefix and `/`, then a name of letters, digits, `-`, `_` and `.`")
            .help("write label keys like `app` or `example.com/tier`")
    })
}
