//! `fedc status` reports: text for a terminal (`text`), markdown for an incident ticket
//! (`markdown`), JSON for tools and GitHub workflow commands for CI (`machine`). Element findings
//! are `Diagnostic`s like any other; what came from a cluster or a file is printed through
//! `inert`, and escaped for markdown and workflow commands.

mod machine;
mod markdown;
mod text;

pub(crate) use machine::{github, json};
pub(crate) use markdown::markdown;
pub(crate) use text::text;

use crate::diagnostic::{Diagnostic, Severity};
use crate::inert::text as inert;
use crate::source::SourceFile;
use crate::status::{Entry, Group, Status};

/// `file:line:column` of a finding's place in the topology.
pub(super) fn place(source: &SourceFile, offset: usize) -> (usize, usize) {
    source.line_col(offset)
}

pub(super) fn heading(status: &Status) -> String {
    format!(
        "federation `{}`, read from {}, at {} (a full sync is stale after {})",
        inert(&status.federation),
        inert(&status.source),
        status.now,
        crate::status::clock::span(status.stale_after_seconds)
    )
}

pub(super) fn summary_line(status: &Status) -> String {
    let s = status.summary();
    let mut line = format!(
        "{} up, {} degraded, {} down, {} unknown, {} not checked",
        s.up, s.degraded, s.down, s.unknown, s.not_checked
    );
    if !status.notes.is_empty() {
        line.push_str(&format!("; {} note{}", status.notes.len(), if status.notes.len() == 1 { "" } else { "s" }));
    }
    if !status.problems.is_empty() {
        line.push_str(&format!(
            "; {} cluster{} not read",
            status.problems.len(),
            if status.problems.len() == 1 { "" } else { "s" }
        ));
    }
    line
}

pub(super) fn groups(status: &Status) -> Vec<(Group, Vec<&Entry>)> {
    let mut groups: Vec<(Group, Vec<&Entry>)> = Vec::new();
    for entry in &status.entries {
        match groups.last_mut() {
            Some((group, entries)) if *group == entry.group => entries.push(entry),
            _ => groups.push((entry.group, vec![entry])),
        }
    }
    groups
}

pub(super) fn level(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

pub(super) fn cluster_of(problem: &crate::status::Problem) -> String {
    match problem.cluster.as_str() {
        "" => "--from".to_string(),
        cluster => format!("cluster `{}`", inert(cluster)),
    }
}
