//! Looking names up while resolving: unknown ones become findings with a suggestion; names of
//! definitions that were themselves broken resolve to nothing quietly (one finding, not a cascade).
//!
//! Lookups are by ordered map (a topology can name thousands of meshes thousands of times), and
//! "did you mean" compares against every defined name for at most `suggest::BUDGET` unknown names
//! per table, so a file full of unknown references does not cost (unknown × defined) distances.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::Text;
use crate::suggest::{Budget, did_you_mean, unknown_help};

pub(crate) struct NameTable {
    /// What the names are, for messages: `mesh`, `cluster`.
    pub(crate) what: &'static str,
    /// Every defined name (sorted), with its index when its definition resolved.
    entries: BTreeMap<String, Option<usize>>,
    budget: Budget,
}

impl NameTable {
    pub(crate) fn new(what: &'static str) -> Self {
        Self { what, entries: BTreeMap::new(), budget: Budget::default() }
    }

    pub(crate) fn insert(&mut self, name: &str, index: Option<usize>) {
        self.entries.entry(name.to_string()).or_insert(index);
    }

    /// Every defined name, in definition order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(|n| n.as_str())
    }

    /// The definition an unknown `name` most likely meant (the "did you mean" candidate), so that
    /// findings about what it then lacks can stay quiet.
    pub(crate) fn likely(&self, name: &str) -> Option<usize> {
        let considered = self.budget.candidates();
        let close = did_you_mean(name, self.entries.keys().take(considered).map(String::as_str))?;
        self.entries.get(close).copied().flatten()
    }

    /// The index `name` resolves to. `Err(Some(_))`: unknown, with its finding; `Err(None)`: known but broken.
    pub(crate) fn find(&self, name: &Text, code: Code, referrer: &str) -> Result<usize, Option<Diagnostic>> {
        match self.entries.get(name.get_ref()) {
            Some(Some(index)) => Ok(*index),
            Some(None) => Err(None),
            None => {
                let considered = self.budget.candidates();
                let help =
                    unknown_help(self.what, name.get_ref(), self.entries.keys().take(considered).map(String::as_str));
                Err(Some(
                    Diagnostic::new(code, format!("{referrer} names unknown {} `{}`", self.what, name.get_ref()))
                        .label(name.span(), format!("no {} is called this", self.what))
                        .help(help),
                ))
            }
        }
    }
}
