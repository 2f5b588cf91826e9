//! Decides what a build changes on disk: which files to write, which to prune, which directories
//! to create, and which foreign files to leave alone. Pure decisions; nothing is written here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::fsx::{sha256_hex, under};
use super::lock::is_output_path;
use super::tree::{Entry, Tree, ancestors};
use crate::error::Error;
use crate::render::RenderedFile;

/// A file to (re)write. `replaces` when something is at its path already.
#[derive(Debug)]
pub struct Write<'a> {
    pub path: &'a str,
    pub content: &'a str,
    pub replaces: bool,
}

#[derive(Debug, Default)]
pub struct Changes<'a> {
    pub writes: Vec<Write<'a>>,
    /// Owned files no longer generated.
    pub deletes: Vec<String>,
    /// Directories to create, parents first.
    pub new_dirs: Vec<String>,
    pub unchanged: usize,
    /// Foreign files left alone, hand edits overwritten or removed.
    pub warnings: Vec<String>,
}

impl Changes<'_> {
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.deletes.is_empty()
    }
}

/// `owned`: the previous lock's files (path → sha256); `force`: foreign files at generated paths
/// may be replaced.
pub fn plan<'a>(
    out: &Path,
    files: &'a [RenderedFile],
    owned: &BTreeMap<String, String>,
    tree: &Tree,
    force: bool,
) -> Result<Changes<'a>, Error> {
    let mut changes = Changes::default();
    let decisions: Vec<Decided> = files.par_iter().map(|file| decide(out, file, owned, tree)).collect();
    let mut collisions = Vec::new();
    for (file, decision) in files.iter().zip(decisions) {
        match decision? {
            Decision::Unchanged => changes.unchanged += 1,
            Decision::Create => {
                changes.writes.push(Write { path: &file.path, content: &file.content, replaces: false })
            }
            Decision::Replace { hand_edited } => {
                if hand_edited {
                    changes.warnings.push(format!("{}: hand edit overwritten (it differed from fedc.lock)", file.path));
                }
                changes.writes.push(Write { path: &file.path, content: &file.content, replaces: true });
            }
            Decision::Foreign if force => {
                changes.warnings.push(format!("{}: replaced a file fedc did not own (--force)", file.path));
                changes.writes.push(Write { path: &file.path, content: &file.content, replaces: true });
            }
            Decision::Foreign => collisions.push(file.path.as_str()),
        }
    }
    if !collisions.is_empty() {
        return Err(Error::output(
            "fedc::emit::foreign-file",
            format!(
                "{} generated file(s) would overwrite files fedc does not own (not in fedc.lock):\n  {}\nmove them away, or pass --force to replace them",
                collisions.len(),
                collisions.join("\n  ")
            ),
        ));
    }
    let generated: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    plan_deletes(out, owned, &generated, tree, &mut changes)?;
    changes.new_dirs = new_dirs(&changes.writes, tree);
    changes.warnings.extend(tree.files().filter(|(p, _)| !owned.contains_key(*p) && !generated.contains(p)).map(
        |(path, entry)| format!("{path}: {} fedc did not generate (not in fedc.lock); left alone", entry.describe()),
    ));
    Ok(changes)
}

#[derive(Debug)]
enum Decision {
    Unchanged,
    Create,
    Replace { hand_edited: bool },
    Foreign,
}

type Decided = Result<Decision, Error>;

fn decide(out: &Path, file: &RenderedFile, owned: &BTreeMap<String, String>, tree: &Tree) -> Decided {
    if !is_output_path(&file.path) {
        return Err(Error::output(
            "fedc::emit::unsafe-path",
            format!("refusing to write {}: not a plain relative path", file.path),
        ));
    }
    tree.check_parents(&file.path)?;
    match tree.get(&file.path) {
        None => Ok(Decision::Create),
        Some(Entry::File) => {
            let path = under(out, &file.path);
            let existing = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            match owned.get(&file.path) {
                _ if existing == file.content.as_bytes() => Ok(Decision::Unchanged),
                Some(hash) => Ok(Decision::Replace { hand_edited: *hash != sha256_hex(&existing) }),
                None => Ok(Decision::Foreign),
            }
        }
        Some(entry) => Err(Error::output(
            "fedc::emit::not-a-file",
            format!("{} is {}; fedc only replaces regular files it generated", file.path, entry.describe()),
        )),
    }
}

fn plan_deletes(
    out: &Path,
    owned: &BTreeMap<String, String>,
    generated: &BTreeSet<&str>,
    tree: &Tree,
    changes: &mut Changes,
) -> Result<(), Error> {
    for (path, hash) in owned.iter().filter(|(p, _)| !generated.contains(p.as_str())) {
        tree.check_parents(path)?;
        match tree.get(path) {
            None => {}
            Some(Entry::File) => {
                let file = under(out, path);
                let existing = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
                if sha256_hex(&existing) != *hash {
                    changes.warnings.push(format!("{path}: removed although hand-edited (no longer generated)"));
                }
                changes.deletes.push(path.clone());
            }
            Some(entry) => {
                return Err(Error::output(
                    "fedc::emit::not-a-file",
                    format!(
                        "{path} is no longer generated but is now {}; fedc only removes regular files it generated",
                        entry.describe()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Missing parent directories of the files to write, parents first (a parent sorts before its
/// children).
fn new_dirs(writes: &[Write], tree: &Tree) -> Vec<String> {
    let missing: BTreeSet<&str> =
        writes.iter().flat_map(|w| ancestors(w.path)).filter(|dir| tree.get(dir).is_none()).collect();
    missing.into_iter().map(str::to_string).collect()
}
