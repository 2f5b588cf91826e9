//! One mistake, one finding: a finding that restates the cause a more specific finding already
//! reports, on the same spans, is dropped (the specific one says more: what breaks, and how).

use crate::diagnostic::{Code, Diagnostic, codes};
use crate::source::Span;

/// `(echo, cause)`: the echo is dropped when the cause labels every span the echo labels.
const ECHOES: &[(Code, Code)] = &[
    // An import rule that a failover needs, shadowed by an earlier rule: the failover error names
    // the same two rules and the broken path, so the generic warning adds nothing.
    (codes::import::SHADOWED_RULE, codes::failover::SHADOWED_SOURCE),
    // Two meshes of a cluster failing one service over in one namespace: the DestinationRule
    // finding names both failovers and says the namespace belongs to one member roll.
    (codes::mesh::NAMESPACE_USED_TWICE, codes::failover::DUPLICATE_DESTINATION_RULE),
];

pub(crate) fn drop(diagnostics: &mut Vec<Diagnostic>) {
    // The causes first (usually none), so thousands of warnings cost one pass.
    let causes: Vec<(Code, Vec<Span>)> = diagnostics
        .iter()
        .filter(|d| ECHOES.iter().any(|(_, cause)| *cause == d.code))
        .map(|d| (d.code, d.labels.iter().map(|l| l.span.clone()).collect()))
        .collect();
    if causes.is_empty() {
        return;
    }
    let echoed = |echo: &Diagnostic| {
        ECHOES.iter().filter(|(code, _)| *code == echo.code).any(|(_, cause)| {
            causes
                .iter()
                .filter(|(code, _)| code == cause)
                .any(|(_, spans)| echo.labels.iter().all(|label| spans.contains(&label.span)))
        })
    };
    diagnostics.retain(|d| !echoed(d));
}
