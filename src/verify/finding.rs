//! From a broken invariant to a finding that names its cause: the overlay (and its patch
//! operation) or the template override that changed a fact the invariant reads. An invariant
//! that fedc's own rendering breaks already (no fact changed) is the topology's: its checks
//! report it where it is written (a root certificate that is missing is `fedc::cert::missing`,
//! for one), so it is not reported again here.

use serde_json::Value;

use super::facts::readable;
use super::readback::Seen;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Federation;
use crate::render::trace::{Cause, Change};
use crate::source::Span;

/// An invariant the final objects break.
pub(crate) struct Violation<'a> {
    pub(crate) code: Code,
    /// What is wrong, and what it does at runtime.
    pub(crate) message: String,
    /// The fix.
    pub(crate) help: String,
    /// The facts it reads: their changes are its causes.
    pub(crate) facts: Vec<(&'a Seen, &'static str)>,
}

impl<'a> Violation<'a> {
    pub(crate) fn new(code: Code, message: String, help: impl Into<String>) -> Self {
        Violation { code, message, help: help.into(), facts: Vec::new() }
    }

    /// Also reads `fact` of `seen`.
    pub(crate) fn reads(mut self, seen: &'a Seen, fact: &'static str) -> Self {
        self.facts.push((seen, fact));
        self
    }

    /// The changes that made it, with their objects.
    pub(crate) fn causes(&self) -> Vec<(&'a Seen, &'a Change)> {
        self.facts.iter().filter_map(|(seen, fact)| Some((*seen, seen.change(fact)?))).collect()
    }
}

/// The finding for `violation`, labelled on each cause; none for a violation nothing caused.
pub(crate) fn diagnose(violation: &Violation, federation: &Federation) -> Option<Diagnostic> {
    let causes = violation.causes();
    if causes.is_empty() {
        return None;
    }
    let mut diagnostic = Diagnostic::new(violation.code, violation.message.clone()).help(violation.help.clone());
    for (seen, change) in causes {
        let (span, text) = label(seen, change, federation);
        diagnostic = diagnostic.label(span, text);
    }
    Some(diagnostic)
}

/// Where a change is labelled, and what the label says.
pub(crate) fn label(seen: &Seen, change: &Change, federation: &Federation) -> (Span, String) {
    let (found, planned) = differing(seen.fact(change.fact), &change.planned);
    let (found, planned) = (readable(change.fact, found), readable(change.fact, planned));
    let (found, planned) = (shown(&found), shown(&planned));
    let what = format!("{} of `{}` is {found}, planned {planned}", change.fact, seen.path());
    match &change.cause {
        Cause::Overlay { index, operation } => {
            let overlay = &federation.overlays[*index];
            let step = operation.map(|op| format!(" (operation {})", op + 1)).unwrap_or_default();
            (overlay.span.clone(), format!("this overlay{step}: {what}"))
        }
        Cause::Template(name) => (template_span(seen, federation), format!("template override `{name}`: {what}")),
    }
}

/// Of two objects, the entries that differ (what a gateway map or outlier detection changed);
/// other values as they are.
fn differing(found: &Value, planned: &Value) -> (Value, Value) {
    let (Some(a), Some(b)) = (found.as_object(), planned.as_object()) else {
        return (found.clone(), planned.clone());
    };
    let keep = |from: &serde_json::Map<String, Value>, other: &serde_json::Map<String, Value>| {
        from.iter().filter(|(k, v)| other.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    (Value::Object(keep(a, b)), Value::Object(keep(b, a)))
}

/// A template override is not in the topology: the mesh whose namespace holds the object, or the
/// federation.
fn template_span(seen: &Seen, federation: &Federation) -> Span {
    let mesh = federation.mesh_ids().map(|id| federation.mesh(id)).find(|mesh| {
        mesh.namespace.value == seen.namespace() && federation.cluster(mesh.cluster).name.value == seen.cluster()
    });
    mesh.map_or_else(|| federation.name.span.clone(), |mesh| mesh.name.span.clone())
}

/// A value for a message: strings in backquotes, `none` for none, JSON otherwise (shortened).
pub(crate) fn shown(value: &Value) -> String {
    let text = match value {
        Value::Null => return "none".to_string(),
        Value::String(text) => format!("`{text}`"),
        other => format!("`{other}`"),
    };
    if text.chars().count() > 120 { format!("{}…`", text.chars().take(117).collect::<String>()) } else { text }
}
