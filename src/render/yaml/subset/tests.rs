//! `render::yaml::subset` reads a template's output without libyaml. Whenever it answers, it must
//! answer exactly what `serde_yaml_ng` reads (the same mapping, key order, scalar types and
//! strings; a different reading would let a template's output mean something else than what is
//! checked, or accept what serde_yaml_ng refuses). Checked here over generated documents in the
//! templates' style, over wild documents (YAML syntax and scalars outside the subset), over random
//! mutations of both, over every golden output file, and over every template's output for every
//! example and fixture, where the subset must also actually be used.
//!
//! Random cases per property: `FEDC_YAML_CASES` (default below).

mod generate;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

use super::read_mapping;
use generate::*;

const DEFAULT_CASES: u32 = 1024;

fn config() -> Config {
    let cases = std::env::var("FEDC_YAML_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// What `render::object::parse` gets from serde_yaml_ng: one document holding a mapping.
fn reference(text: &str) -> Result<Value, String> {
    let mut documents = serde_yaml_ng::Deserializer::from_str(text);
    let first = documents.next().ok_or("no document")?;
    let value: Value = serde::Deserialize::deserialize(first).map_err(|e| e.to_string())?;
    if documents.next().is_some() {
        return Err("more than one document".into());
    }
    value.is_object().then_some(value).ok_or_else(|| "not a mapping".into())
}

/// The value as JSON text, keys in map order.
fn in_order(value: &Value) -> String {
    serde_json::to_string(value).expect("a value serialises")
}

/// Whether the subset read `text` (`Ok(true)`), deferred (`Ok(false)`), or read it otherwise than
/// serde_yaml_ng (`Err`). Compared as JSON text too: map equality ignores key order.
fn agrees(text: &str) -> Result<bool, String> {
    let Some(map) = read_mapping(text) else { return Ok(false) };
    let fast = Value::Object(map);
    match reference(text) {
        Ok(slow) if slow == fast && in_order(&slow) == in_order(&fast) => Ok(true),
        other => Err(format!("subset read {text:?}\nas {fast}\nserde_yaml_ng: {other:?}")),
    }
}

#[test]
fn clean_documents_are_read_by_the_subset_as_serde_yaml_ng_reads_them() {
    proptest!(config(), |(node in clean_document())| {
        let text = text_of(&node, 2);
        let taken = agrees(&text).map_err(TestCaseError::fail)?;
        // The subset must cover the templates' style, or this test proves nothing.
        prop_assert!(taken || has_duplicate_keys(&node), "subset deferred on {:?}", text);
    });
}

#[test]
fn wild_documents_are_read_as_serde_yaml_ng_reads_them_or_deferred() {
    proptest!(config(), |(text in wild_document())| {
        agrees(&text).map_err(TestCaseError::fail)?;
    });
}

#[test]
fn mutated_documents_are_read_as_serde_yaml_ng_reads_them_or_deferred() {
    let sources = prop_oneof![clean_document().prop_map(|node| text_of(&node, 2)), wild_document()];
    proptest!(config(), |(text in sources, edits in vec(edit(), 1..4))| {
        agrees(&mutate(text, edits)).map_err(TestCaseError::fail)?;
    });
}

#[test]
fn what_the_writer_writes_from_everyday_values_is_read_by_the_subset() {
    // Words every YAML version reads as strings: the subset defers on the reserved ones by design.
    let keys =
        prop_oneof!["[a-z][a-zA-Z0-9._/-]{0,10}".prop_map(unreserved), "[a-z ]{0,4}".prop_map(unreserved)].boxed();
    let values = everyday_string().prop_map(unreserved).boxed();
    proptest!(config(), |(value in object(values, keys))| {
        let text = crate::render::yaml::to_string(&value);
        prop_assert!(agrees(&text).map_err(TestCaseError::fail)?, "subset deferred on {:?}", text);
        let read = Value::Object(read_mapping(&text).expect("read"));
        // Same value; the writer puts `apiVersion`, `kind` and `metadata` first, so order may differ.
        prop_assert_eq!(read, value);
    });
}

#[test]
fn what_the_writer_writes_from_any_values_is_read_as_serde_yaml_ng_reads_it_or_deferred() {
    let strings = prop_oneof![everyday_string(), tricky_string(), word()].boxed();
    proptest!(config(), |(value in object(strings.clone(), strings), edits in vec(edit(), 0..3))| {
        let text = crate::render::yaml::to_string(&value);
        agrees(&format!("# header\n{text}")).map_err(TestCaseError::fail)?;
        agrees(&mutate(text, edits)).map_err(TestCaseError::fail)?;
    });
}

#[test]
fn every_golden_output_file_is_read_as_serde_yaml_ng_reads_it_or_deferred() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let (mut read, mut files) = (0, 0);
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        files += 1;
        // With the generated-file header (a comment: always deferred) and without it.
        let body = text.split_once('\n').map_or("", |(_, body)| body);
        for candidate in [text.as_str(), body] {
            let taken = agrees(candidate).unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            read += usize::from(taken);
        }
    }
    // Every golden file is written by fedc's writer, in the subset (with and without its header).
    assert_eq!(read, 2 * files, "the subset deferred on some golden files");
}

/// Templates whose output is outside the subset: a literal block at the very end, without a final
/// line break (the Lua health script; minijinja drops the template's last line break).
const DEFERRED_TEMPLATES: &[&str] = &["gitops/argocd-cm-health.yaml.j2"];

#[test]
fn every_templates_output_for_the_examples_is_read_by_the_subset() {
    let mut deferred = std::collections::BTreeSet::new();
    let mut read = 0;
    for path in crate::testing::topologies() {
        let targets: &[Option<&str>] =
            if path.ends_with("federation.toml") { &[None, Some("ossm3"), Some("istio")] } else { &[None] };
        for target in targets {
            let options = crate::compile::Options {
                target: target.and_then(crate::model::MeshTarget::parse),
                ..crate::compile::Options::default()
            };
            let prepared = crate::compile::prepare_with(&path, None, &options).expect("prepares");
            let flow = crate::plan::plan_chunks(&prepared.federation, |chunk| {
                for file in chunk {
                    // Not YAML (a partner's hand-off topology and certificates, a runbook; render::document).
                    if [".toml", ".pem", ".md"].iter().any(|ext| file.path.ends_with(ext)) {
                        continue;
                    }
                    let text = prepared.templates.render(file.template, &file.context).expect("renders");
                    match agrees(&text) {
                        Ok(true) => read += 1,
                        Ok(false) => {
                            deferred.insert(file.template);
                        }
                        Err(e) => {
                            return std::ops::ControlFlow::Break(format!(
                                "{} {target:?} {}: {e}",
                                path.display(),
                                file.path
                            ));
                        }
                    }
                }
                std::ops::ControlFlow::Continue(())
            });
            if let std::ops::ControlFlow::Break(problem) = flow {
                panic!("{problem}");
            }
        }
    }
    let unexpected: Vec<_> = deferred.iter().filter(|t| !DEFERRED_TEMPLATES.contains(t)).collect();
    assert!(unexpected.is_empty(), "the subset deferred on the output of {unexpected:?}");
    assert!(read > 200, "the subset read only {read} files");
}
