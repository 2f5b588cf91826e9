//! What of a CRD's schema the API server applies besides validating the shape: the `default`s it
//! sets before validating, and the CEL rules (`x-kubernetes-validations`) it then evaluates. The
//! generator keeps them in `schemas.json` as a skeleton of the schema that holds only the paths
//! leading to a default, a rule, or a property whose name CEL sees escaped (`structural.rs` reads
//! it back). Part of the generator (tests only).

use serde_json::{Map, Value, json};

use super::structural::needs_escape;

/// Rule fields kept: what is evaluated and what the finding says.
const RULE_FIELDS: &[&str] = &["rule", "message", "messageExpression", "fieldPath", "reason", "optionalOldSelf"];

/// The most elements a list (or entries a map) may declare when a rule nests one comprehension in
/// another (quadratic work, such as "names are unique"); the CRDs fedc uses declare 16 to 256.
const NESTED_COMPREHENSION_MAX: u64 = 4096;

/// The skeleton of `schema`, `None` when it has no default, rule or escaped name. Fails when a rule
/// sits where the skeleton does not look (under `allOf` and the like) or a quadratic rule applies
/// to a list the schema does not bound.
pub(crate) fn of(schema: &Value) -> Result<Option<Value>, String> {
    let skeleton = node(schema, false)?;
    let (declared, kept) = (count_declared(schema), skeleton.as_ref().map_or(0, count_kept));
    if declared != kept {
        return Err(format!("{declared} CEL rules declared, {kept} reachable through properties and items"));
    }
    Ok(skeleton)
}

/// `under_rule`: a rule at this node or above binds this value as part of its `self`, so the
/// names CEL sees escaped matter here.
fn node(schema: &Value, under_rule: bool) -> Result<Option<Value>, String> {
    let mut out = Map::new();
    let rules = schema.get("x-kubernetes-validations").and_then(Value::as_array);
    let under_rule = under_rule || rules.is_some_and(|r| !r.is_empty());
    if let Some(rules) = rules {
        let kept: Vec<Value> = rules.iter().map(rule).collect();
        for rule in &kept {
            check_bounded(schema, rule["rule"].as_str().unwrap_or_default())?;
        }
        out.insert("rules".into(), Value::Array(kept));
    }
    if let Some(default) = schema.get("default") {
        out.insert("default".into(), default.clone());
        if schema.get("nullable") == Some(&json!(true)) {
            out.insert("nullable".into(), json!(true));
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let escaped: Vec<Value> = properties.keys().filter(|k| needs_escape(k)).map(|k| json!(k)).collect();
        if under_rule && !escaped.is_empty() {
            out.insert("escape".into(), Value::Array(escaped));
        }
        let mut kept = Map::new();
        for (name, child) in properties {
            if let Some(child) = node(child, under_rule)? {
                kept.insert(name.clone(), child);
            }
        }
        if !kept.is_empty() {
            out.insert("properties".into(), Value::Object(kept));
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = schema.get(key).filter(|c| c.is_object())
            && let Some(child) = node(child, under_rule)?
        {
            out.insert(key.into(), child);
        }
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

fn rule(rule: &Value) -> Value {
    let fields = RULE_FIELDS.iter().filter_map(|f| rule.get(*f).map(|v| (f.to_string(), v.clone())));
    Value::Object(fields.collect())
}

/// A rule that nests comprehensions does work quadratic in the size of its list or map; the API
/// server accepts such a CRD only when the schema bounds that size, and so does fedc.
fn check_bounded(schema: &Value, rule: &str) -> Result<(), String> {
    let comprehensions = [".all(", ".exists(", ".exists_one(", ".map(", ".filter("]
        .iter()
        .map(|m| rule.matches(m).count())
        .sum::<usize>();
    let bound = ["maxItems", "maxProperties"].iter().find_map(|k| schema.get(*k).and_then(Value::as_u64));
    match bound {
        _ if comprehensions < 2 => Ok(()),
        Some(bound) if bound <= NESTED_COMPREHENSION_MAX => Ok(()),
        _ => Err(format!("rule `{rule}` nests comprehensions over a list or map without a bound")),
    }
}

/// Every rule anywhere in a CRD schema.
fn count_declared(schema: &Value) -> usize {
    match schema {
        Value::Object(map) => {
            let here = map.get("x-kubernetes-validations").and_then(Value::as_array).map_or(0, Vec::len);
            here + map.values().map(count_declared).sum::<usize>()
        }
        Value::Array(items) => items.iter().map(count_declared).sum(),
        _ => 0,
    }
}

/// Every rule a skeleton keeps, found the way `structural.rs` walks it.
fn count_kept(node: &Value) -> usize {
    let here = node.get("rules").and_then(Value::as_array).map_or(0, Vec::len);
    let properties = node.get("properties").and_then(Value::as_object).map_or(0, |p| p.values().map(count_kept).sum());
    let nested = ["items", "additionalProperties"].iter().filter_map(|k| node.get(*k)).map(count_kept).sum::<usize>();
    here + properties + nested
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_paths_to_defaults_rules_and_escaped_names() {
        let schema = json!({
            "type": "object",
            "properties": {
                "plain": {"type": "string"},
                "not-under-a-rule": {"type": "object", "properties": {"namespace": {"type": "string"}}},
                "spec": {
                    "type": "object",
                    "x-kubernetes-validations": [{"rule": "has(self.a)", "message": "a", "x-extra": 1}],
                    "properties": {"namespace": {"type": "string"}, "mode": {"type": "string", "default": "on"}},
                },
                "list": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer", "default": 1, "nullable": true}}}},
            }
        });
        let skeleton = of(&schema).expect("skeleton").expect("not empty");
        assert_eq!(
            skeleton,
            json!({"properties": {
                "spec": {"rules": [{"rule": "has(self.a)", "message": "a"}], "escape": ["namespace"], "properties": {"mode": {"default": "on"}}},
                "list": {"items": {"properties": {"n": {"default": 1, "nullable": true}}}},
            }})
        );
        assert_eq!(of(&json!({"type": "object", "properties": {"a": {"type": "string"}}})), Ok(None));
    }

    #[test]
    fn refuses_rules_it_would_not_evaluate_and_unbounded_quadratic_rules() {
        let hidden = json!({"allOf": [{"x-kubernetes-validations": [{"rule": "true"}]}]});
        assert!(of(&hidden).is_err());
        let unique = json!([{"rule": "self.all(a, self.exists_one(b, a == b))"}]);
        let unbounded = json!({"type": "array", "items": {"type": "string"}, "x-kubernetes-validations": unique});
        assert!(of(&unbounded).is_err());
        let mut bounded = unbounded.clone();
        bounded["maxItems"] = json!(64);
        assert!(of(&bounded).is_ok());
    }
}
