//! Messages for the usual slips in a topology that does not parse: a YAML file, `[mesh]` or
//! `[[mesh]]` for `[[meshes]]`, a misspelt key, and serde's type errors that name Rust types
//! ("expected struct LocalityDef"), rewritten in the topology's own words: the keys the table
//! takes, read from the JSON Schema generated from the same types (so they cannot drift).

use crate::diagnostic::{Diagnostic, codes};
use crate::source::SourceFile;

/// The finding for a topology that does not parse: `message` at `span`, reworded when it is
/// one of the usual slips.
pub(crate) fn diagnostic(source: &SourceFile, span: std::ops::Range<usize>, message: &str) -> Diagnostic {
    if looks_like_yaml(source) {
        return Diagnostic::new(codes::load::NOT_TOML, "this looks like YAML; fedc topologies are TOML")
            .label(span, "not TOML")
            .help("see docs/topology.md for the format, or write a starter topology with `fedc init`");
    }
    let header = header_name(&source.text, &span);
    let (message, help) = match (header, unknown_field(message)) {
        (Some(name), _) if message.starts_with("duplicate key") || unknown_field(message).is_some() => {
            table_slip(&name, message)
        }
        (_, Some((field, expected))) => {
            let suggestion = closest(&field, &expected).map(|s| format!("did you mean `{s}`? "));
            let help = format!("{}this table takes: {}", suggestion.unwrap_or_default(), expected.join(", "));
            (format!("unknown key `{field}`"), help)
        }
        _ => (reword_types(message), "see docs/topology.md for the topology format".to_string()),
    };
    Diagnostic::new(codes::load::INVALID_TOML, message).label(span, "here").help(help)
}

/// A table header naming a near-miss of a top-level array (`[mesh]`, `[[mesh]]`, `[meshes]`).
fn table_slip(name: &str, message: &str) -> (String, String) {
    const ARRAYS: [&str; 7] = ["clusters", "meshes", "peerings", "exports", "imports", "failover", "overlays"];
    let best =
        closest(name, &ARRAYS.map(String::from)).or_else(|| ARRAYS.iter().find(|a| **a == name).map(|a| a.to_string()));
    match best {
        Some(array) => (
            format!("`{name}` is not a table of the topology"),
            format!("did you mean `[[{array}]]`? Each entry is its own `[[{array}]]` table"),
        ),
        None => (reword_types(message), "see docs/topology.md for the topology format".to_string()),
    }
}

/// The name in the table header `[name]` / `[[name]]` on the line of `span`, if it is one.
fn header_name(text: &str, span: &std::ops::Range<usize>) -> Option<String> {
    let start = text.get(..span.start)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?.trim();
    let inner = line.strip_prefix('[')?.trim_start_matches('[');
    let name = inner.split(']').next()?.trim();
    (!name.contains('.') && !name.is_empty()).then(|| name.to_string())
}

/// `unknown field `x`, expected one of `a`, `b`` (or `expected `a``) → (x, [a, b]).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((field.to_string(), expected))
}

/// The candidate closest to `word`, if close enough to be a typo.
fn closest(word: &str, candidates: &[String]) -> Option<String> {
    let scored = candidates.iter().map(|c| (strsim::jaro_winkler(word, c), c));
    let best = scored.max_by(|a, b| a.0.total_cmp(&b.0))?;
    (best.0 >= 0.8 && best.1 != word).then(|| best.1.clone())
}

/// serde's Rust vocabulary in TOML's: `struct FooDef` → a table and its keys, `map` → table,
/// `sequence` → array, `i64` → integer. Only serde's words are touched, not a quoted value: the
/// found type after `invalid type: `, and what follows the last `, expected `.
pub(crate) fn reword_types(message: &str) -> String {
    let (head, tail) = message.rfind(", expected ").map_or((message, ""), |at| message.split_at(at));
    let head = head
        .replace("invalid type: map", "invalid type: table")
        .replace("invalid type: sequence", "invalid type: array");
    let mut tail = tail.replace("a sequence", "an array").replace("a map", "a table").replace("i64", "an integer");
    while let Some(at) = tail.find("struct ") {
        let name: String = tail[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let described = describe_table(&name);
        tail.replace_range(at..at + 7 + name.len(), &described);
    }
    format!("{head}{tail}")
}

/// "a table with keys region, zone, subzone" for a load type, from the generated schema.
fn describe_table(type_name: &str) -> String {
    let schema = super::schema();
    let keys: Vec<String> = schema
        .pointer(&format!("{}/properties", super::schema::definition_pointer(type_name)))
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    if keys.is_empty() { "a table".to_string() } else { format!("a table (with keys {})", keys.join(", ")) }
}

/// A `.yaml`/`.yml` name, or text whose first meaningful line is YAML (`---`, `key: value`).
fn looks_like_yaml(source: &SourceFile) -> bool {
    let name = source.name.to_ascii_lowercase();
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        return true;
    }
    let first = source.text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
    first.is_some_and(|line| {
        let key = line.split_once(':').map(|(k, _)| k);
        line == "---"
            || key.is_some_and(|k| {
                !k.is_empty()
                    && !line.contains('=')
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> SourceFile {
        SourceFile::new(name.to_string(), text.to_string())
    }

    #[test]
    fn yaml_is_recognised_by_name_or_first_line() {
        assert!(looks_like_yaml(&source("t.yml", "[federation]")));
        assert!(looks_like_yaml(&source("t.toml", "# c\n---\nkind: x")));
        assert!(looks_like_yaml(&source("t.toml", "apiVersion: v1\n")));
        assert!(!looks_like_yaml(&source("t.toml", "[federation]\nname = \"a: b\"\n")));
        assert!(!looks_like_yaml(&source("t.toml", "name = \"x\"\n")));
    }

    #[test]
    fn rust_types_become_the_topology_words() {
        assert_eq!(
            reword_types("invalid type: string \"x\", expected struct LocalityDef"),
            "invalid type: string \"x\", expected a table (with keys region, zone, subzone)"
        );
        assert_eq!(reword_types("invalid type: map, expected a sequence"), "invalid type: table, expected an array");
        assert_eq!(reword_types("x, expected struct NoSuchDef"), "x, expected a table");
        // A quoted value keeps its words.
        assert_eq!(
            reword_types("invalid type: string \"a map of struct x\", expected a string"),
            "invalid type: string \"a map of struct x\", expected a string"
        );
    }

    #[test]
    fn headers_and_unknown_fields_are_read() {
        let text = "[federation]\n[[mesh]]\nname = 1\n";
        assert_eq!(header_name(text, &(15..19)), Some("mesh".to_string()));
        assert_eq!(header_name(text, &(24..28)), None);
        assert_eq!(
            unknown_field("unknown field `nmae`, expected one of `name`, `target`"),
            Some(("nmae".to_string(), vec!["name".to_string(), "target".to_string()]))
        );
        assert_eq!(closest("nmae", &["name".to_string(), "target".to_string()]), Some("name".to_string()));
        assert_eq!(closest("zzz", &["name".to_string()]), None);
    }
}
