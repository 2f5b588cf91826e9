//! The validators of a large schema restricted to each object (`prune`), kept by the restricted
//! schema's text for the next object of the same shape. The objects of one kind in a federation
//! mostly have one shape: the 100 control planes of a 100-mesh federation all restrict the
//! ServiceMeshControlPlane schema to the same 4 kB, and compiling that took about 0.25 ms per
//! object, against 0.01 ms to write it as text (docs/performance.md, "seventh pass"). A validator
//! compiled from the same text is the same validator: equal text is an equal schema, keys in the
//! same order. (A kind's first object is checked by a kind built for it alone, `registry`, so a
//! shape is compiled twice at most, not once.)

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde_json::Value;

use super::prune;

/// The most restrictions kept per kind, and the most bytes of their text together: a compiled
/// validator takes some 30 times its schema's text, so what a topology of many shapes (or a
/// hostile one) can make fedc hold stays a few MiB per kind; past either, each object compiles
/// its own, as before.
const MOST: usize = 16;
const TEXT_BUDGET: usize = 128 << 10;

/// The compiled restrictions of one kind's schema, by their compact JSON.
#[derive(Default)]
pub(super) struct Restricted {
    kept: Mutex<BTreeMap<String, Arc<jsonschema::Validator>>>,
}

impl Restricted {
    /// The validator of `schema` restricted to `instance`: kept from an object of the same shape,
    /// or compiled now (and kept while there is room).
    pub(super) fn validator(&self, schema: &Value, instance: &Value) -> Result<Arc<jsonschema::Validator>, String> {
        let restricted = prune::restrict(schema, &[instance]);
        let text = serde_json::to_string(&restricted).map_err(|e| e.to_string())?;
        if text.len() > TEXT_BUDGET {
            return Ok(Arc::new(super::registry::compile(&restricted)?));
        }
        if let Some(kept) = self.kept().get(&text) {
            return Ok(Arc::clone(kept));
        }
        // Compiled outside the lock: the other cores go on checking meanwhile.
        let validator = Arc::new(super::registry::compile(&restricted)?);
        let mut kept = self.kept();
        let held: usize = kept.keys().map(String::len).sum();
        if kept.len() < MOST && held + text.len() <= TEXT_BUDGET {
            kept.entry(text).or_insert_with(|| Arc::clone(&validator));
        }
        Ok(validator)
    }

    fn kept(&self) -> MutexGuard<'_, BTreeMap<String, Arc<jsonschema::Validator>>> {
        // A panic while holding the lock leaves the map whole (inserts are single calls).
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::{MOST, Restricted, TEXT_BUDGET};

    fn schema() -> serde_json::Value {
        json!({"type": "object", "properties": {"spec": {"type": "object", "properties": {
            "a": {"type": "string"}, "b": {"type": "integer"}
        }, "additionalProperties": {"type": "boolean"}}}})
    }

    #[test]
    fn objects_of_one_shape_share_a_validator_that_judges_each_of_them() {
        let (schema, kept) = (schema(), Restricted::default());
        let validator = |instance: &serde_json::Value| kept.validator(&schema, instance).expect("compiles");
        let (first, same, wrong) =
            (json!({"spec": {"a": "x"}}), json!({"spec": {"a": "y"}}), json!({"spec": {"a": 1}}));
        let shared = validator(&first);
        assert!(Arc::ptr_eq(&shared, &validator(&same)), "same shape, same validator");
        assert!(Arc::ptr_eq(&shared, &validator(&wrong)), "a wrong value has the same shape");
        assert!(validator(&first).is_valid(&first) && validator(&same).is_valid(&same));
        assert!(!validator(&wrong).is_valid(&wrong), "the kept validator still refuses what the schema refuses");
        let other = json!({"spec": {"b": 2, "extra": "no"}});
        assert!(!Arc::ptr_eq(&shared, &validator(&other)), "another shape, another restriction");
        assert!(!validator(&other).is_valid(&other), "`extra` is not a boolean");
    }

    #[test]
    fn what_is_kept_is_bounded_and_the_rest_is_still_judged() {
        // Properties p0, p1, …: an object holding the first n of them is a shape of its own
        // (the properties it does not hold are opened to `{}`).
        let declared: serde_json::Map<String, serde_json::Value> = (0..MOST + 8)
            .map(|k| (format!("p{k}"), json!({"type": "object", "properties": {"x": {"type": "string"}}})))
            .collect();
        let (schema, kept) = (json!({"type": "object", "properties": declared}), Restricted::default());
        for n in 0..MOST + 8 {
            let held: serde_json::Map<String, serde_json::Value> =
                (0..=n).map(|k| (format!("p{k}"), json!({"x": "v"}))).collect();
            let instance = serde_json::Value::Object(held);
            assert!(kept.validator(&schema, &instance).expect("compiles").is_valid(&instance));
            let mut wrong = instance.clone();
            wrong["p0"]["x"] = json!(1);
            assert!(!kept.validator(&schema, &wrong).expect("compiles").is_valid(&wrong));
        }
        assert_eq!(kept.kept().len(), MOST);
    }

    #[test]
    fn restrictions_past_the_text_budget_are_compiled_for_their_object_only() {
        let long = "d".repeat(TEXT_BUDGET / 2 + 1);
        let schema = json!({"type": "object", "properties": {
            "a": {"type": "string", "description": long}, "b": {"type": "string", "description": long}
        }});
        let kept = Restricted::default();
        let (a, b) = (json!({"a": "x"}), json!({"b": "x"}));
        let first = kept.validator(&schema, &a).expect("compiles");
        assert!(Arc::ptr_eq(&first, &kept.validator(&schema, &a).expect("compiles")), "within the budget: kept");
        let other = kept.validator(&schema, &b).expect("compiles");
        assert!(!Arc::ptr_eq(&other, &kept.validator(&schema, &b).expect("compiles")), "past it: not kept");
        assert!(!kept.validator(&schema, &json!({"b": 1})).expect("compiles").is_valid(&json!({"b": 1})));
        assert_eq!(kept.kept().len(), 1);
        let both = json!({"a": "x", "b": "y"});
        assert!(kept.validator(&schema, &both).expect("compiles").is_valid(&both), "longer than the budget");
        assert_eq!(kept.kept().len(), 1);
    }
}
