//! Deterministic YAML: 2-space indent, compact sequences, `apiVersion, kind, metadata, spec|data`
//! first. Every string, as a key or a value, reads back as exactly that string with YAML 1.2 and
//! YAML 1.1 readers (`scalar` decides plain, double-quoted or literal block);
//! tests/yaml_strings.rs proves it against two independent parsers.

mod bytes;
mod scalar;
#[cfg(test)]
mod strings_tests;
pub(crate) mod subset;

use serde_json::{Map, Value};

/// Keys that lead, in this order, at the top of an object and inside `metadata`.
const TOP_ORDER: &[&str] = &["apiVersion", "kind", "metadata", "spec", "data"];
const METADATA_ORDER: &[&str] = &["name", "namespace", "labels", "annotations"];

/// Writes one document (a mapping) with a trailing newline.
#[cfg(test)]
pub(crate) fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_document(&mut out, value);
    out
}

/// Appends one document (a mapping) with a trailing newline to `out`.
pub(crate) fn write_document(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) if !map.is_empty() => write_map(out, map, 0, Some(TOP_ORDER)),
        other => {
            write_inline(out, other);
            out.push('\n');
        }
    }
}

/// The entries of `map`, those named in `lead` first in that order, then the others in map order.
fn ordered<'a>(
    map: &'a Map<String, Value>,
    lead: Option<&'a [&'a str]>,
) -> impl Iterator<Item = (&'a String, &'a Value)> + 'a {
    let lead = lead.unwrap_or(&[]);
    let first = lead.iter().filter_map(|k| map.get_key_value(*k));
    first.chain(map.iter().filter(move |(k, _)| !lead.contains(&k.as_str())))
}

fn write_map(out: &mut String, map: &Map<String, Value>, indent: usize, lead: Option<&[&str]>) {
    for (i, (key, value)) in ordered(map, lead).enumerate() {
        // The first key of a mapping inside a sequence item sits on the `- ` line.
        if i > 0 || !out.ends_with("- ") {
            push_indent(out, indent);
        }
        write_key(out, key, indent);
        let child_lead = if indent == 0 && key == "metadata" { Some(METADATA_ORDER) } else { None };
        write_value(out, value, indent, child_lead);
    }
}

/// Writes `key:`; a key too long for an implicit key becomes an explicit `? key` line, its value
/// following on the next line after `:`.
fn write_key(out: &mut String, key: &str, indent: usize) {
    let start = out.len();
    scalar::write_inline(out, key);
    if out.len() - start > scalar::IMPLICIT_KEY_MAX {
        let text = out.split_off(start);
        out.push_str("? ");
        out.push_str(&text);
        out.push('\n');
        push_indent(out, indent);
    }
    out.push(':');
}

/// Writes what follows `key:`, including the newline.
fn write_value(out: &mut String, value: &Value, indent: usize, lead: Option<&[&str]>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, indent + 2, lead);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent);
        }
        Value::String(s) if scalar::is_block_candidate(s) => write_block(out, s, indent + 2),
        other => {
            out.push(' ');
            write_inline(out, other);
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        push_indent(out, indent);
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => write_map(out, map, indent + 2, None),
            Value::Array(inner) if !inner.is_empty() => {
                out.truncate(out.len() - 1);
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            Value::String(s) if scalar::is_block_candidate(s) => {
                out.truncate(out.len() - 1);
                write_block(out, s, indent + 2);
            }
            other => {
                write_inline(out, other);
                out.push('\n');
            }
        }
    }
}

fn write_inline(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if !n.is_f64() => {
            use std::fmt::Write;
            let _ = write!(out, "{n}");
        }
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => scalar::write_inline(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// Integers as they are; floats always with a fraction and a signed exponent (`1.0e+300`, not
/// `1e300`), the one spelling both YAML 1.1 and 1.2 read as a float.
fn number_text(n: &serde_json::Number) -> String {
    let text = n.to_string();
    if !n.is_f64() {
        return text;
    }
    let (mantissa, exponent) = text.split_once(['e', 'E']).map_or((text.as_str(), None), |(m, e)| (m, Some(e)));
    let mantissa = if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.0") };
    match exponent {
        Some(e) if e.starts_with(['-', '+']) => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
        None => mantissa,
    }
}

fn push_indent(out: &mut String, indent: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(&SPACES[..n]);
        left -= n;
    }
}

/// A literal block, `|` keeping the one final line break, `|-` when there is none.
fn write_block(out: &mut String, s: &str, indent: usize) {
    out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
    for line in s.lines() {
        if !line.is_empty() {
            push_indent(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trips(value: &Value) -> String {
        let text = to_string(value);
        let back: Value = serde_yaml_ng::from_str(&text).unwrap();
        assert_eq!(&back, value, "{text}");
        text
    }

    #[test]
    fn quotes_keys_and_values_a_reader_would_retype() {
        let value = json!({"yes": "on", "0755": "1:20", "a: b": "2002-12-14", "": "~"});
        let text = round_trips(&value);
        assert_eq!(text, "\"yes\": \"on\"\n\"0755\": \"1:20\"\n\"a: b\": \"2002-12-14\"\n\"\": \"~\"\n");
    }

    #[test]
    fn escapes_line_separators_and_controls() {
        let text = round_trips(&json!({"k\u{2028}": "a\u{85}b\u{7f}\u{feff}"}));
        assert_eq!(text, "\"k\\L\": \"a\\Nb\\x7F\\uFEFF\"\n");
    }

    #[test]
    fn writes_floats_as_every_yaml_version_reads_them() {
        let value = json!({"a": 1e300, "b": 1.5e-7, "c": 0.5, "d": 100.0, "e": -3, "f": 18446744073709551615u64});
        let text = round_trips(&value);
        assert_eq!(text, "a: 1.0e+300\nb: 1.5e-7\nc: 0.5\nd: 100.0\ne: -3\nf: 18446744073709551615\n");
    }

    #[test]
    fn writes_a_long_key_as_an_explicit_key() {
        let key = "k".repeat(2000);
        let value = json!({"m": {&key: {"a": 1}, "s": [{&key: ["x"]}]}});
        let text = round_trips(&value);
        assert!(text.contains(&format!("  ? {key}\n  :\n    a: 1\n")), "{text}");
    }

    #[test]
    fn orders_top_keys_and_writes_compact_sequences() {
        let value = json!({
            "spec": {"list": [{"a": 1, "b": [true]}, "x"], "empty": {}},
            "metadata": {"labels": {"k": "v"}, "name": "demo"},
            "kind": "K",
            "apiVersion": "v1",
        });
        let expected = "apiVersion: v1\nkind: K\nmetadata:\n  name: demo\n  labels:\n    k: v\nspec:\n  list:\n  - a: 1\n    b:\n    - true\n  - x\n  empty: {}\n";
        assert_eq!(to_string(&value), expected);
    }

    #[test]
    fn writes_multi_line_text_as_literal_block_that_reads_back() {
        let value = json!({"data": {"pem": "line1\nline2\n"}});
        let text = to_string(&value);
        assert_eq!(text, "data:\n  pem: |\n    line1\n    line2\n");
        let back: Value = serde_yaml_ng::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
