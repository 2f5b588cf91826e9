//! Why a command failed. Findings about the topology carry their source for rendering;
//! everything else is an environment problem (exit code 2).

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

#[derive(Debug)]
pub enum Error {
    /// The topology has errors; nothing was written.
    Findings { source: SourceFile, diagnostics: Vec<Diagnostic> },
    /// Reading or writing a file failed.
    Io { path: String, message: String },
    /// A template failed to render or rendered something that is not one YAML object.
    Template { code: &'static str, template: String, message: String },
    /// The output directory (or a file fedc keeps in it) is not in a state fedc may use.
    Output { code: &'static str, message: String },
    /// The command line is inconsistent.
    Usage { message: String },
}

impl Error {
    pub fn io(path: &Path, error: impl std::fmt::Display) -> Self {
        Error::Io { path: path.display().to_string(), message: error.to_string() }
    }

    /// `code`: a stable `fedc::…` identifier, documented in docs/diagnostics.md.
    pub fn output(code: &'static str, message: impl Into<String>) -> Self {
        Error::Output { code, message: message.into() }
    }

    /// The stable code of a failure that is not a finding (findings carry their own codes).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Findings { .. } => "fedc::findings",
            Error::Io { .. } => "fedc::io::failed",
            Error::Template { code, .. } | Error::Output { code, .. } => code,
            Error::Usage { .. } => "fedc::usage",
        }
    }

    /// 1 for findings in the topology, 2 for usage, I/O and environment errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Findings { .. } => 1,
            _ => 2,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Findings { source, diagnostics } => {
                write!(f, "{}: {} finding(s)", source.name, diagnostics.len())
            }
            Error::Io { path, message } => write!(f, "{path}: {message}"),
            Error::Template { template, message, .. } => write!(f, "template {template}: {message}"),
            Error::Output { message, .. } | Error::Usage { message } => f.write_str(message),
        }
    }
}
