//! Messages a new user meets, through the fedc binary: `init` writes a `[gitops]` section (so the
//! first build has argocd/ and flux/), a mistyped `explain` filter is an error with a suggestion,
//! and the diff headline reads as a sentence for every count.

use crate::support::{example_into, fedc, stderr, stdout};

#[test]
fn the_starter_builds_argocd_and_flux_objects() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(fedc(&["init"], dir.path()).status.code(), Some(0));
    let topology = std::fs::read_to_string(dir.path().join("federation.toml")).expect("read");
    assert!(topology.contains("\n[gitops]\n"), "{topology}");
    let build = fedc(&["build", "federation.toml", "--out", "rendered"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert_eq!(stderr(&build).matches("warning").count(), 0, "{}", stderr(&build));
    for file in [
        "argocd/applicationset-starter.yaml",
        "flux/east/kustomization-starter.yaml",
        "flux/west/kustomization-starter.yaml",
    ] {
        assert!(dir.path().join("rendered").join(file).is_file(), "{file}");
    }
}

#[test]
fn unknown_explain_filters_are_errors_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    for (args, expected) in [
        (&["--from", "gren"][..], "--from `gren`: no mesh of that name; did you mean `green`?"),
        (&["--to", "nosuch"][..], "--to `nosuch`: no mesh of that name; known mesh names: `blue`, `green`, `red`"),
        (&["--mesh", "bleu"][..], "--mesh `bleu`: no mesh of that name; did you mean `blue`?"),
        (
            &["--service", "bookinfo/ratngs"][..],
            "--service `bookinfo/ratngs`: no service of the topology matches; did you mean `bookinfo/ratings`?",
        ),
        (&["--service", "ratings"][..], "--service `ratings`: expected `namespace/name` (either side may be `*`)"),
    ] {
        let output = fedc(&[&["explain", "federation.toml"][..], args].concat(), dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), format!("error[fedc::usage]: {expected}\n"), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    // Two wrong filters: both reported in one run.
    let output = fedc(&["explain", "federation.toml", "--from", "gren", "--to", "rde"], dir.path());
    assert_eq!(stderr(&output).lines().count(), 2, "{}", stderr(&output));
    // Known values, wildcards included, still filter as before.
    for args in [&["--from", "green"][..], &["--service", "bookinfo/*"][..], &["--service", "*/ratings"][..]] {
        let output = fedc(&[&["explain", "federation.toml"][..], args].concat(), dir.path());
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert!(stdout(&output).starts_with("mesh "), "{args:?}: {}", stdout(&output));
    }
}

/// The headline of the first pull request (everything added, the root's .gitignore included),
/// of a change in one cluster and of a change in two clusters and argocd.
#[test]
fn the_diff_headline_reads_as_a_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    let first = fedc(&["diff", "federation.toml", "--out", "rendered", "--format", "markdown"], dir.path());
    let headline = stdout(&first).lines().nth(1).unwrap_or_default().to_string();
    assert_eq!(
        headline,
        "### fedc diff: 30 to add, 0 to change, 0 to remove across 3 clusters, argocd, flux and the output root (and 3 bookkeeping files)"
    );
    assert_eq!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
    crate::support::edit(&dir.path().join("federation.toml"), |t| {
        t.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = 4")
    });
    let one = stdout(&fedc(&["diff", "federation.toml", "--out", "rendered"], dir.path()));
    assert_eq!(one.lines().next(), Some("0 to add, 1 to change, 0 to remove in 1 cluster"));
    crate::support::edit(&dir.path().join("federation.toml"), |t| t.replace("name = \"bookinfo\"", "name = \"shop\""));
    let many = stdout(&fedc(&["diff", "federation.toml", "--out", "rendered"], dir.path()));
    assert_eq!(many.lines().next(), Some("4 to add, 24 to change, 4 to remove across 3 clusters, argocd and flux"));
}
