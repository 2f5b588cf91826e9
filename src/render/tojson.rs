//! `tojson`, the filter every scalar of the built-in templates goes through: a string that needs
//! no escaping (nearly all of them), a boolean or none is written here, byte for byte what
//! minijinja's own filter writes; everything else goes to that filter. Most of the built-in
//! filter's cost was its keyword-argument bookkeeping (`indent`), paid on every call.

use minijinja::Error;
use minijinja::value::{Kwargs, Value, ValueKind};

pub(super) fn tojson(value: &Value, indent: Option<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    if indent.is_none()
        && kwargs.args().next().is_none()
        && let Some(text) = scalar(value)
    {
        return Ok(Value::from_safe_string(text));
    }
    minijinja::filters::tojson(value, indent, kwargs)
}

/// The JSON text of a string without characters to escape, a boolean or none.
fn scalar(value: &Value) -> Option<String> {
    match value.kind() {
        ValueKind::String => {
            let text = value.as_str()?;
            text.bytes().all(|b| !escaped(b)).then(|| quoted(text))
        }
        ValueKind::Bool => Some(if value.is_true() { "true" } else { "false" }.to_string()),
        ValueKind::None => Some("null".to_string()),
        _ => None,
    }
}

/// `"text"`, without `format!`'s machinery (a tenth of a render's cost when it was used here).
fn quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    quoted.push_str(text);
    quoted.push('"');
    quoted
}

/// Bytes the built-in filter escapes: control characters, the quote and backslash, and (its
/// output being safe in HTML too) `<`, `>`, `&` and `'`.
fn escaped(byte: u8) -> bool {
    byte < 0x20 || matches!(byte, b'"' | b'\\' | b'<' | b'>' | b'&' | b'\'')
}

#[cfg(test)]
mod tests {
    use minijinja::value::{Kwargs, Value};

    fn no_kwargs() -> Kwargs {
        Kwargs::from_iter(std::iter::empty::<(&str, Value)>())
    }

    /// Whatever the value, the filter writes what minijinja's own `tojson` writes.
    #[test]
    fn writes_what_the_built_in_filter_writes() {
        let strings = [
            "",
            "plain",
            "m000-system",
            "app.kubernetes.io/part-of",
            "ünïcödé ✓",
            "quote\"d",
            "back\\slash",
            "<tag>",
            "a&b",
            "it's",
            "line\nbreak",
            "tab\there",
            "\u{7f}del",
            "\u{1}",
            "-----BEGIN CERT-----\nAB==\n",
        ];
        let mut values: Vec<Value> = strings.iter().map(|s| Value::from(*s)).collect();
        values.extend([Value::from(true), Value::from(false), Value::from(()), Value::UNDEFINED]);
        values.extend([Value::from(8443), Value::from(-1), Value::from(1.5), Value::from(u64::MAX)]);
        values.push(Value::from_safe_string("<safe>".to_string()));
        values.push(Value::from(minijinja::value::Serde(serde_json::json!({"a": ["b", 1, null], "c<": {"d": true}}))));
        for value in &values {
            let ours = super::tojson(value, None, no_kwargs()).expect("ours");
            let theirs = minijinja::filters::tojson(value, None, no_kwargs()).expect("theirs");
            assert_eq!(ours.as_str(), theirs.as_str(), "{value:?}");
            assert!(ours.is_safe(), "{value:?}");
        }
    }

    /// `indent` (positional or by name) is the built-in filter's own.
    #[test]
    fn indent_goes_to_the_built_in_filter() {
        let value = Value::from(minijinja::value::Serde(serde_json::json!({"a": [1, 2]})));
        let by_name = Kwargs::from_iter([("indent", Value::from(2))]);
        let ours = super::tojson(&value, None, by_name).expect("ours");
        assert_eq!(ours.as_str(), Some("{\n  \"a\": [\n    1,\n    2\n  ]\n}"));
        let ours = super::tojson(&Value::from("x"), Some(Value::from(2)), no_kwargs()).expect("ours");
        assert_eq!(ours.as_str(), Some("\"x\""));
    }
}
