//! Text that came from the repository (names, values, file names, the topology's own lines, the
//! content of committed files) is printed into CI logs and terminals. A pull request must not be
//! able to colour, rewrite or hide log lines with control characters, reorder text with
//! bidirectional overrides, break a line where fedc did not, or write a line the GitHub Actions
//! runner executes: one that starts with `::` after leading white space (the runner trims it)
//! or holds `##[` anywhere (the runner's older command syntax).
//!
//! One rule, applied at three depths: [`text`] for each piece of repository text fedc prints
//! (always one line), [`lines`] for a whole text fedc laid out in lines, [`defuse`] as the last
//! pass over a report whose pieces were already escaped (miette's, which may be coloured and
//! wraps long lines). Defusing writes `\u{3a}` for the first `:` of a leading `::` and `\u{23}`
//! for the second `#` of `##[`, in the style of the other escapes.

use crate::diagnostic::Diagnostic;

/// Characters that are never printed as they are: C0 and C1 controls (but tab and line feed),
/// DEL, line and paragraph separators, bidirectional controls, zero-width characters, the BOM.
pub(crate) fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
        || matches!(c, '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

/// Repository text (or a message, label or help carrying it) made safe to print: unsafe
/// characters and line feeds escaped as `\u{…}`, so it is one line, and that line defused.
pub(crate) fn text(s: &str) -> String {
    defuse_line(&escape(s, |c| is_unsafe(c) || c == '\n'))
}

/// A text fedc laid out in lines (an explanation, a diff's body): unsafe characters escaped, line
/// feeds and tabs kept, every line defused.
pub(crate) fn lines(s: &str) -> String {
    defuse(&escape(s, is_unsafe))
}

/// Every line of `s` defused, nothing else changed: the last pass over a report whose
/// repository text already went through [`text`], and which may hold colour codes.
pub(crate) fn defuse(s: &str) -> String {
    if !s.contains("::") && !s.contains("##[") {
        return s.to_string();
    }
    s.split('\n').map(defuse_line).collect::<Vec<_>>().join("\n")
}

/// A JSON document with the unsafe characters serde_json leaves as they are (DEL, C1 controls,
/// separators, bidirectional and zero-width characters) written `\uXXXX`, and `##[` written
/// `#\u0023[`: only inside strings can either occur, so every JSON reader gets the same data, and
/// the log neither a raw control nor a command. (Pretty-printed JSON lines start with a quote or
/// a bracket, never with `::`.)
pub(crate) fn json(document: String) -> String {
    if !document.chars().any(is_unsafe) && !document.contains("##[") {
        return document;
    }
    let mut out = String::with_capacity(document.len());
    for c in document.chars() {
        if is_unsafe(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.replace("##[", "#\\u0023[")
}

/// A finding whose message, labels and help are [`text`].
pub(crate) fn diagnostic(d: &Diagnostic) -> Diagnostic {
    let mut safe = d.clone();
    safe.message = text(&d.message);
    safe.help = d.help.as_deref().map(text);
    for label in &mut safe.labels {
        label.text = text(&label.text);
    }
    safe
}

/// Source text for an annotated excerpt: each unsafe character replaced by as many `?` as it
/// has bytes, and the second `#` of `##[` by `?`, so every byte offset (span) still points at the
/// same place. (Excerpt lines start with a line number: a leading `::` cannot start them.)
pub(crate) fn source(s: &str) -> String {
    if !s.chars().any(is_unsafe) && !s.contains("##[") {
        return s.to_string();
    }
    let replaced: String =
        s.chars().map(|c| if is_unsafe(c) { "?".repeat(c.len_utf8()) } else { c.to_string() }).collect();
    replaced.replace("##[", "#?[")
}

fn escape(s: &str, unsafe_here: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if unsafe_here(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// One line that neither starts with `::` after white space nor holds `##[`.
fn defuse_line(line: &str) -> String {
    let mut out = line.replace("##[", "#\\u{23}[");
    let indent = out.len() - out.trim_start().len();
    if out[indent..].starts_with("::") {
        out.replace_range(indent..indent + 1, "\\u{3a}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the runner would execute: a line starting with `::` once trimmed, or holding `##[`.
    fn runs(line: &str) -> bool {
        line.trim_start().starts_with("::") || line.contains("##[")
    }

    #[test]
    fn escapes_controls_and_bidi_and_line_breaks() {
        assert_eq!(text("red\u{1b}[31m"), "red\\u{1b}[31m");
        assert_eq!(text("a\u{202e}b\u{2028}c"), "a\\u{202e}b\\u{2028}c");
        assert_eq!(text("x\n::add-mask::y"), "x\\u{a}::add-mask::y");
        assert_eq!(text("x\r::add-mask::y"), "x\\u{d}::add-mask::y");
        assert_eq!(text("plain text\twith tab"), "plain text\twith tab");
    }

    #[test]
    fn defuses_workflow_commands_after_white_space_and_old_style_commands_anywhere() {
        assert_eq!(text("::error::z"), "\\u{3a}:error::z");
        assert_eq!(text("  \t::error::z"), "  \t\\u{3a}:error::z");
        assert_eq!(text("\u{a0}\u{3000}::error::z"), "\u{a0}\u{3000}\\u{3a}:error::z");
        assert_eq!(text("a ##[error]b ###[x]"), "a #\\u{23}[error]b ##\\u{23}[x]");
        assert_eq!(text("a:: b # #["), "a:: b # #[");
        let laid_out = lines("mesh a reaches:\n    ::warning::x\n##[group]y\n");
        assert_eq!(laid_out, "mesh a reaches:\n    \\u{3a}:warning::x\n#\\u{23}[group]y\n");
        assert!(!laid_out.lines().any(runs));
        assert_eq!(defuse("\u{1b}[1m::x\n  ::y"), "\u{1b}[1m::x\n  \\u{3a}:y");
    }

    #[test]
    fn json_keeps_its_data() {
        let name = "##[error]x\n::error::y\u{7f}\u{85}\u{202e}\u{e0041}";
        let defused = json(serde_json::json!({ "name": name }).to_string());
        assert_eq!(defused, r##"{"name":"#\u0023[error]x\n::error::y\u007f\u0085\u202e\udb40\udc41"}"##);
        let value: serde_json::Value = serde_json::from_str(&defused).expect("JSON");
        assert_eq!(value["name"], name);
    }

    #[test]
    fn source_keeps_every_byte_offset() {
        let raw = "a = \"\u{1b}\u{85}\u{2028}\u{e0041}\"\nb = 1 # ##[error]\n";
        let inert = source(raw);
        assert_eq!(inert.len(), raw.len());
        let expected = format!("a = \"{}\"\nb = 1 # #?[error]\n", "?".repeat(1 + 2 + 3 + 4));
        assert_eq!(inert, expected);
        assert_eq!(&inert[inert.find('b').unwrap_or(0)..], "b = 1 # #?[error]\n");
    }
}
