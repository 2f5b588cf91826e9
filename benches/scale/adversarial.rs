//! Adversarial shapes for `cargo bench --bench scale`: topologies and compared directories a pull
//! request could craft to make fedc slow or large. Each prints how long fedc takes and what it
//! answers; nothing is asserted about speed.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use super::support;

pub fn run(work: &Path) {
    println!("adversarial shapes (FEDC_BENCH_ADVERSARIAL=0 skips them)");
    let ring = std::env::var("FEDC_BENCH_RING").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    shape(work, &format!("peering ring, {ring} meshes"), &ring_topology(ring));
    shape(work, "5,000 imports of unknown meshes (of 5,000)", &unknown_references(5_000));
    shape(work, "200-mesh full peering + 1,000 unknown names", &with_unknown(support::large_topology(200), 1_000));
    if std::env::var("FEDC_BENCH_HUGE").map_or(true, |v| v != "0") {
        shape(work, "2,000-mesh full peering", &support::large_topology(2_000));
    }
    nested_yaml(work);
}

/// Times `fedc check` (load → check → plan → render, as the binary runs it) and says how it ended.
fn shape(work: &Path, name: &str, topology: &str) {
    let path = work.join("adversarial.toml");
    std::fs::write(&path, topology).expect("write topology");
    let start = Instant::now();
    let ran = support::run_in_process(&["check", path.to_str().expect("UTF-8 path"), "--format", "json"]);
    let elapsed = start.elapsed();
    println!("  {name:<48} {:>8.3} s  {}", elapsed.as_secs_f64(), outcome(&ran));
}

/// What a run answered: its findings (count and first code) or its failure.
fn outcome(ran: &support::Ran) -> String {
    let document: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap_or_default();
    match document["diagnostics"].as_array() {
        Some(found) if !found.is_empty() => {
            let first = found[0]["code"].as_str().unwrap_or_default();
            format!("{} findings (first {first})", found.len())
        }
        Some(_) => "no findings".to_string(),
        None => format!("failed: {}", support::failure_code(&ran.stderr).unwrap_or("?")),
    }
}

/// `meshes` meshes, each peered with the next only (one `[[peerings]]` entry per pair).
fn ring_topology(meshes: usize) -> String {
    let mut text = header(meshes);
    for m in 0..meshes {
        let _ = write!(text, "\n[[peerings]]\nmeshes = [\"m{m:05}\", \"m{:05}\"]\n", (m + 1) % meshes);
    }
    text
}

/// Meshes in pairs, and one import per mesh from a mesh that does not exist.
fn unknown_references(meshes: usize) -> String {
    let mut text = ring_topology(meshes);
    for m in 0..meshes {
        let _ = write!(text, "\n[[imports]]\nmesh = \"m{m:05}\"\nfrom = \"x{m:05}\"\n");
    }
    text
}

fn with_unknown(mut text: String, count: usize) -> String {
    for m in 0..count {
        let _ = write!(text, "\n[[imports]]\nmesh = \"m{:03}\"\nfrom = \"n{m:03}\"\n", m % 200);
    }
    text
}

fn header(meshes: usize) -> String {
    let clusters = (meshes / 4).max(1);
    let mut text = String::from("[federation]\nname = \"adversarial\"\n");
    for c in 0..clusters {
        let _ = write!(text, "\n[[clusters]]\nname = \"c{c:05}\"\nplatform = \"aws\"\nnetwork = \"n{c:05}\"\n");
    }
    for m in 0..meshes {
        let _ = write!(
            text,
            "\n[[meshes]]\nname = \"m{m:05}\"\ncluster = \"c{:05}\"\n[meshes.ingress]\naddress = \"{{gateway}}.m{m:05}.example.com\"\n",
            m % clusters
        );
    }
    text
}

/// `fedc diff --old A --new B` where B holds deeply nested YAML and a long rewrite.
fn nested_yaml(work: &Path) {
    let (old, new) = (work.join("diff-old"), work.join("diff-new"));
    let lines = |prefix: &str| (0..20_000).map(|i| format!("{prefix}{i}\n")).collect::<String>();
    let files: [(&Path, &str, String); 5] = [
        (&old, "long.yaml", lines("a")),
        (&new, "long.yaml", lines("b")),
        (&new, "brackets.yaml", "[".repeat(100_000)),
        (&new, "braces.yaml", "{a: ".repeat(100_000)),
        (&new, "dashes.yaml", "- ".repeat(100_000)),
    ];
    for (root, name, content) in &files {
        let path = root.join("clusters/east/ns").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    }
    let (old, new) = (old.to_str().expect("UTF-8 path"), new.to_str().expect("UTF-8 path"));
    let start = Instant::now();
    let ran = support::run_in_process(&["diff", "--old", old, "--new", new, "--format", "json"]);
    let elapsed = start.elapsed();
    let document: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap_or_default();
    let outcome = match document["changes"].as_array() {
        Some(changes) => format!("{} changes", changes.len()),
        None => format!("failed: {}", support::failure_code(&ran.stderr).unwrap_or("?")),
    };
    let name = "diff: 100k nested [ { -, 20k-line rewrite";
    println!("  {name:<48} {:>8.3} s  {outcome}", elapsed.as_secs_f64());
}
