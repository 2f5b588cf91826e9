//! The pipeline the commands run: load → check ([`prepare_with`]), then plan → render a chunk at a
//! time into a sink ([`render_chunks`]). `build`, `check`, `check --out` and `diff` all run it, so
//! they always agree on what the topology renders to.

use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, codes};
use crate::emit::Lock;
use crate::error::Error;
use crate::load::{self, Loaded, ReadPolicy};
use crate::model::Federation;
use crate::plan::PlannedFile;
use crate::plan::estimate::{self, Estimate, Limits};
use crate::render::{self, RenderedFile, Rendering, Templates};
use crate::source::SourceFile;
use crate::{check, plan, verify};

/// A compile up to rendering: what `build`, `check --out` and `diff` render from, chunk by chunk
/// ([`Prepared::render_each`]), without holding every file at once.
pub(crate) struct Prepared {
    pub(crate) loaded: Loaded,
    pub(crate) federation: Federation,
    /// Warnings (errors stop the pipeline).
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) templates: Templates,
    /// What the rendering may produce (the estimate was checked against them already; overlays
    /// and template overrides can still make the real output larger).
    pub(crate) limits: Limits,
}

impl Prepared {
    /// Renders every file, handing them to `sink` a chunk at a time (see [`render_chunks`]);
    /// returns the warnings about what reaches the cluster that the topology does not acknowledge.
    pub(crate) fn render_each(
        &self,
        sink: impl FnMut(Vec<RenderedFile>) -> Result<(), Error>,
    ) -> Result<Vec<Diagnostic>, Error> {
        let found = render_chunks(&self.federation, &self.loaded.source, &self.templates, self.limits, sink)?;
        Ok(check::acknowledge::unacknowledged(&self.loaded.topology, &self.loaded.source.text, found))
    }

    /// The lock a build would write, rendering a chunk at a time and keeping only each file's
    /// hash (what `check --out` compares the output with), and the warnings of the rendering.
    pub(crate) fn lock(&self) -> Result<(Lock, Vec<Diagnostic>), Error> {
        let mut lock = Lock::of_inputs(&self.loaded, &self.templates);
        let warnings = self.render_each(|files| {
            lock.record(&files);
            Ok(())
        })?;
        Ok((lock, warnings))
    }
}

/// What a compile may read and how much it may produce.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Where attachments may be read from besides the topology's directory tree.
    pub(crate) read: ReadPolicy,
    /// The output size above which the topology is refused before it is checked.
    pub(crate) limits: Limits,
    /// `--target`: compile every mesh for this target (see `load::retarget`).
    pub(crate) target: Option<crate::model::MeshTarget>,
}

/// Loads and checks a topology, ready to render (see [`Prepared::render_each`]).
pub(crate) fn prepare_with(topology: &Path, templates: Option<&Path>, options: &Options) -> Result<Prepared, Error> {
    let mut loaded = load::load_with(topology, &options.read)?;
    if let Some(target) = options.target {
        load::retarget(&mut loaded.topology, target);
    }
    let templates = Templates::load(templates)?;
    prepare_loaded(loaded, templates, options.limits)
}

/// Refuses a topology estimated above `limits` before checking it: the checker's and the
/// planner's work grow with the output, so the estimate comes first.
fn prepare_loaded(loaded: Loaded, templates: Templates, limits: Limits) -> Result<Prepared, Error> {
    within_limits(&loaded, limits)?;
    let (federation, warnings) = check::check(&loaded)?;
    Ok(Prepared { loaded, federation, warnings, templates, limits })
}

/// The estimate of what `loaded` generates, or the `fedc::federation::too-large` finding.
pub(crate) fn within_limits(loaded: &Loaded, limits: Limits) -> Result<Estimate, Error> {
    estimate::within(loaded, limits)
        .map_err(|d| Error::Findings { source: loaded.source.clone(), diagnostics: vec![d] })
}

/// Plans and renders a validated federation a chunk at a time (`plan::plan_chunks`), handing each
/// chunk's files to `sink` and dropping its plan, so that what is held at once is a few chunks,
/// not the whole plan and output. The files come sorted within a chunk, not across chunks (fedc's
/// `.gitignore` first). `sink` gets nothing more once a file failed to render or a path repeats;
/// the outcome is then the same whatever the chunking: a path planned twice (the first such by
/// path), else the rendering's failure (see [`Rendering`]). Once every chunk is rendered, what
/// reaches the cluster is checked (`verify`): its errors fail the rendering, its warnings are
/// returned (before any acknowledgement). The files and bytes handed on are counted against
/// `limits` as they come: the estimate before checking bounds the topology as written, this bounds
/// what overlays and template overrides made of it.
///
/// Three stages overlap, so that both cores stay busy: a thread plans the next chunk while the
/// pool renders one and this thread hands the one before to `sink` (chunks reach `sink` in plan
/// order, one at a time, as without the overlap).
pub(crate) fn render_chunks(
    federation: &Federation,
    source: &SourceFile,
    templates: &Templates,
    limits: Limits,
    mut sink: impl FnMut(Vec<RenderedFile>) -> Result<(), Error>,
) -> Result<Vec<Diagnostic>, Error> {
    let mut output = Output { limits, files: 0, bytes: 0 };
    let mut sink = move |files: Vec<RenderedFile>| {
        output.count(&files)?;
        sink(files)
    };
    sink(vec![gitignore()])?;
    let mut rendering = Rendering::new(federation, source, templates, &verify::FederationReader);
    let renderer = rendering.renderer();
    let mut readback = verify::ReadBack::default();
    let mut hand_on = |mut files: Vec<RenderedFile>| {
        readback.add(&mut files);
        if files.is_empty() { Ok(()) } else { sink(files) }
    };
    // A digest of every path planned so far: paths must be unique across chunks too.
    let mut seen: BTreeSet<[u8; 16]> = BTreeSet::new();
    let mut duplicate: Option<String> = None;
    std::thread::scope(|scope| {
        // One chunk planned ahead at most: memory stays a few chunks.
        let (planned, chunks) = std::sync::mpsc::sync_channel::<Vec<PlannedFile>>(1);
        // Rendered chunks go back to the planning thread to be freed: the allocator frees a block
        // from another thread through a list its owner must walk later, which cost a tenth of
        // `check --out`'s CPU time (docs/performance.md, "eighth pass").
        let (spent, to_free) = std::sync::mpsc::channel::<Vec<PlannedFile>>();
        scope.spawn(move || {
            // The receiver is gone once the rendering stopped: planning stops too.
            plan::plan_chunks(federation, |chunk| {
                let sent = planned.send(chunk);
                to_free.try_iter().for_each(drop);
                sent.map_or(ControlFlow::Break(()), ControlFlow::Continue)
            })
        });
        let mut pending: Option<Vec<RenderedFile>> = None;
        for chunk in chunks {
            for file in &chunk {
                let fresh = seen.insert(path_digest(&file.path));
                if !fresh && duplicate.as_ref().is_none_or(|first| file.path < *first) {
                    duplicate = Some(file.path.clone());
                }
            }
            if duplicate.is_some() {
                continue;
            }
            rendering.mark_selected(&chunk);
            let mut rendered = None;
            let handed = rayon::in_place_scope(|pool| {
                pool.spawn(|_| rendered = Some(renderer.render(&chunk)));
                pending.take().map_or(Ok(()), &mut hand_on)
            });
            // The planner has stopped once planning is done: the last chunks are freed here.
            let _ = spent.send(chunk);
            handed?;
            pending = rendered.map(|chunk| rendering.merge(chunk));
        }
        pending.take().map_or(Ok(()), &mut hand_on)
    })?;
    if let Some(path) = duplicate {
        return Err(render::duplicate_path(&path));
    }
    rendering.finish()?;
    let mut found = verify::check(&readback, federation);
    // Tens of thousands of small allocations: freed on the pool while the caller goes on.
    rayon::spawn(move || drop(readback));
    if found.iter().any(Diagnostic::is_error) {
        found.retain(Diagnostic::is_error);
        return Err(Error::Findings { source: source.clone(), diagnostics: found });
    }
    Ok(found)
}

/// The files and bytes rendered so far, against the limits.
struct Output {
    limits: Limits,
    files: u64,
    bytes: u64,
}

impl Output {
    fn count(&mut self, files: &[RenderedFile]) -> Result<(), Error> {
        self.files += files.len() as u64;
        self.bytes += files.iter().map(|f| f.content.len() as u64).sum::<u64>();
        if self.files <= self.limits.max_files && self.bytes <= self.limits.max_bytes {
            return Ok(());
        }
        Err(Error::output(
            codes::emit::OUTPUT_TOO_LARGE,
            format!(
                "the rendered output passed --max-files {} or --max-bytes {} ({} files, {} bytes so far): overlays or template overrides made it larger than the topology; nothing was written",
                self.limits.max_files, self.limits.max_bytes, self.files, self.bytes
            ),
        ))
    }
}

/// 128 bits of the sha256 of a path: a set of these detects a repeated path in a fraction of the
/// memory of the paths themselves (a collision is as likely as guessing a random 128-bit key).
fn path_digest(path: &str) -> [u8; 16] {
    let digest = Sha256::digest(path.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    first
}

/// fedc's own `.gitignore` at the root of the output: the build lock `.fedc-build.lock` (held while
/// fedc runs) and the journal and staging files of an interrupted build never reach git.
pub(crate) const GITIGNORE_PATH: &str = crate::emit::ROOT_FILES[0];

fn gitignore() -> RenderedFile {
    RenderedFile {
        path: GITIGNORE_PATH.to_string(),
        cluster: None,
        object: None,
        content: "# Code generated by fedc. DO NOT EDIT.\n# fedc's working files: never commit them.\n/.fedc-*\n"
            .to_string(),
        read: None,
    }
}
