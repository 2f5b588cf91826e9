//! Why a file the topology names (a root certificate, a patch file) was not read. Each problem is
//! reported by `check` as a finding at the path as written, with its own code.

use crate::diagnostic::{Code, Diagnostic, codes};
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileProblem {
    /// Missing, not permitted, not UTF-8: the operating system's (or decoder's) reason.
    Unreadable(String),
    /// Absolute, or `..` leads out of the topology's directory (and of every `--allow-read` one).
    OutsideRepository { root: String, absolute: bool },
    /// A component of the path (the file itself or a directory on the way) is a symbolic link.
    Symlink { component: String },
    /// A directory, FIFO, device or socket: never opened for reading.
    NotRegular { kind: &'static str },
    /// Bigger than the limit (in bytes).
    TooLarge { limit: u64 },
}

impl FileProblem {
    pub(crate) fn code(&self) -> Code {
        match self {
            FileProblem::Unreadable(_) => codes::file::UNREADABLE,
            FileProblem::OutsideRepository { .. } => codes::file::OUTSIDE_REPOSITORY,
            FileProblem::Symlink { .. } => codes::file::SYMLINK,
            FileProblem::NotRegular { .. } => codes::file::NOT_REGULAR,
            FileProblem::TooLarge { .. } => codes::file::TOO_LARGE,
        }
    }

    /// What the user can do about it.
    pub(crate) fn help(&self) -> String {
        match self {
            FileProblem::Unreadable(_) => "paths are relative to the topology file".to_string(),
            FileProblem::OutsideRepository { .. } => "keep attachments in the topology's directory tree, or let \
                 fedc read a directory with `--allow-read DIR`"
                .to_string(),
            FileProblem::Symlink { .. } => {
                "fedc does not follow symbolic links in attachments: name the file the link points to".to_string()
            }
            FileProblem::NotRegular { .. } => "an attachment must be a regular file".to_string(),
            FileProblem::TooLarge { limit } => {
                format!("an attachment may hold at most {}; fedc reads no more", size(*limit))
            }
        }
    }

    /// The finding at `span`, the path as written in the topology.
    pub(crate) fn diagnostic(&self, written: &str, span: Span) -> Diagnostic {
        let reason = match self {
            FileProblem::Symlink { component } if component == written => "it is a symbolic link".to_string(),
            other => other.to_string(),
        };
        Diagnostic::new(self.code(), format!("cannot read `{written}`: {reason}"))
            .label(span, "this file")
            .help(self.help())
    }
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileProblem::Unreadable(reason) => f.write_str(reason),
            FileProblem::OutsideRepository { root, absolute: true } => {
                write!(f, "it is an absolute path, outside the topology's directory `{root}`")
            }
            FileProblem::OutsideRepository { root, absolute: false } => {
                write!(f, "it is outside the topology's directory `{root}`")
            }
            FileProblem::Symlink { component } => write!(f, "`{component}` is a symbolic link"),
            FileProblem::NotRegular { kind } => write!(f, "it is a {kind}, not a regular file"),
            FileProblem::TooLarge { limit } => write!(f, "it is larger than {}", size(*limit)),
        }
    }
}

/// A byte count for people: `1 MiB`, `8 MiB`, `812 bytes`.
pub(crate) fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) { format!("{} MiB", bytes / MIB) } else { format!("{bytes} bytes") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(1024 * 1024), "1 MiB");
        assert_eq!(size(8 * 1024 * 1024), "8 MiB");
        assert_eq!(size(1024 * 1024 + 1), "1048577 bytes");
        assert_eq!(size(812), "812 bytes");
    }
}
