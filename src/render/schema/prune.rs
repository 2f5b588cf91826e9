//! A schema restricted to what some instances hold: a subschema that no part of the instances
//! reaches (the schema of a property they do not have, of the items of an empty array, of
//! undeclared keys when there are none) becomes `{}`, which accepts anything. Validating those
//! instances against the result gives exactly what the whole schema gives, location and message
//! of the first error included, because only subschemas that are never applied change and every
//! keyword of every node, and every property name, is kept.
//!
//! Why: compiled whole, the ApplicationSet's schema took about 12 MiB for the one ApplicationSet
//! a federation has; restricted to that object, it compiles in milliseconds (`registry`;
//! docs/decisions.md, "The two largest schemas are compiled for each object").
//!
//! Written for the keywords the compiled-in schemas use where they are restricted (a test in
//! `registry` holds them to that list): a `$ref` into a pruned subtree would stop resolving.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// `schema` restricted to what `instances` reach (Draft 4 keywords, as the compiled-in schemas
/// use them). A node with a `$ref` is kept whole, and so are `definitions`, `not`,
/// `patternProperties` and everything else that is not a subschema applied to a part of them.
pub(super) fn restrict(schema: &Value, instances: &[&Value]) -> Value {
    let Value::Object(node) = schema else { return schema.clone() };
    if node.contains_key("$ref") {
        return schema.clone();
    }
    let objects: Vec<&Map<String, Value>> = instances.iter().filter_map(|i| i.as_object()).collect();
    let mut restricted = Map::new();
    for (keyword, value) in node {
        let kept = match (keyword.as_str(), value) {
            // A property no instance has keeps its name, with `{}`: its subschema never applies,
            // and jsonschema's walk order (so the first error) depends on how many there are.
            ("properties", Value::Object(properties)) => {
                let mut reached: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
                for (key, value) in objects.iter().flat_map(|o| o.iter()) {
                    reached.entry(key.as_str()).or_default().push(value);
                }
                let kept = properties.iter().map(|(name, sub)| {
                    let values = reached.get(name.as_str()).map_or(&[][..], Vec::as_slice);
                    (name.clone(), restrict_or_open(sub, values))
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
            // Applied to the instance itself: the same instances reach each branch. (`not` is
            // kept whole: jsonschema prints its subschema in the message.)
            ("allOf" | "anyOf" | "oneOf", Value::Array(branches)) => {
                Value::Array(branches.iter().map(|branch| restrict(branch, instances)).collect())
            }
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
