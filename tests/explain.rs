//! `fedc explain`: snapshots on the example and every fixture, in all three formats; the JSON
//! shape read back into the library's types; filters and the reverse view.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::support::{fedc, repo, stdout};

// The JSON shape docs/explain.md documents, written down here as the contract: unknown fields are
// refused, so a change of shape fails these tests.

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Explanation {
    version: u32,
    federation: String,
    reachable: Vec<Reach>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reach {
    mesh: String,
    hostname: String,
    local_service: String,
    remote_mesh: String,
    remote_service: String,
    exported_as: String,
    imported_as_local: bool,
    condition: Option<Condition>,
    path: Path,
    failover: Option<FailoverChain>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Condition {
    namespace: String,
    selector: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Path {
    egress_gateway: String,
    cluster: String,
    remote_cluster: String,
    remote_addresses: Vec<String>,
    remote_ingress_gateway: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FailoverChain {
    regions: Vec<String>,
    via: Vec<String>,
    outlier_detection: Outlier,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outlier {
    consecutive_5xx_errors: i64,
    interval: String,
    base_ejection_time: String,
    max_ejection_percent: Option<i64>,
}

/// A filter's flags and what it keeps.
type Case = (&'static [&'static str], fn(&Reach) -> bool);

/// The version docs/explain.md documents.
const VERSION: u32 = 1;

/// The example and every fixture topology.
fn topologies() -> Vec<PathBuf> {
    let mut all = vec![repo().join("examples/federation.toml")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    fixtures.sort();
    all.extend(fixtures);
    all
}

fn run(args: &[&str]) -> String {
    let output = fedc(args, repo());
    assert_eq!(output.status.code(), Some(0), "fedc {args:?}: {}", crate::support::stderr(&output));
    stdout(&output)
}

fn name(path: &std::path::Path) -> String {
    path.file_stem().expect("stem").to_string_lossy().into_owned()
}

#[test]
fn snapshots_of_every_topology_in_every_format() {
    for topology in topologies() {
        let path = topology.strip_prefix(repo()).expect("in repo").to_string_lossy().into_owned();
        for format in ["text", "markdown", "json"] {
            let shown = run(&["explain", &path, "--format", format]);
            insta::assert_snapshot!(format!("explain_{}_{format}", name(&topology)), shown);
        }
        let reverse = run(&["explain", &path, "--reverse"]);
        insta::assert_snapshot!(format!("explain_{}_reverse", name(&topology)), reverse);
    }
}

#[test]
fn json_reads_back_into_the_documented_shape() {
    let json = run(&["explain", "examples/federation.toml", "--format", "json"]);
    let explanation: Explanation = serde_json::from_str(&json).expect("the documented shape");
    assert_eq!(explanation.version, VERSION);
    assert_eq!(explanation.federation, "bookinfo");
    // green reaches red's ratings as a local service, through its egress gateway for red, and
    // fails over to us-east-1 with the example's outlier detection.
    let local = explanation
        .reachable
        .iter()
        .find(|r| r.mesh == "green" && r.remote_mesh == "red" && r.remote_service == "bookinfo/ratings")
        .expect("green reaches red's ratings");
    assert_eq!(local.hostname, "ratings.bookinfo.svc.cluster.local");
    assert!(local.imported_as_local);
    assert_eq!(local.path.egress_gateway, "egress-red");
    assert_eq!(local.path.remote_addresses, ["ingress-green.red.east.example.com:15443"]);
    let failover = local.failover.as_ref().expect("failover");
    assert_eq!(failover.regions, ["us-west", "us-east-1"]);
    assert_eq!(failover.via, ["red"]);
    assert_eq!(failover.outlier_detection.consecutive_5xx_errors, 3);
    // Every field round-trips: what is read back prints the same document.
    assert_eq!(serde_json::to_string_pretty(&explanation).expect("json") + "\n", json);
}

#[test]
fn label_selector_exports_are_conditional_with_their_selector() {
    let json = run(&["explain", "examples/federation.toml", "--format", "json", "--from", "blue"]);
    let explanation: Explanation = serde_json::from_str(&json).expect("shape");
    let conditional = explanation.reachable.iter().find(|r| r.condition.is_some()).expect("a label export");
    let condition = conditional.condition.as_ref().expect("condition");
    assert_eq!(condition.namespace, "red-ratings");
    assert_eq!(condition.selector, ["export-service=true"]);
    assert_eq!(conditional.remote_service, "red-ratings/ratings");
    assert_eq!(conditional.local_service, "ratings/ratings");
}

#[test]
fn filters_keep_only_what_they_name() {
    let all: Explanation =
        serde_json::from_str(&run(&["explain", "examples/federation.toml", "--format", "json"])).expect("shape");
    // What each filter keeps, stated plainly (the service filter without wildcards: equal names).
    let cases: [Case; 4] = [
        (&["--from", "green"], |r| r.mesh == "green"),
        (&["--to", "blue"], |r| r.remote_mesh == "blue"),
        (&["--mesh", "red"], |r| r.mesh == "red" || r.remote_mesh == "red"),
        (&["--service", "bookinfo/details"], |r| {
            [&r.local_service, &r.remote_service, &r.exported_as].iter().any(|s| *s == "bookinfo/details")
        }),
    ];
    for (flags, keeps) in cases {
        let mut args = vec!["explain", "examples/federation.toml", "--format", "json"];
        args.extend(flags);
        let shown: Explanation = serde_json::from_str(&run(&args)).expect("shape");
        let expected =
            Explanation { reachable: all.reachable.iter().filter(|r| keeps(r)).cloned().collect(), ..all.clone() };
        assert!(!shown.reachable.is_empty(), "{flags:?} keeps something");
        assert!(shown.reachable.len() < all.reachable.len(), "{flags:?} drops something");
        assert_eq!(shown, expected, "{flags:?}");
    }
    let details: Explanation = serde_json::from_str(&run(&[
        "explain",
        "examples/federation.toml",
        "--format",
        "json",
        "--service",
        "bookinfo/details",
    ]))
    .expect("shape");
    assert!(details.reachable.iter().all(|r| r.remote_service == "bookinfo/details"));
}

#[test]
fn the_reverse_view_lists_who_reaches_a_service() {
    let shown =
        run(&["explain", "examples/federation.toml", "--reverse", "--to", "red", "--service", "bookinfo/ratings"]);
    assert!(shown.contains("service red/bookinfo/ratings is reachable from:"), "{shown}");
    assert!(shown.contains("mesh green"), "{shown}");
    assert!(!shown.contains("blue/bookinfo"), "{shown}");
}

#[test]
fn a_topology_with_errors_is_not_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = crate::support::example_into(dir.path());
    crate::support::edit(&topology, |t| t.replace("from = \"red\"", "from = \"nowhere\""));
    let output = fedc(&["explain", "federation.toml"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    assert!(crate::support::stderr(&output).contains("nowhere"));
}

#[test]
fn an_export_rule_an_earlier_one_always_wins_over_is_not_shown() {
    // `bookinfo/*` comes first, so the controller never reaches the aliased `bookinfo/ratings`
    // rule (first match wins): green cannot reach `legacy/ratings`, whatever it imports.
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = crate::support::example_into(dir.path());
    // green imports every `ratings` red exports (in its existing block for red).
    crate::support::edit(&topology, |t| {
        t.replacen(
            "  [[exports.rules]]\n  service = \"bookinfo/ratings\"                 # by name\n",
            "  [[exports.rules]]\n  service = \"bookinfo/*\"\n  [[exports.rules]]\n  service = \"bookinfo/ratings\"\n  alias = \"legacy/ratings\"\n",
            1,
        )
        .replacen(
            "  ports = { http = 9080 }                      # istio/ossm3 (one ServiceEntry per service)\n",
            "  ports = { http = 9080 }\n  [[imports.rules]]\n  service = \"*/ratings\"\n",
            1,
        )
    });
    let checked = fedc(&["check", "federation.toml", "--format", "json"], dir.path());
    let findings: serde_json::Value = serde_json::from_str(&stdout(&checked)).expect("json");
    let codes: Vec<&str> =
        findings["diagnostics"].as_array().expect("diagnostics").iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["fedc::export::shadowed-rule"], "a warning, no error");
    let explained = fedc(&["explain", "federation.toml", "--format", "json"], dir.path());
    let explanation: Explanation = serde_json::from_str(&stdout(&explained)).expect("shape");
    let legacy: Vec<_> = explanation.reachable.iter().filter(|r| r.local_service.starts_with("legacy/")).collect();
    assert!(legacy.is_empty(), "a shadowed rule exports nothing: {legacy:?}");
    let from_red = |r: &&Reach| r.mesh == "green" && r.remote_mesh == "red";
    assert!(explanation.reachable.iter().filter(from_red).any(|r| r.exported_as.starts_with("bookinfo/")));
}
