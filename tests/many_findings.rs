//! A topology with thousands of findings (a pull request can write one): the human report shows
//! the first ones, errors first, and says how many more there are; JSON lists every one.

use crate::support::{edit, example_into, fedc, stdout};

#[test]
fn thousands_of_findings_are_summarised_for_people_and_listed_in_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    let rules: String = (0..3000).map(|i| format!("  [[exports.rules]]\n  service = \"unused/s{i}\"\n")).collect();
    edit(&topology, |t| format!("{t}\n[[exports]]\nmesh = \"green\"\nto = [\"red\"]\n{rules}"));
    let path = topology.to_str().expect("utf-8 path");
    let human = fedc(&["check", path], dir.path());
    let text = stdout(&human);
    // The first 200 are shown (docs/diagnostics.md), the rest counted.
    let shown = text.matches("fedc::export::not-imported").count();
    assert_eq!(shown, 200, "excerpts shown");
    assert!(text.contains("\n… and 2800 more findings not shown here; `--format json` lists them all\n"), "{text}");
    assert!(text.ends_with("federation.toml: 0 errors, 3000 warnings\n"), "the summary counts all: {text}");
    let json = fedc(&["check", path, "--format", "json"], dir.path());
    let document: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("one JSON document");
    let listed = document["diagnostics"].as_array().map_or(0, Vec::len);
    assert_eq!(listed, 3000, "every finding in JSON");
    assert_eq!(document["summary"]["warnings"].as_u64(), Some(3000));
}
