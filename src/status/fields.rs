//! Reading fields of an object read from a cluster or a file: any field may be absent or of
//! another type than the CRD says, so every read is optional and text is cut to a length that
//! fits a report line.

use serde_json::Value;

/// Text from the cluster shown at most this long (a `lastDisconnectStatus` is one HTTP status line).
const LONGEST: usize = 200;

/// The value at `path` (object keys).
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// The text at `path`, cut to a report line; `None` when absent, empty or not text.
pub(crate) fn text(value: &Value, path: &[&str]) -> Option<String> {
    let text = at(value, path)?.as_str().filter(|s| !s.is_empty())?;
    Some(cut(text))
}

pub(crate) fn flag(value: &Value, path: &[&str]) -> bool {
    at(value, path).and_then(Value::as_bool).unwrap_or(false)
}

/// The array at `path`; empty when absent or not an array.
pub(crate) fn list<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    at(value, path).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// `text` cut to [`LONGEST`] characters, with an ellipsis when cut.
pub(crate) fn cut(text: &str) -> String {
    if text.chars().count() <= LONGEST {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(LONGEST).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_and_absent_fields_read_as_nothing() {
        let value = serde_json::json!({ "status": { "a": 1, "b": "", "c": "ok", "d": [1], "e": "x" } });
        assert_eq!(text(&value, &["status", "a"]), None);
        assert_eq!(text(&value, &["status", "b"]), None);
        assert_eq!(text(&value, &["status", "c"]).as_deref(), Some("ok"));
        assert_eq!(text(&value, &["status", "c", "deeper"]), None);
        assert!(!flag(&value, &["status", "c"]));
        assert_eq!(list(&value, &["status", "d"]).len(), 1);
        assert!(list(&value, &["status", "e"]).is_empty());
        assert_eq!(cut(&"é".repeat(300)).chars().count(), LONGEST + 1);
    }
}
