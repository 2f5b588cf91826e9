//! `fedc diff --base OLD.toml`: what changes in the federation, in words, before the object diff,
//! in all three formats; check findings in the markdown report; bookkeeping files
//! (`kustomization.yaml`) left out of the headline.

use serde_json::Value;

use crate::support::{edit, example_into, fedc, stdout};

/// A sentence of the summary in `fedc diff --format json` (`federation`).
#[derive(Debug)]
struct Sentence {
    text: String,
    subject: String,
    change: String,
}

fn texts(sentences: &[Sentence]) -> Vec<String> {
    sentences.iter().map(|s| s.text.clone()).collect()
}

/// The example as base (built into `rendered`), and a copy changed by `change` as the new
/// topology: what `fedc diff new.toml --out rendered --base federation.toml` says changes in the
/// federation.
fn pair(change: impl FnOnce(String) -> String) -> (tempfile::TempDir, Vec<Sentence>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = example_into(dir.path());
    assert_eq!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
    let new = dir.path().join("new.toml");
    std::fs::copy(&base, &new).expect("copy");
    edit(&new, change);
    let args =
        ["diff", "new.toml", "--out", "rendered", "--base", "federation.toml", "--format", "json", "--exit-zero"];
    let output = fedc(&args, dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", crate::support::stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).expect("json");
    let text = |v: &Value, key: &str| v[key].as_str().expect("a string").to_string();
    let sentences = json["federation"].as_array().cloned().unwrap_or_default();
    let sentences = sentences
        .iter()
        .map(|s| Sentence { text: text(s, "text"), subject: text(s, "subject"), change: text(s, "change") })
        .collect();
    (dir, sentences)
}

#[test]
fn an_export_and_import_added_reads_as_a_new_flow() {
    let (_dir, sentences) = pair(|t| {
        t.replace(
            "# --- what each mesh imports",
            "[[exports]]\nmesh = \"blue\"\nto = [\"red\"]\n  [[exports.rules]]\n  service = \"money/statements\"\n\n[[imports]]\nmesh = \"red\"\nfrom = \"blue\"\n  [[imports.rules]]\n  service = \"money/*\"\n\n# --- what each mesh imports",
        )
    });
    assert_eq!(
        texts(&sentences),
        ["`blue` now exports `money/statements` to `red`, reached as `statements.money.svc.blue-imports.local`"]
    );
    assert_eq!((sentences[0].subject.as_str(), sentences[0].change.as_str()), ("flow", "added"));
}

#[test]
fn a_removed_peering_and_the_flows_it_carried() {
    let (_dir, sentences) = pair(|t| {
        let t = t.replace(
            "meshes = [\"red\", \"green\", \"blue\"]  # every pair: 6 ServiceMeshPeers",
            "meshes = [\"red\", \"green\"]\n\n[[peerings]]\nmeshes = [\"green\", \"blue\"]",
        );
        // Without the red–blue peering, blue's import from red and red's export to blue go too.
        t.replace("to = [\"green\", \"blue\"]", "to = [\"green\"]").replace("red = [\"203.0.113.20\"], ", "").replace(
            "[[imports]]\nmesh = \"blue\"\nfrom = \"red\"\n  [[imports.rules]]\n  service = \"ratings/ratings\"                  # red exports it by label, under an alias\n  ports = { http = 9080 }\n  service_account = \"ratings\"\n",
            "",
        )
    });
    let texts = texts(&sentences);
    assert!(texts.contains(&"peering `blue`–`red` removed".to_string()), "{texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("`blue` no longer reaches `red`'s `red-ratings/ratings`")), "{texts:?}");
}

#[test]
fn a_failover_that_goes_elsewhere() {
    // red's cluster moves to us-east-2, and green's ratings fail over there.
    let (_dir, sentences) = pair(|t| {
        t.replace(
            "locality = { region = \"us-east-1\", zone = \"us-east-1a\" }",
            "locality = { region = \"us-east-2\" }",
        )
        .replace("to = \"us-east-1\"", "to = \"us-east-2\"")
    });
    let texts = texts(&sentences);
    assert_eq!(
        texts,
        ["failover of `bookinfo/ratings` in `green` now goes to `us-east-2` via red (was `us-east-1` via red)"]
    );
}

#[test]
fn outlier_detection_changes_are_named() {
    let (_dir, sentences) = pair(|t| {
        t.replace("consecutive_5xx_errors = 3, interval = \"10s\"", "consecutive_5xx_errors = 5, interval = \"5s\"")
    });
    assert_eq!(
        texts(&sentences),
        [
            "failover of `bookinfo/ratings` in `green`: outlier detection consecutive 5xx errors 3 → 5, interval 10s → 5s"
        ]
    );
}

#[test]
fn a_base_that_does_not_exist_yet_gives_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    let output = fedc(&["diff", "federation.toml", "--out", "rendered", "--base", "base/federation.toml"], dir.path());
    assert_eq!(output.status.code(), Some(1), "every object added");
    assert!(
        stdout(&output).starts_with("note: the base topology base/federation.toml does not exist"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn no_change_says_nothing() {
    let (_dir, sentences) = pair(|t| t);
    assert!(sentences.is_empty(), "{sentences:?}");
}

#[test]
fn every_format_starts_with_the_federation_and_markdown_has_the_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = example_into(dir.path());
    assert_eq!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
    let new = dir.path().join("new.toml");
    std::fs::copy(&base, &new).expect("copy");
    // The new topology drops blue's root certificate: a warning of `check`.
    edit(&new, |t| {
        t.replace("root_cert = \"certs/blue-root.pem\"\n", "").replace("to = [\"green\"]\n  [[exports.rules]]\n  service = \"bookinfo/ratings\"\n  [[exports.rules]]\n  service = \"bookinfo/details\"", "to = [\"green\"]\n  [[exports.rules]]\n  service = \"bookinfo/ratings\"")
    });
    let run = |format: &str| {
        let output = fedc(
            &["diff", "new.toml", "--out", "rendered", "--base", "federation.toml", "--format", format],
            dir.path(),
        );
        assert_eq!(output.status.code(), Some(1), "{}", crate::support::stderr(&output));
        stdout(&output)
    };
    let text = run("text");
    assert!(
        text.starts_with("What changes in the federation:\n  - green no longer reaches blue's bookinfo/details"),
        "{text}"
    );
    let markdown = run("markdown");
    let mut lines = markdown.lines();
    assert_eq!(lines.next(), Some("<!-- fedc-diff -->"));
    assert!(lines.next().is_some_and(|l| l.starts_with("### fedc diff: ")));
    assert!(
        markdown
            .contains("#### What changes in the federation\n\n- `green` no longer reaches `blue`'s `bookinfo/details`"),
        "{markdown}"
    );
    assert!(markdown.contains("#### Check findings\n\n- **warning** `fedc::cert::missing`: mesh `blue` has peers but no `root_cert` (new.toml:"), "{markdown}");
    assert!(markdown.find("Check findings") < markdown.find("#### cluster"), "before the object diff");
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("json");
    assert_eq!(json["federation"][0]["subject"], "flow");
    assert_eq!(json["federation"][0]["change"], "removed");
    assert_eq!(json["findings"][0]["code"], "fedc::cert::missing");
    assert_eq!(json["version"], 1, "the diff document is unchanged otherwise");
}

#[test]
fn a_base_with_errors_gives_a_note_not_a_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = example_into(dir.path());
    assert_eq!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
    std::fs::write(dir.path().join("broken.toml"), "[federation]\nname = 1\n").expect("write");
    let output = fedc(&["diff", "federation.toml", "--out", "rendered", "--base", "broken.toml"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("note: the base topology broken.toml has 1 error: "), "{}", stdout(&output));
    drop(base);
}

#[test]
fn bookkeeping_files_do_not_count_in_the_headline() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    assert_eq!(fedc(&["build", "federation.toml", "--out", "old"], dir.path()).status.code(), Some(0));
    assert_eq!(fedc(&["build", "federation.toml", "--out", "new"], dir.path()).status.code(), Some(0));
    let kustomization = dir.path().join("new/clusters/east/kustomization.yaml");
    let text = std::fs::read_to_string(&kustomization).expect("read");
    std::fs::write(&kustomization, format!("{text}# reordered by hand\n")).expect("write");
    for (format, headline) in [
        ("text", "no object changes; 1 bookkeeping file (kustomization.yaml) to update\n"),
        ("markdown", "### fedc diff: no object changes; 1 bookkeeping file"),
    ] {
        let output = fedc(&["diff", "--old", "old", "--new", "new", "--format", format], dir.path());
        assert!(stdout(&output).contains(headline), "{format}: {}", stdout(&output));
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&fedc(&["diff", "--old", "old", "--new", "new", "--format", "json"], dir.path())))
            .expect("json");
    assert_eq!(json["summary"], "no object changes; 1 bookkeeping file (kustomization.yaml) to update");
}

/// A cluster joining an `istio` mesh (seed 003's fleet, a third cluster on its own network) is a
/// change of the federation: its east-west gateway now serves the mesh.
#[test]
fn a_cluster_joining_an_istio_mesh_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    let example = crate::support::repo().join("examples/multicluster.toml");
    std::fs::copy(example, dir.path().join("multicluster.toml")).expect("copy example");
    let build = ["build", "multicluster.toml", "--out", "rendered"];
    assert_eq!(fedc(&build, dir.path()).status.code(), Some(0));
    let base = std::fs::read_to_string(dir.path().join("multicluster.toml")).expect("topology");
    let third = "[[clusters]]\nname = \"cluster-3\"\nplatform = \"baremetal\"\nnetwork = \"network-dc\"\nlocality = { region = \"dc1\" }\n\n[[meshes]]";
    let new = base
        .replacen("[[meshes]]", third, 1)
        .replace("clusters = [\"cluster-1\", \"cluster-2\"]", "clusters = [\"cluster-1\", \"cluster-2\", \"cluster-3\"]")
        .replace(
            "\"cluster-2\" = \"cn-my-fleet-project-global-cluster-2\" }",
            "\"cluster-2\" = \"cn-my-fleet-project-global-cluster-2\", \"cluster-3\" = \"cn-my-fleet-project-global-cluster-3\" }",
        );
    assert_eq!(new.matches("cluster-3").count(), 4, "the edit applies to the example");
    std::fs::write(dir.path().join("new.toml"), new).expect("new topology");
    let args = ["diff", "new.toml", "--out", "rendered", "--base", "multicluster.toml", "--exit-zero"];
    let output = fedc(&args, dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", crate::support::stderr(&output));
    assert!(
        stdout(&output).starts_with(
            "What changes in the federation:\n  - mesh asm now spans cluster cluster-3 (network network-dc)\n\n"
        ),
        "{}",
        stdout(&output)
    );
}
