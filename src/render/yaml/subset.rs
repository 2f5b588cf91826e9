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

use serde_json::{Map, Number, Value};

/// Deeper documents fall back (`serde_yaml_ng` has its own recursion limit and error).
const MAX_DEPTH: usize = 64;
/// YAML readers limit implicit keys to 1024 characters; longer ones fall back.
const KEY_MAX: usize = 1000;

/// The mapping `text` holds when it is one block mapping in the subset, read exactly as
/// `serde_yaml_ng` reads it; `None` when the text is outside the subset (not necessarily invalid).
pub fn read_mapping(text: &str) -> Option<Map<String, Value>> {
    if !all_printable(text) {
        return None;
    }
    let mut lines = Vec::with_capacity(text.len() / 24);
    for raw in text.split('\n').filter(|l| !l.is_empty()) {
        let content = raw.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            return None;
        }
        lines.push(Line { indent: raw.len() - content.len(), content });
    }
    let first = lines.first()?;
    if first.indent != 0 || is_item(first.content) {
        return None;
    }
    let mut reader = Reader { lines, at: 0, depth: 0 };
    let map = reader.mapping(0)?;
    (reader.at == reader.lines.len()).then_some(map)
}

/// Only characters libyaml takes as they are: printable ASCII, line feeds, and non-ASCII that is
/// neither a C1 control, a YAML 1.1 line break (NEL, U+2028, U+2029), the byte order mark nor
/// U+FFFE/U+FFFF. Tabs and carriage returns fall back.
fn all_printable(text: &str) -> bool {
    let ascii_ok = |b: u8| b == b'\n' || (0x20..0x7f).contains(&b);
    if text.bytes().all(ascii_ok) {
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
    content: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    depth: usize,
}

fn is_item(content: &str) -> bool {
    content.starts_with("- ") || content == "-"
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
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
            if map.contains_key(&key) {
                return None;
            }
            self.at += 1;
            let value = match rest.strip_prefix(' ') {
                Some(scalar_text) => scalar(scalar_text)?,
                None if rest.is_empty() => self.nested(indent)?,
                None => return None,
            };
            map.insert(key, value);
        }
        self.depth -= 1;
        Some(map)
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
            let rest = line.content.strip_prefix("- ")?;
            if rest.is_empty() || rest.starts_with(' ') || is_item(rest) {
                return None;
            }
            // A mapping in an item starts on the item's line, its keys two columns in.
            if split_key(rest).is_some() {
                self.lines[self.at] = Line { indent: indent + 2, content: rest };
                items.push(Value::Object(self.mapping(indent + 2)?));
            } else {
                items.push(scalar(rest)?);
                self.at += 1;
            }
        }
        self.depth -= 1;
        Some(items)
    }
}

/// `key:` and what follows the colon, for a plain identifier or JSON string key.
fn split_key(content: &str) -> Option<(String, &str)> {
    let (key, rest) = if content.starts_with('"') {
        let (key, length) = json_string(content)?;
        (key, &content[length..])
    } else {
        let length = content.bytes().take_while(|b| is_word_byte(*b)).count();
        let word = &content[..length];
        if !is_plain_word(word) {
            return None;
        }
        (word.to_string(), &content[length..])
    };
    let rest = rest.strip_prefix(':')?;
    (content.len() - rest.len() <= KEY_MAX).then_some((key, rest))
}

/// One scalar filling the rest of a line.
fn scalar(text: &str) -> Option<Value> {
    match *text.as_bytes().first()? {
        b'"' | b'[' | b'{' => match flow(text, 0)? {
            (value, "") => Some(value),
            _ => None,
        },
        _ => plain(text),
    }
}

/// A plain scalar: `true`, `false`, `null`, a decimal integer of at most 18 digits (no leading
/// zero, no `+`, not `-0`), or a word that no YAML version reads as anything but a string.
fn plain(text: &str) -> Option<Value> {
    match text {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        "null" => return Some(Value::Null),
        _ => {}
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        let canonical = !digits.is_empty() && digits.len() <= 18 && (digits == "0" || !digits.starts_with('0'));
        if !canonical || text == "-0" {
            return None;
        }
        let number = if text.starts_with('-') {
            Number::from(text.parse::<i64>().ok()?)
        } else {
            Number::from(text.parse::<u64>().ok()?)
        };
        return Some(Value::Number(number));
    }
    is_plain_word(text).then(|| Value::String(text.to_string()))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-' | b'=')
}

/// Made of letters, digits and `._/-=`, and read as a string by every YAML reader: it starts with
/// a letter and is not a boolean, null or special float of any YAML version, or it starts with a
/// digit and has a letter that no number has (`1h`, `10m`; not `1e3`, `0x1F`, `0o7`).
fn is_plain_word(word: &str) -> bool {
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null", "inf", "nan", "infinity"];
    let Some(first) = word.as_bytes().first() else { return false };
    let string_only = if first.is_ascii_alphabetic() {
        !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
    } else if first.is_ascii_digit() {
        word.bytes().any(|b| b.is_ascii_alphabetic() && !b"abcdefABCDEFoOxX".contains(&b))
    } else {
        false
    };
    string_only && word.bytes().all(is_word_byte)
}

/// A JSON value as minijinja's `tojson` writes it, at the start of `text`: strings, integers,
/// `true`/`false`/`null`, arrays and objects with `, ` (or `,`) between items and `": "` after
/// keys. Returns the value and the text after it.
fn flow(text: &str, depth: usize) -> Option<(Value, &str)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match *text.as_bytes().first()? {
        b'"' => {
            let (s, length) = json_string(text)?;
            Some((Value::String(s), &text[length..]))
        }
        b'[' => {
            let mut items = Vec::new();
            let mut rest = &text[1..];
            if let Some(after) = rest.strip_prefix(']') {
                return Some((Value::Array(items), after));
            }
            loop {
                let (item, after) = flow(rest, depth + 1)?;
                items.push(item);
                match after.strip_prefix(']') {
                    Some(after) => return Some((Value::Array(items), after)),
                    None => rest = separator(after)?,
                }
            }
        }
        b'{' => {
            let mut map = Map::new();
            let mut rest = &text[1..];
            if let Some(after) = rest.strip_prefix('}') {
                return Some((Value::Object(map), after));
            }
            loop {
                let (key, length) = json_string(rest)?;
                if length > KEY_MAX || map.contains_key(&key) {
                    return None;
                }
                let (value, after) = flow(rest[length..].strip_prefix(": ")?, depth + 1)?;
                map.insert(key, value);
                match after.strip_prefix('}') {
                    Some(after) => return Some((Value::Object(map), after)),
                    None => rest = separator(after)?,
                }
            }
        }
        _ => {
            let length = text.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
            match plain(&text[..length])? {
                Value::String(_) => None,
                value => Some((value, &text[length..])),
            }
        }
    }
}

/// `,` or `, ` between flow items; what follows.
fn separator(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(',')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// A JSON string at the start of `text`: its value and its length in bytes, quotes included.
/// Only the escapes JSON and YAML double-quoted scalars read alike; `\/` and surrogate `\u`
/// escapes (libyaml rejects those) fall back.
fn json_string(text: &str) -> Option<(String, usize)> {
    let body = text.strip_prefix('"')?;
    let bytes = body.as_bytes();
    let end = bytes.iter().position(|b| *b == b'"' || *b == b'\\')?;
    if bytes[end] == b'"' {
        return Some((body[..end].to_string(), end + 2));
    }
    let mut value = String::with_capacity(body.len());
    value.push_str(&body[..end]);
    let mut i = end;
    loop {
        let run = bytes[i..].iter().position(|b| *b == b'"' || *b == b'\\')?;
        value.push_str(&body[i..i + run]);
        i += run;
        if bytes[i] == b'"' {
            return Some((value, i + 2));
        }
        let (c, length) = escape(&body[i + 1..])?;
        value.push(c);
        i += 1 + length;
    }
}

/// The character an escape (after its backslash) stands for, and the escape's length.
fn escape(text: &str) -> Option<(char, usize)> {
    let c = match text.as_bytes().first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hex = text.get(1..5)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            return Some((char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, 5));
        }
        _ => return None,
    };
    Some((c, 1))
}
