//! `[[acknowledge]]`: a warning that is correct but cannot be fixed by design (a label-selector
//! export is only checked at runtime) is accepted for one item, with a reason, as `#[allow]` does
//! in Rust. The item is the text the warning points at (its primary label, without quotes), so an
//! acknowledgement covers exactly one place and no other warning of the same code.
//!
//! An acknowledgement that matches no warning is reported (`fedc::acknowledge::unused`), so a stale
//! one does not hide a future warning; errors cannot be acknowledged.
//!
//! Most warnings come from the checker and are acknowledged in [`apply`]. The few found later,
//! from the command line rather than the topology ([`COMMAND_LINE`]: `build --out` against
//! `[gitops] path`), go through [`unacknowledged`] where they are found, with the same code and
//! item semantics; `check` without that command line cannot tell whether such an acknowledgement
//! is used, so it is never reported unused.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::codes::{self, Code};
use crate::load::{AcknowledgeDef, Topology};

/// Warning codes found after checking: from the command line (`--out`), or from what reaches the
/// cluster once rendered (`verify`).
pub(crate) const COMMAND_LINE: [Code; 2] = [codes::gitops::OUT_MISMATCH, codes::verify::CHANGED];

/// Removes the acknowledged warnings from `diagnostics` and adds findings about the
/// acknowledgements themselves.
pub(crate) fn apply(topology: &Topology, text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut own = Vec::new();
    for def in &topology.acknowledge {
        let def = def.get_ref();
        if def.reason.get_ref().trim().is_empty() {
            own.push(no_reason(def));
            continue;
        }
        let covers = |d: &Diagnostic| covers(def, text, d);
        if let Some(error) = diagnostics.iter().find(|d| d.is_error() && covers(d)) {
            own.push(acknowledged_error(def, error));
            continue;
        }
        let before = diagnostics.len();
        diagnostics.retain(|d| !covers(d));
        if diagnostics.len() == before && !COMMAND_LINE.iter().any(|code| *code == def.code.get_ref().as_str()) {
            own.push(unused(def));
        }
    }
    diagnostics.extend(own);
}

/// The warnings of `found` (found after checking) that the topology does not acknowledge. An
/// acknowledgement without a reason covers nothing (the checker reports it as an error).
pub(crate) fn unacknowledged(topology: &Topology, text: &str, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let acknowledged = |d: &Diagnostic| {
        topology
            .acknowledge
            .iter()
            .map(|def| def.get_ref())
            .any(|def| !d.is_error() && !def.reason.get_ref().trim().is_empty() && covers(def, text, d))
    };
    found.into_iter().filter(|d| !acknowledged(d)).collect()
}

/// Whether `def` names `diagnostic`: its code, and the text at its primary label.
fn covers(def: &AcknowledgeDef, text: &str, diagnostic: &Diagnostic) -> bool {
    diagnostic.code == def.code.get_ref().as_str() && item(text, diagnostic) == Some(def.item.get_ref())
}

/// The text at a finding's primary label, without surrounding quotes.
fn item<'a>(text: &'a str, diagnostic: &Diagnostic) -> Option<&'a str> {
    let span = &diagnostic.labels.first()?.span;
    let written = text.get(span.clone())?.trim();
    Some(written.strip_prefix('"').and_then(|w| w.strip_suffix('"')).unwrap_or(written))
}

fn no_reason(def: &AcknowledgeDef) -> Diagnostic {
    Diagnostic::new(codes::acknowledge::NO_REASON, "an acknowledged warning needs a reason")
        .label(def.reason.span(), "empty")
        .help("say why the warning does not apply here, e.g. `reason = \"ledger carries federated=true\"`")
}

fn acknowledged_error(def: &AcknowledgeDef, error: &Diagnostic) -> Diagnostic {
    let mut finding = Diagnostic::new(
        codes::acknowledge::ERROR,
        format!("`{}` is an error; only warnings can be acknowledged", error.code),
    )
    .label(def.code.span(), "an error code");
    if let Some(at) = error.labels.first() {
        finding = finding.label(at.span.clone(), "the error it would hide");
    }
    finding.help("fix the error; `[[acknowledge]]` accepts warnings that cannot be fixed by design")
}

fn unused(def: &AcknowledgeDef) -> Diagnostic {
    Diagnostic::new(
        codes::acknowledge::UNUSED,
        format!("no `{}` warning is reported at `{}`", def.code.get_ref(), def.item.get_ref()),
    )
    .label(def.item.span(), "acknowledges nothing")
    .label(def.code.span(), "for this code")
    .help("remove it, or name the text the warning points at (`item`) and its code exactly")
}
