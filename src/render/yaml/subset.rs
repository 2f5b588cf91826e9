//! A reader for the narrow subset of YAML that fedc's templates write, without libyaml: block
//! mappings and sequences indented with spaces, keys plain words or JSON strings, values JSON
//! (`tojson`: strings, integers, `true`/`false`/`null`, arrays and objects on one line) or plain
//! words, one entry per line.
//!
//! It answers `Some` only for text it reads exactly as `serde_yaml_ng` does (the same mapping, the
//! same key order, the same scalar types) and `None` for everything else, which the caller then
//! hands to `serde_yaml_ng`; errors always come from there. So the subset only needs to be a
//! subset: whatever is unusual (comments, tabs, anchors, tags, block scalars, multi-line or
//! single-quoted scalars, floats, duplicate keys, characters YAML reads as line breaks or
//! rejects, deep nesting) falls back. tests/yaml_subset.rs checks `Some` against `serde_yaml_ng`
//! over generated and mutated documents and every template's output for the examples.

mod scalars;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use super::bytes::split_lines;
use scalars::{scalar, split_key};

/// Deeper documents fall back (`serde_yaml_ng` has its own recursion limit and error).
const MAX_DEPTH: usize = 64;
/// YAML readers limit implicit keys to 1024 characters; longer ones fall back.
const KEY_MAX: usize = 1000;

/// The mapping `text` holds when it is one block mapping in the subset, read exactly as
/// `serde_yaml_ng` reads it; `None` when the text is outside the subset (not necessarily invalid).
pub(crate) fn read_mapping(text: &str) -> Option<Map<String, Value>> {
    if !all_printable(text) {
        return None;
    }
    let (body, ends_with_newline) = match text.strip_suffix('\n') {
        Some(body) => (body, true),
        None => (text, false),
    };
    let mut lines = Vec::with_capacity(text.len() / 24);
    for raw in split_lines(body) {
        let content = raw.trim_start_matches(' ');
        // Lines of spaces only: YAML's rules for them differ inside and around block scalars.
        if content.is_empty() && !raw.is_empty() {
            return None;
        }
        lines.push(Line { indent: raw.len() - content.len(), content });
    }
    let mut reader = Reader { lines, at: 0, depth: 0, ends_with_newline };
    let first = reader.peek()?;
    if first.indent != 0 || is_item(first.content) {
        return None;
    }
    let map = reader.mapping(0)?;
    reader.peek().is_none().then_some(map)
}

/// Only characters libyaml takes as they are: printable ASCII, line feeds, and non-ASCII that is
/// neither a C1 control, a YAML 1.1 line break (NEL, U+2028, U+2029), the byte order mark nor
/// U+FFFE/U+FFFF. Tabs and carriage returns fall back.
fn all_printable(text: &str) -> bool {
    let ascii_ok = |b: u8| b == b'\n' || (0x20..0x7f).contains(&b);
    // Without stopping at the first miss, so that the loop is vectorised: nearly every text passes.
    if text.bytes().fold(true, |ok, b| ok & ascii_ok(b)) {
        return true;
    }
    text.chars().all(|c| match u32::from(c) {
        code @ 0..=0x7f => ascii_ok(code as u8),
        0xa0..=0x2027 | 0x202a..=0xd7ff | 0xe000..=0xfefe | 0xff00..=0xfffd | 0x10000.. => true,
        _ => false,
    })
}

#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    /// Without the indentation; empty for an empty line.
    content: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    depth: usize,
    /// Whether the text's last line ends with a line break (a literal block at the very end
    /// without one falls back).
    ends_with_newline: bool,
}

fn is_item(content: &str) -> bool {
    content.starts_with("- ") || content == "-"
}

/// Empty lines and whole-line comments, which mean nothing between block entries.
fn is_blank_or_comment(line: &Line<'_>) -> bool {
    line.content.is_empty() || line.content.starts_with('#')
}

impl<'a> Reader<'a> {
    /// The next line that holds an entry, skipping empty and comment lines.
    fn peek(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.lines.get(self.at) {
            if !is_blank_or_comment(line) {
                return Some(*line);
            }
            self.at += 1;
        }
        None
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block mapping whose keys sit at column `indent`, starting at the current line.
    fn mapping(&mut self, indent: usize) -> Option<Map<String, Value>> {
        self.enter()?;
        let mut map = Map::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            // Deeper lines would continue a scalar (or be an error); `- ` here is an error.
            if line.indent > indent || is_item(line.content) {
                return None;
            }
            let (key, rest) = split_key(line.content)?;
            self.at += 1;
            let value = match rest.strip_prefix(' ') {
                Some(scalar_text) => self.value(scalar_text, indent)?,
                None if rest.is_empty() => self.nested(indent)?,
                None => return None,
            };
            // A key seen before in this mapping falls back.
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        self.depth -= 1;
        Some(map)
    }

    /// The value after `key: ` or `- ` of a collection at column `indent`: a scalar on the line,
    /// or a literal block on the lines after it.
    fn value(&mut self, text: &str, indent: usize) -> Option<Value> {
        match text {
            "|" => self.literal(indent, true),
            "|-" => self.literal(indent, false),
            _ => scalar(text),
        }
    }

    /// A literal block (`|` keeps the final line break, `|-` strips it) of a collection at
    /// column `indent`, as fedc's writer writes them: content indented at least two columns
    /// deeper, no empty lines, followed by a less indented entry or the end of the text.
    fn literal(&mut self, indent: usize, keep_final_break: bool) -> Option<Value> {
        let first = *self.lines.get(self.at)?;
        let block_indent = first.indent;
        if first.content.is_empty() || block_indent < indent + 2 {
            return None;
        }
        let mut text = String::new();
        while let Some(line) = self.lines.get(self.at) {
            if line.content.is_empty() {
                return None;
            }
            if line.indent < block_indent {
                // Comments right after a block have rules of their own.
                if line.content.starts_with('#') {
                    return None;
                }
                break;
            }
            text.extend(std::iter::repeat_n(' ', line.indent - block_indent));
            text.push_str(line.content);
            text.push('\n');
            self.at += 1;
        }
        if self.at == self.lines.len() && !self.ends_with_newline {
            return None;
        }
        if !keep_final_break {
            text.pop();
        }
        Some(Value::String(text))
    }

    /// The value of `key:` at column `indent` written on the following lines: a deeper block, or
    /// a sequence at the key's own column. Nothing (a null) falls back.
    fn nested(&mut self, indent: usize) -> Option<Value> {
        let next = self.peek()?;
        if next.indent > indent {
            if is_item(next.content) {
                self.sequence(next.indent).map(Value::Array)
            } else {
                self.mapping(next.indent).map(Value::Object)
            }
        } else if next.indent == indent && is_item(next.content) {
            self.sequence(indent).map(Value::Array)
        } else {
            None
        }
    }

    /// A block sequence whose `- ` sit at column `indent`.
    fn sequence(&mut self, indent: usize) -> Option<Vec<Value>> {
        self.enter()?;
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent > indent {
                return None;
            }
            if line.indent < indent || !is_item(line.content) {
                break;
            }
            if line.content == "-" {
                // A sequence in a sequence: `-` alone, the inner items on deeper lines.
                self.at += 1;
                let next = self.peek()?;
                if next.indent <= indent || !is_item(next.content) {
                    return None;
                }
                items.push(Value::Array(self.sequence(next.indent)?));
                continue;
            }
            let rest = line.content.strip_prefix("- ")?;
            if rest.is_empty() || rest.starts_with(' ') || is_item(rest) {
                return None;
            }
            // A mapping in an item starts on the item's line, its keys two columns in.
            if split_key(rest).is_some_and(|(_, after)| after.is_empty() || after.starts_with(' ')) {
                self.lines[self.at] = Line { indent: indent + 2, content: rest };
                items.push(Value::Object(self.mapping(indent + 2)?));
            } else {
                self.at += 1;
                items.push(self.value(rest, indent)?);
            }
        }
        self.depth -= 1;
        Some(items)
    }
}
