//! Decides what a build changes on disk: which files to write, which to prune, which directories
//! to create, and which foreign files to leave alone. Nothing is written here. fedc overwrites or
//! prunes a file only when its content is what the lock says fedc last wrote there (or `--force`).

use std::collections::BTreeSet;

use super::entry::Entry;
use super::fsx::FileSum;
use super::lock::{FileSums, is_output_path};
use super::safe_dir::SafeDir;
use super::tree::{Tree, ancestors, map_files};
use crate::diagnostic::codes;
use crate::error::Error;
use crate::render::RenderedFile;

/// A file to (re)write, staged as `new/<its index in Changes::writes>`. `replaces` when something
/// is at its path already.
#[derive(Debug)]
pub(crate) struct Write {
    pub(crate) path: String,
    pub(crate) sha256: String,
    pub(crate) replaces: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// In the order the files were rendered (not by path).
    pub(crate) writes: Vec<Write>,
    /// Owned files no longer generated.
    pub(crate) deletes: Vec<String>,
    /// Directories to create, parents first.
    pub(crate) new_dirs: Vec<String>,
    pub(crate) unchanged: usize,
    /// Foreign files left alone, files replaced or removed under --force.
    pub(crate) warnings: Vec<String>,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.deletes.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Unchanged,
    Create,
    /// Owned, and its content is what the lock says (`hand_edited: false`) or not.
    Replace {
        hand_edited: bool,
    },
    Foreign,
}

/// Decides, a chunk of rendered files at a time ([`Planner::add`]), then for the files no longer
/// generated ([`Planner::finish`]). Its messages list paths sorted, whatever the chunks' order.
pub(crate) struct Planner<'a> {
    out: &'a SafeDir,
    /// The previous lock's files (path → sha256).
    owned: &'a FileSums,
    tree: &'a Tree,
    /// Foreign files at generated paths and hand-edited owned files may be replaced or pruned.
    force: bool,
    changes: Changes,
    /// By path: warnings of --force, generated files that would overwrite foreign or hand-edited ones.
    forced: Vec<(String, String)>,
    collisions: Vec<String>,
    edited: Vec<(String, String)>,
}

impl<'a> Planner<'a> {
    pub(crate) fn new(out: &'a SafeDir, owned: &'a FileSums, tree: &'a Tree, force: bool) -> Self {
        let (forced, collisions, edited) = (Vec::new(), Vec::new(), Vec::new());
        Planner { out, owned, tree, force, changes: Changes::default(), forced, collisions, edited }
    }

    /// Decides each of `files` (`hashes`: their sha256 by path); returns the files to stage, each
    /// with its index in the writes (its staging name).
    pub(crate) fn add<'f>(
        &mut self,
        files: &'f [RenderedFile],
        hashes: &FileSums,
    ) -> Result<Vec<(usize, &'f RenderedFile)>, Error> {
        let mut staged = Vec::new();
        for (file, decision) in files.iter().zip(decide_all(self.out, files, self.owned, self.tree)?) {
            let path = || file.path.clone();
            let replaces = match decision {
                Decision::Unchanged => {
                    self.changes.unchanged += 1;
                    continue;
                }
                Decision::Create => false,
                Decision::Replace { hand_edited: false } => true,
                Decision::Replace { hand_edited: true } if self.force => {
                    self.forced.push((path(), format!("{}: hand edit overwritten (--force)", file.path)));
                    true
                }
                Decision::Foreign if self.force => {
                    let warning = format!("{}: replaced a file fedc did not own (--force)", file.path);
                    self.forced.push((path(), warning));
                    true
                }
                Decision::Replace { hand_edited: true } => {
                    self.edited.push((path(), format!("{} (would be overwritten)", file.path)));
                    continue;
                }
                Decision::Foreign => {
                    self.collisions.push(path());
                    continue;
                }
            };
            let sha256 =
                hashes.get(&file.path).copied().unwrap_or_else(|| FileSum::of(file.content.as_bytes())).to_string();
            staged.push((self.changes.writes.len(), file));
            self.changes.writes.push(Write { path: path(), sha256, replaces });
        }
        Ok(staged)
    }

    /// Every change, once every file was added: `generated` lists them all (path → sha256).
    pub(crate) fn finish(mut self, generated: &FileSums) -> Result<Changes, Error> {
        if !self.collisions.is_empty() {
            self.collisions.sort();
            return Err(Error::output(
                codes::emit::FOREIGN_FILE,
                format!(
                    "{} generated file(s) would overwrite files fedc does not own (not in fedc.lock): {}; move them away, or pass --force to replace them",
                    self.collisions.len(),
                    self.collisions.join(", ")
                ),
            ));
        }
        self.edited.sort();
        let mut edited: Vec<String> = self.edited.into_iter().map(|(_, line)| line).collect();
        self.forced.sort();
        let mut changes = self.changes;
        changes.warnings.extend(self.forced.into_iter().map(|(_, warning)| warning));
        plan_deletes(self.out, self.owned, generated, self.tree, self.force, &mut changes, &mut edited)?;
        if !edited.is_empty() {
            return Err(hand_edited(&edited));
        }
        changes.new_dirs = new_dirs(&changes.writes, self.tree);
        let foreign = self.tree.files().filter(|(p, _)| !self.owned.contains_key(*p) && !generated.contains_key(*p));
        changes.warnings.extend(foreign.map(|(path, entry)| {
            format!("{path}: {} fedc did not generate (not in fedc.lock); left alone", entry.describe())
        }));
        Ok(changes)
    }
}

/// One decision per generated file; the files already on disk are read once each, in parallel.
fn decide_all(out: &SafeDir, files: &[RenderedFile], owned: &FileSums, tree: &Tree) -> Result<Vec<Decision>, Error> {
    let mut decisions = Vec::with_capacity(files.len());
    let mut on_disk = Vec::new();
    // The files come sorted: most share the parent directory the one before had checked.
    let mut parent_checked: Option<&str> = None;
    for (i, file) in files.iter().enumerate() {
        if !is_output_path(&file.path) {
            return Err(Error::output(
                codes::emit::UNSAFE_PATH,
                format!(
                    "refusing to write {}: not a path fedc generates (a `.yaml` file under {}, a partner's hand-off, or a cluster's runbook)",
                    file.path,
                    crate::emit::OUTPUT_ROOTS.map(|root| format!("{root}/")).join(", ")
                ),
            ));
        }
        let parent = file.path.rsplit_once('/').map(|(parent, _)| parent);
        if parent.is_none() || parent != parent_checked {
            tree.check_parents(&file.path)?;
            parent_checked = parent;
        }
        match tree.get(&file.path) {
            None => decisions.push(Decision::Create),
            Some(Entry::File) => {
                on_disk.push(i);
                decisions.push(Decision::Unchanged); // decided below, from the content
            }
            Some(entry) => return Err(not_a_file(&file.path, entry, "fedc only replaces regular files it generated")),
        }
    }
    let paths: Vec<&str> = on_disk.iter().map(|&i| files[i].path.as_str()).collect();
    let decided = map_files(out, &paths, |k, existing| {
        let file = &files[on_disk[k]];
        match owned.get(&file.path) {
            _ if existing == file.content.as_bytes() => Decision::Unchanged,
            Some(hash) => Decision::Replace { hand_edited: *hash != FileSum::of(&existing) },
            None => Decision::Foreign,
        }
    })?;
    for (i, decision) in on_disk.into_iter().zip(decided) {
        decisions[i] = decision;
    }
    Ok(decisions)
}

fn plan_deletes(
    out: &SafeDir,
    owned: &FileSums,
    generated: &FileSums,
    tree: &Tree,
    force: bool,
    changes: &mut Changes,
    edited: &mut Vec<String>,
) -> Result<(), Error> {
    let mut stale = Vec::new();
    for (path, hash) in owned.iter().filter(|(p, _)| !generated.contains_key(p.as_str())) {
        tree.check_parents(path)?;
        match tree.get(path) {
            None => {}
            Some(Entry::File) => stale.push((path.as_str(), hash)),
            Some(entry) => return Err(not_a_file(path, entry, "fedc only removes regular files it generated")),
        }
    }
    let paths: Vec<&str> = stale.iter().map(|(path, _)| *path).collect();
    let intact = map_files(out, &paths, |k, existing| FileSum::of(&existing) == *stale[k].1)?;
    for ((path, _), intact) in stale.into_iter().zip(intact) {
        if !intact && !force {
            edited.push(format!("{path} (would be removed: no longer generated)"));
            continue;
        }
        if !intact {
            changes.warnings.push(format!("{path}: removed although hand-edited (--force)"));
        }
        changes.deletes.push(path.to_string());
    }
    Ok(())
}

fn hand_edited(edited: &[String]) -> Error {
    Error::output(
        codes::emit::HAND_EDITED,
        format!(
            "{} file(s) fedc generated were changed since (their sha256 differs from fedc.lock), so fedc will not overwrite or remove them: {}; to discard the hand edits, build again with --force (it overwrites or removes them); to keep a change, make it in the topology (an [[overlays]] patch)",
            edited.len(),
            edited.join(", ")
        ),
    )
}

fn not_a_file(path: &str, entry: Entry, rule: &str) -> Error {
    Error::output(codes::emit::NOT_A_FILE, format!("{path} is {}; {rule}", entry.describe()))
}

/// Missing parent directories of the files to write, parents first (a parent sorts before its
/// children).
fn new_dirs(writes: &[Write], tree: &Tree) -> Vec<String> {
    let missing: BTreeSet<&str> =
        writes.iter().flat_map(|w| ancestors(&w.path)).filter(|dir| tree.get(dir).is_none()).collect();
    missing.into_iter().map(str::to_string).collect()
}
