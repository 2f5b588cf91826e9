//! Every code is tested. A finding about the topology has a UI case: a `tests/ui/*.toml` whose
//! first line, `# expect: <code>[, <code>…]`, names it (and every code a case expects is
//! registered). A failure (exit code 2), or a finding about the clusters ([`CLUSTER_AREAS`]), has
//! no place in a topology, so no UI case: an integration test under `tests/` asserts its code, or,
//! for the few no command can provoke, a unit test ([`UNIT_TESTED`]).

use std::collections::BTreeSet;
use std::path::Path;

use super::{Kind, all};

/// Failures no command can provoke (fedc's own safeguards against its own bugs), and the unit
/// tests that assert them.
const UNIT_TESTED: &[(&str, &str)] =
    &[("fedc::emit::duplicate-path", "src/render/mod.rs"), ("fedc::emit::unsafe-path", "src/emit/safe_dir_tests.rs")];

/// Areas whose findings are about what the clusters report, not the topology (`fedc status`).
const CLUSTER_AREAS: &[&str] = &["status"];

/// Topology findings that have no UI case yet. Remove a code from here when its case is added (a
/// test insists).
const AWAITING_UI_CASES: &[&str] = &[];

/// Whether a UI case (a topology and `fedc check`) can show the code.
fn is_topology_finding(entry: &super::Entry) -> bool {
    let area = entry.id.split("::").nth(1).unwrap_or_default();
    entry.kind != Kind::Failure && !CLUSTER_AREAS.contains(&area)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files(dir: &str, extension: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    files.sort();
    files
}

/// The codes each UI case expects (`# expect: clean` expects none).
fn expected_by_ui_cases() -> Vec<(String, BTreeSet<String>)> {
    let cases: Vec<_> =
        files("tests/ui", "toml").into_iter().filter(|p| p.parent().is_some_and(|d| d.ends_with("ui"))).collect();
    assert!(cases.len() >= 40, "tests/ui holds the UI cases");
    cases
        .iter()
        .map(|path| {
            let text = read(path);
            let first = text.lines().next().unwrap_or_default();
            let list =
                first.strip_prefix("# expect:").unwrap_or_else(|| panic!("{}: no `# expect:` line", path.display()));
            let codes = list.split(',').map(str::trim).filter(|c| !c.is_empty() && *c != "clean").map(String::from);
            (path.display().to_string(), codes.collect())
        })
        .collect()
}

#[test]
fn codes_are_told_apart_from_longer_ones() {
    assert!(mentions("\"fedc::template::invalid\"", "fedc::template::invalid"));
    assert!(!mentions("\"fedc::template::invalid-yaml\"", "fedc::template::invalid"));
    assert_eq!(constant("fedc::emit::unsafe-path"), "codes::emit::UNSAFE_PATH");
}

#[test]
fn every_finding_code_has_a_ui_case_and_every_expected_code_is_registered() {
    let expected = expected_by_ui_cases();
    for (case, codes) in &expected {
        for code in codes {
            let entry = super::find(code).unwrap_or_else(|| panic!("{case} expects `{code}`, which is not registered"));
            assert!(is_topology_finding(entry), "{case} expects `{code}`, which is not a finding about a topology");
        }
    }
    let covered: BTreeSet<&str> = expected.iter().flat_map(|(_, codes)| codes.iter().map(String::as_str)).collect();
    let untested: Vec<&str> = all()
        .filter(|e| is_topology_finding(e) && !covered.contains(e.id) && !AWAITING_UI_CASES.contains(&e.id))
        .map(|e| e.id)
        .collect();
    assert!(untested.is_empty(), "no tests/ui case expects {untested:?}");
    for code in AWAITING_UI_CASES {
        assert!(super::find(code).is_some_and(is_topology_finding), "{code}: not a registered topology finding");
        assert!(!covered.contains(code), "{code} has a UI case now: remove it from AWAITING_UI_CASES");
    }
}

/// Whether `text` names `code` itself, not a longer code it begins (`fedc::template::invalid` is
/// not named by `fedc::template::invalid-yaml`).
fn mentions(text: &str, code: &str) -> bool {
    text.match_indices(code).any(|(at, _)| {
        !text[at + code.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == ':')
    })
}

/// How source code names a code: `fedc::emit::unsafe-path` is `codes::emit::UNSAFE_PATH`.
fn constant(code: &str) -> String {
    let mut parts = code.split("::").skip(1);
    let area = parts.next().unwrap_or_default();
    let name = parts.next().unwrap_or(area);
    format!("codes::{area}::{}", name.to_uppercase().replace('-', "_"))
}

#[test]
fn every_failure_and_cluster_code_is_asserted_by_a_test() {
    let integration: Vec<String> =
        files("tests", "rs").iter().filter(|p| !p.ends_with("tests/ui.rs")).map(|p| read(p)).collect();
    let mut unasserted = Vec::new();
    for entry in all().filter(|e| !is_topology_finding(e)) {
        match UNIT_TESTED.iter().find(|(code, _)| *code == entry.id) {
            Some((_, file)) => {
                let unit = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(file));
                // The tests: a `*_tests.rs` file, or the file's `#[cfg(test)]` module.
                let tests = if file.ends_with("_tests.rs") {
                    &unit[..]
                } else {
                    unit.split("#[cfg(test)]").nth(1).unwrap_or("")
                };
                assert!(tests.contains(&constant(entry.id)), "no unit test in {file} asserts {}", constant(entry.id));
            }
            None if !integration.iter().any(|text| mentions(text, entry.id)) => unasserted.push(entry.id),
            None => {}
        }
    }
    assert!(unasserted.is_empty(), "no integration test under tests/ asserts {unasserted:?}");
}
