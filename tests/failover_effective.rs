//! Issue 9: what build emits for a failover follows the controller's first-match evaluation
//! (maistra-semantics §4–§6), not the import rules as written. The example federation, with
//! green's import from red rewritten, compiled for `ossm2` and for `ossm3`.

use std::path::Path;

use serde_json::Value;

use crate::support::Build;

const GREEN_FROM_RED: &str = r#"  [[imports.rules]]
  service = "bookinfo/ratings"
  as_local = true                              # merges with green's own ratings: failover target
  ports = { http = 9080 }                      # istio/ossm3 (one ServiceEntry per service)
"#;

fn compile(rules: &str, target: Option<&str>) -> Build {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = crate::support::example_into(dir.path());
    crate::support::edit(&topology, |text| {
        assert!(text.contains(GREEN_FROM_RED), "the example's import of green from red");
        text.replacen(GREEN_FROM_RED, rules, 1)
    });
    let args: Vec<&str> = target.map(|t| vec!["--target", t]).unwrap_or_default();
    let build = crate::support::build(&topology, &args);
    assert_eq!(build.status, Some(0), "builds: {}", build.stderr);
    build
}

fn objects<'a>(build: &'a Build, kind: &'a str) -> impl Iterator<Item = (String, Value)> + 'a {
    build.objects().into_iter().filter(move |(_, value)| value["kind"] == kind)
}

fn on_green(path: &str) -> bool {
    Path::new(path).starts_with("clusters/west")
}

/// The second rule can never take effect (the first matches `bookinfo/ratings` first): OSSM 3
/// gets no ServiceEntry for the hostname its alias would give, as OSSM 2's controller imports
/// nothing under that name.
#[test]
fn a_shadowed_import_rule_gives_no_service_entry() {
    let rules = format!(
        "{GREEN_FROM_RED}  [[imports.rules]]\n  service = \"bookinfo/ratings\"\n  alias = \"bookinfo/ratings-red\"\n  ports = {{ http = 9080 }}\n"
    );
    let compiled = compile(&rules, Some("ossm3"));
    let hosts: Vec<String> = objects(&compiled, "ServiceEntry")
        .filter(|(p, _)| on_green(p))
        .map(|(_, se)| se["spec"]["hosts"][0].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(!hosts.is_empty(), "green imports from blue still get ServiceEntries");
    assert!(!hosts.iter().any(|h| h.starts_with("ratings-red.")), "{hosts:?}");
    let warnings = compiled.codes();
    assert!(warnings.contains(&"fedc::import::shadowed-rule"), "{warnings:?}");
}

/// The failover's source is the rule the controller reaches, written without `as_local`: OSSM 2
/// gets it made local, and OSSM 3 merges red's endpoints into green's own `ratings` Service
/// (WorkloadEntries in `bookinfo`, no ServiceEntry competing for a hostname).
#[test]
fn the_source_the_controller_reaches_is_made_local_on_every_target() {
    let rules = "  [[imports.rules]]\n  service = \"bookinfo/ratings\"\n  ports = { http = 9080 }\n";
    let ossm2 = compile(rules, None);
    let (_, set) = objects(&ossm2, "ImportedServiceSet")
        .find(|(p, o)| on_green(p) && o["metadata"]["name"] == "red")
        .expect("green's ImportedServiceSet for red");
    let rule = &set["spec"]["importRules"][0];
    assert_eq!(rule["importAsLocal"], true, "{rule}");
    let ossm3 = compile(rules, Some("ossm3"));
    let merged = objects(&ossm3, "WorkloadEntry").filter(|(p, _)| p.starts_with("clusters/west/bookinfo/"));
    assert!(merged.count() > 0, "red's endpoints join green's ratings Service");
    let red_ratings = objects(&ossm3, "ServiceEntry").filter(|(p, _)| on_green(p)).any(|(_, se)| {
        let host = se["spec"]["hosts"][0].as_str().unwrap_or_default();
        host.starts_with("ratings.bookinfo.") && host.ends_with("red-imports.local")
    });
    assert!(!red_ratings, "no ServiceEntry for red's ratings under the imports suffix");
}
