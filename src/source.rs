//! The topology text and its name, kept whole so that spans (byte ranges) are only turned into
//! lines and columns when a diagnostic is rendered.

use std::ops::Range;
use std::sync::OnceLock;

/// A byte range into the topology source.
pub(crate) type Span = Range<usize>;

#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// The path as the user gave it (never made absolute: it ends up in file headers).
    pub(crate) name: String,
    pub(crate) text: String,
    /// Byte offset of each line's start, computed on the first `line_col`: a topology with tens of
    /// thousands of findings must not be rescanned from its start for each one.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub(crate) fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self { name: name.into(), text: text.into(), line_starts: OnceLock::new() }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let file = SourceFile::new("t.toml", "a = 1\nbé = 2\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        // 'é' is two bytes: the '=' after "bé " is the 4th character.
        assert_eq!(file.line_col(10), (2, 4));
        assert_eq!(file.line_col(5), (1, 6), "the line break ends its line");
        assert_eq!(file.line_col(99), (3, 1), "past the end: after the last line break");
        assert_eq!(SourceFile::new("e.toml", "").line_col(0), (1, 1));
    }
}
