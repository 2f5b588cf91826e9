//! Deterministic YAML: 2-space indent, compact sequences, `apiVersion, kind, metadata, spec|data`
//! first, strings quoted whenever a YAML 1.1 or 1.2 reader could take them for anything else.

use serde_json::{Map, Value};

/// Keys that lead, in this order, at the top of an object and inside `metadata`.
const TOP_ORDER: &[&str] = &["apiVersion", "kind", "metadata", "spec", "data"];
const METADATA_ORDER: &[&str] = &["name", "namespace", "labels", "annotations"];

/// Writes one document (a mapping) with a trailing newline.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0, Some(TOP_ORDER)),
        other => {
            write_inline(&mut out, other);
            out.push('\n');
        }
    }
    out
}

fn ordered<'a>(map: &'a Map<String, Value>, lead: Option<&[&str]>) -> Vec<(&'a String, &'a Value)> {
    let lead = lead.unwrap_or(&[]);
    let mut entries: Vec<(&String, &Value)> = lead.iter().filter_map(|k| map.get_key_value(*k)).collect();
    entries.extend(map.iter().filter(|(k, _)| !lead.contains(&k.as_str())));
    entries
}

fn write_map(out: &mut String, map: &Map<String, Value>, indent: usize, lead: Option<&[&str]>) {
    for (i, (key, value)) in ordered(map, lead).into_iter().enumerate() {
        // The first key of a mapping inside a sequence item sits on the `- ` line.
        if i > 0 || !out.ends_with("- ") {
            push_indent(out, indent);
        }
        write_scalar_string(out, key);
        out.push(':');
        let child_lead = if indent == 0 && key == "metadata" { Some(METADATA_ORDER) } else { None };
        write_value(out, value, indent, child_lead);
    }
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
        Value::String(s) if is_block_candidate(s) => write_block(out, s, indent + 2),
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
            Value::String(s) if is_block_candidate(s) => {
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
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_scalar_string(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Multi-line text (certificates) reads best as a literal block.
fn is_block_candidate(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.chars().all(|c| c == '\n' || !c.is_control())
        && !s.lines().any(|l| l.ends_with(' '))
}

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

fn write_scalar_string(out: &mut String, s: &str) {
    if needs_quotes(s) {
        // JSON string syntax is valid YAML double-quoted syntax.
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
    } else {
        out.push_str(s);
    }
}

/// Whether a plain (unquoted) scalar could be read as something other than this string.
pub fn needs_quotes(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", "<<", "=",
    ];
    let Some(first) = s.chars().next() else { return true };
    RESERVED.contains(&s)
        || looks_numeric(s)
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_whitespace()
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(|c| c.is_control() || c == '\u{feff}')
}

/// Numbers in any YAML version's spelling: ints with `_`, `0x`/`0o`/`0b`, octal, sexagesimal
/// (`1:20`), floats, exponents, `.inf`/`.nan`, and dates (`2024-01-01`).
fn looks_numeric(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if matches!(body.to_ascii_lowercase().as_str(), ".inf" | ".nan") {
        return true;
    }
    let radix = ["0x", "0o", "0b"].iter().find_map(|p| body.strip_prefix(p));
    if let Some(digits) = radix {
        return !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    }
    body.chars().any(|c| c.is_ascii_digit()) && body.chars().all(|c| c.is_ascii_digit() || "_.:eE+-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quotes_what_a_yaml_reader_would_retype() {
        for s in ["yes", "on", "0755", "1e3", "~", "1:20", "2024-01-01", "0x1F", ".inf", "", "a: b", "- x", "*"] {
            assert!(needs_quotes(s), "{s} should be quoted");
        }
        for s in ["red-mesh", "10s", "us-east-1", "svc.cluster.local", "ingress-red", "v2.5", "a/b"] {
            assert!(!needs_quotes(s), "{s} should be plain");
        }
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
