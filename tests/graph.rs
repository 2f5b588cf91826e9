//! `fedc graph`: Mermaid and DOT snapshots on the example and every fixture; flows aggregate per
//! mesh pair on a large federation; names cannot break out of their labels.

use crate::support::{fedc, large_topology, repo, stdout};

fn run(args: &[&str], cwd: &std::path::Path) -> String {
    let output = fedc(args, cwd);
    assert_eq!(output.status.code(), Some(0), "fedc {args:?}: {}", crate::support::stderr(&output));
    stdout(&output)
}

#[test]
fn snapshots_of_every_topology() {
    let mut topologies = vec!["examples/federation.toml".to_string()];
    let mut fixtures: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures"))
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("tests/fixtures/{n}"))
        .collect();
    fixtures.sort();
    topologies.extend(fixtures);
    for topology in topologies {
        let stem = topology.rsplit('/').next().unwrap_or_default().trim_end_matches(".toml").to_string();
        for format in ["mermaid", "dot"] {
            let drawn = run(&["graph", &topology, "--format", format], repo());
            insta::assert_snapshot!(format!("graph_{stem}_{format}"), drawn);
        }
    }
}

#[test]
fn the_example_shows_clusters_peerings_flows_and_failover() {
    let drawn = run(&["graph", "examples/federation.toml"], repo());
    for expected in [
        "subgraph",
        "cluster east",
        "mesh red",
        "---|peered|",
        "bookinfo/details",
        "-.->|\"failover bookinfo/ratings\"|",
    ] {
        assert!(drawn.contains(expected), "{expected} in\n{drawn}");
    }
    let dot = run(&["graph", "examples/federation.toml", "--format", "dot"], repo());
    assert!(
        dot.starts_with("digraph \"bookinfo\" {")
            && dot.contains("subgraph cluster_c0")
            && dot.contains("style=dashed")
    );
}

#[test]
fn fifty_meshes_draw_one_edge_per_pair_with_a_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = large_topology(50);
    // More flows than the aggregation threshold: every mesh exports two services to its neighbour.
    for m in (0..50).filter(|m| m % 10 != 0) {
        let next = (m + 1) % 50;
        text.push_str(&format!(
            "\n[[exports]]\nmesh = \"m{m:03}\"\n  [[exports.rules]]\n  service = \"shop-m{m:03}/*\"\n\n[[imports]]\nmesh = \"m{next:03}\"\nfrom = \"m{m:03}\"\n  [[imports.rules]]\n  service = \"shop-m{m:03}/cart\"\n  [[imports.rules]]\n  service = \"shop-m{m:03}/pay\"\n"
        ));
    }
    std::fs::write(dir.path().join("large.toml"), text).expect("write");
    let output = fedc(&["graph", "large.toml"], dir.path());
    let drawn = stdout(&output);
    assert!(drawn.contains("|\"2 services\"|"), "{drawn}");
    assert!(!drawn.contains("/cart"));
    assert_eq!(drawn.matches("-->").count(), 50, "one flow edge per mesh pair");
}
