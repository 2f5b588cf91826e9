//! `fedc status` reports: text for a terminal, markdown for an incident ticket, JSON for tools,
//! GitHub workflow commands for CI. Element findings are `Diagnostic`s like any other; what came
//! from a cluster or a file is printed through `inert`, and escaped for markdown and workflow
//! commands.

use super::inert::text as inert;
use super::{escape_data, escape_property};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::status::{Entry, Group, State, Status};

/// `file:line:column` of a finding's place in the topology.
fn place(source: &SourceFile, offset: usize) -> (usize, usize) {
    source.line_col(offset)
}

fn tag(state: State, color: bool) -> String {
    let (code, name) = match state {
        State::Up => ("32", "up"),
        State::Degraded => ("33", "DEGRADED"),
        State::Down => ("31", "DOWN"),
        State::Unknown => ("35", "UNKNOWN"),
        State::NotChecked => ("2", "not checked"),
    };
    let padded = format!("{:<13}", format!("[{name}]"));
    if color { format!("\u{1b}[{code}m{padded}\u{1b}[0m") } else { padded }
}

fn heading(status: &Status) -> String {
    format!(
        "federation `{}`, read from {}, at {} (a full sync is stale after {})",
        inert(&status.federation),
        inert(&status.source),
        status.now,
        crate::status::clock::span(status.stale_after_seconds)
    )
}

fn summary_line(status: &Status) -> String {
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

fn groups(status: &Status) -> Vec<(Group, Vec<&Entry>)> {
    let mut groups: Vec<(Group, Vec<&Entry>)> = Vec::new();
    for entry in &status.entries {
        match groups.last_mut() {
            Some((group, entries)) if *group == entry.group => entries.push(entry),
            _ => groups.push((entry.group, vec![entry])),
        }
    }
    groups
}

/// Text: per group, one line per element with its state and topology line, what was read
/// indented below it, and for findings the code, message and help.
pub(crate) fn text(source: &SourceFile, status: &Status, color: bool) -> String {
    let file = inert(&source.name);
    let mut out = format!("fedc status: {}\n", heading(status));
    for (group, entries) in groups(status) {
        out.push_str(&format!("\n{}s\n", group.name()));
        for entry in entries {
            let (line, column) = place(source, entry.span.start);
            out.push_str(&format!("  {} {}  ({file}:{line}:{column})\n", tag(entry.state, color), inert(&entry.title)));
            for fact in &entry.observed {
                out.push_str(&format!("{:16}{}\n", "", inert(fact).replace('\n', " ")));
            }
            if let Some(finding) = &entry.finding {
                out.push_str(&format!("{:16}{}[{}]: {}\n", "", level(finding), finding.code, inert(&finding.message)));
                for label in finding.labels.iter().skip(1) {
                    let (line, column) = place(source, label.span.start);
                    out.push_str(&format!("{:16}see {file}:{line}:{column}: {}\n", "", inert(&label.text)));
                }
                if let Some(help) = &finding.help {
                    out.push_str(&format!("{:16}help: {}\n", "", inert(help)));
                }
            }
        }
    }
    if !status.notes.is_empty() {
        out.push_str("\nnotes\n");
        for note in &status.notes {
            out.push_str(&format!("  {}[{}]: {}\n", level(note), note.code, inert(&note.message)));
            if let Some(label) = note.labels.first() {
                let (line, column) = place(source, label.span.start);
                out.push_str(&format!("    at {file}:{line}:{column}: {}\n", inert(&label.text)));
            }
            if let Some(help) = &note.help {
                out.push_str(&format!("    help: {}\n", inert(help)));
            }
        }
    }
    if !status.problems.is_empty() {
        out.push_str("\ncould not read\n");
        for problem in &status.problems {
            out.push_str(&format!("  error[{}]: {}: {}\n", problem.code, cluster_of(problem), inert(&problem.message)));
        }
    }
    if !status.not_checked.is_empty() {
        out.push_str("\nnot checked (needs a live data plane)\n");
        for what in &status.not_checked {
            out.push_str(&format!("  - {what}\n"));
        }
    }
    out.push_str(&format!("\n{file}: {}\n", summary_line(status)));
    out
}

fn level(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn cluster_of(problem: &crate::status::Problem) -> String {
    match problem.cluster.as_str() {
        "" => "--from".to_string(),
        cluster => format!("cluster `{}`", inert(cluster)),
    }
}

/// Markdown for an incident ticket: a table of every element, then what to look at next.
pub(crate) fn markdown(source: &SourceFile, status: &Status) -> String {
    let file = inert(&source.name);
    let s = status.summary();
    let mut out = format!("## fedc status: `{}`\n\n{}.\n\n", cell(&status.federation), cell(&heading(status)));
    out.push_str(&format!(
        "**{} down**, {} degraded, {} up, {} unknown, {} not checked.\n\n",
        s.down, s.degraded, s.up, s.unknown, s.not_checked
    ));
    out.push_str("| state | element | topology | what was read |\n|---|---|---|---|\n");
    for entry in &status.entries {
        let (line, _) = place(source, entry.span.start);
        let facts: Vec<String> = entry.observed.iter().map(|f| cell(f)).collect();
        out.push_str(&format!(
            "| {} | {} {} | `{file}:{line}` | {} |\n",
            badge(entry.state),
            entry.group.name(),
            cell(&entry.title),
            facts.join("<br>")
        ));
    }
    let findings: Vec<&Entry> = status.entries.iter().filter(|e| e.finding.is_some()).collect();
    if !findings.is_empty() {
        out.push_str("\n### What to look at next\n");
        for entry in findings {
            let Some(finding) = &entry.finding else { continue };
            let (line, _) = place(source, entry.span.start);
            out.push_str(&format!(
                "\n#### {} {} {} (`{file}:{line}`)\n\n",
                badge(entry.state),
                entry.group.name(),
                cell(&entry.title)
            ));
            out.push_str(&format!("`{}`: {}\n", finding.code, cell(&finding.message)));
            if let Some(help) = &finding.help {
                out.push_str(&format!("\n{}\n", cell(help)));
            }
        }
    }
    if !status.notes.is_empty() {
        out.push_str("\n### Notes\n\n");
        for note in &status.notes {
            let help = note.help.as_deref().map(|h| format!(" {}", cell(h))).unwrap_or_default();
            out.push_str(&format!("- ⚠️ `{}`: {}.{help}\n", note.code, cell(&note.message)));
        }
    }
    if !status.problems.is_empty() {
        out.push_str("\n### Could not read\n\n");
        for problem in &status.problems {
            out.push_str(&format!(
                "- {}: `{}`: {}\n",
                cell(&cluster_of(problem)),
                problem.code,
                cell(&problem.message)
            ));
        }
    }
    if !status.not_checked.is_empty() {
        out.push_str("\n### Not checked (needs a live data plane)\n\n");
        for what in &status.not_checked {
            out.push_str(&format!("- {what}\n"));
        }
    }
    out
}

fn badge(state: State) -> &'static str {
    match state {
        State::Up => "✅ up",
        State::Degraded => "⚠️ degraded",
        State::Down => "❌ down",
        State::Unknown => "❔ unknown",
        State::NotChecked => "➖ not checked",
    }
}

/// Text in a markdown table cell or paragraph: inert, one line, no HTML, no cell break.
fn cell(text: &str) -> String {
    inert(text).replace('\n', " ").replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('|', "\\|")
}

/// One JSON document (docs/status.md).
pub(crate) fn json(source: &SourceFile, status: &Status) -> String {
    let place_of = |offset: usize| {
        let (line, column) = place(source, offset);
        serde_json::json!({ "file": source.name, "line": line, "column": column })
    };
    let finding = |d: &Diagnostic| {
        let labels: Vec<serde_json::Value> = d
            .labels
            .iter()
            .map(|l| {
                let mut at = place_of(l.span.start);
                at["message"] = serde_json::Value::from(l.text.clone());
                at
            })
            .collect();
        serde_json::json!({ "code": d.code, "severity": d.severity, "message": d.message, "help": d.help, "labels": labels })
    };
    let elements: Vec<serde_json::Value> = status
        .entries
        .iter()
        .map(|e| {
            let mut element = serde_json::json!({
                "kind": e.group.name(),
                "title": e.title,
                "state": e.state.name(),
                "observed": e.observed,
                "finding": e.finding.as_ref().map(finding),
            });
            element["at"] = place_of(e.span.start);
            element
        })
        .collect();
    let s = status.summary();
    let document = serde_json::json!({
        "version": 1,
        "federation": status.federation,
        "source": status.source,
        "now": status.now,
        "stale_after_seconds": status.stale_after_seconds,
        "elements": elements,
        "notes": status.notes.iter().map(finding).collect::<Vec<_>>(),
        "errors": status.problems.iter().map(|p| serde_json::json!({ "cluster": p.cluster, "code": p.code, "message": p.message })).collect::<Vec<_>>(),
        "not_checked": status.not_checked,
        "summary": { "up": s.up, "degraded": s.degraded, "down": s.down, "unknown": s.unknown, "not_checked": s.not_checked, "notes": status.notes.len() },
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// GitHub Actions workflow commands: an error per element that is down, a warning per degraded
/// element and note, an error per cluster not read; then the summary line.
pub(crate) fn github(source: &SourceFile, status: &Status) -> String {
    let file = escape_property(&inert(&source.name));
    let mut out = String::new();
    let mut annotate = |d: &Diagnostic, title: Option<&str>| {
        let mut message = match title {
            Some(title) => format!("{}: {}", inert(title), inert(&d.message)),
            None => inert(&d.message),
        };
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&inert(help));
        }
        let at = match d.labels.first() {
            Some(label) => {
                let (line, column) = place(source, label.span.start);
                format!("file={file},line={line},col={column},")
            }
            None => String::new(),
        };
        out.push_str(&format!("::{} {at}title={}::{}\n", level(d), escape_property(d.code), escape_data(&message)));
    };
    for entry in &status.entries {
        if let Some(finding) = &entry.finding {
            annotate(finding, Some(&format!("{} {}", entry.group.name(), entry.title)));
        }
    }
    for note in &status.notes {
        annotate(note, None);
    }
    for problem in &status.problems {
        let message = format!("{}: {}", cluster_of(problem), inert(&problem.message));
        out.push_str(&format!("::error title={}::{}\n", escape_property(problem.code), escape_data(&message)));
    }
    out.push_str(&format!("{}: {}\n", inert(&source.name), summary_line(status)));
    out
}
