//! Stage 5: check what reaches the cluster. Rendering reads back the facts of every final object
//! (after template overrides and overlays; `render::trace`, with this stage's [`FederationReader`])
//! into a [`ReadBack`], chunk by chunk; once every chunk is rendered, the federation's invariants
//! run on it (`invariants`, one per file). fedc's own rendering satisfies them, so a violation
//! names the override or overlay that caused it; a change no invariant explains is a warning.
//! Nothing is written before this stage has passed.

mod changed;
mod facts;
mod finding;
mod invariants;
mod readback;
#[cfg(test)]
mod tests;

pub(crate) use facts::FederationReader;
pub(crate) use readback::ReadBack;

use crate::diagnostic::Diagnostic;
use crate::model::Federation;

/// The findings about what reaches the cluster: errors for broken invariants, warnings for
/// changes that break none.
pub(crate) fn check(readback: &ReadBack, federation: &Federation) -> Vec<Diagnostic> {
    let violations = invariants::violations(readback, federation);
    let mut findings: Vec<Diagnostic> = violations.iter().filter_map(|v| finding::diagnose(v, federation)).collect();
    findings.dedup();
    findings.extend(changed::warnings(readback, &violations, federation));
    findings
}
