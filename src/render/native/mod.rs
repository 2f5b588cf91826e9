//! The objects of the four built-in templates that make nearly all of a large federation's
//! output (a ServiceMeshPeer, an ExportedServiceSet and a CA root ConfigMap per peered pair, a
//! control plane per mesh: 29,800 of 30,352 files and four fifths of the bytes at 100 meshes),
//! built as values from the template's context instead of rendered as text and read back.
//! Rendering and reading back were two fifths of `fedc check`'s instructions
//! (docs/performance.md, "sixth pass").
//!
//! The templates stay the specification and the extension point: a builder is used only while
//! its template and `macros.j2` are the built-in ones, and only for a context it models exactly
//! (every string printable ASCII or a line break, every number an integer, every field the
//! template reads present and of the type the planner gives it); for anything else it declines
//! and the template renders. A test holds each builder to its template, value and key order,
//! over the planned contexts of every example and fixture and thousands of mutations of them
//! (`tests.rs`).

mod control_plane;
mod maistra;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

/// The templates built here.
pub(super) const BUILT: [&str; 4] = [
    "maistra/servicemeshpeer.yaml.j2",
    "maistra/exportedserviceset.yaml.j2",
    "maistra/ca-root-cert.yaml.j2",
    "maistra/servicemeshcontrolplane.yaml.j2",
];

/// Items (list elements and mapping entries, at any depth) and bytes of text a context may hold
/// to be built here: each item costs a render a few dozen of its `RENDER_FUEL` instructions
/// (2,000,000) and the text is written at most six times over (escaped), so a context within both
/// renders within fuel and within `OUTPUT_LIMIT` (4 MiB). A larger one goes to the template, which
/// refuses it as before. The planner's largest, a 200-mesh control plane, holds about 3,000.
const ITEMS_LIMIT: usize = 8_000;
const TEXT_LIMIT: usize = 512 << 10;

/// The longest key written here, escaped as `tojson` escapes it: YAML readers refuse an implicit
/// key past 1,024 characters from its line's start (fedc's own reader past 1,000).
const KEY_LIMIT: usize = 900;

/// The object the built-in template `template` renders for `context`; `None` when there is no
/// builder for it or the context holds what the builder does not model.
pub(super) fn object(template: &str, context: &Value) -> Option<Value> {
    let mut budget = (ITEMS_LIMIT, TEXT_LIMIT);
    if !within(context, &mut budget) {
        return None;
    }
    let context = context.as_object()?;
    let object = match template {
        "maistra/servicemeshpeer.yaml.j2" => maistra::service_mesh_peer(context)?,
        "maistra/exportedserviceset.yaml.j2" => maistra::exported_service_set(context)?,
        "maistra/ca-root-cert.yaml.j2" => maistra::ca_root_cert(context)?,
        "maistra/servicemeshcontrolplane.yaml.j2" => control_plane::service_mesh_control_plane(context)?,
        _ => return None,
    };
    Some(Value::Object(object))
}

/// A string as `{{ value | tojson }}` renders it and the YAML reader reads it back: the same
/// string, for the characters this accepts (printable ASCII and the line break of a PEM, which
/// `tojson` escapes and YAML unescapes exactly). Anything else (another control character, a
/// character YAML takes for a line break or refuses) is left to the template.
fn text(value: &Value) -> Option<Value> {
    let text = value.as_str()?;
    modelled(text).then(|| Value::String(text.to_string()))
}

/// Whether `value` fits in what is left of `(items, bytes)`, which it takes.
fn within(value: &Value, budget: &mut (usize, usize)) -> bool {
    let take = |left: &mut usize, n: usize| left.checked_sub(n).map(|rest| *left = rest).is_some();
    match value {
        Value::String(text) => take(&mut budget.1, text.len()),
        Value::Array(items) => take(&mut budget.0, items.len()) && items.iter().all(|item| within(item, budget)),
        Value::Object(map) => {
            take(&mut budget.0, map.len())
                && map.iter().all(|(key, item)| take(&mut budget.1, key.len()) && within(item, budget))
        }
        _ => true,
    }
}

/// A mapping key [`text`] accepts and YAML reads back as a key (see [`KEY_LIMIT`]).
fn key(text: &str) -> Option<String> {
    let escaped: usize = text
        .bytes()
        .map(|b| match b {
            b'<' | b'>' | b'&' | b'\'' => 6,
            b'"' | b'\\' | b'\n' => 2,
            _ => 1,
        })
        .sum();
    (modelled(text) && escaped <= KEY_LIMIT).then(|| text.to_string())
}

fn modelled(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7F).contains(&b) || b == b'\n')
}

/// An integer as `{{ value }}` renders it and YAML reads it back.
fn integer(value: &Value) -> Option<Value> {
    (value.is_i64() || value.is_u64()).then(|| value.clone())
}

/// Whether a template's `{% if value %}` takes `value`: what minijinja holds false.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// A field of the context, `null` when absent: where a template tests what is absent (strict
/// undefined fails), `null` makes the builder decline (`name`, `labels`); an absent `annotations`
/// is what `metadata()` takes as none.
fn field<'a>(context: &'a Map<String, Value>, name: &str) -> &'a Value {
    context.get(name).unwrap_or(&Value::Null)
}

/// `KEY: VALUE` lines of `tojson`'d strings read back: a mapping, or `null` when there are none
/// (a key with nothing under it). A key repeated is left to the template.
fn pairs<'a>(pairs: impl ExactSizeIterator<Item = (&'a str, &'a Value)>) -> Option<Value> {
    let mut map = Map::with_capacity(pairs.len());
    for (key, value) in pairs {
        if map.insert(self::key(key)?, text(value)?).is_some() {
            return None;
        }
    }
    Some(if map.is_empty() { Value::Null } else { Value::Object(map) })
}

/// `{% for item in value %}` over a list, each item built by `item` (`None` if any declines).
fn items(value: &Value, item: impl Fn(&Value) -> Option<Value>) -> Option<Vec<Value>> {
    value.as_array()?.iter().map(item).collect()
}

/// `{{ pair[0] | tojson }}: {{ pair[1] | tojson }}` for each `[key, value]` of a list, read back
/// (see [`pairs`]).
fn listed_pairs(value: &Value) -> Option<Value> {
    let listed = value.as_array()?.iter().map(|pair| match pair.as_array()?.as_slice() {
        [key, value] => Some((key.as_str()?, value)),
        _ => None,
    });
    pairs(listed.collect::<Option<Vec<_>>>()?.into_iter())
}

/// What `metadata(name, namespace, labels, annotations)` writes, read back: `name`, then
/// `namespace` when it is not empty, `labels` (`null` when empty), then `annotations` when there
/// are some.
fn metadata(context: &Map<String, Value>) -> Option<Value> {
    let mut metadata = Map::with_capacity(4);
    metadata.insert("name".to_string(), text(field(context, "name"))?);
    let namespace = context.get("namespace")?;
    if truthy(namespace) {
        metadata.insert("namespace".to_string(), text(namespace)?);
    }
    let labels = field(context, "labels").as_object()?;
    metadata.insert("labels".to_string(), pairs(labels.iter().map(|(k, v)| (k.as_str(), v)))?);
    let annotations = field(context, "annotations");
    if truthy(annotations) {
        let annotations = annotations.as_object()?;
        metadata.insert("annotations".to_string(), pairs(annotations.iter().map(|(k, v)| (k.as_str(), v)))?);
    }
    Some(Value::Object(metadata))
}

/// An object's first three entries: `apiVersion`, `kind` and its metadata.
fn head(api_version: &str, kind: &str, context: &Map<String, Value>) -> Option<Map<String, Value>> {
    // Sized for the entries that follow (a map grown entry by entry is built several times over).
    let mut object = Map::with_capacity(5);
    object.insert("apiVersion".to_string(), Value::String(api_version.to_string()));
    object.insert("kind".to_string(), Value::String(kind.to_string()));
    object.insert("metadata".to_string(), metadata(context)?);
    Some(object)
}
