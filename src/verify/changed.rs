//! A fact of the federation that a template override or an overlay changed without breaking an
//! invariant fedc knows: what reaches the cluster differs from what the topology says, and fedc's
//! checks ran on the topology's value. One warning per cause and fact, naming the objects; it can
//! be acknowledged where the topology cannot say what the overlay does.

use std::collections::{BTreeMap, BTreeSet};

use super::facts::readable;
use super::finding::{Violation, shown};
use super::readback::{ReadBack, Seen};
use crate::diagnostic::{Diagnostic, codes};
use crate::model::{Federation, Overlay};
use crate::render::trace::{Cause, Change};
use crate::source::Span;

/// The changes of one cause to one fact, with their objects.
type Group<'a> = (&'a Cause, Vec<(&'a Seen, &'a Change)>);

/// Objects listed in a warning before "and N more".
const LISTED: usize = 3;

/// The warnings for the changes no violation names.
pub(crate) fn warnings(readback: &ReadBack, violations: &[Violation], federation: &Federation) -> Vec<Diagnostic> {
    let explained: BTreeSet<(&str, &str)> =
        violations.iter().flat_map(|v| v.causes()).map(|(seen, change)| (seen.path(), change.fact)).collect();
    let mut grouped: BTreeMap<(String, &str), Group> = BTreeMap::new();
    for (seen, change) in readback.changes() {
        if explained.contains(&(seen.path(), change.fact)) {
            continue;
        }
        let key = (format!("{:?}", change.cause), change.fact);
        grouped.entry(key).or_insert_with(|| (&change.cause, Vec::new())).1.push((seen, change));
    }
    grouped.into_values().map(|(cause, changes)| warning(cause, &changes, federation)).collect()
}

fn warning(cause: &Cause, changes: &[(&Seen, &Change)], federation: &Federation) -> Diagnostic {
    let fact = changes[0].1.fact;
    let mut listed: Vec<String> = changes
        .iter()
        .take(LISTED)
        .map(|(seen, change)| {
            let (planned, found) = (readable(fact, change.planned.clone()), readable(fact, seen.fact(fact).clone()));
            format!("`{}` ({} → {})", seen.path(), shown(&planned), shown(&found))
        })
        .collect();
    if changes.len() > LISTED {
        listed.push(format!("and {} more", changes.len() - LISTED));
    }
    let (who, span) = match cause {
        Cause::Overlay { index, operation } => {
            let overlay = &federation.overlays[*index];
            let step = operation.map(|op| format!(" (operation {})", op + 1)).unwrap_or_default();
            (format!("{}{step}", overlay.label), item(overlay))
        }
        Cause::Template(name) => (format!("the template override `{name}`"), federation.name.span.clone()),
    };
    Diagnostic::new(
        codes::verify::CHANGED,
        format!("{who} changes the {fact} the topology gives: {}; fedc checked the topology's value, not this one", listed.join(", ")),
    )
    .label(span, format!("changes the {fact} of {} object{}", changes.len(), if changes.len() == 1 { "" } else { "s" }))
    .help("say it in the topology, where fedc checks it; if the topology cannot say it, acknowledge this warning (`[[acknowledge]]` with this code and the text it points at as `item`)")
}

/// Where an overlay's warning points: its most specific selector (what an acknowledgement names).
fn item(overlay: &Overlay) -> Span {
    [&overlay.name, &overlay.kind, &overlay.namespace, &overlay.cluster]
        .into_iter()
        .find_map(|s| s.as_ref().map(|s| s.span.clone()))
        .unwrap_or_else(|| overlay.span.clone())
}
