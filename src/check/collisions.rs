//! Finding things that share a key: duplicate names, colliding hostnames, reused ports.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// For every item whose key an earlier item already had: `(first item with that key, this item)`.
pub(crate) fn repeats<K: Ord, T: Copy>(items: impl IntoIterator<Item = (K, T)>) -> Vec<(T, T)> {
    let mut first: BTreeMap<K, T> = BTreeMap::new();
    let mut pairs = Vec::new();
    for (key, item) in items {
        match first.entry(key) {
            Entry::Occupied(entry) => pairs.push((*entry.get(), item)),
            Entry::Vacant(entry) => {
                entry.insert(item);
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_each_repeat_with_the_first() {
        let items = [("a", 1), ("b", 2), ("a", 3), ("a", 4)];
        assert_eq!(repeats(items), vec![(1, 3), (1, 4)]);
    }
}
