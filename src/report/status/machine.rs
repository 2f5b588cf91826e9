//! For tools: one JSON document (shape: docs/status.md), and GitHub Actions workflow commands.

use super::super::{escape_data, escape_property};
use super::{cluster_of, inert, level, place, summary_line};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::status::Status;

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
