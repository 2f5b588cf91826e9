//! Each builder against its template: for every context the planner gives it in the examples
//! and test fixtures, and for thousands of mutations of those contexts, a builder that builds an
//! object builds exactly what the template renders and the reader reads back (value and key
//! order); and for the planned contexts it never declines.

use serde_json::{Value, json};

use super::{BUILT, object};
use crate::render::{Templates, object as read};

/// Every context planned for a built template, with its template, in the topologies of
/// `examples/` and `tests/fixtures/`.
fn planned() -> Vec<(&'static str, Value, crate::plan::PlannedFile)> {
    let mut found = Vec::new();
    for path in crate::testing::topologies() {
        // Fixtures with errors plan nothing.
        let Ok(prepared) = crate::compile::prepare_with(&path, None, &crate::compile::Options::default()) else {
            continue;
        };
        let _ = crate::plan::plan_chunks(&prepared.federation, |chunk| {
            for file in chunk.into_iter().filter(|f| BUILT.contains(&f.template)) {
                found.push((file.template, file.context.clone(), file));
            }
            std::ops::ControlFlow::<()>::Continue(())
        });
    }
    found
}

/// What the built-in template renders for `context`, read back (`None`: it fails).
fn rendered(templates: &Templates, file: &crate::plan::PlannedFile, context: &Value) -> Option<Value> {
    let text = templates.render(file.template, context).ok()?;
    read::parse(&text, file).ok()
}

/// The same value with object keys in the same order (`==` ignores the order).
fn identical(a: &Value, b: &Value) -> bool {
    serde_json::to_string(a).ok() == serde_json::to_string(b).ok() && a == b
}

/// Values a field may be replaced with: each JSON type, the edges of truthiness, strings the
/// builders decline, integers out of `i64`.
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(7),
        json!(-3),
        json!(u64::MAX),
        json!(1.5),
        json!(""),
        json!("plain"),
        json!("needs \"escaping\" <&'> \\ here"),
        json!("line\nbreak"),
        json!("tab\there"),
        json!("del\u{7f}"),
        json!("nel\u{85}"),
        json!("ls\u{2028}ps\u{2029}"),
        json!("ünïcode"),
        json!("true"),
        json!("123"),
        json!("- a: b"),
        json!([]),
        json!(["a", "b"]),
        json!([1, null]),
        json!({}),
        json!({"namespace": "ns", "name": "n"}),
        json!({"namespace": null, "name": null}),
        json!({"k": "v"}),
    ]
}

/// Every value reachable in `value` replaced (one at a time) by each replacement, or removed
/// where it is an object's field or an array's element.
fn mutations(value: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for replacement in replacements() {
        out.push(replacement);
    }
    match value {
        Value::Object(map) => {
            for (key, field) in map {
                let mut without = map.clone();
                without.shift_remove(key);
                out.push(Value::Object(without));
                for mutated in mutations(field) {
                    let mut with = map.clone();
                    with.insert(key.clone(), mutated);
                    out.push(Value::Object(with));
                }
            }
        }
        Value::Array(items) => {
            for index in 0..items.len() {
                let mut without = items.clone();
                without.remove(index);
                out.push(Value::Array(without));
                for mutated in mutations(&items[index]) {
                    let mut with = items.clone();
                    with[index] = mutated;
                    out.push(Value::Array(with));
                }
            }
        }
        _ => {}
    }
    out
}

#[test]
fn every_builder_builds_what_its_template_renders() {
    let templates = Templates::load(None).expect("built-in templates");
    let planned = planned();
    let mut built = std::collections::BTreeMap::<&str, usize>::new();
    let (mut compared, mut declined) = (0, 0);
    // One context per template shape is mutated; every planned context is compared as it is.
    let mut mutated = std::collections::BTreeSet::new();
    for (template, context, file) in &planned {
        let own = object(template, context).unwrap_or_else(|| panic!("{template} declined a planned context"));
        let reference = rendered(&templates, file, context).expect("the template renders");
        assert!(identical(&own, &reference), "{template}: built {own}\nrendered {reference}");
        *built.entry(template).or_default() += 1;
        let shape = (template, serde_json::to_string(&strip(context)).unwrap_or_default());
        if !mutated.insert(shape) {
            continue;
        }
        for context in mutations(context) {
            match object(template, &context) {
                Some(own) => {
                    let reference = rendered(&templates, file, &context);
                    let agrees = reference.as_ref().is_some_and(|r| identical(&own, r));
                    assert!(agrees, "{template}: for {context}\nbuilt {own}\nrendered {reference:?}");
                    compared += 1;
                }
                None => declined += 1,
            }
        }
    }
    assert_eq!(built.keys().copied().collect::<Vec<_>>(), sorted(&BUILT), "every builder meets planned contexts");
    // The planned contexts reach every branch of the builders (the mutations then vary them).
    let reaches = |template: &str, branch: &str| {
        planned.iter().any(|(t, context, _)| *t == template && context.to_string().contains(branch))
    };
    for (template, branch) in [
        ("maistra/exportedserviceset.yaml.j2", r#""alias":{"namespace":""#),
        ("maistra/exportedserviceset.yaml.j2", r#""match_expressions":[{"#),
        ("maistra/exportedserviceset.yaml.j2", r#""aliases":[{"#),
        ("maistra/exportedserviceset.yaml.j2", r#""match_labels":[["#),
        ("maistra/servicemeshpeer.yaml.j2", r#""discovery_port":3"#),
        ("maistra/servicemeshcontrolplane.yaml.j2", r#""node_ports":[3"#),
        ("maistra/servicemeshcontrolplane.yaml.j2", r#""annotations":[["#),
        ("maistra/servicemeshcontrolplane.yaml.j2", r#""openshift_route_off":true"#),
    ] {
        assert!(reaches(template, branch), "no planned context of {template} holds {branch}");
    }
    assert!(compared > 1_000 && declined > 1_000, "compared {compared}, declined {declined}");
}

/// A context's shape: its strings and numbers blanked, so contexts that differ only in names
/// are mutated once.
fn strip(value: &Value) -> Value {
    match value {
        Value::String(_) => json!(""),
        Value::Number(_) => json!(0),
        Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), strip(v))).collect()),
        other => other.clone(),
    }
}

fn sorted(names: &[&'static str]) -> Vec<&'static str> {
    let mut names = names.to_vec();
    names.sort_unstable();
    names
}

/// With `macros.j2` or the template itself replaced, the template renders (its builder is not
/// used); with another template replaced, the builders still are.
#[test]
fn builders_are_used_only_for_the_built_in_templates() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let replace = |name: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("directory");
        let built_in = crate::render::templates::BUILT_IN.iter().find(|(n, _)| *n == name).expect("built in").1;
        std::fs::write(&path, built_in).expect("template");
    };
    replace("maistra/importedserviceset.yaml.j2");
    let templates = Templates::load(Some(dir.path())).expect("templates");
    assert!(BUILT.iter().all(|name| templates.built_natively(name)));
    replace("maistra/servicemeshpeer.yaml.j2");
    let templates = Templates::load(Some(dir.path())).expect("templates");
    assert!(!templates.built_natively("maistra/servicemeshpeer.yaml.j2"));
    assert!(templates.built_natively("maistra/ca-root-cert.yaml.j2"));
    replace("macros.j2");
    let templates = Templates::load(Some(dir.path())).expect("templates");
    assert!(BUILT.iter().all(|name| !templates.built_natively(name)));
}

/// What a render may refuse goes to the template: keys past what YAML reads as a key, contexts
/// past what a render may spend (fuel) or write. Up to those limits, the builders build what the
/// templates render, the densest loop included.
#[test]
fn contexts_past_a_renders_limits_go_to_the_template() {
    let templates = Templates::load(None).expect("built-in templates");
    let planned = planned();
    let first = |template: &str| planned.iter().find(|(t, ..)| *t == template).expect("planned");
    let agree = |file: &crate::plan::PlannedFile, context: &Value| {
        let own = object(file.template, context).expect("built");
        assert!(rendered(&templates, file, context).is_some_and(|r| identical(&own, &r)), "{}", file.template);
    };
    let (_, peer, file) = first("maistra/servicemeshpeer.yaml.j2");
    for (key, builds) in [("a".repeat(super::KEY_LIMIT), true), ("<".repeat(150), true), ("<".repeat(151), false)] {
        let mut context = peer.clone();
        context["labels"] = json!({ key: "v" });
        match builds {
            true => agree(file, &context),
            false => assert!(object(file.template, &context).is_none(), "a key past the limit"),
        }
    }
    let mut context = peer.clone();
    context["addresses"] =
        Value::Array((0..super::ITEMS_LIMIT - 100).map(|i| json!(format!("a{i}.example"))).collect());
    agree(file, &context);
    context["addresses"] = Value::Array((0..super::ITEMS_LIMIT).map(|i| json!(format!("a{i}.example"))).collect());
    assert!(object(file.template, &context).is_none(), "past the items a context may hold");
    // The control plane's ingress gateways: the loop that costs a render the most per item.
    let (_, plane, file) = planned
        .iter()
        .find(|(t, c, _)| {
            *t == "maistra/servicemeshcontrolplane.yaml.j2" && c.to_string().contains(r#""node_ports":[3"#)
        })
        .expect("a NodePort control plane");
    let gateway = plane["ingress"][0].clone();
    let items = |g: &Value| 1 + g.as_object().map_or(0, |m| m.len()) + g.to_string().matches('[').count() * 2;
    let fit = (super::ITEMS_LIMIT - 200) / items(&gateway);
    let many = (0..fit).map(|i| {
        let mut g = gateway.clone();
        g["name"] = json!(format!("ingress-{i}"));
        g
    });
    let mut context = plane.clone();
    context["ingress"] = Value::Array(many.collect());
    agree(file, &context);
    let mut context = peer.clone();
    context["client_id"] = json!("x".repeat(super::TEXT_LIMIT));
    assert!(object("maistra/servicemeshpeer.yaml.j2", &context).is_none(), "past the text a context may hold");
}
