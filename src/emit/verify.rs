//! `check --out`: is the committed output exactly what `fedc build` would leave? Reads only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::entry::Entry;
use super::fsx::FileSum;
use super::lock::{FileSums, LOCK_FILE, Lock};
use super::tree::{Tree, map_files};
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Problem {
    /// The inputs or the rendering changed since the last build.
    Stale,
    /// A generated file differs from what the lock recorded.
    Edited,
    /// A file in the output tree that the lock does not list.
    Stray,
    /// A file the lock lists is gone.
    Missing,
    /// A generated path holds a link, directory or special file: no build replaces it.
    Replaced,
    /// The output is another federation's (its lock names another): only `--force` builds here.
    OtherFederation,
}

impl Problem {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Problem::Stale => "stale",
            Problem::Edited => "edited",
            Problem::Stray => "stray",
            Problem::Missing => "missing",
            Problem::Replaced => "replaced",
            Problem::OtherFederation => "foreign",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Finding {
    pub(crate) problem: Problem,
    /// Relative to the output root; `fedc.lock` for findings about the inputs.
    pub(crate) path: String,
    pub(crate) detail: String,
}

/// The committed output as `check --out` compares it: its lock, its tree and which listed files
/// differ from the lock's hashes. It does not depend on the topology, so it is read while the
/// topology renders (`cli::check_out`).
pub(crate) struct Committed {
    /// `None`: no lock file.
    old: Option<Lock>,
    tree: Tree,
    /// The files the lock lists whose content is not what it recorded.
    edited: BTreeSet<String>,
}

/// Reads the committed side of `out` (see [`Committed`]). Every listed file on disk is read
/// once, in parallel; only the paths whose hash differs from the lock's are kept.
pub(crate) fn read_committed(out: &Path) -> Result<Committed, Error> {
    let Some((out, _guard)) = super::open_reading(out)? else {
        return Err(Error::io_other(out, "not a directory"));
    };
    let Some((old, _)) = Lock::read_in(&out)? else {
        return Ok(Committed { old: None, tree: Tree::default(), edited: BTreeSet::new() });
    };
    // Every root a build writes is scanned whatever the lock lists (`Tree::scan`), so the tree
    // covers the paths of the lock a build would write too.
    let tree = Tree::scan(&out, old.files.keys().filter_map(|p| p.split('/').next()))?;
    let listed: Vec<(&str, &FileSum)> = old
        .files
        .iter()
        .map(|(p, hash)| (p.as_str(), hash))
        .filter(|(p, _)| tree.get(p) == Some(Entry::File))
        .collect();
    let paths: Vec<&str> = listed.iter().map(|(path, _)| *path).collect();
    let differs = map_files(&out, &paths, |k, bytes| FileSum::of(&bytes) != *listed[k].1)?;
    let edited = paths.into_iter().zip(differs).filter(|(_, d)| *d).map(|(p, _)| p.to_string()).collect();
    Ok(Committed { old: Some(old), tree, edited })
}

/// Compares the committed output with the lock a build would write (`Prepared::lock`). Findings
/// are sorted by problem, then path.
pub(crate) fn compare(committed: &Committed, new: &Lock) -> Vec<Finding> {
    let Some(old) = &committed.old else {
        let detail = "no lock file: the output was never built by fedc, or fedc.lock was not committed".to_string();
        return vec![Finding { problem: Problem::Missing, path: LOCK_FILE.to_string(), detail }];
    };
    let mut findings = stale_inputs(old, new);
    if let (Some(was), Some(now)) = (&old.federation, &new.federation)
        && was != now
    {
        let detail = format!("the output of federation `{was}`, not `{now}`: a build here must replace it");
        findings.push(Finding { problem: Problem::OtherFederation, path: LOCK_FILE.to_string(), detail });
    }
    findings.extend(file_findings(&old.files, &new.files, committed));
    findings.sort();
    findings
}

fn stale_inputs(old: &Lock, new: &Lock) -> Vec<Finding> {
    let mut reasons = Vec::new();
    if old.fedc_version != new.fedc_version {
        reasons.push(format!("built by fedc {}, this is fedc {}", old.fedc_version, new.fedc_version));
    }
    if let (None, Some(_)) = (&old.federation, &new.federation) {
        reasons.push("written by an older fedc (lock format 1, no federation recorded)".into());
    }
    if old.topology.file != new.topology.file {
        reasons.push(format!("built from {}, not {}", old.topology.file, new.topology.file));
    } else if old.topology.sha256 != new.topology.sha256 {
        reasons.push(format!("topology {} changed since the last build", new.topology.file));
    }
    reasons.extend(changed_inputs("template", &old.templates, &new.templates));
    reasons.extend(changed_inputs("attachment", &old.attachments, &new.attachments));
    reasons.into_iter().map(|detail| Finding { problem: Problem::Stale, path: LOCK_FILE.to_string(), detail }).collect()
}

fn changed_inputs(what: &str, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<String> {
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| match (old.get(name), new.get(name)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(_), Some(_)) => Some(format!("{what} {name} changed since the last build")),
            (None, _) => Some(format!("{what} {name} is new since the last build")),
            (_, None) => Some(format!("{what} {name} is no longer used")),
        })
        .collect()
}

fn file_findings(old: &FileSums, new: &FileSums, committed: &Committed) -> Vec<Finding> {
    let (tree, edited) = (&committed.tree, &committed.edited);
    // Every path of either lock or on disk, in order: the three are sorted, so they are merged
    // (a set of all paths with a lookup per path and side was a serial tenth of `check --out`).
    let mut olds = old.iter().peekable();
    let mut news = new.iter().peekable();
    let mut files = tree.files().peekable();
    let mut entries = tree.entries.iter().peekable();
    let mut findings = Vec::new();
    loop {
        let heads = [
            olds.peek().map(|&(p, _)| p.as_str()),
            news.peek().map(|&(p, _)| p.as_str()),
            files.peek().map(|&(p, _)| p),
        ];
        let Some(path) = heads.into_iter().flatten().min() else { break };
        let was = olds.next_if(|&(p, _)| p == path).map(|(_, hash)| hash);
        let now = news.next_if(|&(p, _)| p == path).map(|(_, hash)| hash);
        files.next_if(|&(p, _)| p == path);
        while entries.next_if(|&(p, _)| p.as_str() < path).is_some() {}
        let entry = entries.next_if(|&(p, _)| p == path).map(|(_, entry)| *entry);
        let mut found = |problem, detail: &str| {
            findings.push(Finding { problem, path: path.to_string(), detail: detail.to_string() });
        };
        match (was, entry) {
            (Some(_), None) => found(Problem::Missing, "listed in fedc.lock, not on disk"),
            (Some(_), Some(Entry::File)) => {
                if edited.contains(path) {
                    found(Problem::Edited, "hand-edited: its sha256 differs from fedc.lock");
                }
            }
            (Some(_), Some(entry)) => found(Problem::Replaced, &format!("is now {}", entry.describe())),
            (None, Some(_)) => found(Problem::Stray, "not generated by fedc (not in fedc.lock)"),
            (None, None) => {}
        }
        match (was, now) {
            (Some(a), Some(b)) if a != b => found(Problem::Stale, "a rebuild would change it"),
            (Some(_), None) => found(Problem::Stale, "a rebuild would remove it"),
            (None, Some(_)) => found(Problem::Stale, "a rebuild would add it"),
            _ => {}
        }
    }
    findings
}
