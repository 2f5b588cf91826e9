//! `fedc diff --base OLD.toml` says why there is no summary (the base's errors, counted and each
//! shown), and `--base-rev REV` reads the old topology and its attachments from git, hostile-safe:
//! no path outside the topology's directory, nothing larger than the limits, no revision taken
//! for an option.

use std::path::Path;
use std::process::Command;

use crate::support::{example_into, fedc, stderr, stdout};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .envs([("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.com")])
        .envs([("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.com")])
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

/// A repository with the example built and committed on `main`, then the failover tuned.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    example_into(dir.path());
    assert_eq!(fedc(&["build", "federation.toml", "--out", "rendered"], dir.path()).status.code(), Some(0));
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "fleet"]);
    crate::support::edit(&dir.path().join("federation.toml"), |t| {
        t.replace("consecutive_5xx_errors = 3", "consecutive_5xx_errors = 5")
    });
    dir
}

fn diff(dir: &Path, base: &[&str], format: &str) -> std::process::Output {
    let args = [&["diff", "federation.toml", "--out", "rendered", "--format", format][..], base].concat();
    fedc(&args, dir)
}

#[test]
fn a_base_copied_out_of_its_tree_names_its_errors_and_the_way_out() {
    let dir = repository();
    let old = tempfile::tempdir().expect("tempdir");
    std::fs::copy(dir.path().join("federation.toml"), old.path().join("old.toml")).expect("copy");
    let base = old.path().join("old.toml").display().to_string();
    let text = stdout(&diff(dir.path(), &["--base", &base], "text"));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(&format!("note: the base topology {base} has 3 errors: no summary")), "{text}");
    assert!(lines[0].ends_with("`--base-rev REV` reads the topology and its files from git)"), "{text}");
    assert!(lines[1].starts_with("  error[fedc::file::unreadable]: cannot read `certs/red-root.pem`: "), "{text}");
    assert!(lines[1].ends_with(&format!("({base}:47:13)")), "{text}");
    assert!(lines[3].starts_with("  error[fedc::file::unreadable]: cannot read `certs/blue-root.pem`"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&diff(dir.path(), &["--base", &base], "json"))).expect("json");
    assert_eq!(json["base_findings"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["base_findings"][0]["code"], "fedc::file::unreadable");
    let markdown = stdout(&diff(dir.path(), &["--base", &base], "markdown"));
    assert!(
        markdown.contains("\n- **error** `fedc::file::unreadable`: cannot read `certs/red-root.pem`"),
        "{markdown}"
    );
}

#[test]
fn base_rev_reads_the_topology_and_its_certificates_from_git() {
    let dir = repository();
    let output = diff(dir.path(), &["--base-rev", "main"], "text");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("What changes in the federation:\n  - failover of bookinfo/ratings in green: outlier detection consecutive 5xx errors 3 → 5\n"),
        "{text}"
    );
    // The first pull request: no topology at the base revision.
    git(dir.path(), &["checkout", "-q", "--orphan", "empty"]);
    git(dir.path(), &["rm", "-rqf", "--cached", "."]);
    git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "empty"]);
    let text = stdout(&diff(dir.path(), &["--base-rev", "empty"], "text"));
    assert!(text.starts_with("note: the topology federation.toml does not exist at revision empty"), "{text}");
}

#[test]
fn base_rev_is_hostile_safe() {
    let dir = repository();
    // The base revision's topology names files outside its directory, a directory, and a
    // certificate larger than fedc reads.
    let topology = std::fs::read_to_string(dir.path().join("federation.toml")).expect("read");
    let hostile = topology
        .replace("certs/red-root.pem", "../outside.pem")
        .replace("certs/green-root.pem", "/etc/passwd")
        .replace("certs/blue-root.pem", "certs");
    std::fs::write(dir.path().join("federation.toml"), hostile).expect("write");
    std::fs::write(dir.path().join("certs/big.pem"), "x".repeat(2 * 1024 * 1024)).expect("write");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "hostile"]);
    std::fs::write(dir.path().join("federation.toml"), topology).expect("restore");
    let output = diff(dir.path(), &["--base-rev", "HEAD"], "json");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&output)).unwrap_or_else(|_| panic!("{}", stderr(&output)));
    let codes: Vec<&str> =
        json["base_findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, ["fedc::file::outside-repository", "fedc::file::outside-repository", "fedc::file::not-regular"]);

    let good = std::fs::read_to_string(dir.path().join("federation.toml")).expect("read");
    std::fs::write(dir.path().join("federation.toml"), good.replace("certs/red-root.pem", "certs/big.pem"))
        .expect("write");
    git(dir.path(), &["commit", "-qam", "big"]);
    std::fs::write(dir.path().join("federation.toml"), good).expect("restore");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&diff(dir.path(), &["--base-rev", "HEAD"], "json"))).expect("json");
    assert_eq!(json["base_findings"][0]["code"], "fedc::file::too-large", "{json}");

    // Revisions that git would take for an option, or that name a path, are refused (exit 2).
    for rev in ["--output=planted", "main:federation.toml", "nosuch"] {
        let output = fedc(&["diff", "federation.toml", "--out", "rendered", &format!("--base-rev={rev}")], dir.path());
        assert_eq!(output.status.code(), Some(2), "{rev}: {}", stderr(&output));
        assert!(stderr(&output).starts_with("error[fedc::usage]: --base-rev "), "{rev}: {}", stderr(&output));
    }
    assert!(!dir.path().join("planted").exists());
}
