//! A schema restricted to what some instances hold: a subschema that no part of the instances
//! reaches goes (the schema of a property they do not have) or becomes `{}`, which accepts
//! anything (of the items of an empty array, of undeclared keys when there are none).
//! Validating those instances against the result gives exactly what the whole schema gives,
//! location and message of the first error included, because only subschemas that are never
//! applied change and every other keyword of a node is kept.
//!
//! Why: a validator compiled from the whole ApplicationSet schema takes 12 MiB and half a second
//! of CPU, for the one ApplicationSet a federation has; restricted to that object, a few hundred
//! kilobytes and milliseconds (`registry`, docs/decisions.md "Large schemas per object").

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// `schema` restricted to what `instances` reach (Draft 4 keywords, as the compiled-in schemas
/// use them). A node that a `$ref` or `definitions` makes reachable from elsewhere is kept whole.
pub(super) fn restrict(schema: &Value, instances: &[&Value]) -> Value {
    let Value::Object(node) = schema else { return schema.clone() };
    if node.contains_key("$ref") {
        return schema.clone();
    }
    let objects: Vec<&Map<String, Value>> = instances.iter().filter_map(|i| i.as_object()).collect();
    let mut restricted = Map::new();
    for (keyword, value) in node {
        let kept = match (keyword.as_str(), value) {
            // A property no instance has is left out: its subschema never applies, and
            // `additionalProperties` only asks about the keys an instance has.
            ("properties", Value::Object(properties)) => {
                let mut reached: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
                for (key, value) in objects.iter().flat_map(|o| o.iter()) {
                    reached.entry(key.as_str()).or_default().push(value);
                }
                let kept = properties.iter().filter_map(|(name, sub)| {
                    reached.get(name.as_str()).map(|values| (name.clone(), restrict(sub, values)))
                });
                Value::Object(kept.collect())
            }
            // With `patternProperties` beside it, which keys it applies to takes a regex to tell.
            ("additionalProperties", sub @ Value::Object(_)) if !node.contains_key("patternProperties") => {
                let declared = node.get("properties").and_then(Value::as_object);
                let reached: Vec<&Value> = objects
                    .iter()
                    .flat_map(|o| o.iter())
                    .filter(|(key, _)| !declared.is_some_and(|d| d.contains_key(*key)))
                    .map(|(_, value)| value)
                    .collect();
                restrict_or_open(sub, &reached)
            }
            ("items", sub @ Value::Object(_)) => {
                let reached: Vec<&Value> =
                    instances.iter().filter_map(|i| i.as_array()).flat_map(|items| items.iter()).collect();
                restrict_or_open(sub, &reached)
            }
            // Applied to the instance itself: the same instances reach each branch.
            ("allOf" | "anyOf" | "oneOf", Value::Array(branches)) => {
                Value::Array(branches.iter().map(|branch| restrict(branch, instances)).collect())
            }
            ("not", sub) => restrict(sub, instances),
            _ => value.clone(),
        };
        restricted.insert(keyword.clone(), kept);
    }
    Value::Object(restricted)
}

/// [`restrict`], or `{}` when nothing reaches the subschema.
fn restrict_or_open(schema: &Value, reached: &[&Value]) -> Value {
    if reached.is_empty() { Value::Object(Map::new()) } else { restrict(schema, reached) }
}

#[cfg(test)]
#[path = "prune_tests.rs"]
mod tests;
