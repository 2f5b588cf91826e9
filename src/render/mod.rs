//! Stage 4: render every planned file through its template, parse the result as one YAML object,
//! check it is the planned object and valid against its kind's compiled-in schema (`schema`), apply
//! overlays (checked the same way), and write it back out deterministically with the generated-file
//! header. Nothing is written until every file has passed.

mod document;
mod metadata_function;
mod native;
mod object;
mod overlay;
pub(crate) mod schema;
mod templates;
mod tojson;
pub(crate) mod trace;
pub(crate) mod yaml;

use std::sync::Arc;

use rayon::prelude::*;

#[cfg(test)]
pub(crate) use templates::BUILT_IN;
pub(crate) use templates::Templates;

use crate::diagnostic::{Diagnostic, codes};
use crate::error::Error;
use crate::model::Federation;
use crate::plan::{ObjectId, PlannedFile};
use crate::source::SourceFile;

/// A file of the output, ready to write.
#[derive(Debug, Clone)]
pub(crate) struct RenderedFile {
    /// Relative to the output root, `/`-separated.
    pub(crate) path: String,
    pub(crate) cluster: Option<String>,
    pub(crate) object: Option<ObjectId>,
    pub(crate) content: String,
    /// What the rendering's [`trace::Reader`] read of the final object, if it reads its kind.
    pub(crate) read: Option<trace::Read>,
}

/// Renders a plan chunk by chunk (see `plan::plan_chunks`), with an outcome that does not depend
/// on the chunking: the failure of the first file (by path) that fails other than with findings,
/// else every finding (one per overlay and problem, in path order) with the overlays that select
/// no object (known from the plan, so reported even when another overlay failed). A chunk's files
/// are returned only while nothing has failed.
pub(crate) struct Rendering<'a> {
    federation: &'a Federation,
    source: &'a SourceFile,
    templates: &'a Templates,
    reader: &'a dyn trace::Reader,
    header: Arc<str>,
    used: Vec<bool>,
    /// Each distinct finding with the path (and position in that file's findings) where it
    /// first occurs.
    findings: Vec<(String, usize, Diagnostic)>,
    /// The failure of the first file by path that failed other than with findings.
    failure: Option<(String, Error)>,
}

impl<'a> Rendering<'a> {
    /// Renders for `reader`, which reads the facts of the objects it knows (see `trace`).
    pub(crate) fn new(
        federation: &'a Federation,
        source: &'a SourceFile,
        templates: &'a Templates,
        reader: &'a dyn trace::Reader,
    ) -> Self {
        let used = vec![false; federation.overlays.len()];
        let header = Arc::from(header(&source.name));
        Rendering { federation, source, templates, reader, header, used, findings: Vec::new(), failure: None }
    }

    /// Whether a file failed: the rest is rendered only to find the failure to report.
    pub(crate) fn failed(&self) -> bool {
        self.failure.is_some() || !self.findings.is_empty()
    }

    /// What a chunk is rendered with: shareable across threads, so that a chunk can render on
    /// the pool while the previous one is handed on (see `compile::render_chunks`).
    pub(crate) fn renderer(&self) -> Renderer<'a> {
        Renderer {
            federation: self.federation,
            source: self.source,
            templates: self.templates,
            reader: self.reader,
            header: Arc::clone(&self.header),
        }
    }

    /// Takes a chunk rendered by [`Renderer::render`] into the outcome (chunks in plan order):
    /// its files, or none once any file (of this chunk or an earlier one) failed.
    pub(crate) fn merge(&mut self, chunk: RenderedChunk) -> Vec<RenderedFile> {
        let mut rendered = Vec::with_capacity(chunk.0.len());
        for result in chunk.0 {
            match result {
                Outcome::Rendered(file) => rendered.push(file),
                Outcome::Failed(path, Error::Findings { diagnostics, .. }) => self.found(&path, diagnostics),
                Outcome::Failed(path, other) => {
                    if self.failure.as_ref().is_none_or(|(first, _)| path < *first) {
                        self.failure = Some((path, other));
                    }
                }
            }
        }
        if self.failed() {
            rendered.clear();
        }
        rendered
    }

    /// Marks the overlays that select an object of `files`, from the plan (before the chunk goes
    /// to the [`Renderer`]): an overlay cannot change which object it is, so this holds whether
    /// or not rendering and patching succeed, and an overlay that selects nothing is reported
    /// beside the other findings.
    pub(crate) fn mark_selected(&mut self, files: &[PlannedFile]) {
        let overlays = &self.federation.overlays;
        for file in files {
            let Some(id) = &file.object else { continue };
            let cluster = file.cluster.as_deref().unwrap_or_default();
            let namespace = id.namespace.as_deref().unwrap_or_default();
            for (index, overlay) in overlays.iter().enumerate() {
                if !self.used[index] && overlay.selects(cluster, &id.kind, namespace, &id.name) {
                    self.used[index] = true;
                }
            }
        }
    }

    /// One finding per overlay and problem, however many objects it breaks: the first by path.
    fn found(&mut self, path: &str, diagnostics: Vec<Diagnostic>) {
        for (position, diagnostic) in diagnostics.into_iter().enumerate() {
            let same = |(_, _, f): &&mut (String, usize, Diagnostic)| {
                f.code == diagnostic.code && f.labels == diagnostic.labels
            };
            match self.findings.iter_mut().find(same) {
                Some(seen) if (path, position) < (seen.0.as_str(), seen.1) => {
                    *seen = (path.to_string(), position, diagnostic);
                }
                Some(_) => {}
                None => self.findings.push((path.to_string(), position, diagnostic)),
            }
        }
    }

    /// The outcome once every chunk is rendered.
    pub(crate) fn finish(mut self) -> Result<(), Error> {
        if let Some((_, failure)) = self.failure {
            return Err(failure);
        }
        self.findings.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
        let mut findings: Vec<Diagnostic> = self.findings.into_iter().map(|(_, _, d)| d).collect();
        findings.extend(overlay::unused(&self.federation.overlays, &self.used));
        if !findings.is_empty() {
            return Err(Error::Findings { source: self.source.clone(), diagnostics: findings });
        }
        Ok(())
    }
}

/// A chunk's files as rendered, in plan order.
pub(crate) struct RenderedChunk(Vec<Outcome>);

/// One file as rendered, or its path and failure.
enum Outcome {
    Rendered(RenderedFile),
    Failed(String, Error),
}

/// What every file is rendered with (see [`Rendering::renderer`]).
#[derive(Clone)]
pub(crate) struct Renderer<'a> {
    federation: &'a Federation,
    source: &'a SourceFile,
    templates: &'a Templates,
    reader: &'a dyn trace::Reader,
    header: Arc<str>,
}

impl Renderer<'_> {
    /// Renders `files` on every core. The files stay the caller's: `compile::render_chunks`
    /// hands them back to the thread that planned them to be freed there.
    pub(crate) fn render(&self, files: &[PlannedFile]) -> RenderedChunk {
        let results = files
            .par_iter()
            .map(|file| match render_file(file, self) {
                Ok((rendered, _)) => Outcome::Rendered(rendered),
                Err(error) => Outcome::Failed(file.path.clone(), error),
            })
            .collect();
        RenderedChunk(results)
    }
}

/// What a planned file's template gives: an object, or a file that is not one (`document`).
enum Made {
    /// The object, and the template's text when it was rendered (`None`: built, `native`).
    Object(serde_json::Value, Option<String>),
    Document(RenderedFile),
}

/// The object of a planned file: built from its context where a builder models it, else its
/// template rendered and read back.
fn make(file: &PlannedFile, templates: &Templates, header: &str) -> Result<Made, Error> {
    let built = templates.built_natively(file.template).then(|| native::object(file.template, &file.context));
    if let Some(value) = built.flatten() {
        return Ok(Made::Object(value, None));
    }
    let text = templates.render(file.template, &file.context)?;
    if let Some(content) = document::finish(file, &text, header, templates) {
        let path = file.path.clone();
        return Ok(Made::Document(RenderedFile { path, cluster: None, object: None, content: content?, read: None }));
    }
    Ok(Made::Object(object::parse(&text, file)?, Some(text)))
}

fn render_file(file: &PlannedFile, inputs: &Renderer) -> Result<(RenderedFile, Vec<usize>), Error> {
    let (templates, header) = (inputs.templates, &*inputs.header);
    let (mut value, text) = match make(file, templates, header)? {
        Made::Object(value, text) => (value, text),
        Made::Document(rendered) => return Ok((rendered, Vec::new())),
    };
    object::check(&value, file)?;
    let base = inputs.reader.facts(&value);
    let cluster = file.cluster.as_deref().unwrap_or_default();
    let overlays = &inputs.federation.overlays;
    let applied = match &file.object {
        Some(_) => overlay::apply(overlays, cluster, &mut value, &file.path)
            .map_err(|d| Error::Findings { source: inputs.source.clone(), diagnostics: vec![d] })?,
        None => Vec::new(),
    };
    let read = base.map(|base| {
        let trace = trace::Trace { file, templates, overlays, cluster, text: text.as_deref() };
        trace.read(inputs.reader, base, &value, !applied.is_empty() || templates.overridden())
    });
    let mut content = String::with_capacity(header.len() + text.as_ref().map_or(1024, String::len));
    content.push_str(header);
    yaml::write_document(&mut content, &value);
    content.shrink_to_fit();
    let rendered = RenderedFile {
        path: file.path.clone(),
        cluster: file.cluster.clone(),
        object: file.object.clone(),
        content,
        read,
    };
    Ok((rendered, applied))
}

/// The first line of every file: marks it generated without naming a time, version or absolute path.
fn header(source_name: &str) -> String {
    let file = std::path::Path::new(source_name)
        .file_name()
        .map_or_else(|| source_name.to_string(), |f| f.to_string_lossy().into_owned());
    // The file name is the repository's: a line break in it would end the comment and put YAML of
    // its choosing into every file.
    let file: String =
        file.chars().map(|c| if c.is_control() || crate::inert::is_unsafe(c) { '?' } else { c }).collect();
    format!("# Code generated by fedc from {file}. DO NOT EDIT.\n")
}

/// `fedc::emit::duplicate-path`: two planned files at `path`.
pub(crate) fn duplicate_path(path: &str) -> Error {
    Error::output(
        codes::emit::DUPLICATE_PATH,
        format!(
            "two generated objects would be written to {path}; object names must be unique per cluster, namespace and kind"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The planner names every object uniquely, so no command reaches this safeguard of
    /// `compile::render_chunks`; what it reports is fixed here.
    #[test]
    fn a_path_planned_twice_is_a_duplicate_path_failure() {
        let error = duplicate_path("clusters/a/x.yaml");
        assert_eq!(error.code(), Some(codes::emit::DUPLICATE_PATH));
        assert!(
            error.to_string().starts_with("two generated objects would be written to clusters/a/x.yaml;"),
            "{error}"
        );
    }
}
