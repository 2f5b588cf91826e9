//! Text that came from the repository (names, values, file names, the topology's own lines) is
//! printed into CI logs and terminals. A pull request must not be able to colour, rewrite or
//! hide log lines with control characters, reorder text with bidirectional overrides, or start
//! a line with `::` that GitHub Actions would run as a workflow command.

use crate::diagnostic::Diagnostic;

/// Characters that are never printed as they are: C0 and C1 controls (but tab and line feed),
/// DEL, line and paragraph separators, bidirectional controls, zero-width characters, the BOM.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
        || matches!(c, '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

/// A message, label or help text made safe to print: unsafe characters escaped as `\u{…}`,
/// and no line starting with `::`.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    if out.starts_with("::") || out.contains("\n::") {
        out = out
            .split('\n')
            .map(|line| if line.starts_with("::") { format!("  {line}") } else { line.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
    }
    out
}

/// A finding whose message, labels and help are [`text`].
pub fn diagnostic(d: &Diagnostic) -> Diagnostic {
    let mut safe = d.clone();
    safe.message = text(&d.message);
    safe.help = d.help.as_deref().map(text);
    for label in &mut safe.labels {
        label.text = text(&label.text);
    }
    safe
}

/// Source text for an annotated excerpt: each unsafe character replaced by as many `?` as it
/// has bytes, so every byte offset (span) still points at the same place.
pub fn source(s: &str) -> String {
    if !s.chars().any(is_unsafe) {
        return s.to_string();
    }
    s.chars().map(|c| if is_unsafe(c) { "?".repeat(c.len_utf8()) } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_and_defuses_workflow_commands() {
        assert_eq!(text("red\u{1b}[31m"), "red\\u{1b}[31m");
        assert_eq!(text("a\u{202e}b\u{2028}c"), "a\\u{202e}b\\u{2028}c");
        assert_eq!(text("x\n::add-mask::y"), "x\n  ::add-mask::y");
        assert_eq!(text("::error::z"), "  ::error::z");
        assert_eq!(text("plain\n  text\twith tab"), "plain\n  text\twith tab");
    }

    #[test]
    fn source_keeps_every_byte_offset() {
        let raw = "a = \"\u{1b}\u{85}\u{2028}\u{e0041}\"\nb = 1\n";
        let inert = source(raw);
        assert_eq!(inert.len(), raw.len());
        assert_eq!(inert, "a = \"?????????????\"\nb = 1\n".replace("?????????????", &"?".repeat(1 + 2 + 3 + 4)));
        assert_eq!(&inert[inert.find('b').unwrap_or(0)..], "b = 1\n");
    }
}
