//! Looking names up while resolving: unknown ones become findings with a suggestion; names of
//! definitions that were themselves broken resolve to nothing quietly (one finding, not a cascade).

use crate::check::suggest::{did_you_mean, unknown_help};
use crate::diagnostic::Diagnostic;
use crate::load::Text;

pub struct NameTable {
    /// What the names are, for messages: `mesh`, `cluster`.
    pub what: &'static str,
    /// Every defined name, with its index when its definition resolved.
    entries: Vec<(String, Option<usize>)>,
}

impl NameTable {
    pub fn new(what: &'static str) -> Self {
        Self { what, entries: Vec::new() }
    }

    pub fn insert(&mut self, name: &str, index: Option<usize>) {
        if !self.entries.iter().any(|(n, _)| n == name) {
            self.entries.push((name.to_string(), index));
        }
    }

    /// Every defined name, in definition order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// The definition an unknown `name` most likely meant (the "did you mean" candidate), so that
    /// findings about what it then lacks can stay quiet.
    pub fn likely(&self, name: &str) -> Option<usize> {
        let close = did_you_mean(name, self.entries.iter().map(|(n, _)| n.as_str()))?;
        self.entries.iter().find(|(n, _)| n == close).and_then(|(_, index)| *index)
    }

    /// The index `name` resolves to. `Err(Some(_))`: unknown, with its finding; `Err(None)`: known but broken.
    pub fn find(&self, name: &Text, code: &'static str, referrer: &str) -> Result<usize, Option<Diagnostic>> {
        match self.entries.iter().find(|(n, _)| n == name.get_ref()) {
            Some((_, Some(index))) => Ok(*index),
            Some((_, None)) => Err(None),
            None => {
                let help = unknown_help(self.what, name.get_ref(), self.entries.iter().map(|(n, _)| n.as_str()));
                Err(Some(
                    Diagnostic::error(code, format!("{referrer} names unknown {} `{}`", self.what, name.get_ref()))
                        .label(name.span(), format!("no {} is called this", self.what))
                        .help(help),
                ))
            }
        }
    }
}
