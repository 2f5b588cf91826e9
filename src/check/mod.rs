//! Stage 2: resolve the topology into a [`Federation`], build its graph, and run every rule.
//! `fedc check` and `fedc build` share this; a build stops here when any error is found.

pub mod acknowledge;
pub mod addresses;
mod collisions;
pub mod duration;
mod echoes;
pub mod effective;
pub mod explain;
pub mod git;
pub mod hostnames;
pub mod kubernetes;
pub mod out_path;
mod resolve;
pub mod rules;

pub use resolve::Omissions;

use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::load::Loaded;
use crate::model::Federation;

/// What a rule sees: the resolved federation and what resolving had to leave out.
pub struct Context<'a> {
    pub federation: &'a Federation,
    pub omissions: &'a Omissions,
}

/// Every finding (errors and warnings), sorted by position, and the federation they are about.
pub fn findings(loaded: &Loaded) -> (Federation, Vec<Diagnostic>) {
    let (federation, mut diagnostics, omissions) = resolve::resolve(&loaded.topology, &loaded.attachments);
    let context = Context { federation: &federation, omissions: &omissions };
    for rule in rules::ALL {
        (rule.run)(&context, &mut diagnostics);
    }
    echoes::drop(&mut diagnostics);
    acknowledge::apply(&loaded.topology, &loaded.source.text, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    (federation, diagnostics)
}

/// The validated federation, or every finding when there is an error (warnings alone pass).
pub fn check(loaded: &Loaded) -> Result<(Federation, Vec<Diagnostic>), Error> {
    let (federation, diagnostics) = findings(loaded);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Findings { source: loaded.source.clone(), diagnostics });
    }
    Ok((federation, diagnostics))
}
