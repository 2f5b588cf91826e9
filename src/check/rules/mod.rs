//! The checker's rules, one per file. Each has a name and a `run` that appends findings; codes are
//! listed with examples and fixes in docs/diagnostics.md.

mod kubernetes_names;

use super::Context;
use crate::diagnostic::Diagnostic;

pub struct Rule {
    pub name: &'static str,
    pub run: fn(&Context, &mut Vec<Diagnostic>),
}

/// Every rule, in the order they run (order does not matter: findings are sorted by position).
pub const ALL: &[Rule] = &[kubernetes_names::RULE];
