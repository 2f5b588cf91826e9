//! Byte-level helpers the subset reader and the writer share. Line breaks in short lines
//! (template output, values): `str::split('\n')` and `str::contains('\n')` set up a `memchr`
//! search per call, which costs more than the search on a few dozen bytes. Byte classes as
//! tables: tested for every byte of every key and value.

/// A table of the bytes that are ASCII letters, digits or one of `extra`.
pub(super) const fn ascii_word_table(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    let mut index = 0;
    while index < extra.len() {
        table[extra[index] as usize] = true;
        index += 1;
    }
    table
}

/// `text.split('\n')`, eight bytes looked at a time (`str::split`'s per-line set-up was a
/// twentieth of a render's instructions).
pub(super) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match line_break(current.as_bytes()) {
            Some(end) => {
                rest = current.get(end + 1..);
                current.get(..end)
            }
            None => rest.take(),
        }
    })
}

/// The position of the first `\n` in `bytes`, a word of eight bytes at a time (the zero-byte
/// test flags the lowest matching byte exactly; higher flags may be false and are not used).
pub(super) fn line_break(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = bytes.chunks_exact(8);
    for (index, word) in words.by_ref().enumerate() {
        let word = u64::from_le_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]]);
        let breaks = word ^ (ONES * u64::from(b'\n'));
        let flagged = breaks.wrapping_sub(ONES) & !breaks & (ONES << 7);
        if flagged != 0 {
            return Some(index * 8 + flagged.trailing_zeros() as usize / 8);
        }
    }
    let tail = words.remainder();
    tail.iter().position(|b| *b == b'\n').map(|at| bytes.len() - tail.len() + at)
}

#[cfg(test)]
mod tests {
    /// The table holds exactly the letters, digits and the extra bytes.
    #[test]
    fn a_word_table_is_letters_digits_and_the_extra_bytes() {
        let table = super::ascii_word_table(b"._/-=");
        for byte in 0..=u8::MAX {
            let expected = byte.is_ascii_alphanumeric() || b"._/-=".contains(&byte);
            assert_eq!(table[usize::from(byte)], expected, "{byte:#04x}");
        }
    }

    /// The line splitting gives what `str::split('\n')` gives.
    #[test]
    fn lines_split_as_str_split_does() {
        let long = "0123456789abcdef\nghijklmnopqrstuvwxyz0123\n\n01234567\n89abcdefghijklmn".to_string();
        let samples =
            ["", "\n", "a", "a\n", "a\nb", "a\n\nb\n", "\n\n", "ü\nß\n✓", "  x: 1\n- y\n", "1234567\n", "12345678\n"];
        for text in samples.iter().copied().chain([long.as_str(), &long[3..], &long[9..], &long[17..]]) {
            let ours: Vec<&str> = super::split_lines(text).collect();
            assert_eq!(ours, text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
        // A line break at every position of every word of eight bytes, and none.
        for length in 0..40 {
            for stride in 1..10 {
                let text: String = (0..length).map(|i| if (i + length) % stride == 0 { '\n' } else { 'x' }).collect();
                let ours: Vec<&str> = super::split_lines(&text).collect();
                assert_eq!(ours, text.split('\n').collect::<Vec<_>>(), "{text:?}");
            }
        }
    }
}
