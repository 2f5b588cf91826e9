//! Markdown for an incident ticket: a table of every element, then what to look at next.

use super::{cluster_of, heading, inert, place};
use crate::source::SourceFile;
use crate::status::{Entry, State, Status};

/// The markdown report.
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
