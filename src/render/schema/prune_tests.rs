//! `restrict` keeps what instances reach and opens the rest; validating against the restricted
//! schema answers as the whole schema does, on every golden object and on mutations of it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::restrict;

fn compile(schema: &Value) -> jsonschema::Validator {
    jsonschema::options().with_draft(jsonschema::Draft::Draft4).build(schema).expect("the schema compiles")
}

#[test]
fn properties_no_instance_has_are_opened_and_the_others_restricted() {
    let schema = json!({"type": "object", "additionalProperties": false, "required": ["a"], "properties": {
        "a": {"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "integer"}}},
        "b": {"type": "array", "items": {"type": "object", "properties": {"z": {"type": "boolean"}}}},
    }});
    let restricted = restrict(&schema, &[&json!({"a": {"x": "1"}})]);
    assert_eq!(
        restricted,
        json!({"type": "object", "additionalProperties": false, "required": ["a"], "properties": {
            "a": {"type": "object", "properties": {"x": {"type": "string"}, "y": {}}},
            "b": {},
        }}),
        "keywords of reached nodes kept, in their order; properties no instance has accept anything"
    );
}

#[test]
fn items_are_restricted_to_what_any_element_holds_and_opened_for_empty_arrays() {
    let schema = json!({"type": "array", "items": {"properties": {"p": {"type": "string"}, "q": {"type": "string"}}}});
    let two = json!([{"p": "1"}, {"q": "2"}]);
    assert_eq!(restrict(&schema, &[&two]), schema, "each property is held by one element");
    assert_eq!(restrict(&schema, &[&json!([])]), json!({"type": "array", "items": {}}));
    assert_eq!(
        restrict(&schema, &[&json!("not an array")]),
        json!({"type": "array", "items": {}}),
        "the type error stays: only the items schema opens"
    );
}

#[test]
fn additional_properties_schemas_see_the_undeclared_keys_and_branches_the_instance() {
    let schema = json!({
        "properties": {"known": {"type": "string"}},
        "additionalProperties": {"properties": {"v": {"type": "string"}, "w": {"type": "string"}}},
        "anyOf": [{"properties": {"known": {"enum": ["a"]}, "other": {"type": "string"}}}, {"required": ["known"]}],
        "not": {"properties": {"known": {"enum": ["b"]}, "never": {"type": "string"}}},
    });
    let restricted = restrict(&schema, &[&json!({"known": "a", "extra": {"v": "1"}})]);
    assert_eq!(restricted["additionalProperties"], json!({"properties": {"v": {"type": "string"}, "w": {}}}));
    assert_eq!(restricted["anyOf"][0], json!({"properties": {"known": {"enum": ["a"]}, "other": {}}}));
    assert_eq!(restricted["not"], schema["not"], "kept whole: jsonschema prints it in its message");
}

#[test]
fn what_another_node_or_a_regex_decides_is_kept_whole() {
    let with_ref = json!({"properties": {"a": {"$ref": "#/definitions/x"}, "b": {"type": "string"}}, "definitions": {"x": {"properties": {"y": {"type": "string"}}}}});
    let restricted = restrict(&with_ref, &[&json!({"a": {}})]);
    assert_eq!(restricted["properties"]["a"], with_ref["properties"]["a"]);
    assert_eq!(restricted["definitions"], with_ref["definitions"]);
    assert_eq!(restricted["properties"]["b"], json!({}));
    let patterned = json!({"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": {"properties": {"v": {"type": "string"}}}});
    assert_eq!(restrict(&patterned, &[&json!({})]), patterned);
}

/// jsonschema walks a small `properties` in the instance's key order or the schema's, by which
/// has fewer entries: the restricted schema keeps every name, so the first of two errors stays.
#[test]
fn the_first_of_several_errors_stays_the_first() {
    let schema = json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"}}});
    let not_anyof = json!({"not": {"properties": {"a": {"type": "integer"}, "z": {}}}});
    for (schema, instance) in [(schema, json!({"b": 1, "x": 0, "a": 1})), (not_anyof, json!({"a": 1}))] {
        let restricted = compile(&restrict(&schema, &[&instance]));
        let expected = verdict(&compile(&schema), &instance);
        assert!(expected.is_some());
        assert_eq!(verdict(&restricted, &instance), expected, "{schema}");
    }
}

/// The compiled-in schema of every kind, by `(apiVersion, kind)`.
fn schemas() -> BTreeMap<(String, String), Value> {
    super::super::registry::COMPACT
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line.trim().trim_end_matches(',')).ok())
        .map(|entry| {
            let key = |k: &str| entry[k].as_str().unwrap_or_default().to_string();
            ((key("apiVersion"), key("kind")), entry["schema"].clone())
        })
        .collect()
}

/// Up to `per_kind` golden objects of each kind fedc emits.
fn golden_objects(per_kind: usize) -> BTreeMap<(String, String), Vec<Value>> {
    let mut objects: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(crate::testing::repo("snapshots")).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let Ok(object) = serde_yaml_ng::from_str::<Value>(&text) else { continue };
        let key = |k: &str| object[k].as_str().unwrap_or_default().to_string();
        let of_kind = objects.entry((key("apiVersion"), key("kind"))).or_default();
        if of_kind.len() < per_kind {
            of_kind.push(object);
        }
    }
    objects
}

/// `object` changed at one place each: every value replaced by values of each type, every key
/// removed, an unknown key added to every mapping, a foreign element added to every sequence.
fn mutations(object: &Value) -> Vec<Value> {
    let mut pointers = Vec::new();
    collect_pointers(object, String::new(), &mut pointers);
    let replacements = [json!("x"), json!(-1), json!(1.5), json!(true), Value::Null, json!([]), json!({}), json!([{}])];
    let mut mutated = Vec::new();
    for pointer in &pointers {
        for replacement in &replacements {
            let mut copy = object.clone();
            *copy.pointer_mut(pointer).expect("collected") = replacement.clone();
            mutated.push(copy);
        }
        let mut copy = object.clone();
        match copy.pointer_mut(pointer).expect("collected") {
            Value::Object(map) => {
                map.insert("fedcUnknownField".into(), json!({"nested": 1}));
            }
            Value::Array(items) => items.push(json!({"fedcUnknownField": 1})),
            _ => continue,
        }
        mutated.push(copy);
        if let Some((parent, key)) = pointer.rsplit_once('/') {
            let mut copy = object.clone();
            if let Some(map) = copy.pointer_mut(parent).and_then(Value::as_object_mut) {
                map.remove(&key.replace("~1", "/").replace("~0", "~"));
                mutated.push(copy);
            }
        }
    }
    mutated
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| collect_pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| collect_pointers(v, format!("{at}/{i}"), out))
        }
        _ => {}
    }
    if !at.is_empty() {
        out.push(at);
    }
}

/// What a validator says of `instance`: valid, or where and what its first error is.
fn verdict(validator: &jsonschema::Validator, instance: &Value) -> Option<(String, String)> {
    validator.validate(instance).err().map(|e| (e.instance_path().to_string(), e.masked().to_string()))
}

#[test]
fn restricted_schemas_judge_golden_objects_and_their_mutations_as_the_whole_schemas_do() {
    let schemas = schemas();
    let (mut compared, mut invalid) = (0, 0);
    for (key, objects) in golden_objects(2) {
        let schema = schemas.get(&key).unwrap_or_else(|| panic!("{key:?} is compiled in"));
        let whole = compile(schema);
        // The restrictions as the binary keeps them too, shared across every instance of the kind.
        let kept = super::super::restricted::Restricted::default();
        for object in &objects {
            for instance in std::iter::once(object.clone()).chain(mutations(object)) {
                let restricted = compile(&restrict(schema, &[&instance]));
                let expected = verdict(&whole, &instance);
                assert_eq!(verdict(&restricted, &instance), expected, "{key:?}: {instance}");
                assert_eq!(restricted.is_valid(&instance), expected.is_none());
                let shared = kept.validator(schema, &instance).expect("compiles");
                assert_eq!(verdict(&shared, &instance), expected, "{key:?}, kept: {instance}");
                compared += 1;
                invalid += usize::from(expected.is_some());
            }
        }
    }
    assert!(compared > 2000 && invalid > compared / 2, "{compared} compared, {invalid} invalid");
}
