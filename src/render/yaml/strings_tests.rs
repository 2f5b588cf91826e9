//! fedc's YAML writer is correct for every string, as a key and as a value, in mappings, sequences
//! and nested mappings: what it writes reads back as exactly the same structure and strings with
//! two independent parsers, serde_yaml_ng (a port of libyaml, YAML 1.1) and yaml-rust2 (pure Rust,
//! YAML 1.2). For the YAML 1.1 type repository (which neither parser applies, but Go's yaml.v2 and
//! PyYAML do), no string written as a plain scalar matches any of its resolution patterns
//! (yaml.org/type: bool, int, float, null, timestamp, merge, value), nor the YAML 1.2 core schema's;
//! and the text contains no character a YAML 1.1 reader takes for a line break or refuses.
//!
//! Random cases per property: `FEDC_YAML_CASES` (default below); 10000 or more also sweeps every
//! Unicode character, e.g. `FEDC_YAML_CASES=100000 cargo test --release --test integration yaml_strings`.

use std::sync::LazyLock;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use regex::Regex;
use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, EventReceiver, Parser};
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::{Yaml, YamlLoader};

const DEFAULT_CASES: u32 = 512;

fn config() -> Config {
    let cases = std::env::var("FEDC_YAML_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    // No regression files are written into the repository; a failure prints its minimal case.
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// YAML 1.1 implicit types (yaml.org/type/*.html) and the YAML 1.2 core schema, anchored. The
/// timestamp's time zone may follow blanks, as the page's own example `2001-12-14 21:59:43.10 -5`
/// (and PyYAML) has it; its regex forgot them.
static RESOLVED: LazyLock<Vec<(&str, Regex)>> = LazyLock::new(|| {
    let patterns = [
        ("1.1 bool", r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"),
        (
            "1.1 int",
            r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+",
        ),
        (
            "1.1 float",
            r"[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        ),
        ("1.1 null", r"~|null|Null|NULL|"),
        (
            "1.1 timestamp",
            r"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?",
        ),
        ("1.1 merge", r"<<"),
        ("1.1 value", r"="),
        ("1.2 null", r"null|Null|NULL|~"),
        ("1.2 bool", r"true|True|TRUE|false|False|FALSE"),
        ("1.2 int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
        ("1.2 float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN"),
    ];
    patterns.into_iter().map(|(name, p)| (name, Regex::new(&format!("^(?:{p})$")).expect("pattern"))).collect()
});

include!("../../../tests/support/yaml_words.rs");

const PREFIXES: &[&str] = &["", "", "", " ", "\t", "-", "--- ", "... ", "? ", "# ", "\n", "\u{feff}", "\u{85}"];
const SUFFIXES: &[&str] = &["", "", "", " ", "\t", ":", ": x", " #x", "\n", "\n\n", "\u{2028}", "\r\n"];

fn special() -> impl Strategy<Value = String> {
    vec(select(SPECIAL.chars().collect::<Vec<char>>()), 0..12).prop_map(|chars| chars.into_iter().collect())
}

fn ambiguous() -> impl Strategy<Value = String> {
    (select(PREFIXES), select(AMBIGUOUS), select(SUFFIXES)).prop_map(|(p, w, s)| format!("{p}{w}{s}"))
}

/// Multi-line text, the shape that may become a literal block.
fn text() -> impl Strategy<Value = String> {
    let line = prop_oneof![special(), "[a-zA-Z0-9+/= -]{0,20}", select(AMBIGUOUS).prop_map(String::from)];
    (vec(line, 1..5), select(&["", "\n", "\n\n", " \n"][..])).prop_map(|(lines, end)| lines.join("\n") + end)
}

/// Strings around the 1024-character limit of implicit keys.
fn long() -> impl Strategy<Value = String> {
    (990..1040usize, special()).prop_map(|(n, tail)| "k".repeat(n) + &tail)
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![3 => any::<String>(), 3 => special(), 3 => ambiguous(), 2 => text(), 1 => long()]
}

fn map(entries: Vec<(String, Value)>) -> Value {
    Value::Object(entries.into_iter().collect::<Map<String, Value>>())
}

/// A mapping of strings, sequences and nested mappings, strings everywhere.
fn document() -> impl Strategy<Value = Value> {
    let leaf = string().prop_map(Value::String);
    let tree = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![vec(inner.clone(), 0..4).prop_map(Value::Array), vec((string(), inner), 0..4).prop_map(map)]
    });
    vec((string(), tree), 1..5).prop_map(map)
}

fn via_libyaml(text: &str) -> Result<Value, String> {
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| format!("serde_yaml_ng: {e}"))?;
    from_libyaml(value)
}

fn from_libyaml(value: serde_yaml_ng::Value) -> Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::String(s) => Ok(Value::String(s)),
        Y::Sequence(items) => items.into_iter().map(from_libyaml).collect::<Result<_, _>>().map(Value::Array),
        Y::Mapping(mapping) => {
            let mut out = Map::new();
            for (key, value) in mapping {
                let Y::String(key) = key else { return Err(format!("serde_yaml_ng read a non-string key {key:?}")) };
                out.insert(key, from_libyaml(value)?);
            }
            Ok(Value::Object(out))
        }
        other => Err(format!("serde_yaml_ng read a non-string scalar {other:?}")),
    }
}

fn via_yaml_rust2(text: &str) -> Result<Value, String> {
    let mut docs = YamlLoader::load_from_str(text).map_err(|e| format!("yaml-rust2: {e}"))?;
    if docs.len() != 1 {
        return Err(format!("yaml-rust2 read {} documents", docs.len()));
    }
    from_yaml_rust2(docs.remove(0))
}

fn from_yaml_rust2(value: Yaml) -> Result<Value, String> {
    match value {
        Yaml::String(s) => Ok(Value::String(s)),
        Yaml::Array(items) => items.into_iter().map(from_yaml_rust2).collect::<Result<_, _>>().map(Value::Array),
        Yaml::Hash(hash) => {
            let mut out = Map::new();
            for (key, value) in hash {
                let Yaml::String(key) = key else { return Err(format!("yaml-rust2 read a non-string key {key:?}")) };
                out.insert(key, from_yaml_rust2(value)?);
            }
            Ok(Value::Object(out))
        }
        other => Err(format!("yaml-rust2 read a non-string scalar {other:?}")),
    }
}

/// Every scalar with the style it was written in.
#[derive(Default)]
struct Scalars(Vec<(String, TScalarStyle)>);

impl EventReceiver for Scalars {
    fn on_event(&mut self, event: Event) {
        if let Event::Scalar(value, style, _, _) = event {
            self.0.push((value, style));
        }
    }
}

const YAML_1_1_BREAKS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

/// Characters a YAML 1.1 reader refuses, or reads as a line break, anywhere in the text.
fn unsafe_raw(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Writes `value`, reads it back with both parsers, and checks the plain scalars and raw text.
fn check(value: &Value) -> Result<(), String> {
    let text = crate::render::yaml::to_string(value);
    let context = || format!("\n--- written ---\n{text}--- for ---\n{value:?}");
    for (parser, read) in [("serde_yaml_ng", via_libyaml(&text)), ("yaml-rust2", via_yaml_rust2(&text))] {
        let read = read.map_err(|e| format!("{e}{}", context()))?;
        if &read != value {
            return Err(format!("{parser} read back {read:?}{}", context()));
        }
    }
    if let Some(c) = text.chars().find(|c| unsafe_raw(*c)) {
        return Err(format!("raw {c:?} in the text{}", context()));
    }
    let mut scalars = Scalars::default();
    Parser::new_from_str(&text).load(&mut scalars, false).map_err(|e| format!("events: {e}{}", context()))?;
    for (scalar, style) in &scalars.0 {
        let resolved = RESOLVED.iter().find(|(_, re)| re.is_match(scalar));
        if let (TScalarStyle::Plain, Some((name, _))) = (style, resolved) {
            return Err(format!("plain {scalar:?} is a {name}{}", context()));
        }
        let unquoted = matches!(style, TScalarStyle::Plain | TScalarStyle::Literal | TScalarStyle::Folded);
        if unquoted && scalar.contains(YAML_1_1_BREAKS) {
            return Err(format!("{style:?} scalar {scalar:?} holds a YAML 1.1 line break{}", context()));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_string_round_trips_through_both_parsers(value in document()) {
        check(&value).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn every_string_round_trips_as_key_value_and_item(s in string()) {
        let value = serde_json::json!({ &s: &s, "seq": [&s, { &s: [&s] }], "nested": { "inner": { &s: &s } } });
        check(&value).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn every_special_character_and_word_round_trips() {
    let words = AMBIGUOUS.iter().map(|w| w.to_string());
    let decorated = PREFIXES.iter().flat_map(|p| AMBIGUOUS.iter().map(move |w| format!("{p}{w}")));
    let suffixed = SUFFIXES.iter().flat_map(|s| AMBIGUOUS.iter().map(move |w| format!("{w}{s}")));
    let chars = SPECIAL.chars().flat_map(|c| [c.to_string(), format!("a{c}"), format!("{c}a"), format!("a{c}b\n")]);
    for s in words.chain(decorated).chain(suffixed).chain(chars) {
        let value = serde_json::json!({ &s: &s, "seq": [&s, { &s: [&s] }] });
        if let Err(problem) = check(&value) {
            panic!("{problem}");
        }
    }
}

/// Unicode scalar values, alone, after a letter and inside a literal-block candidate, as a key and
/// as a value, in documents of 4096 characters each. Every character the writer treats specially
/// lies in the ranges always covered; elsewhere one in 257 is taken, unless a thorough run
/// (`FEDC_YAML_CASES` of 10000 or more) asks for all 1,112,064.
#[test]
fn unicode_characters_round_trip() {
    let thorough = config().cases >= 10_000;
    let special_ranges = [0..0x3000, 0xD000..0x1_0000, 0xE_0000..0xE_0100, 0x10_FF00..0x11_0000];
    let covered = |code: &u32| thorough || code.is_multiple_of(257) || special_ranges.iter().any(|r| r.contains(code));
    let chars: Vec<char> = (0..=0x10_FFFF_u32).filter(covered).filter_map(char::from_u32).collect();
    for chunk in chars.chunks(4096) {
        let entries = chunk.iter().flat_map(|c| {
            [(c.to_string(), Value::String(format!("x{c}"))), (format!("k{c}"), Value::String(format!("{c}\nline\n")))]
        });
        if let Err(problem) = check(&map(entries.collect())) {
            panic!("{}", problem.chars().take(2000).collect::<String>());
        }
    }
}

#[test]
fn the_resolution_patterns_recognise_their_examples() {
    let resolved = |s: &str| RESOLVED.iter().any(|(_, re)| re.is_match(s));
    for s in ["yes", "OFF", "0755", "0b1010", "0x_1F", "1_000", "190:20:30", "190:20:30.15", "6.8523015e+5", ".5"] {
        assert!(resolved(s), "{s} should resolve");
    }
    for s in ["-.Inf", ".NaN", "~", "", "2002-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"] {
        assert!(resolved(s), "{s} should resolve");
    }
    for s in ["<<", "=", "1e3", "0o17", "203.0.113.20", "1.2.3", "."] {
        assert!(resolved(s), "{s} should resolve");
    }
    for s in ["10s", "us-east-1", "v2.5", "red", "yes please", "0x", "1:2:3a"] {
        assert!(!resolved(s), "{s} should stay a string");
    }
}
