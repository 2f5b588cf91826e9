//! The headline of a diff: its counts without bookkeeping files. A `kustomization.yaml` changes
//! whenever an object is added or removed next to it; counting it would make every change look
//! bigger than it is, and a change of nothing but bookkeeping look like a change of the federation.

use super::model::{Change, Counts, Diff, Group, Identity};

/// Files that only list other files.
const BOOKKEEPING: [&str; 1] = ["kustomization.yaml"];

/// Whether `change` is of a bookkeeping file (matched by path: it holds no object).
pub fn is_bookkeeping(change: &Change) -> bool {
    match &change.identity {
        Identity::File { path } => BOOKKEEPING.iter().any(|name| path == name || path.ends_with(&format!("/{name}"))),
        Identity::Object { .. } => false,
    }
}

/// `2 to add, 1 to change across 2 clusters and argocd`, bookkeeping left out (and mentioned
/// when that is all there is), or `no changes`.
pub fn headline(diff: &Diff) -> String {
    let counted: Vec<&Change> = diff.changes.iter().filter(|c| !is_bookkeeping(c)).collect();
    let bookkeeping = diff.changes.len() - counted.len();
    match (counted.is_empty(), bookkeeping) {
        (true, 0) => "no changes".to_string(),
        (true, n) => format!("no object changes; {n} bookkeeping file{} (kustomization.yaml) to update", plural(n)),
        (false, 0) => summary(&counted),
        (false, n) => format!("{} (and {n} bookkeeping file{})", summary(&counted), plural(n)),
    }
}

/// `Diff::summary` over the counted changes (which are in group order).
fn summary(changes: &[&Change]) -> String {
    let mut groups: Vec<&Group> = changes.iter().map(|c| &c.group).collect();
    groups.dedup();
    let clusters = groups.iter().filter(|g| g.is_cluster()).count();
    let mut places = Vec::new();
    if clusters > 0 {
        places.push(format!("{clusters} cluster{}", plural(clusters)));
    }
    places.extend(groups.iter().filter(|g| !g.is_cluster()).map(|g| g.name().to_string()));
    let places = match places.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => places.join(""),
    };
    format!("{} across {places}", Counts::of(changes.iter().copied()).line())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
