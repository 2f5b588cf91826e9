//! Import rules the controller skips or misreads (maistra-semantics §3, §5): label selectors
//! (only name selectors are honoured), `as_local` without a fixed namespace to place the service
//! in, and domain suffixes that clash with the local cluster domain.

use super::Rule;
use crate::check::Context;
use crate::check::hostnames::LOCAL_SUFFIX;
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{ImportRule, Located, Pattern};

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for block in &cx.federation.imports {
        if let Some(suffix) = &block.domain_suffix {
            out.extend(suffix_finding(suffix));
        }
        for rule in &block.rules {
            if let Some(at) = &rule.label_selector {
                out.push(
                    Diagnostic::new(codes::import::LABEL_SELECTOR, "import rules cannot select services by label")
                        .label(at.clone(), "the controller ignores label selectors on import rules")
                        .help("select by name with `service = \"namespace/name\"` (`*` allowed); label selection works on the exporting side"),
                );
                continue;
            }
            out.extend(rule.domain_suffix.as_ref().and_then(suffix_finding));
            if let Some(as_local) = rule.as_local.as_ref().filter(|l| l.value) {
                out.extend(ignored_suffix(rule, as_local));
                out.extend(unfixed_namespace(rule, as_local));
            }
        }
    }
}

fn suffix_finding(suffix: &Located<String>) -> Option<Diagnostic> {
    match suffix.as_str() {
        LOCAL_SUFFIX => Some(
            Diagnostic::new(
                codes::import::LOCAL_SUFFIX,
                format!("domain suffix `{LOCAL_SUFFIX}` is refused by the controller"),
            )
            .label(suffix.span.clone(), "the local services' own suffix")
            .help("to merge imported services with local ones use `as_local = true`; otherwise pick another suffix"),
        ),
        "cluster.local" => Some(
            Diagnostic::new(codes::import::CLUSTER_SUFFIX, "domain suffix `cluster.local` mimics local hostnames")
                .label(suffix.span.clone(), "imported hosts become `<name>.<namespace>.cluster.local`")
                .help("use a suffix of its own, e.g. `svc.<peer>-imports.local` (the default), or `as_local = true`"),
        ),
        _ => None,
    }
}

fn ignored_suffix(rule: &ImportRule, as_local: &Located<bool>) -> Option<Diagnostic> {
    let suffix = rule.domain_suffix.as_ref()?;
    Some(
        Diagnostic::new(codes::import::SUFFIX_IGNORED, "`domain_suffix` has no effect on a rule imported as local")
            .label(suffix.span.clone(), "ignored")
            .label(as_local.span.clone(), format!("the hostname ends in `{LOCAL_SUFFIX}` because of this"))
            .help("remove `domain_suffix`, or `as_local` if the service should keep a hostname of its own"),
    )
}

/// The controller places an as-local service in its alias namespace and skips the rule when that
/// namespace is not fixed; a fixed selector namespace is kept when the alias does not change it.
fn unfixed_namespace(rule: &ImportRule, as_local: &Located<bool>) -> Option<Diagnostic> {
    let alias_namespace = rule.alias.as_ref().map(|a| &a.namespace);
    let fixed = match alias_namespace {
        Some(Pattern::Exact(_)) => true,
        Some(Pattern::Any) | None => rule.service.namespace.exact().is_some(),
    };
    if fixed {
        return None;
    }
    Some(
        Diagnostic::new(codes::import::LOCAL_WITHOUT_NAMESPACE, "a rule imported as local needs a fixed namespace")
            .label(rule.service.span.clone(), "selects services of any namespace")
            .label(as_local.span.clone(), "imported as local")
            .help("name the namespace in `service`, or set `alias = \"<namespace>/*\"`: the controller skips the rule otherwise"),
    )
}
