//! The whole pipeline up to files in memory: load → check → plan → render. `build`, `check --out`
//! and `diff` all start here, so they always agree on what the topology renders to.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::model::Federation;
use crate::plan::estimate::{self, Estimate, Limits};
use crate::render::{self, RenderedFile, Templates};
use crate::source::SourceFile;
use crate::{check, plan};

pub struct Compiled {
    pub loaded: Loaded,
    pub federation: Federation,
    /// Warnings (errors stop the pipeline).
    pub warnings: Vec<Diagnostic>,
    pub templates: Templates,
    /// Sorted by path.
    pub files: Vec<RenderedFile>,
}

/// Compiles within the default [`Limits`].
pub fn compile(topology: &Path, templates: Option<&Path>) -> Result<Compiled, Error> {
    compile_with(topology, templates, Limits::default())
}

pub fn compile_with(topology: &Path, templates: Option<&Path>, limits: Limits) -> Result<Compiled, Error> {
    let loaded = load::load(topology)?;
    let templates = Templates::load(templates)?;
    compile_loaded_with(loaded, templates, limits)
}

pub fn compile_loaded(loaded: Loaded, templates: Templates) -> Result<Compiled, Error> {
    compile_loaded_with(loaded, templates, Limits::default())
}

/// Refuses a topology estimated above `limits` before checking it: the checker's and the
/// planner's work grow with the output, so the estimate comes first.
pub fn compile_loaded_with(loaded: Loaded, templates: Templates, limits: Limits) -> Result<Compiled, Error> {
    within_limits(&loaded, limits)?;
    let (federation, warnings) = check::check(&loaded)?;
    let files = render_federation(&federation, &loaded.source, &templates)?;
    Ok(Compiled { loaded, federation, warnings, templates, files })
}

/// The estimate of what `loaded` generates, or the `fedc::federation::too-large` finding.
pub fn within_limits(loaded: &Loaded, limits: Limits) -> Result<Estimate, Error> {
    estimate::within(loaded, limits)
        .map_err(|d| Error::Findings { source: loaded.source.clone(), diagnostics: vec![d] })
}

/// Plan and render a validated federation: the files it compiles to, in memory.
pub fn render_federation(
    federation: &Federation,
    source: &SourceFile,
    templates: &Templates,
) -> Result<Vec<RenderedFile>, Error> {
    render::render(&plan::plan(federation), federation, source, templates)
}
