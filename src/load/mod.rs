//! Stage 1: read the topology file and the files it names (root certificates, overlay patches),
//! and parse it into the spanned [`Topology`]. Syntax and shape errors become diagnostics; a file
//! the topology names that may not or cannot be read is kept as a [`FileProblem`], reported by
//! `check` at the reference. Everything read here may come from an untrusted pull request: see
//! `open` (how files are opened) and `roots` (where attachments may come from).

mod git;
mod open;

mod retarget;
mod roots;
mod schema;
mod slips;
mod templates;
mod topology;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) use crate::model::{FileProblem, size};
pub(crate) use git::at_revision;
pub(crate) use retarget::retarget;
pub(crate) use roots::ATTACHMENT_LIMIT;
pub(crate) use schema::{schema, schema_text};
pub(crate) use templates::template_overrides;
pub(crate) use topology::*;

use crate::diagnostic::codes;
use crate::error::Error;
use crate::source::SourceFile;

/// Contents of the files the topology refers to, keyed by the path as written in the topology.
pub(crate) type Attachments = BTreeMap<String, Result<String, FileProblem>>;

/// The most a topology file may hold by default (`--max-topology-bytes` raises it).
pub(crate) const TOPOLOGY_LIMIT: u64 = 8 * 1024 * 1024;

#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) source: SourceFile,
    pub(crate) topology: Topology,
    pub(crate) attachments: Attachments,
}

/// What may be read: where, besides the topology's directory tree, attachments may come from, and
/// how large the topology file may be.
#[derive(Debug, Clone)]
pub(crate) struct ReadPolicy {
    /// Directories named with `--allow-read`.
    pub(crate) allow_read: Vec<PathBuf>,
    /// The most the topology file may hold (`--max-topology-bytes`; [`TOPOLOGY_LIMIT`] by default).
    pub(crate) max_topology_bytes: u64,
}

impl Default for ReadPolicy {
    fn default() -> Self {
        ReadPolicy { allow_read: Vec::new(), max_topology_bytes: TOPOLOGY_LIMIT }
    }
}

/// Reads and parses a topology file; attachments only from its directory tree.
#[cfg(test)]
pub(crate) fn load(path: &Path) -> Result<Loaded, Error> {
    load_with(path, &ReadPolicy::default())
}

/// Reads and parses a topology file; attachments from its directory tree and `policy`'s.
pub(crate) fn load_with(path: &Path, policy: &ReadPolicy) -> Result<Loaded, Error> {
    let (dir, dir_fd, text) = read_topology(path, policy.max_topology_bytes)?;
    let roots = roots::Roots::new(dir, dir_fd, &policy.allow_read)?;
    let source = SourceFile::new(path.display().to_string(), text);
    assemble(source, |written| roots.read(written))
}

/// The topology parsed, with each attachment it names as `read` gives it.
fn assemble(source: SourceFile, read: impl Fn(&str) -> Result<String, FileProblem>) -> Result<Loaded, Error> {
    let topology = parse(&source)?;
    let attachments = attachment_paths(&topology).map(|written| (written.clone(), read(&written))).collect();
    Ok(Loaded { source, topology, attachments })
}

/// Parses topology text; syntax and shape errors are diagnostics pointing at the offending
/// spots, all of them in one run (`validate`), with serde's own error when they miss it.
pub(crate) fn parse(source: &SourceFile) -> Result<Topology, Error> {
    toml::from_str(&source.text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let first = slips::diagnostic(source, span.clone(), error.message().trim_end());
        let mut diagnostics = if first.code == codes::load::NOT_TOML {
            Vec::new()
        } else {
            validate::all_errors(source, (error.message().trim_end(), span.clone()))
        };
        let overlaps = |d: &crate::diagnostic::Diagnostic| {
            d.labels
                .iter()
                .any(|l| l.span.start < span.end.max(span.start + 1) && span.start < l.span.end.max(l.span.start + 1))
        };
        if !diagnostics.iter().any(overlaps) {
            diagnostics.push(first);
        }
        crate::diagnostic::sort(&mut diagnostics);
        Error::Findings { source: source.clone(), diagnostics }
    })
}

/// The topology's directory (as named, then open) and its text. The directories on the way are
/// the user's to name, so links among them are followed; the file itself must be a regular file,
/// not a link: a pull request could otherwise point it at any file of the CI machine, whose text
/// a parse error would quote into the job's log.
fn read_topology(path: &Path, limit: u64) -> Result<(&Path, std::os::fd::OwnedFd, String), Error> {
    let not_a_file = || Error::io_other(path, "not the path of a file (or its name is not UTF-8)");
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(not_a_file)?;
    let dir = path.parent().ok_or_else(not_a_file)?;
    let flags = rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::CLOEXEC;
    let opened = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let dir_fd = rustix::fs::open(opened, flags, rustix::fs::Mode::empty()).map_err(|e| Error::io(path, e))?;
    let text = open::open_regular(std::os::fd::AsFd::as_fd(&dir_fd), name, name)
        .and_then(|file| open::read_text(file, limit))
        .map_err(|problem| topology_error(path, problem))?;
    Ok((dir, dir_fd, text))
}

fn topology_error(path: &Path, problem: FileProblem) -> Error {
    let shown = path.display();
    match problem {
        FileProblem::Symlink { .. } => Error::output(
            codes::io::SYMLINK,
            format!(
                "{shown}: the topology is a symbolic link; fedc reads it only from a regular file: name the file it points to"
            ),
        ),
        FileProblem::NotRegular { kind } => {
            Error::output(codes::io::NOT_REGULAR, format!("{shown}: the topology is a {kind}, not a regular file"))
        }
        FileProblem::TooLarge { limit } => Error::output(
            codes::io::TOO_LARGE,
            format!(
                "{shown}: the topology is larger than {}, the most fedc reads (raise it with --max-topology-bytes)",
                size(limit)
            ),
        ),
        FileProblem::Unreadable(reason) | FileProblem::OutsideRepository { root: reason, .. } => {
            Error::io_other(path, reason)
        }
    }
}

/// Every file path the topology names, as written.
pub(crate) fn attachment_paths(topology: &Topology) -> impl Iterator<Item = String> + '_ {
    let certs = topology.meshes.iter().filter_map(|m| m.get_ref().root_cert.as_ref());
    let patches = topology.overlays.iter().flat_map(|o| {
        let o = o.get_ref();
        [o.patch_file.as_ref(), o.merge_file.as_ref()].into_iter().flatten()
    });
    certs.chain(patches).map(|p| p.get_ref().clone())
}
