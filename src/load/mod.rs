//! Stage 1: read the topology file and the files it names (root certificates, overlay patches),
//! and parse it into the spanned [`Topology`]. Syntax and shape errors become diagnostics.

mod topology;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use topology::*;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::source::SourceFile;

/// Contents of the files the topology refers to, keyed by the path as written in the topology.
/// A file that could not be read maps to the reason, reported by `check` at the reference.
pub type Attachments = BTreeMap<String, Result<String, String>>;

#[derive(Debug)]
pub struct Loaded {
    pub source: SourceFile,
    pub topology: Topology,
    pub attachments: Attachments,
}

/// Reads and parses a topology file.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| Error::io(path, error))?;
    let source = SourceFile::new(path.display().to_string(), text);
    let topology = parse(&source)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let attachments = read_attachments(&topology, &base);
    Ok(Loaded { source, topology, attachments })
}

/// Parses topology text; a syntax or shape error is a diagnostic pointing at the offending spot.
pub fn parse(source: &SourceFile) -> Result<Topology, Error> {
    toml::from_str(&source.text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim_end().to_string();
        let diagnostic = Diagnostic::error("fedc::load::invalid-toml", message)
            .label(span, "here")
            .help("see docs/topology.md for the topology format");
        Error::Findings { source: source.clone(), diagnostics: vec![diagnostic] }
    })
}

fn read_attachments(topology: &Topology, base: &Path) -> Attachments {
    attachment_paths(topology)
        .map(|written| {
            let path: PathBuf = base.join(&written);
            let content = std::fs::read_to_string(&path).map_err(|e| e.to_string());
            (written, content)
        })
        .collect()
}

/// Every file path the topology names, as written.
pub fn attachment_paths(topology: &Topology) -> impl Iterator<Item = String> + '_ {
    let certs = topology.meshes.iter().filter_map(|m| m.get_ref().root_cert.as_ref());
    let patches = topology.overlays.iter().flat_map(|o| {
        let o = o.get_ref();
        [o.patch_file.as_ref(), o.merge_file.as_ref()].into_iter().flatten()
    });
    certs.chain(patches).map(|p| p.get_ref().clone())
}
