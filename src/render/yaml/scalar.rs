//! How one string is written: plain, double-quoted or as a literal block. The rules are chosen to
//! be correct by construction for YAML 1.2 and YAML 1.1 readers alike (libyaml, Go's yaml.v2/v3,
//! PyYAML, yaml-rust2): a string is written plain only when it is made of a small set of ASCII
//! characters and could not be read as anything but that string; everything else is double-quoted
//! with YAML escapes, which every reader decodes the same way.

/// A plain or quoted key longer than this must be written as an explicit `? key` entry: YAML
/// readers refuse implicit keys over 1024 characters (fedc counts bytes, which is never fewer).
pub(crate) const IMPLICIT_KEY_MAX: usize = 1000;

/// Writes `s` as a plain or double-quoted scalar on one line.
pub(crate) fn write_inline(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        write_double_quoted(out, s);
    }
}

/// Whether `s` may be written without quotes. Plain scalars are limited to ASCII letters, digits
/// and `-._/:@*={}`, start with a letter, digit, `.`, `_` or `/`, and must not look like a number,
/// date, time, boolean or null to any YAML version's resolver.
pub(crate) fn is_plain_safe(s: &str) -> bool {
    // Bytes, not characters: every allowed character is ASCII, and no byte of a longer UTF-8
    // sequence is.
    let Some(&first) = s.as_bytes().first() else { return false };
    (first.is_ascii_alphanumeric() || matches!(first, b'.' | b'_' | b'/'))
        && s.bytes().all(|b| PLAIN[usize::from(b)])
        // `: ` and a trailing `:` end a key; there are no spaces, so only the end can be a problem.
        && !s.ends_with(':')
        // `...` at the start of a line ends the document.
        && !s.starts_with("...")
        && !is_reserved_word(s)
        && !looks_numeric(s)
}

/// The bytes a plain scalar may hold: ASCII letters, digits and `-._/:@*={}`.
const PLAIN: [bool; 256] = super::bytes::ascii_word_table(b"-._/:@*={}");

/// Booleans and nulls of YAML 1.1 and 1.2, in any letter case (a superset of every spelling).
fn is_reserved_word(s: &str) -> bool {
    const WORDS: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// Numbers, dates and times in any YAML version's spelling (ints with `_`, `0x`/`0o`/`0b`, YAML 1.1
/// octal `0755` and sexagesimal `1:20`, floats `1.5e3`, `.5`, `190:20:30.15`, `.inf`, `.nan`,
/// timestamps `2001-12-14t21:59:43.10-05:00`). A superset: whatever starts like a number (after a
/// sign) and uses only characters numbers, dates and times are written with.
fn looks_numeric(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if [".inf", ".nan"].iter().any(|w| w.eq_ignore_ascii_case(body)) {
        return true;
    }
    let starts_like_number = body.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    starts_like_number && body.bytes().all(|b| b.is_ascii_hexdigit() || b"_.:+-xXoOtTzZ".contains(&b))
}

/// Writes `s` double-quoted on one line. Quotes, backslashes, every character YAML does not allow
/// raw (C0 and C1 controls, DEL, the byte order mark, U+FFFE/U+FFFF), the characters YAML 1.1 reads
/// as line breaks (NEL, U+2028, U+2029) and invisible format characters are escaped.
pub(crate) fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => match escape(c) {
                Some(escaped) => out.push_str(&escaped),
                None => out.push(c),
            },
        }
    }
    out.push('"');
}

/// The YAML escape for `c` when it may not (or should not) appear raw; `None` for printable text.
fn escape(c: char) -> Option<String> {
    let short = match c {
        '\0' => "\\0",
        '\u{7}' => "\\a",
        '\u{8}' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\u{b}' => "\\v",
        '\u{c}' => "\\f",
        '\r' => "\\r",
        '\u{1b}' => "\\e",
        '\u{85}' => "\\N",
        '\u{a0}' => "\\_",
        '\u{2028}' => "\\L",
        '\u{2029}' => "\\P",
        _ => "",
    };
    if !short.is_empty() {
        return Some(short.to_string());
    }
    let code = u32::from(c);
    if c.is_control() {
        Some(format!("\\x{code:02X}"))
    } else if is_invisible(c) {
        Some(if code > 0xFFFF { format!("\\U{code:08X}") } else { format!("\\u{code:04X}") })
    } else {
        None
    }
}

/// Characters that are not printable for YAML 1.1 (the byte order mark, U+FFFE, U+FFFF) and
/// invisible ones that would hide what a value says from a reviewer: zero-width and bidirectional
/// formatting characters, the soft hyphen, tag characters.
fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x061C
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xFFFE..=0xFFFF
            | 0xE0000..=0xE007F
    )
}

/// Multi-line text (certificates) reads best as a literal block. Only text that a literal block
/// keeps exactly: a first line that does not start with a space (indentation is detected from it),
/// no trailing spaces, no character that would need an escape (tabs and carriage returns included),
/// at most one final line break (clipped with `|` or stripped with `|-`).
pub(crate) fn is_block_candidate(s: &str) -> bool {
    super::bytes::line_break(s.as_bytes()).is_some()
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && (s.bytes().all(|b| b == b'\n' || (b' '..=b'~').contains(&b))
            || s.chars().all(|c| c == '\n' || escape(c).is_none()))
        && !s.contains(" \n")
        && !s.ends_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str) -> String {
        let mut out = String::new();
        write_double_quoted(&mut out, s);
        out
    }

    #[test]
    fn quotes_what_a_yaml_reader_would_retype() {
        let words = "yes Y oN NULL ~ 0755 0b1010 0x1F 1_000 1:20 190:20:30.15 1e3 1.5e3 .5 . -.inf .NaN 2002-12-14";
        let retyped = words.split(' ').chain(["2001-12-14t21:59:43.10-05:00", "<<", "=", ""]);
        for s in retyped {
            assert!(!is_plain_safe(s), "{s:?} should be quoted");
        }
    }

    #[test]
    fn quotes_what_a_yaml_reader_would_parse_as_syntax() {
        for s in ["a: b", "a:", "- x", "-x", "*x", "&x", "!x", "? x", "a #b", "...", "---", "a b", "#", "%x", "@x"] {
            assert!(!is_plain_safe(s), "{s:?} should be quoted");
        }
    }

    #[test]
    fn keeps_everyday_names_plain() {
        let names = "red-mesh 10s us-east-1 svc.cluster.local v2.5 a/b missingkey=error rendered/clusters/*";
        let plain = names.split(' ').chain(["./rendered/clusters/east", "bookinfo-{{.path.basename}}"]);
        for s in plain.chain(["https://git.example.com/fleet.git", "ssh://git@git.example.com/ops/mesh.git"]) {
            assert!(is_plain_safe(s), "{s:?} should be plain");
        }
    }

    #[test]
    fn escapes_with_yaml_escapes() {
        assert_eq!(quoted("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quoted("\0\u{7}\u{8}\t\n\u{b}\u{c}\r\u{1b}"), r#""\0\a\b\t\n\v\f\r\e""#);
        assert_eq!(quoted("\u{85}\u{a0}\u{2028}\u{2029}"), r#""\N\_\L\P""#);
        assert_eq!(quoted("\u{1}\u{7f}\u{9f}"), r#""\x01\x7F\x9F""#);
        assert_eq!(quoted("\u{feff}\u{202e}\u{e0001}"), r#""\uFEFF\u202E\U000E0001""#);
        assert_eq!(quoted("grüße 🦀"), "\"grüße 🦀\"");
    }

    #[test]
    fn literal_blocks_only_for_text_they_keep() {
        assert!(is_block_candidate("line1\nline2\n"));
        assert!(is_block_candidate("line1\n  more indented\n"));
        assert!(is_block_candidate("grüße\n🦀\n"));
        for s in [
            " lead\n",
            "\nx",
            "x\n\n",
            "tab\t\n",
            "trail \nx",
            "nel\u{85}\n",
            "ls\u{2028}\n",
            "x\r\n",
            "one",
            "a\nb ",
            "a\nb \n",
        ] {
            assert!(!is_block_candidate(s), "{s:?} should not be a literal block");
        }
    }
}
