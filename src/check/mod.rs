//! Stage 2: resolve the topology into a [`Federation`], build its graph, and run every rule.
//! `fedc check` and `fedc build` share this; a build stops here when any error is found.

pub(crate) mod acknowledge;
pub(crate) mod addresses;
mod collisions;
pub(crate) mod duration;
mod echoes;
pub(crate) mod effective;
pub(crate) mod explain;
pub(crate) mod git;
pub(crate) mod hostnames;
pub(crate) mod kubernetes;
pub(crate) mod out_path;
mod resolve;
pub(crate) mod rules;

pub(crate) use resolve::Omissions;

use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::load::Loaded;
use crate::model::Federation;
use rules::shadowed::Shadowed;

/// What a rule sees: the resolved federation and what resolving had to leave out.
pub(crate) struct Context<'a> {
    pub(crate) federation: &'a Federation,
    pub(crate) omissions: &'a Omissions,
    /// The shadowed export rules, which two rules need: evaluated once, before the rules run
    /// (on every core; evaluated by the first rule to ask, it kept the others waiting).
    shadowed: Shadowed,
}

impl Context<'_> {
    /// Every export rule or label alias no service reaches (see [`rules::shadowed::shadowed_exports`]).
    pub(crate) fn shadowed_exports(&self) -> &Shadowed {
        &self.shadowed
    }
}

/// Every finding (errors and warnings), sorted by position, and the federation they are about.
pub(crate) fn findings(loaded: &Loaded) -> (Federation, Vec<Diagnostic>) {
    let (federation, mut diagnostics, omissions) = resolve::resolve(&loaded.topology, &loaded.attachments);
    let shadowed = rules::shadowed::shadowed_exports(&federation);
    let context = Context { federation: &federation, omissions: &omissions, shadowed };
    // The rules are independent: they run on every core, their findings kept in rule order.
    let found: Vec<Vec<Diagnostic>> = rules::ALL
        .par_iter()
        .map(|rule| {
            let mut found = Vec::new();
            (rule.run)(&context, &mut found);
            found
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
    echoes::drop(&mut diagnostics);
    acknowledge::apply(&loaded.topology, &loaded.source.text, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    (federation, diagnostics)
}

/// The validated federation, or every finding when there is an error (warnings alone pass).
pub(crate) fn check(loaded: &Loaded) -> Result<(Federation, Vec<Diagnostic>), Error> {
    let (federation, diagnostics) = findings(loaded);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Findings { source: loaded.source.clone(), diagnostics });
    }
    Ok((federation, diagnostics))
}
