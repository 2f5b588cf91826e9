//! Property: random overlays and template edits on the examples either produce a finding, or
//! leave what reaches the cluster as the topology planned it. The facts of every object of the
//! customised build are compared with those of the plain build: where any differ, fedc must have
//! reported a `fedc::verify::*` finding (or refused the build for another reason); where none
//! differ, it must report none of them (no false alarm). Cases: `FEDC_VERIFY_CASES` (default
//! below), e.g. `FEDC_VERIFY_CASES=2000 cargo test --lib verify::tests -- --nocapture`.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

use super::FederationReader;
use crate::compile::{Options, prepare_with};
use crate::error::Error;
use crate::render::trace::Reader;

const DEFAULT_CASES: u32 = 48;

fn cases() -> u32 {
    std::env::var("FEDC_VERIFY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES)
}

/// A topology and the target to build it for: OSSM 2, OSSM 3 federation, one OSSM 3 mesh over
/// three clusters, one upstream Istio mesh over two.
const BASES: [(&str, Option<&str>); 4] = [
    ("examples/federation.toml", None),
    ("examples/federation.toml", Some("ossm3")),
    ("tests/fixtures/ossm3-three-clusters.toml", None),
    ("examples/multicluster.toml", None),
];

/// A built output: each object's facts by path, or the findings that stopped it.
type Built = Result<(BTreeMap<String, crate::render::trace::Facts>, Vec<String>), Vec<String>>;

fn build(dir: &Path, target: Option<&str>, templates: Option<&Path>) -> Built {
    let options = Options { target: target.and_then(crate::model::MeshTarget::parse), ..Options::default() };
    let prepared = match prepare_with(&dir.join("topology.toml"), templates, &options) {
        Ok(prepared) => prepared,
        Err(Error::Findings { diagnostics, .. }) => {
            return Err(diagnostics.iter().map(|d| d.code.to_string()).collect());
        }
        Err(other) => return Err(vec![other.code().map(|code| code.to_string()).unwrap_or_default()]),
    };
    let mut facts = BTreeMap::new();
    let rendered = prepared.render_each(|files| {
        for file in files.iter().filter(|f| f.object.is_some()) {
            let value: Value = serde_yaml_ng::from_str(&file.content)
                .map_err(|e| Error::io_other(Path::new(&file.path), e.to_string()))?;
            if let Some(read) = FederationReader.facts(&value) {
                facts.insert(file.path.clone(), read);
            }
        }
        Ok(())
    });
    match rendered {
        Ok(warnings) => Ok((facts, warnings.iter().map(|d| d.code.to_string()).collect())),
        Err(Error::Findings { diagnostics, .. }) => Err(diagnostics.iter().map(|d| d.code.to_string()).collect()),
        Err(other) => Err(vec![other.code().map(|code| code.to_string()).unwrap_or_default()]),
    }
}

/// A scratch copy of a base topology (its certificates beside it), with `extra` appended.
fn scratch(base: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = crate::testing::repo(base);
    let text = std::fs::read_to_string(&from).expect("base topology");
    std::fs::write(dir.path().join("topology.toml"), format!("{text}\n{extra}")).expect("write");
    let certs = from.parent().expect("dir").join("certs");
    std::fs::create_dir(dir.path().join("certs")).expect("mkdir");
    for entry in std::fs::read_dir(certs).expect("certs") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join("certs").join(entry.file_name())).expect("copy cert");
    }
    dir
}

/// The property, once the customised build ran.
fn holds(planned: &BTreeMap<String, crate::render::trace::Facts>, customised: &Built) -> Result<(), TestCaseError> {
    let (facts, warnings) = match customised {
        Err(_) => return Ok(()), // refused with findings: nothing silent
        Ok(built) => built,
    };
    let verified = warnings.iter().any(|code| code.split("::").nth(1) == Some("verify"));
    let changed: Vec<&String> =
        facts.iter().filter(|(path, f)| planned.get(*path) != Some(f)).map(|(p, _)| p).collect();
    prop_assert_eq!(facts.keys().collect::<Vec<_>>(), planned.keys().collect::<Vec<_>>(), "the same objects");
    if changed.is_empty() {
        prop_assert!(!verified, "a verify finding without a changed fact: {:?}", warnings);
    } else {
        prop_assert!(verified, "facts of {:?} changed silently", changed);
    }
    Ok(())
}

/// Every pointer in `value` (containers and leaves), but the object's identity.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    let identity = ["/apiVersion", "/kind", "/metadata/name", "/metadata/namespace"];
    if !at.is_empty() && !identity.contains(&at.as_str()) {
        out.push(at.clone());
    }
    match value {
        Value::Object(map) => {
            map.iter().for_each(|(k, v)| pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out))
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

const VALUES: [&str; 6] = ["x", "evil.local", "false", "ISTIO_MUTUAL", "SIMPLE", "network-x"];

/// An RFC 6902 operation on `object` chosen by `n`.
fn operation(object: &Value, n: &[u32; 3]) -> Value {
    let mut all = Vec::new();
    pointers(object, String::new(), &mut all);
    let path = &all[n[0] as usize % all.len()];
    let value = match n[2] % 4 {
        0 => json!(VALUES[n[1] as usize % VALUES.len()]),
        1 => json!(n[1] % 70000),
        2 => json!(n[1].is_multiple_of(2)),
        _ => json!({ "k": VALUES[n[1] as usize % VALUES.len()] }),
    };
    match n[1] % 3 {
        0 => json!({ "op": "remove", "path": path }),
        1 => json!({ "op": "replace", "path": path, "value": value }),
        _ => json!({ "op": "add", "path": format!("{path}/extra"), "value": value }),
    }
}

#[test]
fn random_overlays_are_found_or_change_nothing() {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    for (base, target) in BASES {
        let plain = scratch(base, "");
        let Ok((planned, _)) = build(plain.path(), target, None) else { panic!("{base} builds") };
        let objects: Vec<(String, Value)> = planned_objects(plain.path(), target);
        let strategy = (0..objects.len(), any::<[u32; 3]>());
        let result = runner.run(&strategy, |(index, n)| {
            let (path, object) = &objects[index];
            let patch = json!([operation(object, &n)]);
            let overlay = overlay_selecting(path, object);
            let dir = scratch(base, &format!("{overlay}patch_file = \"patch.json\"\n"));
            std::fs::write(dir.path().join("patch.json"), patch.to_string()).expect("patch");
            holds(&planned, &build(dir.path(), target, None))
        });
        if let Err(error) = result {
            panic!("{base} ({target:?}): {error}");
        }
    }
}

#[test]
fn random_template_edits_are_found_or_change_nothing() {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let templates = crate::render::BUILT_IN;
    for (base, target) in BASES {
        let plain = scratch(base, "");
        let Ok((planned, _)) = build(plain.path(), target, None) else { panic!("{base} builds") };
        let strategy = (0..templates.len(), any::<u32>(), any::<u32>());
        let result = runner.run(&strategy, |(index, line, how)| {
            let (name, text) = templates[index];
            let dir = tempfile::tempdir().expect("tempdir");
            let edited = edit(text, line, how);
            let file = dir.path().join(name);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, edited).expect("write template");
            holds(&planned, &build(plain.path(), target, Some(dir.path())))
        });
        if let Err(error) = result {
            panic!("{base} ({target:?}): {error}");
        }
    }
}

/// A template with one line removed, or one expression replaced by a constant.
fn edit(text: &str, line: u32, how: u32) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = line as usize % lines.len().max(1);
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    if how.is_multiple_of(2) {
        out.remove(at);
    } else if let (Some(start), Some(end)) = (out[at].find("{{"), out[at].rfind("}}")) {
        let constant = format!("\"{}\"", VALUES[how as usize % VALUES.len()]);
        out[at].replace_range(start..end + 2, &constant);
    }
    out.join("\n") + "\n"
}

/// The objects of the plain build, parsed, by path.
fn planned_objects(dir: &Path, target: Option<&str>) -> Vec<(String, Value)> {
    let options = Options { target: target.and_then(crate::model::MeshTarget::parse), ..Options::default() };
    let prepared = prepare_with(&dir.join("topology.toml"), None, &options).expect("prepares");
    let mut objects = Vec::new();
    prepared
        .render_each(|files| {
            for file in files.iter().filter(|f| f.object.is_some()) {
                let value: Value = serde_yaml_ng::from_str(&file.content).expect("yaml");
                objects.push((file.path.clone(), value));
            }
            Ok(())
        })
        .expect("renders");
    objects.sort_by(|a, b| a.0.cmp(&b.0));
    objects
}

/// An `[[overlays]]` table selecting exactly the object at `path`.
fn overlay_selecting(path: &str, object: &Value) -> String {
    let mut table = String::from("[[overlays]]\n");
    if let Some(cluster) = path.strip_prefix("clusters/").and_then(|rest| rest.split('/').next()) {
        table.push_str(&format!("cluster = {}\n", json!(cluster)));
    }
    table.push_str(&format!("kind = {}\n", object["kind"]));
    table.push_str(&format!("name = {}\n", object["metadata"]["name"]));
    if let Some(namespace) = object["metadata"]["namespace"].as_str() {
        table.push_str(&format!("namespace = {}\n", json!(namespace)));
    }
    table
}

/// fedc's own rendering of every base breaks no invariant (a violation nothing caused is dropped
/// from the findings, so the property above alone would not see one): an invariant that did would
/// blame any later overlay that changes one of the facts it reads.
#[test]
fn own_rendering_breaks_no_invariant() {
    for (base, target) in BASES {
        let dir = scratch(base, "");
        let options = Options { target: target.and_then(crate::model::MeshTarget::parse), ..Options::default() };
        let prepared = prepare_with(&dir.path().join("topology.toml"), None, &options).expect("prepares");
        let mut readback = super::ReadBack::default();
        let mut facts_read = 0;
        prepared
            .render_each(|files| {
                let mut read: Vec<_> = files
                    .into_iter()
                    .map(|mut file| {
                        let value: Option<Value> = serde_yaml_ng::from_str(&file.content).ok();
                        let facts = value.as_ref().and_then(|v| FederationReader.facts(v));
                        file.read = facts.map(|facts| crate::render::trace::Read { facts, changes: Vec::new() });
                        file
                    })
                    .collect();
                facts_read += read.iter().filter(|f| f.read.is_some()).count();
                readback.add(&mut read);
                Ok(())
            })
            .expect("renders");
        assert!(facts_read >= 8, "{base}: read {facts_read} objects");
        let violations = super::invariants::violations(&readback, &prepared.federation);
        let messages: Vec<&String> = violations.iter().map(|v| &v.message).collect();
        assert!(messages.is_empty(), "{base} ({target:?}): {messages:#?}");
    }
}
