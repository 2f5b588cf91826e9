//! Every format error of a topology in one run. serde stops at the first error, so three typos
//! took three runs; an editor with fedc's schema (taplo) shows all three at once. When the
//! topology does not deserialise, this reads it again as plain TOML with a span on every key and
//! value, validates that against the topology's own JSON Schema (`schema.rs`: derived from the
//! types serde fills, so the two agree), and reports each error at its span, worded as
//! `slips.rs` words serde's errors. Syntax errors are reported as the TOML parser recovers from
//! them, each at its place.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde_json::Value;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::slips;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Where the key and the value at a JSON pointer are written, and what the value is.
struct Place {
    key: Option<Range<usize>>,
    value: Range<usize>,
    /// `string "x"`, `integer 3`, `table`: for "invalid type" messages.
    found: String,
}

/// The findings of a topology that did not deserialise: every syntax error or, when there is
/// none, every schema error. Empty when neither finds one (serde's own error then stands alone).
/// `reported`: serde's error (message and span), reported by the caller. A syntax error with the
/// same message from there to the next table header is the same error seen by the recovering
/// parser (a duplicate table is a duplicate key inside it), and is left out.
pub(crate) fn all_errors(source: &SourceFile, reported: (&str, Range<usize>)) -> Vec<Diagnostic> {
    let (document, syntax) = DeTable::parse_recoverable(&source.text);
    if !syntax.is_empty() {
        let (message, span) = reported;
        let section_end =
            source.text.get(span.end..).and_then(|t| t.find("\n[")).map_or(usize::MAX, |at| span.end + at);
        let same = |error: &toml::de::Error| {
            let start = error.span().map_or(0, |s| s.start);
            error.message().trim_end() == message && (span.start..=section_end).contains(&start)
        };
        return syntax
            .iter()
            .filter(|error| !same(error))
            .map(|error| slips::diagnostic(source, error.span().unwrap_or(0..0), error.message().trim_end()))
            .collect();
    }
    let mut places = BTreeMap::new();
    let instance = table_to_json(document.get_ref(), "", &mut places);
    let schema = super::schema();
    let Ok(validator) = jsonschema::options().with_draft(jsonschema::Draft::Draft7).build(&schema) else {
        return Vec::new();
    };
    let errors: Vec<jsonschema::ValidationError<'static>> =
        validator.iter_errors(&instance).map(jsonschema::ValidationError::to_owned).collect();
    let errors: Vec<_> = errors.iter().flat_map(flatten).collect();
    let misspelt = misspelt_keys(&schema, &errors);
    let explained = |error: &&jsonschema::ValidationError<'static>| match error.kind() {
        // `nmae = …` is reported as unknown, with "did you mean `name`?": not also as a missing `name`.
        jsonschema::error::ValidationErrorKind::Required { property } => {
            let key = (error.instance_path().as_str().to_string(), property.as_str().unwrap_or_default().to_string());
            misspelt.contains(&key)
        }
        _ => false,
    };
    errors.iter().filter(|e| !explained(e)).flat_map(|error| diagnostics(source, &schema, &places, error)).collect()
}

/// (table pointer, key) for each known key an unknown key of that table is a near miss of.
fn misspelt_keys(schema: &Value, errors: &[&jsonschema::ValidationError<'static>]) -> BTreeSet<(String, String)> {
    let mut misspelt = BTreeSet::new();
    for error in errors {
        if let jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } = error.kind() {
            let pointer = error.instance_path().as_str().to_string();
            let keys = keys_at(schema, &pointer);
            for key in unexpected {
                if let Some(close) = crate::suggest::did_you_mean(key, keys.iter().map(String::as_str)) {
                    misspelt.insert((pointer.clone(), close.to_string()));
                }
            }
        }
    }
    misspelt
}

/// An `anyOf` of a type and `null` (an optional table, as schemars writes it) reports the errors
/// of the type: TOML has no null.
fn flatten<'e>(error: &'e jsonschema::ValidationError<'static>) -> Vec<&'e jsonschema::ValidationError<'static>> {
    match error.kind() {
        jsonschema::error::ValidationErrorKind::AnyOf { context } => {
            let is_null_branch = |branch: &&Vec<jsonschema::ValidationError<'static>>| {
                branch.len() == 1 && branch[0].to_string().ends_with("is not of type \"null\"")
            };
            let kept: Vec<_> = context.iter().filter(|b| !is_null_branch(b)).flatten().collect();
            if kept.is_empty() { vec![error] } else { kept.into_iter().flat_map(flatten).collect() }
        }
        _ => vec![error],
    }
}

/// The finding(s) for one schema error, at the place its instance path names.
fn diagnostics(
    source: &SourceFile,
    schema: &Value,
    places: &BTreeMap<String, Place>,
    error: &jsonschema::ValidationError<'static>,
) -> Vec<Diagnostic> {
    use jsonschema::error::{TypeKind, ValidationErrorKind as Kind};
    let pointer = error.instance_path().as_str().to_string();
    let place = places.get(&pointer);
    let span = place.map_or(0..0, |p| p.value.clone());
    let keys = || keys_at(schema, &pointer);
    match error.kind() {
        Kind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|key| {
                let child = places.get(&format!("{pointer}/{}", escape(key)));
                let span = child.and_then(|c| c.key.clone()).unwrap_or_else(|| span.clone());
                // serde's words, so that `slips` rewords them as it does serde's own error.
                let expected: Vec<String> = keys().iter().map(|k| format!("`{k}`")).collect();
                let message = format!("unknown field `{key}`, expected one of {}", expected.join(", "));
                slips::diagnostic(source, span, &message)
            })
            .collect(),
        Kind::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            let message = format!("missing key `{key}`");
            vec![invalid(message, span, "this table", format!("this table takes: {}", keys().join(", ")))]
        }
        Kind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(json) => vec![json.to_string()],
                TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
            };
            // TOML has no null: an optional key takes its type.
            let expected: Vec<String> =
                expected.iter().filter(|t| *t != "null").map(|t| expected_words(t, &keys())).collect();
            let found = place.map_or("a value", |p| p.found.as_str());
            let message = format!("invalid type: {found}, expected {}", expected.join(" or "));
            vec![invalid(message, span, "here", "see docs/topology.md for the topology format".to_string())]
        }
        _ => vec![invalid(error.to_string(), span, "here", "see docs/topology.md for the topology format".into())],
    }
}

fn invalid(message: String, span: Range<usize>, label: &str, help: String) -> Diagnostic {
    Diagnostic::error("fedc::load::invalid-toml", message).label(span, label).help(help)
}

/// A JSON Schema type in the topology's words: `object` is a table (with its keys).
fn expected_words(json_type: &str, keys: &[String]) -> String {
    match json_type {
        "object" if !keys.is_empty() => format!("a table (with keys {})", keys.join(", ")),
        "object" => "a table".to_string(),
        "array" => "an array".to_string(),
        "integer" => "an integer".to_string(),
        "number" => "a number".to_string(),
        "boolean" => "a boolean".to_string(),
        "string" => "a string".to_string(),
        other => other.to_string(),
    }
}

/// The keys the table at `pointer` takes, following the schema's properties, items, `$ref`s and
/// optional (`anyOf` with null) definitions.
fn keys_at(schema: &Value, pointer: &str) -> Vec<String> {
    let mut at = resolve(schema, schema);
    for segment in pointer.split('/').skip(1).map(unescape) {
        let next = at
            .get("properties")
            .and_then(|p| p.get(&segment))
            .or_else(|| at.get("items"))
            .or_else(|| at.get("additionalProperties").filter(|a| a.is_object()));
        match next {
            Some(next) => at = resolve(schema, next),
            None => return Vec::new(),
        }
    }
    at.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

/// Follows `$ref` (local definitions) and the non-null branch of an `anyOf`, a few levels deep.
fn resolve<'a>(schema: &'a Value, mut at: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(target) = at.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            match schema.pointer(target) {
                Some(found) => at = found,
                None => break,
            }
        } else if let Some(branch) = at
            .get("anyOf")
            .and_then(Value::as_array)
            .and_then(|branches| branches.iter().find(|b| b.get("type").and_then(Value::as_str) != Some("null")))
        {
            at = branch;
        } else {
            break;
        }
    }
    at
}

/// The table as JSON, recording each key's and value's span by JSON pointer.
fn table_to_json(table: &DeTable<'_>, pointer: &str, places: &mut BTreeMap<String, Place>) -> Value {
    let mut object = serde_json::Map::new();
    for (key, value) in table.iter() {
        let child = format!("{pointer}/{}", escape(key.get_ref()));
        let json = value_to_json(value, &child, places);
        if let Some(place) = places.get_mut(&child) {
            place.key = Some(key.span());
        }
        object.insert(key.get_ref().to_string(), json);
    }
    Value::Object(object)
}

fn value_to_json(value: &Spanned<DeValue<'_>>, pointer: &str, places: &mut BTreeMap<String, Place>) -> Value {
    let (json, found) = match value.get_ref() {
        DeValue::String(text) => {
            let shown: String = text.chars().take(40).collect();
            (Value::String(text.to_string()), format!("string {shown:?}"))
        }
        DeValue::Integer(integer) => {
            let digits = integer.as_str().replace('_', "");
            let number = i64::from_str_radix(&digits, integer.radix()).unwrap_or_default();
            (Value::from(number), format!("integer `{number}`"))
        }
        DeValue::Float(float) => {
            let number = float.as_str().replace('_', "").parse::<f64>().unwrap_or_default();
            (serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number), "a float".to_string())
        }
        DeValue::Boolean(flag) => (Value::Bool(*flag), format!("boolean `{flag}`")),
        DeValue::Datetime(datetime) => (Value::String(datetime.to_string()), "a date-time".to_string()),
        DeValue::Array(items) => {
            let items =
                items.iter().enumerate().map(|(i, item)| value_to_json(item, &format!("{pointer}/{i}"), places));
            (Value::Array(items.collect()), "an array".to_string())
        }
        DeValue::Table(table) => (table_to_json(table, pointer, places), "a table".to_string()),
    };
    places.insert(pointer.to_string(), Place { key: None, value: value.span(), found });
    json
}

/// A key as one JSON pointer segment (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
