//! The scalars of the subset: JSON as `tojson` writes it (strings, integers, `true`/`false`/
//! `null`, arrays and objects on one line) and plain words, each read exactly as `serde_yaml_ng`
//! reads it, or `None`.

use serde_json::{Map, Number, Value};

use super::{KEY_MAX, MAX_DEPTH};

/// `key:` and what follows the colon, for a plain identifier or JSON string key.
pub(super) fn split_key(content: &str) -> Option<(String, &str)> {
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
pub(super) fn scalar(text: &str) -> Option<Value> {
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
    is_plain_value(text).then(|| Value::String(text.to_string()))
}

/// A plain string as fedc's writer writes values (`https://git.example.com/a.git`,
/// `./rendered/clusters/east`, `bookinfo-{{.path.basename}}`): a word, or made of letters,
/// digits and `-._/=:@*{}` with no `: ` (there are no spaces), not ending in `:`, starting with a
/// letter, digit, `_`, `/` or `.`; one starting with a digit or `.` must hold a character no
/// number or special float has (`.inf`, `1e3`, `0x1F` do not qualify).
fn is_plain_value(text: &str) -> bool {
    const NUMBERISH: &[u8] = b"0123456789abcdefABCDEFoOxXiInNtTyY+-._";
    let Some(&first) = text.as_bytes().first() else { return false };
    let allowed = |b: u8| is_word_byte(b) || matches!(b, b':' | b'@' | b'*' | b'{' | b'}');
    if is_plain_word(text) {
        return true;
    }
    let string_only = match first {
        b'_' | b'/' => true,
        b'.' | b'0'..=b'9' => text.bytes().any(|b| !NUMBERISH.contains(&b)),
        b'a'..=b'z' | b'A'..=b'Z' => !is_reserved(text),
        _ => false,
    };
    string_only && text.bytes().all(allowed) && !text.ends_with(':') && !text.starts_with("...")
}

fn is_word_byte(b: u8) -> bool {
    WORD[usize::from(b)]
}

/// The bytes of a plain word: ASCII letters, digits and `._/-=`.
const WORD: [bool; 256] = super::super::bytes::ascii_word_table(b"._/-=");

/// Made of letters, digits and `._/-=`, and read as a string by every YAML reader: it starts with
/// a letter and is not a boolean, null or special float of any YAML version, or it starts with a
/// digit and has a letter that no number has (`1h`, `10m`; not `1e3`, `0x1F`, `0o7`).
fn is_plain_word(word: &str) -> bool {
    let Some(first) = word.as_bytes().first() else { return false };
    let string_only = if first.is_ascii_alphabetic() {
        !is_reserved(word)
    } else if first.is_ascii_digit() {
        word.bytes().any(|b| b.is_ascii_alphabetic() && !b"abcdefABCDEFoOxX".contains(&b))
    } else {
        false
    };
    string_only && word.bytes().all(is_word_byte)
}

/// Booleans, nulls and special floats of any YAML version, in any letter case.
fn is_reserved(word: &str) -> bool {
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null", "inf", "nan", "infinity"];
    // None is longer than `infinity`: most keys are, and are told apart by their length alone.
    word.len() <= "infinity".len() && RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
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
                if length > KEY_MAX {
                    return None;
                }
                let (value, after) = flow(rest[length..].strip_prefix(": ")?, depth + 1)?;
                if map.insert(key, value).is_some() {
                    return None;
                }
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
