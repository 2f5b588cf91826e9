//! The function writes what the built-in `metadata` macro renders, for every way a template may
//! call it, and fails where the macro fails.

use minijinja::Environment;
use serde_json::{Value, json};

use crate::render::templates::{BUILT_IN, environment};

/// How templates call it: positional, by name, mixed; and calls the macro refuses.
const CALLS: [&str; 16] = [
    "metadata(name, namespace, labels, annotations)",
    "metadata(name, namespace, labels)",
    "metadata(name, namespace, labels, annotations, 4)",
    "metadata(name=name, namespace=namespace, labels=labels, annotations=annotations)",
    "metadata(name, namespace, labels=labels, indent=0)",
    "metadata(name, namespace, labels, annotations=annotations)",
    "metadata(name)",
    "metadata(name, namespace, labels, annotations, 2, 3)",
    "metadata(name, namespace, labels, name=name)",
    "metadata(name, namespace, labels, bogus=1)",
    "metadata(name, namespace, labels, not_in_the_context)",
    "metadata(not_in_the_context, namespace, labels)",
    "metadata(name, not_in_the_context, labels)",
    "metadata(name, namespace, not_in_the_context)",
    "metadata(name, labels=labels)",
    "metadata(namespace=namespace, labels=labels)",
];

fn environments() -> (Environment<'static>, Environment<'static>) {
    let mut function = environment();
    let mut with_macro = environment();
    let macros = BUILT_IN.iter().find(|(name, _)| *name == "macros.j2").map(|(_, source)| *source);
    with_macro.add_template("macros.j2", macros.expect("macros.j2 is built in")).expect("macros.j2 compiles");
    for (index, call) in CALLS.iter().enumerate() {
        let name = format!("call{index}");
        function.add_template_owned(name.clone(), format!("{{{{ {call} }}}}")).expect("compiles");
        let imported = format!("{{%- from \"macros.j2\" import metadata -%}}\n{{{{ {call} }}}}");
        with_macro.add_template_owned(name, imported).expect("compiles");
    }
    (function, with_macro)
}

fn contexts() -> Vec<Value> {
    let names = [json!("m001"), json!("quo\"te"), json!(8443), Value::Null, json!(true)];
    let namespaces = [json!("ns"), json!(""), Value::Null, json!(0), json!(false), json!("it's")];
    let labels = [
        json!({}),
        json!({"app.kubernetes.io/part-of": "bench", "a": "b<"}),
        json!({"n": 1, "b": true, "z": null}),
        json!(["list"]),
        json!("string"),
    ];
    let annotations = [
        Value::Null,
        json!({}),
        json!({"argocd.argoproj.io/sync-wave": "2"}),
        json!({"k": "multi\nline", "é": "ü"}),
        json!(["x"]),
        json!("text"),
    ];
    let mut all = Vec::new();
    for name in &names {
        for namespace in &namespaces {
            for label in &labels {
                for annotation in &annotations {
                    all.push(json!({"name": name, "namespace": namespace, "labels": label, "annotations": annotation}));
                }
            }
        }
    }
    all
}

#[test]
fn writes_what_the_built_in_macro_renders_and_fails_where_it_fails() {
    let (function, with_macro) = environments();
    let (mut written, mut refused) = (0, 0);
    for context in contexts() {
        for (index, call) in CALLS.iter().enumerate() {
            let name = format!("call{index}");
            let render =
                |env: &Environment| env.get_template(&name).and_then(|t| t.render(minijinja::value::Serde(&context)));
            match (render(&function), render(&with_macro)) {
                (Ok(ours), Ok(macro_text)) => {
                    assert_eq!(ours, macro_text, "{} with {context}", call);
                    written += 1;
                }
                (Err(_), Err(_)) => refused += 1,
                (ours, macro_text) => panic!("{} with {context}: {ours:?} against {macro_text:?}", call),
            }
        }
    }
    // Over 900 contexts, where labels is a mapping in 3 of 5 and annotations none, empty or a
    // mapping in 4 of 6: four forms passing annotations write 4 × 900 × 3/5 × 4/6; five forms
    // without them (left out, undefined, or the name undefined or not given) 5 × 900 × 3/5.
    assert_eq!(written, 1440 + 2700, "{refused} refused");
    assert_eq!(written + refused, 900 * CALLS.len());
}

#[test]
fn a_template_that_imports_the_macro_gets_the_macro() {
    let mut env = environment();
    env.add_template("macros.j2", "{% macro metadata(name, namespace, labels) %}mine: {{ name }}{% endmacro %}")
        .expect("compiles");
    env.add_template("object", "{%- from \"macros.j2\" import metadata -%}\n{{ metadata(name, ns, {}) }}")
        .expect("compiles");
    let text =
        env.get_template("object").and_then(|t| t.render(minijinja::value::Serde(json!({"name": "x", "ns": "y"}))));
    assert_eq!(text.expect("renders"), "mine: x");
}
