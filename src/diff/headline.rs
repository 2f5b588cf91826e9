//! The headline of a diff: its counts without bookkeeping files. A `kustomization.yaml` changes
//! whenever an object is added or removed next to it; counting it would make every change look
//! bigger than it is, and a change of nothing but bookkeeping look like a change of the federation.

use super::model::{Change, Counts, Diff, Group, Identity};

/// Files that only list other files.
const BOOKKEEPING: [&str; 1] = ["kustomization.yaml"];

/// Whether `change` is of a bookkeeping file (matched by path: it holds no object).
pub(crate) fn is_bookkeeping(change: &Change) -> bool {
    match &change.identity {
        Identity::File { path } => BOOKKEEPING.iter().any(|name| path == name || path.ends_with(&format!("/{name}"))),
        Identity::Object { .. } => false,
    }
}

/// `2 to add, 1 to change, 0 to remove across 2 clusters and argocd`, bookkeeping left out (and mentioned
/// when that is all there is), or `no changes`.
pub(crate) fn headline(diff: &Diff) -> String {
    let counted: Vec<&Change> = diff.changes.iter().filter(|c| !is_bookkeeping(c)).collect();
    let bookkeeping = diff.changes.len() - counted.len();
    match (counted.is_empty(), bookkeeping) {
        (true, 0) => "no changes".to_string(),
        (true, n) => format!("no object changes; {n} bookkeeping file{} (kustomization.yaml) to update", plural(n)),
        (false, 0) => summary(&counted),
        (false, n) => format!("{} (and {n} bookkeeping file{})", summary(&counted), plural(n)),
    }
}

/// `Diff::summary` over the counted changes (which are in group order): the counts, then where.
fn summary(changes: &[&Change]) -> String {
    let mut groups: Vec<&Group> = changes.iter().map(|c| &c.group).collect();
    groups.dedup();
    format!("{} {}", Counts::of(changes.iter().copied()).line(), places(&groups))
}

/// `in 1 cluster`, `across 2 clusters`, `across 2 clusters, argocd and the output root`: every place named, joined as
/// a sentence (never an empty name: the root's files are `the output root`).
fn places(groups: &[&Group]) -> String {
    let clusters = groups.iter().filter(|g| g.is_cluster()).count();
    let mut places = Vec::new();
    if clusters > 0 {
        places.push(format!("{clusters} cluster{}", plural(clusters)));
    }
    let root = |g: &&&Group| matches!(g.name(), "." | "");
    places.extend(groups.iter().filter(|g| !g.is_cluster() && !root(g)).map(|g| g.name().to_string()));
    if groups.iter().any(|g| root(&g)) {
        places.push("the output root".to_string());
    }
    match places.as_slice() {
        [] => String::new(),
        [clusters] if clusters.ends_with(" clusters") => format!("across {clusters}"),
        [one] => format!("in {one}"),
        [rest @ .., last] => format!("across {} and {last}", rest.join(", ")),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(name: &str) -> Group {
        Group::Cluster(name.to_string())
    }

    fn other(name: &str) -> Group {
        Group::Other(name.to_string())
    }

    /// Every combination of 0, 1 and 2 clusters with none, one and several other places (the
    /// output root among them) reads as a sentence.
    #[test]
    fn places_read_as_a_sentence_for_every_count() {
        let clusters = [vec![], vec![cluster("east")], vec![cluster("east"), cluster("west")]];
        let others =
            [vec![], vec![other(".")], vec![other("argocd")], vec![other("argocd"), other("flux"), other(".")]];
        let expected = [
            ["", "in the output root", "in argocd", "across argocd, flux and the output root"],
            [
                "in 1 cluster",
                "across 1 cluster and the output root",
                "across 1 cluster and argocd",
                "across 1 cluster, argocd, flux and the output root",
            ],
            [
                "across 2 clusters",
                "across 2 clusters and the output root",
                "across 2 clusters and argocd",
                "across 2 clusters, argocd, flux and the output root",
            ],
        ];
        for (c, clusters) in clusters.iter().enumerate() {
            for (o, others) in others.iter().enumerate() {
                let groups: Vec<&Group> = clusters.iter().chain(others).collect();
                let text = places(&groups);
                assert_eq!(text, expected[c][o], "{c} clusters, others {o}");
                assert!(!text.ends_with(' ') && !text.contains(" and .") && !text.contains(", ,"), "{text}");
            }
        }
    }
}
