//! `tojson`, the filter every string of the built-in templates goes through: a string that needs
//! no escaping (nearly all of them), a boolean or none is written here, byte for byte what
//! minijinja's own filter writes; everything else goes to that filter. Most of the built-in
//! filter's cost was its keyword-argument bookkeeping (`indent`), paid on every call.

use minijinja::Error;
use minijinja::value::{FunctionArgs, Kwargs, Rest, Value, ValueKind, ValueOrKwargs};

/// The arguments are taken as they come (an empty `Rest` allocates nothing, where an empty
/// `Kwargs` did) and read as the built-in filter reads them only when there are some.
pub(super) fn tojson(value: &Value, arguments: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    if arguments.is_empty() {
        let mut text = String::new();
        if push_scalar(&mut text, value) {
            return Ok(Value::from_safe_string(text));
        }
    }
    let all: Vec<Value> = std::iter::once(value.clone()).chain(arguments.0.into_iter().map(Value::from)).collect();
    let (value, indent, kwargs) = <(&Value, Option<Value>, Kwargs)>::from_values(None, &all)?;
    minijinja::filters::tojson(value, indent, kwargs)
}

/// Appends what `value | tojson` writes (for the `metadata` function, which writes many).
pub(super) fn push_tojson(text: &mut String, value: &Value) -> Result<(), Error> {
    if !push_scalar(text, value) {
        let json = tojson(value, Rest(Vec::new()))?;
        text.push_str(json.as_str().unwrap_or_default());
    }
    Ok(())
}

/// Appends the JSON text of a string without characters to escape, a boolean or none (`"text"`
/// without `format!`'s machinery, a tenth of a render's cost when it was used here); `false`,
/// with `text` unchanged, for any other value.
fn push_scalar(text: &mut String, value: &Value) -> bool {
    let json = match value.kind() {
        ValueKind::String => match value.as_str() {
            Some(string) if string.bytes().all(|b| !escaped(b)) => {
                text.reserve(string.len() + 2);
                text.push('"');
                text.push_str(string);
                text.push('"');
                return true;
            }
            _ => return false,
        },
        ValueKind::Bool => {
            if value.is_true() {
                "true"
            } else {
                "false"
            }
        }
        ValueKind::None => "null",
        _ => return false,
    };
    text.push_str(json);
    true
}

/// Bytes the built-in filter escapes: control characters, the quote and backslash, and (its
/// output being safe in HTML too) `<`, `>`, `&` and `'`.
fn escaped(byte: u8) -> bool {
    byte < 0x20 || matches!(byte, b'"' | b'\\' | b'<' | b'>' | b'&' | b'\'')
}

#[cfg(test)]
mod tests {
    use minijinja::value::{Kwargs, Rest, Value, ValueOrKwargs};

    fn no_kwargs() -> Kwargs {
        Kwargs::from_iter(std::iter::empty::<(&str, Value)>())
    }

    fn ours(value: &Value, arguments: Vec<Value>) -> Value {
        super::tojson(value, Rest(arguments.into_iter().map(ValueOrKwargs::from).collect())).expect("ours")
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
            "\u{8}backspace\u{c}form feed\r",
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
            let ours = ours(value, Vec::new());
            let theirs = minijinja::filters::tojson(value, None, no_kwargs()).expect("theirs");
            assert_eq!(ours.as_str(), theirs.as_str(), "{value:?}");
            assert!(ours.is_safe(), "{value:?}");
        }
    }

    /// `indent` (positional or by name) is the built-in filter's own, and so are its errors.
    #[test]
    fn indent_goes_to_the_built_in_filter() {
        let value = Value::from(minijinja::value::Serde(serde_json::json!({"a": [1, 2]})));
        let pretty = "{\n  \"a\": [\n    1,\n    2\n  ]\n}";
        let by_name = Value::from(Kwargs::from_iter([("indent", Value::from(2))]));
        assert_eq!(ours(&value, vec![by_name]).as_str(), Some(pretty));
        assert_eq!(ours(&value, vec![Value::from(2)]).as_str(), Some(pretty));
        assert_eq!(ours(&Value::from("x"), vec![Value::from(2)]).as_str(), Some("\"x\""));
        let unknown = Value::from(Kwargs::from_iter([("width", Value::from(2))]));
        let rest = Rest(vec![ValueOrKwargs::from(unknown)]);
        assert!(super::tojson(&Value::from("x"), rest).is_err(), "an unknown keyword argument is refused");
        let rest = Rest(vec![ValueOrKwargs::from(Value::from(2)), ValueOrKwargs::from(Value::from(3))]);
        assert!(super::tojson(&Value::from("x"), rest).is_err(), "too many arguments are refused");
    }

    /// Through a template, as the renderer calls it.
    #[test]
    fn a_template_gets_the_same_text_from_both() {
        let source =
            "{{ m | tojson }} {{ m | tojson(indent=1) }} {{ m | tojson(2) }} {{ s | tojson }} {{ n | tojson }}";
        let context = minijinja::context! { m => minijinja::context! { k => "v<" }, s => "it's", n => 8443 };
        let render = |ours: bool| {
            let mut env = minijinja::Environment::new();
            if ours {
                env.add_filter("tojson", super::tojson);
            }
            env.render_str(source, &context).expect("renders")
        };
        assert_eq!(render(true), render(false));
    }
}
