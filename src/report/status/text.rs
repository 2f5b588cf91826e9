//! Text: per group, one line per element with its state and topology line, what was read
//! indented below it, and for findings the code, message, other places and help.

use super::{cluster_of, groups, heading, inert, level, place, summary_line};
use crate::source::SourceFile;
use crate::status::{State, Status};

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

/// The text report.
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
