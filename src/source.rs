//! The topology text and its name, kept whole so that spans (byte ranges) are only turned into
//! lines and columns when a diagnostic is rendered.

use std::ops::Range;

/// A byte range into the topology source.
pub type Span = Range<usize>;

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (never made absolute: it ends up in file headers).
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self { name: name.into(), text: text.into() }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
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
    }
}
