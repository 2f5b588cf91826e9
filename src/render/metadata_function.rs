//! `metadata(name, namespace, labels, annotations=none, indent=2)`, the function every built-in
//! template writes its object's `metadata:` block with: the text the `metadata` macro of the
//! built-in `macros.j2` renders, byte for byte, written here. Importing the macro and running its
//! loops for every object was a tenth of the instructions of `fedc check` (docs/performance.md,
//! "fifth pass").
//! When `--templates` replaces `macros.j2`, every template that calls `metadata(` imports its
//! macro first, which shadows this function (`templates.rs`), so a replaced macro still shapes
//! every object. One difference: minijinja gives a function no way to tell the "silent"
//! undefined of `x if c` (no `else`) from a missing value, so an undefined namespace is refused
//! where the macro's `if` would take that one as false.

use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Error, ErrorKind};

use super::tojson::push_tojson;

/// The parameters, in the macro's order; `annotations` and `indent` have defaults.
const PARAMETERS: [&str; 5] = ["name", "namespace", "labels", "annotations", "indent"];

/// The function, as the templates call it: positional arguments, then keyword ones.
pub(super) fn metadata(positional: minijinja::value::Rest<Value>, keywords: Kwargs) -> Result<Value, Error> {
    let [name, namespace, labels, annotations, _indent] = arguments(&positional, &keywords)?;
    // What the macro does with an undefined argument (or one not given): `tojson` writes an
    // undefined name as `null`; a test of an undefined namespace fails (strict undefined);
    // undefined labels are not pairs.
    let (name, labels) = (name.unwrap_or(Value::UNDEFINED), labels.unwrap_or(Value::UNDEFINED));
    let namespace = namespace
        .filter(|n| !n.is_undefined())
        .ok_or_else(|| invalid("metadata(): `namespace` is undefined".to_string()))?;
    // As for a macro, an undefined argument takes the parameter's default.
    let annotations = annotations.filter(|a| !a.is_undefined()).unwrap_or(Value::from(()));
    let mut text = String::with_capacity(256);
    text.push_str("metadata:\n  name: ");
    push_tojson(&mut text, &name)?;
    if namespace.is_true() {
        text.push_str("\n  namespace: ");
        push_tojson(&mut text, &namespace)?;
    }
    text.push_str("\n  labels:");
    push_pairs(&mut text, &labels)?;
    if annotations.is_true() {
        text.push_str("\n  annotations:");
        push_pairs(&mut text, &annotations)?;
    }
    // Not marked safe: with auto-escaping off, a macro's output is not either.
    Ok(Value::from(text))
}

/// Each parameter's value, given by position or by name (not both), as a macro takes them.
fn arguments(positional: &[Value], keywords: &Kwargs) -> Result<[Option<Value>; 5], Error> {
    if positional.len() > PARAMETERS.len() {
        return Err(invalid(format!("metadata() takes at most {} arguments", PARAMETERS.len())));
    }
    let mut values: [Option<Value>; 5] = Default::default();
    for (slot, value) in values.iter_mut().zip(positional) {
        *slot = Some(value.clone());
    }
    // Looked up by the names given, not by every parameter's (each lookup builds a value).
    for keyword in keywords.args() {
        let index = PARAMETERS
            .iter()
            .position(|parameter| *parameter == keyword)
            .ok_or_else(|| invalid(format!("metadata() has no parameter `{keyword}`")))?;
        if values[index].is_some() {
            return Err(invalid(format!("metadata(): `{keyword}` is given twice")));
        }
        values[index] = Some(keywords.get::<Value>(keyword)?);
    }
    Ok(values)
}

/// `\n    KEY: VALUE` for each pair of a mapping, in its order, as `items` gives them.
fn push_pairs(text: &mut String, mapping: &Value) -> Result<(), Error> {
    let pairs = (mapping.kind() == ValueKind::Map)
        .then(|| mapping.as_object().and_then(|object| object.try_iter_pairs()))
        .flatten()
        .ok_or_else(|| invalid("cannot convert value into pairs".to_string()))?;
    for (key, value) in pairs {
        text.push_str("\n    ");
        push_tojson(text, &key)?;
        text.push_str(": ");
        push_tojson(text, &value)?;
    }
    Ok(())
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

#[cfg(test)]
#[path = "metadata_function_tests.rs"]
mod tests;
