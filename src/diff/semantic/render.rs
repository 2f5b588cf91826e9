//! Adds the semantic summary and the check findings to a rendered diff: in text, before the object
//! diff; in markdown, right under the heading (findings too, not only on stderr); in JSON, as
//! `federation` and `findings` fields. Names come from the topology: text goes through `inert`.

use serde::Serialize;

use super::Sentence;
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::Format;
use crate::inert;
use crate::source::SourceFile;

/// What is added to the object diff.
#[derive(Debug, Default)]
pub(crate) struct Extras {
    /// `None` without `--base`; otherwise the sentences (empty: nothing changed in the federation).
    pub(crate) summary: Option<Vec<Sentence>>,
    /// Why there is no summary although `--base` was given (the base has errors).
    pub(crate) note: Option<String>,
    /// The base topology's errors, when it has some (why there is no summary).
    pub(crate) base_findings: Vec<Finding>,
    pub(crate) findings: Vec<Finding>,
}

/// A check finding, located.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Finding {
    pub(crate) severity: &'static str,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    /// `file:line:column` of the primary label.
    pub(crate) location: Option<String>,
}

impl Finding {
    pub(crate) fn of(source: &SourceFile, diagnostic: &Diagnostic) -> Finding {
        let location = diagnostic.labels.first().map(|label| {
            let (line, column) = source.line_col(label.span.start);
            format!("{}:{line}:{column}", source.name)
        });
        let severity = match diagnostic.severity() {
            Severity::Error => "error",
            _ => "warning",
        };
        Finding { severity, code: diagnostic.code.as_str(), message: diagnostic.message.clone(), location }
    }
}

/// `rendered` (a diff in `format`) with the extras added.
pub(crate) fn decorate(rendered: String, format: Format, extras: &Extras) -> String {
    match format {
        Format::Text => format!("{}{rendered}", inert::lines(&text(extras))),
        Format::Markdown => {
            // After the marker and the heading, which stay the first two lines.
            let mut lines = rendered.splitn(3, '\n');
            let (marker, heading, rest) =
                (lines.next().unwrap_or(""), lines.next().unwrap_or(""), lines.next().unwrap_or(""));
            format!("{marker}\n{heading}\n{}{rest}", inert::lines(&markdown(extras)))
        }
        Format::Json => inert::json(json(rendered, extras)),
    }
}

fn text(extras: &Extras) -> String {
    let mut out = String::new();
    if let Some(summary) = &extras.summary {
        out.push_str("What changes in the federation:\n");
        if summary.is_empty() {
            out.push_str("  nothing: no mesh, peering, flow or failover changes\n");
        }
        for sentence in summary {
            out.push_str(&format!("  - {}\n", inert::text(&sentence.text.replace('`', ""))));
        }
        out.push('\n');
    }
    if let Some(note) = &extras.note {
        out.push_str(&format!("note: {}\n", inert::text(note)));
        for finding in &extras.base_findings {
            let at = finding.location.as_ref().map(|l| format!(" ({l})")).unwrap_or_default();
            out.push_str(&format!(
                "  {}[{}]: {}{}\n",
                finding.severity,
                finding.code,
                inert::text(&finding.message),
                inert::text(&at)
            ));
        }
        out.push('\n');
    }
    out
}

fn markdown(extras: &Extras) -> String {
    let mut out = String::new();
    if let Some(summary) = &extras.summary {
        out.push_str("\n#### What changes in the federation\n\n");
        if summary.is_empty() {
            out.push_str("Nothing: no mesh, peering, flow or failover changes.\n");
        }
        for sentence in summary {
            out.push_str(&format!("- {}\n", escape(&inert::text(&sentence.text))));
        }
    }
    if let Some(note) = &extras.note {
        out.push_str(&format!("\n_{}_\n", escape(&inert::text(note))));
        if !extras.base_findings.is_empty() {
            out.push('\n');
        }
        for finding in &extras.base_findings {
            let at = finding.location.as_ref().map(|l| format!(" ({})", escape(&inert::text(l)))).unwrap_or_default();
            out.push_str(&format!(
                "- **{}** `{}`: {}{at}\n",
                finding.severity,
                finding.code,
                escape(&inert::text(&finding.message))
            ));
        }
    }
    if !extras.findings.is_empty() {
        out.push_str("\n#### Check findings\n\n");
        for finding in &extras.findings {
            let at = finding.location.as_ref().map(|l| format!(" ({})", escape(&inert::text(l)))).unwrap_or_default();
            let message = escape(&inert::text(&finding.message));
            out.push_str(&format!("- **{}** `{}`: {message}{at}\n", finding.severity, finding.code));
        }
    }
    out
}

fn json(rendered: String, extras: &Extras) -> String {
    let Ok(serde_json::Value::Object(mut document)) = serde_json::from_str::<serde_json::Value>(&rendered) else {
        return rendered;
    };
    let summary = extras.summary.as_ref().map(|s| serde_json::to_value(s).unwrap_or_default());
    document.insert("federation".into(), summary.unwrap_or(serde_json::Value::Null));
    document.insert("findings".into(), serde_json::to_value(&extras.findings).unwrap_or_default());
    if let Some(note) = &extras.note {
        document.insert("note".into(), note.clone().into());
        document.insert("base_findings".into(), serde_json::to_value(&extras.base_findings).unwrap_or_default());
    }
    serde_json::to_string_pretty(&document).map(|s| s + "\n").unwrap_or(rendered)
}

/// Markdown: no HTML from the topology.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
