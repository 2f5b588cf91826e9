//! The base side of `fedc diff --base OLD.toml` / `--base-rev REV`: the old topology, checked,
//! compared in words with the new one. A base with errors gives no summary, but says why: how
//! many errors, and each of them.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::diff::semantic::{self, render::Extras, render::Finding};
use crate::error::Error;
use crate::load::Loaded;
use crate::model::Federation;

/// `--base-rev REV`: the topology at `rev` (from the repository of `topology`'s directory).
pub(crate) fn at_revision(topology: &Path, rev: &str, new: &Federation) -> Result<Extras, Error> {
    match crate::load::at_revision(topology, rev) {
        Ok(None) => {
            let note = format!(
                "the topology {} does not exist at revision {rev}: no summary of the federation's changes",
                topology.display()
            );
            Ok(Extras { note: Some(note), ..Extras::default() })
        }
        Ok(Some(loaded)) => summarize(Ok(loaded), new, true),
        Err(error) => summarize(Err(error), new, true),
    }
}

/// The summary from the loaded base, or the note and findings of a base with errors.
/// `from_git`: whether the base was read from a revision (otherwise a hint names `--base-rev`
/// when the base's attachments could not be read).
pub(crate) fn summarize(loaded: Result<Loaded, Error>, new: &Federation, from_git: bool) -> Result<Extras, Error> {
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(Error::Findings { source, diagnostics }) => return Ok(base_has_errors(&source, &diagnostics, from_git)),
        Err(other) => return Err(other),
    };
    let (old, findings) = crate::check::findings(&loaded);
    if findings.iter().any(Diagnostic::is_error) {
        let errors: Vec<Diagnostic> = findings.into_iter().filter(Diagnostic::is_error).collect();
        return Ok(base_has_errors(&loaded.source, &errors, from_git));
    }
    Ok(Extras { summary: Some(semantic::summarize(&old, new)), ..Extras::default() })
}

fn base_has_errors(source: &crate::source::SourceFile, errors: &[Diagnostic], from_git: bool) -> Extras {
    let count = errors.len();
    let mut note = format!(
        "the base topology {} has {count} error{}: no summary of the federation's changes",
        source.name,
        if count == 1 { "" } else { "s" }
    );
    // The `file` area's codes: an attachment that could not be read.
    let unreadable_file = errors.iter().any(|d| d.code.split("::").nth(1) == Some("file"));
    if unreadable_file && !from_git {
        note.push_str(
            " (its certificate and patch paths are read relative to it: a copy elsewhere loses them; \
             `--base-rev REV` reads the topology and its files from git)",
        );
    }
    let base_findings = errors.iter().map(|d| Finding::of(source, d)).collect();
    Extras { note: Some(note), base_findings, ..Extras::default() }
}
