//! The topology as miette's source code, with an index of line starts. miette's own
//! `SourceCode for [u8]` finds a span by scanning from the first byte, so rendering each finding
//! cost a pass over the whole topology (12 % of `fedc check` on a 2 MB topology with 60 warnings).
//! Here the scan starts a few lines before the span, on a window of the text, and its answer is
//! shifted back: the same contents, line, column and line count as a scan from the start.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

pub(crate) struct IndexedSource {
    name: String,
    text: String,
    /// Byte offset of each line's start, breaking lines as miette does (`\n`, `\r\n`, a lone `\r`).
    starts: Vec<usize>,
}

impl IndexedSource {
    pub(crate) fn new(name: String, text: String) -> Self {
        let bytes = text.as_bytes();
        let breaks =
            bytes.iter().enumerate().filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')));
        let starts = std::iter::once(0).chain(breaks.map(|(i, _)| i + 1)).collect();
        Self { name, text, starts }
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    fn start_of(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // One line more on each side than the context needs, so the scan meets the line break
        // before the span as a scan from the start would.
        let first = self.line_of(span.offset()).saturating_sub(before + 1);
        let last = self.line_of(span.offset() + span.len()) + after + 3;
        let (from, to) = (self.start_of(first), self.start_of(last));
        let window = &self.text.as_bytes()[from..to];
        let shifted = SourceSpan::new(span.offset().saturating_sub(from).into(), span.len());
        let found = <[u8] as SourceCode>::read_span(window, &shifted, before, after)?;
        let absolute = SourceSpan::new((found.span().offset() + from).into(), found.span().len());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            found.data(),
            absolute,
            found.line() + first,
            found.column(),
            found.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str, offset: usize, len: usize, before: usize, after: usize) {
        let indexed = IndexedSource::new("t".into(), text.into());
        let span = SourceSpan::new(offset.into(), len);
        let ours = indexed.read_span(&span, before, after);
        let theirs = <[u8] as SourceCode>::read_span(text.as_bytes(), &span, before, after);
        let at = format!("{text:?} at {offset}+{len}, context {before}/{after}");
        match (ours, theirs) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.data(), b.data(), "data, {at}");
                assert_eq!(a.span(), b.span(), "span, {at}");
                assert_eq!((a.line(), a.column(), a.line_count()), (b.line(), b.column(), b.line_count()), "{at}");
                assert_eq!(a.name(), Some("t"));
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{at}: ours ok {}, miette's ok {}", a.is_ok(), b.is_ok()),
        }
    }

    #[test]
    fn every_span_reads_as_a_scan_from_the_start_would() {
        let texts = [
            "",
            "one line",
            "a\nbb\n\nccc\ndddd\ne\n",
            "a\r\nb\r\n\r\nc\rd\n\re",
            "x\n\n\n\ny = 1\n\n[[meshes]]\nname = \"é\"\n\n\n",
            "\n\n\n",
            "k = 1\nl = 2\nm = 3\nn = 4\no = 5\np = 6\nq = 7\nr = 8\ns = 9",
        ];
        for text in texts {
            // Spans inside the text, as fedc's are (miette's own scan panics on some outside it).
            for offset in 0..=text.len() {
                for len in (0..6).filter(|len| offset + len <= text.len()) {
                    for (before, after) in [(0, 0), (1, 1), (2, 2), (1, 0), (0, 1), (3, 2)] {
                        same(text, offset, len, before, after);
                    }
                }
            }
        }
    }
}
