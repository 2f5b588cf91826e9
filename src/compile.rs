//! The whole pipeline up to files in memory: load → check → plan → render. `build`, `check --out`
//! and `diff` all start here, so they always agree on what the topology renders to.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Loaded, ReadPolicy};
use crate::model::Federation;
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

/// Compiles a topology whose attachments all lie in its own directory tree.
pub fn compile(topology: &Path, templates: Option<&Path>) -> Result<Compiled, Error> {
    compile_with(topology, templates, &ReadPolicy::default())
}

/// Compiles a topology whose attachments may also lie where `policy` allows.
pub fn compile_with(topology: &Path, templates: Option<&Path>, policy: &ReadPolicy) -> Result<Compiled, Error> {
    let loaded = load::load_with(topology, policy)?;
    let templates = Templates::load(templates)?;
    compile_loaded(loaded, templates)
}

pub fn compile_loaded(loaded: Loaded, templates: Templates) -> Result<Compiled, Error> {
    let (federation, warnings) = check::check(&loaded)?;
    let files = render_federation(&federation, &loaded.source, &templates)?;
    Ok(Compiled { loaded, federation, warnings, templates, files })
}

/// Plan and render a validated federation: the files it compiles to, in memory.
pub fn render_federation(
    federation: &Federation,
    source: &SourceFile,
    templates: &Templates,
) -> Result<Vec<RenderedFile>, Error> {
    render::render(&plan::plan(federation), federation, source, templates)
}
