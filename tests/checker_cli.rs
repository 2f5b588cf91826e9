//! The checker's command-line surface added by issue 9: `fedc check --explain CODE` (documentation
//! compiled into the binary), acknowledged warnings and `build --deny-warnings`.

use crate::support::{fedc, stderr, stdout};

fn repo() -> &'static std::path::Path {
    crate::support::repo()
}

#[test]
fn explain_prints_the_documented_section_of_a_code() {
    let output = fedc(&["check", "--explain", "fedc::import::shadowed-rule"], repo());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("### `fedc::import::shadowed-rule` (warning)"), "{text}");
    assert!(text.contains("**Fix:**") && !text.contains("## Failover"), "one section only: {text}");
}

#[test]
fn explain_prints_a_failure_code_from_the_failures_table() {
    let output = fedc(&["check", "--explain", "fedc::emit::hand-edited"], repo());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("(failure, exit code 2)"), "{}", stdout(&output));
}

#[test]
fn explain_refuses_an_unknown_code_with_a_suggestion() {
    let output = fedc(&["check", "--explain", "fedc::import::never-exportd"], repo());
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("fedc::usage") && text.contains("did you mean `fedc::import::never-exported`?"), "{text}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn check_without_a_topology_or_explain_is_a_usage_error() {
    let output = fedc(&["check"], repo());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("<TOPOLOGY>"), "{}", stderr(&output));
}

/// A topology whose only finding is a warning, in a directory of its own with its certificate.
fn warning_topology(dir: &std::path::Path, acknowledged: bool) -> std::path::PathBuf {
    let case = repo().join("tests/ui/import-maybe-not-exported.toml");
    let mut text = std::fs::read_to_string(case).expect("case").replace("certs/root.pem", "root.pem");
    if acknowledged {
        text.push_str(
            "\n[[acknowledge]]\ncode = \"fedc::import::maybe-not-exported\"\nitem = \"payments/ledger\"\nreason = \"labelled\"\n",
        );
    }
    std::fs::copy(repo().join("tests/ui/certs/root.pem"), dir.join("root.pem")).expect("cert");
    let path = dir.join("topology.toml");
    std::fs::write(&path, text).expect("topology");
    path
}

#[test]
fn build_with_deny_warnings_fails_on_a_warning_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = warning_topology(dir.path(), false);
    let out = dir.path().join("out");
    let args = ["build", topology.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8"), "--deny-warnings"];
    let output = fedc(&args, dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("fedc::import::maybe-not-exported"), "{}", stderr(&output));
    assert!(!out.exists(), "nothing written");
    // Without the flag the same build succeeds and prints the warning.
    let output = fedc(&args[..4], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.join("fedc.lock").is_file());
}

#[test]
fn an_acknowledged_warning_does_not_fail_deny_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = warning_topology(dir.path(), true);
    let out = dir.path().join("out");
    let path = topology.to_str().expect("utf-8");
    let output = fedc(&["build", path, "--out", out.to_str().expect("utf-8"), "--deny-warnings"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("maybe-not-exported"), "{}", stderr(&output));
    let checked = fedc(&["check", path, "--deny-warnings"], dir.path());
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
}

#[test]
fn build_into_a_directory_that_is_not_the_gitops_path_warns_and_deny_warnings_refuses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let topology = warning_topology(dir.path(), true);
    let gitops = "[gitops]\nrepo_url = \"https://git.example.com/fleet.git\"\npath = \"deploy/mesh\"\nargocd = {}\n\n";
    let text = std::fs::read_to_string(&topology).expect("read");
    let text = text.replacen("[[clusters]]", &format!("{gitops}[[clusters]]"), 1);
    std::fs::write(&topology, text).expect("write");
    let path = topology.to_str().expect("utf-8");
    let wrong = fedc(&["build", path, "--out", "deploy/rendered", "--deny-warnings"], dir.path());
    assert_eq!(wrong.status.code(), Some(1), "{}", stderr(&wrong));
    assert!(stderr(&wrong).contains("fedc::gitops::out-mismatch"), "{}", stderr(&wrong));
    assert!(!dir.path().join("deploy").exists(), "nothing written");
    // A relative --out whose tail is the path, written with `.` and `..`, matches.
    let right = fedc(&["build", path, "--out", "./deploy/x/../mesh", "--deny-warnings"], dir.path());
    assert_eq!(right.status.code(), Some(0), "{}", stderr(&right));
    assert!(dir.path().join("deploy/mesh/fedc.lock").is_file());
}

#[test]
fn a_partner_mesh_gets_nothing_in_its_cluster_and_a_hand_off_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("certs")).expect("certs");
    std::fs::copy(repo().join("tests/ui/certs/root.pem"), dir.path().join("certs/root.pem")).expect("cert");
    std::fs::copy(repo().join("tests/ui/clean-partner.toml"), dir.path().join("topology.toml")).expect("topology");
    let output = fedc(&["build", "topology.toml", "--out", "out"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = dir.path().join("out");
    assert!(!out.join("clusters/east").exists(), "nothing for the partner's cluster");
    assert!(out.join("clusters/west/blue-system/servicemeshpeer-red.yaml").is_file(), "our side peers with it");
    let handoff = std::fs::read_to_string(out.join("partners/red/federation.toml")).expect("hand-off topology");
    for expected in [
        "name = \"blue\"",
        "trust_domain = \"blue.local\"",
        "ingress = { addresses = { red = [\"ingress-red.blue.example.com\"] } }",
        "root_cert = \"blue-root-cert.pem\"",
        "[[imports]]\nmesh = \"blue\"\nfrom = \"red\"\n  [[imports.rules]]\n  service = \"bookinfo/ratings\"",
    ] {
        assert!(handoff.contains(expected), "missing {expected:?} in:\n{handoff}");
    }
    assert!(!handoff.contains("apiVersion"), "a fedc topology, not an object");
    let certificate = std::fs::read_to_string(out.join("partners/red/blue-root-cert.pem")).expect("our root");
    assert!(certificate.starts_with("-----BEGIN CERTIFICATE-----"), "{certificate}");
    // fedc owns the file: a second build leaves everything unchanged.
    let again = fedc(&["build", "topology.toml", "--out", "out"], dir.path());
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stderr(&again).contains("0 written, 0 removed"), "{}", stderr(&again));
}
