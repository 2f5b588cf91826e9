//! `--target` (issue 10): `fedc build --target ossm3` writes the OSSM 3 rendering, and
//! `fedc diff federation.toml --target ossm3 --out rendered/` shows the OSSM 2 → OSSM 3 migration
//! with a per-cluster plan: files removed and added, and the imported hostnames that stay.

use crate::support::{example_into, fedc, stderr, stdout};

#[test]
fn diff_with_a_target_prints_a_migration_plan_per_cluster() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = example_into(dir.path());
    let built = fedc(&["build", topology.to_str().expect("utf-8"), "--out", "rendered"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let diff = fedc(&["diff", "federation.toml", "--target", "ossm3", "--out", "rendered"], dir.path());
    assert_eq!(diff.status.code(), Some(1), "differences: {}", stderr(&diff));
    let out = stdout(&diff);
    let plan = &out[out.find("Migration plan: every mesh compiled for `ossm3`").expect("a migration plan")..];
    let west = &plan[plan.find("\ncluster west\n").expect("west")..];
    assert!(west.contains("  remove  green-mesh-system/servicemeshcontrolplane-green.yaml\n"), "{west}");
    assert!(west.contains("  remove  green-mesh-system/importedserviceset-red.yaml\n"), "{west}");
    assert!(
        west.contains("  add     bookinfo/workloadentry-ratings-bookinfo-svc-cluster-local-red-east.yaml\n"),
        "{west}"
    );
    assert!(west.contains("  same    hostname ratings.bookinfo.svc.cluster.local (from mesh red)\n"), "{west}");
    assert!(west.contains("  same    hostname details.bookinfo.blue.federated (from mesh blue)\n"), "{west}");
    assert!(!plan.contains("  lost    hostname"), "no client loses a hostname: {plan}");
    assert!(stderr(&diff).contains("fedc::istio::indistinguishable-identity"), "warnings are shown: {}", stderr(&diff));
    assert!(west.contains("  add     bookinfo/authorizationpolicy-export-scope-reviews.yaml\n"), "{west}");
    // The diff itself writes nothing: the OSSM 2 output is still there.
    assert!(dir.path().join("rendered/clusters/west/green-mesh-system/servicemeshcontrolplane-green.yaml").is_file());
    // docs/migration.md shows this very output: its counts line and west's plan.
    let docs = std::fs::read_to_string(crate::support::repo().join("docs/migration.md")).expect("docs");
    let counts = out.lines().next().expect("a counts line");
    assert!(
        docs.contains(&format!("$ fedc diff federation.toml --target ossm3 --out rendered/\n{counts}\n")),
        "{counts}"
    );
    let west_plan = west.trim_start_matches('\n').split("\ncluster ").next().expect("west's plan").trim_end();
    assert!(docs.contains(&format!("{west_plan}\n```")), "docs/migration.md shows another plan for west:\n{west_plan}");
}

#[test]
fn json_diff_with_a_target_stays_one_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    assert!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.success());
    let diff =
        fedc(&["diff", "federation.toml", "--target", "istio", "--out", "rendered", "--format", "json"], dir.path());
    let document: serde_json::Value = serde_json::from_str(&stdout(&diff)).expect("one JSON document");
    assert!(document["changes"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
fn build_with_a_target_writes_that_rendering_and_diff_then_agrees() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    let built = fedc(&["build", "federation.toml", "--target", "ossm3", "--out", "rendered"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(dir.path().join("rendered/clusters/west/_cluster/istio-default.yaml").is_file());
    let same = fedc(&["diff", "federation.toml", "--target", "ossm3", "--out", "rendered"], dir.path());
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
    let unknown = fedc(&["build", "federation.toml", "--target", "ossm4", "--out", "rendered"], dir.path());
    assert_eq!(unknown.status.code(), Some(2), "a usage error");
}
