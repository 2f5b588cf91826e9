//! A finding about the topology: a stable code, a severity, a message, labelled spans and help.
//! Stages produce these; `report` is the one place that renders them. Codes, with their severity
//! and documentation, are registered in [`codes`].

pub(crate) mod codes;

pub(crate) use codes::{Code, FailureCode};

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    pub(crate) span: Span,
    pub(crate) text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    /// Stable identifier, e.g. `fedc::peer::unknown-mesh`; it decides the severity.
    pub(crate) code: Code,
    pub(crate) message: String,
    /// The first label is the primary location.
    pub(crate) labels: Vec<Label>,
    pub(crate) help: Option<String>,
}

impl Diagnostic {
    /// A finding of `code`, an error or a warning as the registry says.
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), labels: Vec::new(), help: None }
    }

    pub(crate) fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub(crate) fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label { span, text: text.into() });
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Where the finding is reported: its first label, or the top of the file.
    pub(crate) fn offset(&self) -> usize {
        self.labels.first().map_or(0, |l| l.span.start)
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Sorts findings by position, then code, so output is stable and reads top to bottom.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (a.offset(), a.code, &a.message).cmp(&(b.offset(), b.code, &b.message)));
}
