//! A failover makes its source rule import the service as local (the planner puts an as-local rule
//! for it first, maistra-semantics §6): under first match wins the service is then no longer
//! imported under the rule's domain suffix, and clients calling that name lose it. Said unless the
//! rule asks for `as_local` itself, and only where the name is one people call: the rule also
//! imports other services (a wildcard, whose others keep the suffix) or names a domain suffix.

use super::Rule;
use crate::check::Context;
use crate::check::effective::failover::Resolver;
use crate::check::hostnames::{LOCAL_SUFFIX, written_suffix};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::Failover;

pub(crate) const RULE: Rule = Rule { run };

fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fed = cx.federation;
    let mut resolver = Resolver::new(fed);
    for failover in fed.failovers.iter().filter(|f| !fed.is_partner(f.mesh.id)) {
        for source in resolver.sources(failover) {
            let block = &fed.imports[source.block];
            let rule = &block.rules[source.rule];
            let wildcard = rule.service.namespace.exact().is_none() || rule.service.name.exact().is_none();
            let named = rule.domain_suffix.is_some() || block.domain_suffix.is_some();
            if rule.as_local.is_some() || !(wildcard || named) {
                continue;
            }
            let peer = &fed.mesh(source.peer).name.value;
            let suffix = written_suffix(fed, block, rule);
            out.push(replaced(failover, &rule.service.span, peer, &suffix));
        }
    }
}

fn replaced(failover: &Failover, rule: &crate::source::Span, peer: &str, suffix: &str) -> Diagnostic {
    let service = &failover.service;
    let lost = format!("{}.{}.{suffix}", service.name, service.namespace);
    let local = format!("{}.{}.{LOCAL_SUFFIX}", service.name, service.namespace);
    Diagnostic::new(
        codes::failover::REPLACES_HOSTNAME,
        format!("the failover of `{service}` imports it from `{peer}` as local: `{lost}` is no longer served"),
    )
    .label(rule.clone(), format!("would import it as `{lost}`"))
    .label(failover.service.span.clone(), "needs it imported as local")
    .help(format!(
        "clients call `{local}` (the failover's name); to keep `{lost}`, fail over through another rule; set `as_local = true` on this rule to say the change is meant"
    ))
}
