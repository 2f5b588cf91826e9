//! What the API server and kustomize refuse that no schema says: label and annotation keys that
//! are not qualified names, annotations over 256 KiB in total, and the characters `kubectl
//! kustomize` cannot read back (Argo CD and Flux run kustomize on every cluster directory, so an
//! object holding one fails to sync, however correct its YAML).

use serde_json::Value;

use super::{Invalid, Problem};

/// `TotalAnnotationSizeLimitB`: the most bytes the API server accepts in `metadata.annotations`,
/// keys and values together.
pub(crate) const ANNOTATIONS_LIMIT: usize = 256 * 1024;

/// Characters kustomize (v5.5, go-yaml v3) writes raw and then refuses to read ("control characters
/// are not allowed"), in keys and values: DEL, the C1 controls other than NEL, U+FFFE, U+FFFF.
/// Every other scalar value, C0 controls included, survives (fedc's writer escapes them).
/// Established with `kubectl kustomize` over every code point (docs/security.md).
pub(crate) fn refused(c: char) -> bool {
    matches!(u32::from(c), 0x7F..=0x84 | 0x86..=0x9F | 0xFFFE | 0xFFFF)
}

/// In a key, kustomize also breaks on NEL (U+0085): it writes the key raw in a flow mapping,
/// where a reader takes NEL for a line break.
pub(crate) fn refused_in_key(c: char) -> bool {
    refused(c) || c == '\u{85}'
}

/// Label and annotation keys of the object's metadata (and of a Deployment's pod template) are
/// qualified names, and its annotations fit the API server's limit.
pub(crate) fn check(object: &Value) -> Result<(), Invalid> {
    check_meta(object.get("metadata"), "/metadata")?;
    if object.get("kind").and_then(Value::as_str) == Some("Deployment") {
        check_meta(object.pointer("/spec/template/metadata"), "/spec/template/metadata")?;
    }
    Ok(())
}

fn check_meta(metadata: Option<&Value>, path: &str) -> Result<(), Invalid> {
    let map = |key: &str| metadata.and_then(|m| m.get(key)).and_then(Value::as_object);
    for key in map("labels").into_iter().flat_map(|m| m.keys()) {
        qualified_name(key).map_err(|why| invalid(path, "labels", format!("label key `{key}` {why}")))?;
    }
    let Some(annotations) = map("annotations") else { return Ok(()) };
    let mut total = 0;
    for (key, value) in annotations {
        // Lower-cased as the API server does (Unicode's rules: `\u{212A}`, the Kelvin sign, becomes
        // `k`); most keys need nothing, and are not copied.
        let lowered = match key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            true => std::borrow::Cow::Borrowed(key.as_str()),
            false => std::borrow::Cow::Owned(key.to_lowercase()),
        };
        qualified_name(&lowered)
            .map_err(|why| invalid(path, "annotations", format!("annotation key `{key}` {why}")))?;
        total += key.len() + value.as_str().map_or(0, str::len);
    }
    if total > ANNOTATIONS_LIMIT {
        return Err(Invalid {
            path: format!("{path}/annotations"),
            message: format!(
                "the annotations hold {total} bytes (keys and values), more than the {ANNOTATIONS_LIMIT} (256 KiB) the API server accepts"
            ),
            problem: Problem::AnnotationsTooLarge,
        });
    }
    Ok(())
}

fn invalid(path: &str, field: &str, message: String) -> Invalid {
    Invalid { path: format!("{path}/{field}"), message, problem: Problem::Schema }
}

/// `IsQualifiedName`: an optional DNS subdomain prefix and `/`, then a name of at most 63
/// alphanumerics, `-`, `_` and `.`, beginning and ending with an alphanumeric. Read as bytes (every
/// byte the rules allow is ASCII; a byte of any other character fails them, as the character did).
fn qualified_name(key: &str) -> Result<(), &'static str> {
    let key = key.as_bytes();
    let (prefix, name) = match key.iter().position(|&b| b == b'/') {
        Some(slash) => (Some(&key[..slash]), &key[slash + 1..]),
        None => (None, key),
    };
    if let Some(prefix) = prefix
        && (prefix.is_empty() || prefix.len() > 253 || !prefix.split(|&b| b == b'.').all(dns_label))
    {
        return Err("has a prefix that is not a DNS subdomain (lower case, at most 253 characters)");
    }
    let edge = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    let valid = name.len() <= 63
        && edge(name.first())
        && edge(name.last())
        && name.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if valid {
        Ok(())
    } else {
        Err(
            "is not a qualified name (at most 63 of A-Z, a-z, 0-9, `-`, `_`, `.`, alphanumeric at both ends, after an optional DNS prefix and `/`)",
        )
    }
}

fn dns_label(label: &[u8]) -> bool {
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    label.first().is_some_and(allowed)
        && label.last().is_some_and(allowed)
        && label.iter().all(|b| allowed(b) || *b == b'-')
}

/// The first string (key or value, in document order) holding a character kustomize refuses.
pub(crate) fn characters(value: &Value) -> Result<(), Invalid> {
    match find(value) {
        None => Ok(()),
        Some(found) => Err(found.invalid()),
    }
}

/// A refused character, and the keys leading to its string, innermost first: collected on the way
/// back up, so that the common case (nothing found) allocates nothing.
struct Found {
    keys: Vec<String>,
    in_key: bool,
    c: char,
}

impl Found {
    fn under(mut self, key: String) -> Found {
        self.keys.push(key);
        self
    }

    fn invalid(self) -> Invalid {
        let path: String = self.keys.iter().rev().map(|key| format!("/{}", super::pointer_segment(key))).collect();
        let what = if self.in_key { "key" } else { "value" };
        Invalid {
            path,
            message: format!(
                "a {what} holds U+{:04X}, a character `kubectl kustomize` (and so Argo CD and Flux) cannot read back",
                u32::from(self.c)
            ),
            problem: Problem::RefusedCharacter,
        }
    }
}

/// Below DEL every character is fine: one pass over the bytes clears most strings (a pass that
/// does not stop early, so that it is vectorised: certificates are long).
fn plain(s: &str) -> bool {
    s.bytes().fold(true, |plain, b| plain & (b < 0x7F))
}

fn find(value: &Value) -> Option<Found> {
    let found = |in_key: bool, c: char| Found { keys: Vec::new(), in_key, c };
    match value {
        Value::String(s) if plain(s) => None,
        Value::String(s) => s.chars().find(|c| refused(*c)).map(|c| found(false, c)),
        Value::Array(items) => {
            items.iter().enumerate().find_map(|(index, item)| find(item).map(|f| f.under(index.to_string())))
        }
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            if !plain(key)
                && let Some(c) = key.chars().find(|c| refused_in_key(*c))
            {
                return Some(found(true, c));
            }
            find(item).map(|f| f.under(key.clone()))
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refuses_exactly_what_kustomize_refuses() {
        let refused_values: Vec<u32> =
            (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| refused(*c)).map(u32::from).collect();
        let expected: Vec<u32> =
            [0x7F, 0x80, 0x81, 0x82, 0x83, 0x84].into_iter().chain(0x86..=0x9F).chain([0xFFFE, 0xFFFF]).collect();
        assert_eq!(refused_values, expected);
        assert!(refused_in_key('\u{85}') && !refused('\u{85}'));
        assert!(!refused('\u{0}') && !refused('\u{1b}') && !refused('\u{fdd0}') && !refused('\u{10ffff}'));
        let found = characters(&json!({"a": ["ok", {"b\u{85}": 1}]})).expect_err("NEL in a key");
        assert_eq!((found.path.as_str(), found.problem), ("/a/1", Problem::RefusedCharacter));
        assert_eq!(characters(&json!({"a/b": ["x\u{7f}"]})).expect_err("DEL").path, "/a~1b/0");
        assert_eq!(characters(&json!({"a": "line\u{85}break\u{1}"})), Ok(()));
    }

    #[test]
    fn label_and_annotation_keys_are_qualified_names() {
        for good in ["app", "app.kubernetes.io/name", "a_b.c-D9", "x.example.com/A"] {
            assert_eq!(qualified_name(good), Ok(()), "{good}");
        }
        let long = "a".repeat(64);
        for bad in ["", "-a", "a-", "/a", "a/", "Example.com/a", "a/b/c", "a b", long.as_str(), "é"] {
            assert!(qualified_name(bad).is_err(), "{bad}");
        }
        let object = json!({"metadata": {"labels": {"ok": "v", "bad key": "v"}}});
        assert_eq!(check(&object).expect_err("bad label key").path, "/metadata/labels");
        let upper = json!({"metadata": {"annotations": {"Example.COM/Owner": "x"}}});
        assert_eq!(check(&upper), Ok(()), "annotation keys are checked lower-cased, as the API server does");
        let kelvin = json!({"metadata": {"annotations": {"\u{212A}8s.example.com/a": "x"}}});
        assert_eq!(check(&kelvin), Ok(()), "Unicode lower-casing, as the API server's: the Kelvin sign is `k`");
        let accented = json!({"metadata": {"annotations": {"\u{C9}xample.com/a": "x"}}});
        assert!(check(&accented).is_err(), "`É` lower-cases to `é`, still not a DNS name");
    }

    #[test]
    fn annotations_may_hold_256_kib_and_no_more() {
        let fill = |n: usize| json!({"metadata": {"annotations": {"k": "v".repeat(n - 1)}}});
        assert_eq!(check(&fill(ANNOTATIONS_LIMIT)), Ok(()));
        let over = check(&fill(ANNOTATIONS_LIMIT + 1)).expect_err("over the limit");
        assert_eq!((over.path.as_str(), over.problem), ("/metadata/annotations", Problem::AnnotationsTooLarge));
        let template = json!({"kind": "Deployment", "spec": {"template": {"metadata": {"labels": {"-x": "y"}}}}});
        assert_eq!(check(&template).expect_err("pod template").path, "/spec/template/metadata/labels");
    }
}
