//! What a directory entry is, as the output directory's reader sees it.

/// What a directory entry is (links are never followed to find out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    File,
    Dir,
    Symlink,
    /// A socket, device or other special file.
    Other,
}

impl Entry {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Entry::File => "a file",
            Entry::Dir => "a directory",
            Entry::Symlink => "a symbolic link",
            Entry::Other => "a special file",
        }
    }
}
