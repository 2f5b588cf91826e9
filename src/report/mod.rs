//! The one place findings are rendered: miette's graphical report for people, JSON for tools,
//! GitHub Actions workflow commands for CI annotations.

mod indexed;
pub(crate) mod status;

use crate::inert;

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use indexed::IndexedSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Annotated source excerpts.
    Human,
    /// One JSON document: `{ "version": 1, "diagnostics": [...], "summary": {...} }`.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    Github,
}

/// Renders findings and their summary line.
pub(crate) fn render(source: &SourceFile, diagnostics: &[Diagnostic], format: Format, color: bool) -> String {
    match format {
        Format::Human => human(source, diagnostics, color),
        Format::Json => json(source, diagnostics),
        Format::Github => github(source, diagnostics),
    }
}

/// Renders a failure that is not about a place in the topology (an I/O error, an output directory
/// fedc may not touch, a template that does not render): its code and message, then any further
/// lines fedc laid out ([`crate::error::Error::lines`]), each escaped on its own.
pub(crate) fn render_failure(code: &str, lines: &[String], format: Format) -> String {
    match format {
        Format::Human => {
            let mut text = format!("error[{code}]: ");
            for line in lines {
                text.push_str(&inert::text(line));
                text.push('\n');
            }
            if lines.is_empty() {
                text.push('\n');
            }
            text
        }
        Format::Json => {
            let document = serde_json::json!({
                "version": 1,
                "diagnostics": [],
                "error": { "code": code, "message": lines.join("\n") },
                "summary": { "errors": 1, "warnings": 0 },
            });
            let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
            text.push('\n');
            inert::json(text)
        }
        Format::Github => {
            let message: Vec<String> = lines.iter().map(|line| inert::text(line)).collect();
            format!("::error title={}::{}\n", escape_property(code), escape_data(&message.join("\n")))
        }
    }
}

pub(crate) fn summary(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => format!("{}: no findings", inert::text(&source.name)),
        _ => format!("{}: {}, {}", inert::text(&source.name), plural(errors, "error"), plural(warnings, "warning")),
    }
}

/// Annotated excerpts shown at most: nobody reads thousands; `--format json` lists every finding.
pub(crate) const HUMAN_SHOWN: usize = 200;

fn human(source: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let named = IndexedSource::new(inert::text(&source.name), inert::source(&source.text));
    let mut out = String::new();
    // Errors first when not all fit, each group in position order.
    let shown: Vec<&Diagnostic> = if diagnostics.len() <= HUMAN_SHOWN {
        diagnostics.iter().collect()
    } else {
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = diagnostics.iter().partition(|d| d.is_error());
        errors.into_iter().chain(warnings).take(HUMAN_SHOWN).collect()
    };
    for diagnostic in &shown {
        let diagnostic = &inert::diagnostic(diagnostic);
        let report = MietteDiagnostic { diagnostic, source: &named };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&diagnostic.message);
        }
        out.push('\n');
    }
    if shown.len() < diagnostics.len() {
        let more = diagnostics.len() - shown.len();
        out.push_str(&format!("… and {more} more findings not shown here; `--format json` lists them all\n"));
    }
    out.push_str(&summary(source, diagnostics));
    out.push('\n');
    // miette wraps long messages and help at spaces, indenting the rest: a wrapped line must not
    // start with `::` either.
    inert::defuse(&out)
}

fn json(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let mut text = serde_json::to_string_pretty(&json_document(source, diagnostics)).unwrap_or_default();
    text.push('\n');
    inert::json(text)
}

/// `--format json`'s document: `{ "version": 1, "diagnostics": [...], "summary": {...} }`, also
/// embedded whole where a command prints one document about more than the topology (`check --out`).
pub(crate) fn json_document(source: &SourceFile, diagnostics: &[Diagnostic]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let (line, column) = source.line_col(d.offset());
            let labels: Vec<serde_json::Value> = d
                .labels
                .iter()
                .map(|l| {
                    let (line, column) = source.line_col(l.span.start);
                    serde_json::json!({ "message": l.text, "line": line, "column": column, "start": l.span.start, "end": l.span.end })
                })
                .collect();
            serde_json::json!({
                "code": d.code,
                "severity": d.severity(),
                "message": d.message,
                "file": source.name,
                "line": line,
                "column": column,
                "help": d.help,
                "labels": labels,
            })
        })
        .collect();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    serde_json::json!({
        "version": 1,
        "diagnostics": items,
        "summary": { "errors": errors, "warnings": diagnostics.len() - errors },
    })
}

fn github(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (line, column) = source.line_col(d.offset());
        let level = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = inert::text(&d.message);
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&inert::text(help));
        }
        out.push_str(&format!(
            "::{level} file={},line={line},col={column},title={}::{}\n",
            escape_property(&inert::text(&source.name)),
            escape_property(d.code.as_str()),
            escape_data(&message)
        ));
    }
    out.push_str(&summary(source, diagnostics));
    out.push('\n');
    out
}

/// Workflow-command escaping (actions/toolkit `command.ts`).
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Adapter: our finding as a miette diagnostic over the topology source.
struct MietteDiagnostic<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a IndexedSource,
}

impl fmt::Debug for MietteDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for MietteDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for MietteDiagnostic<'_> {}

impl miette::Diagnostic for MietteDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.diagnostic.labels.iter().enumerate().map(|(i, l)| {
            let span = (l.span.start, l.span.end.saturating_sub(l.span.start));
            if i == 0 {
                LabeledSpan::new_primary_with_span(Some(l.text.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(l.text.clone()), span)
            }
        });
        Some(Box::new(labels))
    }
}
