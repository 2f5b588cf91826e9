//! The size of an object as the API server stores it. etcd refuses a request over 1.5 MiB by
//! default (`--max-request-bytes`), and custom resources are stored as JSON: an object larger than
//! that is refused on create however valid it is, and Argo CD or Flux then fail the whole sync.

use serde_json::Value;

use super::{Invalid, Problem};

/// etcd's default request limit, 1.5 MiB.
pub(crate) const OBJECT_LIMIT: usize = 1_572_864;

/// Refuses an object whose compact JSON is larger than [`OBJECT_LIMIT`].
pub(crate) fn check(object: &Value) -> Result<(), Invalid> {
    let size = json_size(object, OBJECT_LIMIT + 1);
    if size <= OBJECT_LIMIT {
        return Ok(());
    }
    Err(Invalid {
        path: String::new(),
        message: "the object is over 1.5 MiB as JSON, more than etcd stores by default (`--max-request-bytes`)"
            .to_string(),
        problem: Problem::ObjectTooLarge,
    })
}

/// The length of `value` as compact JSON (strings counted without escapes, a close lower bound),
/// counting no further than `stop`: the walk ends as soon as the object is known to be too large.
fn json_size(value: &Value, stop: usize) -> usize {
    match value {
        Value::Null | Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(number) => number.to_string().len(),
        Value::String(text) => text.len() + 2,
        Value::Array(items) => {
            let mut size = 2 + items.len().saturating_sub(1);
            for item in items {
                size += json_size(item, stop.saturating_sub(size));
                if size > stop {
                    break;
                }
            }
            size
        }
        Value::Object(fields) => {
            let mut size = 2 + fields.len().saturating_sub(1);
            for (key, field) in fields {
                size += key.len() + 3 + json_size(field, stop.saturating_sub(size));
                if size > stop {
                    break;
                }
            }
            size
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sizes_are_those_of_compact_json() {
        for value in [json!({"a": [1, true, null, "x"], "b": {"c": false}}), json!([]), json!({}), json!(-12.5)] {
            assert_eq!(json_size(&value, usize::MAX), serde_json::to_string(&value).expect("json").len(), "{value}");
        }
    }

    #[test]
    fn objects_up_to_the_limit_pass() {
        // {"a":"…"}: 8 bytes around the text.
        let at = json!({ "a": "x".repeat(OBJECT_LIMIT - 8) });
        assert!(check(&at).is_ok());
        let over = json!({ "a": "x".repeat(OBJECT_LIMIT - 7) });
        assert_eq!(check(&over).map_err(|e| e.problem), Err(Problem::ObjectTooLarge));
    }
}
