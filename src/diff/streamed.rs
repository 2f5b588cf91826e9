//! A fresh render compared with the committed output while it renders, so that `fedc diff` holds
//! what changes, not the whole output twice: a rendered file whose path and bytes are those of
//! the committed file at that path is unchanged, and let go at once; the others are kept, and the
//! committed files no rendered file matched are read again afterwards (`read::output_dir_rest`).
//! `model::compare` then pairs what is left by object, as for two directories.
//!
//! Pairing a file with the committed file at its own path first is what `compare` does for any
//! object held once per side; when a hand-edited output holds one object in two files, a file
//! unchanged at its path stays unchanged here, where `compare` alone could pair its object with the
//! other file.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::model::Files;
use crate::emit::{FileSum, FileSums};
use crate::render::RenderedFile;

pub(crate) struct Streamed {
    /// The committed files by path: their sha256 (`read::Digests`).
    committed: FileSums,
    /// The rendered files that are not the committed file at their path.
    pub(crate) changed: Files,
    /// The paths whose rendered and committed files are the same bytes.
    pub(crate) unchanged: BTreeSet<String>,
}

impl Streamed {
    pub(crate) fn new(committed: FileSums) -> Self {
        Streamed { committed, changed: Files::new(), unchanged: BTreeSet::new() }
    }

    /// Takes a rendered chunk: keeps the files that differ from the committed ones.
    pub(crate) fn take(&mut self, files: Vec<RenderedFile>) {
        for file in files {
            if self.committed.get(&file.path) == Some(&FileSum::of(file.content.as_bytes())) {
                self.unchanged.insert(file.path);
            } else {
                self.changed.insert(file.path, Arc::from(file.content));
            }
        }
    }

    /// The committed files no rendered file matched: what `read::output_dir_rest` reads again.
    pub(crate) fn unmatched(&self) -> Vec<String> {
        self.committed.keys().filter(|path| !self.unchanged.contains(*path)).cloned().collect()
    }
}
