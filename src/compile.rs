//! The whole pipeline up to files in memory: load → check → plan → render. `build`, `check --out`
//! and `diff` all start here, so they always agree on what the topology renders to.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::model::Federation;
use crate::render::{self, RenderedFile, Templates};
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

pub fn compile(topology: &Path, templates: Option<&Path>) -> Result<Compiled, Error> {
    let loaded = load::load(topology)?;
    let templates = Templates::load(templates)?;
    compile_loaded(loaded, templates)
}

pub fn compile_loaded(loaded: Loaded, templates: Templates) -> Result<Compiled, Error> {
    let (federation, warnings) = check::check(&loaded)?;
    let plan = plan::plan(&federation);
    let files = render::render(&plan, &federation, &loaded.source, &templates)?;
    Ok(Compiled { loaded, federation, warnings, templates, files })
}
