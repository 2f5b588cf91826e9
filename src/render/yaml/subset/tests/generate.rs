//! Documents for tests/yaml_subset.rs: in the templates' style (`clean_*`), with YAML syntax and
//! scalars outside the subset (`wild_*`), mutated, and values for fedc's writer.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

/// A document as the templates lay it out; rendered by `write`.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// A scalar as written after `key: ` or `- `.
    Scalar(String),
    Map(Vec<(String, Node)>),
    /// Items; whether a sequence under a key sits at the key's column (`indentless`).
    Seq(Vec<Node>, bool),
}

pub(crate) fn write(node: &Node, out: &mut String, indent: usize, step: usize) {
    match node {
        Node::Map(entries) => {
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 || !out.ends_with("- ") {
                    out.push_str(&" ".repeat(indent));
                }
                out.push_str(key);
                out.push(':');
                write_value(value, out, indent, step);
            }
        }
        other => write_value(other, out, indent, step),
    }
}

pub(crate) fn write_value(value: &Node, out: &mut String, indent: usize, step: usize) {
    match value {
        Node::Scalar(text) => {
            out.push(' ');
            out.push_str(text);
            out.push('\n');
        }
        Node::Map(_) => {
            out.push('\n');
            write(value, out, indent + step, step);
        }
        Node::Seq(items, indentless) => {
            out.push('\n');
            let at = if *indentless { indent } else { indent + step };
            for item in items {
                out.push_str(&" ".repeat(at));
                out.push_str("- ");
                match item {
                    Node::Scalar(text) => {
                        out.push_str(text);
                        out.push('\n');
                    }
                    Node::Map(_) => write(item, out, at + 2, step),
                    Node::Seq(..) => {
                        out.push_str("[]\n");
                    }
                }
            }
        }
    }
}

pub(crate) fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// Strings over characters that matter to YAML and JSON, including those libyaml reads as line
/// breaks or refuses.
pub(crate) fn tricky_string() -> impl Strategy<Value = String> {
    let chars = select(vec![
        'a', 'Z', '0', ' ', ':', '#', '-', '"', '\\', '\'', '\n', '\t', '\r', '\0', '\u{7f}', '\u{85}', '\u{a0}',
        '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}', 'é', '🦀', '<', '&', '{', '[', ',', '*', '!', '|', '%', '@',
    ]);
    prop_oneof![vec(chars, 0..8).prop_map(|c| c.into_iter().collect()), any::<String>()]
}

/// Words that are plain scalars in the subset, and words that look like them but are not.
pub(crate) fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9][a-zA-Z0-9._/=-]{0,10}",
        1 => select(vec![
            "true", "True", "TRUE", "false", "FALSE", "null", "Null", "NULL", "~", "yes", "No", "on", "OFF", "y", "n",
            "inf", "nan", "Infinity", ".inf", "-.inf", ".NaN", "e5", "E", "x1", "0x1F", "0o17", "0b101", "1_000",
            "1e3", "1.5", "-0", "007", "+5", "0", "-1", "123456789012345678", "1234567890123456789",
            "-9223372036854775808", "18446744073709551615", "99999999999999999999", "2001-12-14", "1:20",
            "missingkey=error", "a:b", "a: b", "a #b", "a b", "-", "--", "---", "...", "?", "? x", "&a x", "*a", "!t x",
            "<<", "=", "|", ">", "%x", "@x", "`x", "'q'", "'it''s'",
        ])
        .prop_map(str::to_string),
    ]
}

/// A scalar as written in the subset: JSON as `tojson` writes it, words, integers.
pub(crate) fn clean_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => subset_string().prop_map(|s| json(&s)),
        2 => "[a-zA-Z][a-zA-Z0-9._/=-]{0,10}".prop_filter("not reserved", |w| !reserved(w)),
        1 => "[0-9]{1,3}[g-np-wyzG-NP-WYZ][a-z0-9._/=-]{0,3}",
        1 => short_int().prop_map(|n| n.to_string()),
        1 => select(vec!["true", "false", "null", "{}", "[]"]).prop_map(str::to_string),
        2 => json_value().prop_map(|v| spaced(&v, ", ")),
        1 => json_value().prop_map(|v| spaced(&v, ",")),
    ]
}

pub(crate) fn short_int() -> impl Strategy<Value = i64> {
    prop_oneof![any::<i64>().prop_map(|n| n % 1_000_000_000_000_000_000), -1000i64..1000]
}

/// Strings of characters libyaml takes raw in a double-quoted scalar (the rest fall back).
pub(crate) fn subset_string() -> impl Strategy<Value = String> {
    let any_char = any::<char>().prop_map(|c| if subset_char(c) { c } else { '?' });
    let syntax = select(vec!['a', ' ', ':', '#', ',', '[', ']', '{', '}', '"', '\\', '\'', '&', '*', '-', 'é']);
    vec(prop_oneof![any_char, syntax], 0..8).prop_map(|chars| chars.into_iter().collect())
}

/// JSON values of the kinds `tojson` writes for the templates (no floats).
pub(crate) fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        short_int().prop_map(Value::from),
        subset_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((subset_string(), inner), 0..4).prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// JSON on one line as minijinja's `tojson` writes it: `": "` after keys, `comma` between items.
pub(crate) fn spaced(value: &Value, comma: &str) -> String {
    match value {
        Value::Array(items) => format!("[{}]", items.iter().map(|v| spaced(v, comma)).collect::<Vec<_>>().join(comma)),
        Value::Object(map) => {
            let entries: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", json(k), spaced(v, comma))).collect();
            format!("{{{}}}", entries.join(comma))
        }
        other => other.to_string(),
    }
}

pub(crate) fn subset_char(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Words the subset keeps away from as plain keys (YAML 1.1 booleans and the like), made ordinary.
pub(crate) fn unreserved(word: String) -> String {
    if reserved(&word) { format!("k{word}") } else { word }
}

pub(crate) fn reserved(word: &str) -> bool {
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "inf", "nan", "infinity"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(word))
}

/// Scalars outside the subset as well: any string JSON-escaped, hand-written escapes, words of
/// every kind, single quotes, flow collections with content.
pub(crate) fn wild_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => clean_scalar(),
        2 => tricky_string().prop_map(|s| json(&s)),
        2 => word(),
        1 => any::<f64>().prop_map(|f| Value::from(f).to_string()),
        1 => json_value().prop_map(|v| v.to_string()),
        1 => json_value().prop_map(|v| spaced(&v, " , ")),
        1 => select(vec![
            r#""\/""#, r#""\u00e9""#, r#""\u00E9""#, r#""\ud83e\udd80""#, r#""\ud83e""#, r#""\x41""#, r#""\N""#,
            r#""\u0000""#, r#""\u2028""#, r#""\ ""#, r#""a"b""#, r#""a""#, "\"a\" ", "\"a\" #c", "''", "'a'",
            "[\"a\", \"b\"]", "[\"a\" ,\"b\"]", "[\"a\",]", "[ ]", "[a]", "[\"a\",[\"b\"]]", "{\"a\":\"b\"}",
            "{\"a\": 1}", "{\"a\":1}", "{\"a\" : 1}", "[\"a\": 1]", "{\"a\": b}", "[1.5]", "[1e3]", "[-0]", "[a]", "{ }", "[1,2]", "|", "|-", ">", "\"a", "1.0", "1.5e+300", " x", "x ", "",
        ])
        .prop_map(str::to_string),
    ]
}

pub(crate) fn clean_key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9._/=-]{0,10}".prop_filter("not reserved", |w| !reserved(w)),
        "[0-9]{1,3}[g-np-wyzG-NP-WYZ][a-z0-9]{0,3}",
        subset_string().prop_map(|s| json(&s)),
    ]
}

pub(crate) fn wild_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => clean_key(),
        1 => word(),
        1 => tricky_string().prop_map(|s| json(&s)),
        1 => Just("k".repeat(1001)),
        1 => Just(format!("\"{}\"", "k".repeat(1100))),
        1 => Just("\"dup\"".to_string()),
        1 => Just("dup".to_string()),
    ]
}

pub(crate) fn tree(scalar: BoxedStrategy<String>, key: BoxedStrategy<String>) -> impl Strategy<Value = Node> {
    let leaf = scalar.prop_map(Node::Scalar);
    leaf.prop_recursive(5, 40, 5, move |inner| {
        prop_oneof![
            vec((key.clone(), inner.clone()), 1..5).prop_map(Node::Map),
            (vec(inner, 1..4), any::<bool>()).prop_map(|(items, indentless)| Node::Seq(items, indentless)),
        ]
    })
}

pub(crate) fn document(scalar: BoxedStrategy<String>, key: BoxedStrategy<String>) -> impl Strategy<Value = Node> {
    vec((key.clone(), tree(scalar, key)), 1..6).prop_map(Node::Map)
}

pub(crate) fn text_of(node: &Node, step: usize) -> String {
    let mut out = String::new();
    write(node, &mut out, 0, step);
    out
}

/// Whether some mapping of `node` has the same key twice (the subset defers those).
pub(crate) fn has_duplicate_keys(node: &Node) -> bool {
    match node {
        Node::Scalar(_) => false,
        Node::Seq(items, _) => items.iter().any(has_duplicate_keys),
        Node::Map(entries) => {
            let keys: std::collections::BTreeSet<String> = entries
                .iter()
                .map(|(raw, _)| serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.clone()))
                .collect();
            keys.len() < entries.len() || entries.iter().any(|(_, value)| has_duplicate_keys(value))
        }
    }
}

pub(crate) fn clean_document() -> impl Strategy<Value = Node> {
    document(clean_scalar().boxed(), clean_key().boxed())
}

pub(crate) fn wild_document() -> impl Strategy<Value = String> {
    (document(wild_scalar().boxed(), wild_key().boxed()), select(vec![1, 2, 3, 4]))
        .prop_map(|(node, step)| text_of(&node, step))
}

/// Edits that change what YAML reads: inserted syntax, deleted text, moved and re-indented lines,
/// document markers.
pub(crate) fn mutate(text: String, edits: Vec<(usize, usize, String)>) -> String {
    let mut text = text;
    for (at, kind, piece) in edits {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let at = boundaries[at % boundaries.len()];
        let lines: Vec<&str> = text.split('\n').collect();
        let line = at % lines.len().max(1);
        text = match kind % 6 {
            0 => format!("{}{piece}{}", &text[..at], &text[at..]),
            1 => {
                let end = boundaries.iter().copied().find(|b| *b > at).unwrap_or(at);
                format!("{}{}", &text[..at], &text[end..])
            }
            2 => {
                let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let copy = lines[line].clone();
                lines.insert(line, copy);
                lines.join("\n")
            }
            3 => {
                let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                lines[line] = format!(" {}", lines[line]);
                lines.join("\n")
            }
            4 => {
                let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                lines[line] = lines[line].strip_prefix(' ').unwrap_or(&lines[line]).to_string();
                lines.join("\n")
            }
            _ => format!("{text}{piece}"),
        };
    }
    text
}

pub(crate) fn edit() -> impl Strategy<Value = (usize, usize, String)> {
    let pieces = select(vec![
        " ", "  ", ":", ": ", "- ", "-", "#", " #c", "\t", "\r", "\n", "\n\n", "\n  ", "'", "\"", "\\", "[", "]", "{",
        "}", ",", "&a ", "*a", "!t ", "? ", "|", ">", "%", "@", "\u{85}", "\u{2028}", "\u{feff}", "\n---\n", "\n...\n",
        "---\n", "\nx: 1\n", "\n- x\n", "\n  y: 2", "é", "0",
    ]);
    (any::<usize>(), any::<usize>(), pieces.prop_map(str::to_string))
}

/// Objects as the writer gets them, strings from `strings`.
pub(crate) fn object(strings: BoxedStrategy<String>, keys: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        short_int().prop_map(Value::from),
        strings.clone().prop_map(Value::String),
    ];
    let tree = leaf.prop_recursive(4, 32, 5, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((keys.clone(), inner), 0..4).prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    });
    vec(("[a-z]{1,6}".prop_map(unreserved), tree), 1..6)
        .prop_map(|entries| Value::Object(entries.into_iter().collect()))
}

/// Values as fedc's objects hold them: names, paths, URLs, templates, certificates.
pub(crate) fn everyday_string() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-z0-9][a-zA-Z0-9._/=:@*{}-]{0,12}",
        "[a-zA-Z0-9 ,#:'\\[\\]\"-]{0,12}",
        vec("[ ]{0,2}[a-zA-Z0-9=+/ #:-]{1,20}", 1..5).prop_map(|lines| lines.join("\n") + "\n"),
        vec("[a-zA-Z0-9=+/-]{1,20}", 2..5).prop_map(|lines| lines.join("\n")),
    ]
    .boxed()
}
