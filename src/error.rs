//! Why a command failed. Findings about the topology carry their source for rendering;
//! everything else is a failure with its own code (exit code 2).

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::codes::{self, FailureCode};
use crate::source::SourceFile;

#[derive(Debug)]
pub(crate) enum Error {
    /// The topology has errors; nothing was written.
    Findings { source: SourceFile, diagnostics: Vec<Diagnostic> },
    /// Reading or writing a file failed; `source` is the operating system's error (or fedc's
    /// description of what it found instead of what it needed).
    Io { path: String, source: std::io::Error },
    /// A template failed to render or rendered something that is not one YAML object.
    Template { code: FailureCode, template: String, message: String },
    /// The output directory (or a file fedc keeps in it) is not in a state fedc may use.
    Output { code: FailureCode, message: String, more: Vec<String> },
    /// The command line is inconsistent.
    Usage { message: String, more: Vec<String> },
}

impl Error {
    /// An I/O failure at `path`: an `std::io::Error`, or a `rustix` errno converted to one.
    pub(crate) fn io(path: &Path, source: impl Into<std::io::Error>) -> Self {
        Error::Io { path: path.display().to_string(), source: source.into() }
    }

    /// An I/O failure fedc found itself (a directory missing, a file of the wrong type), described
    /// by `message`.
    pub(crate) fn io_other(path: &Path, message: impl Into<String>) -> Self {
        Self::io(path, std::io::Error::other(message.into()))
    }

    pub(crate) fn output(code: FailureCode, message: impl Into<String>) -> Self {
        Error::Output { code, message: message.into(), more: Vec::new() }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Error::Usage { message: message.into(), more: Vec::new() }
    }

    /// What the failure says, one line each: the message, then the further lines fedc laid out (a
    /// command to paste, another problem found in the same run). Each line is escaped on its own
    /// when printed, so repository text in any of them cannot break a line.
    pub(crate) fn lines(&self) -> Vec<String> {
        match self {
            Error::Output { message, more, .. } | Error::Usage { message, more } => {
                std::iter::once(message.clone()).chain(more.iter().cloned()).collect()
            }
            other => vec![other.to_string()],
        }
    }

    /// The code of a failure; `None` for findings, which carry their own codes.
    pub(crate) fn code(&self) -> Option<FailureCode> {
        match self {
            Error::Findings { .. } => None,
            Error::Io { .. } => Some(codes::io::FAILED),
            Error::Template { code, .. } | Error::Output { code, .. } => Some(*code),
            Error::Usage { .. } => Some(codes::usage::USAGE),
        }
    }

    /// 1 for findings in the topology, 2 for usage, I/O and environment errors.
    pub(crate) fn exit_code(&self) -> u8 {
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
            Error::Io { path, source } => write!(f, "{path}: {source}"),
            Error::Template { template, message, .. } => write!(f, "template {template}: {message}"),
            Error::Output { message, more, .. } | Error::Usage { message, more } => {
                f.write_str(message)?;
                more.iter().try_for_each(|line| write!(f, "\n{line}"))
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_failure_keeps_the_operating_system_error_as_its_source() {
        let missing = std::fs::read("/nonexistent/fedc").expect_err("no such file");
        let shown = missing.to_string();
        let error = Error::io(Path::new("/nonexistent/fedc"), missing);
        assert_eq!(error.to_string(), format!("/nonexistent/fedc: {shown}"));
        let source = std::error::Error::source(&error).expect("a source");
        let io = source.downcast_ref::<std::io::Error>().expect("an io::Error");
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(error.code(), Some(codes::io::FAILED));
    }

    #[test]
    fn an_errno_renders_as_the_io_error_it_converts_to() {
        let error = Error::io(Path::new("x"), rustix::io::Errno::NOENT);
        assert_eq!(error.to_string(), format!("x: {}", std::io::Error::from(rustix::io::Errno::NOENT)));
        assert!(std::error::Error::source(&error).is_some());
    }
}
